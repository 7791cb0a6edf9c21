package textcheck

import (
	"reflect"
	"testing"
)

func TestJSONFields(t *testing.T) {
	for body, want := range map[string][]string{
		`{"name":"Élodie","tags":["a","b"]}`:                nil,
		`{"name":"a\u0000b"}`:                               {"name"},
		"{\"name\":\"a\xffb\",\"note\":\"ok\"}":             {"name"},
		`{"person":{"name":"x","email":"a\u202eb"}}`:        {"person.email"},
		`{"list":[{"a":"ok"},{"a":"\u0000"}],"z":"\u0007"}`: {"list.1.a", "z"},
		`"\u0000"`:             {"corps"},
		`{"a\u0000":1}`:        {"a\u0000"},
		`{"a":[1,2,"\u202e"]}`: {"a.2"},
	} {
		if got := JSONFields([]byte(body)); !reflect.DeepEqual(got, want) {
			t.Errorf("JSONFields(%s) = %q, want %q", body, got, want)
		}
	}
}

func FuzzJSONFields(f *testing.F) {
	f.Add([]byte(`{"a":[{"b":"\u0000"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = JSONFields(body) // must never panic, whatever the body
	})
}
