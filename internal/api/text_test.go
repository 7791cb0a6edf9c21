package api

import (
	"reflect"
	"testing"
)

func TestBadJSONFields(t *testing.T) {
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
		if got := badJSONFields([]byte(body)); !reflect.DeepEqual(got, want) {
			t.Errorf("badJSONFields(%s) = %q, want %q", body, got, want)
		}
	}
}

func FuzzBadJSONFields(f *testing.F) {
	f.Add([]byte(`{"a":[{"b":"\u0000"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = badJSONFields(body) // must never panic, whatever the body
	})
}
