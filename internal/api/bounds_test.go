package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestEveryInputStringIsBounded: every string a client sends (parameters
// and request bodies, through their references) has a maximum length, an
// enumeration or a format that bounds it, so that longer input is refused by
// the document before any code runs.
func TestEveryInputStringIsBounded(t *testing.T) {
	spec, _, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	bounded := map[string]bool{"date": true, "date-time": true, "binary": true}
	seen := map[string]bool{}
	checked := 0
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/components/schemas/")
				if !seen[name] {
					seen[name] = true
					walk(schemas[name], "components/schemas/"+name)
				}
			}
			if isString(x["type"]) {
				checked++
				_, max := x["maxLength"]
				_, enum := x["enum"]
				_, cst := x["const"]
				f, _ := x["format"].(string)
				if !max && !enum && !cst && !bounded[f] {
					t.Errorf("%s: an input string without maxLength", where)
				}
			}
			for k, c := range x {
				walk(c, where+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s/%d", where, i))
			}
		}
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			o, ok := op.(map[string]any)
			if !ok {
				continue
			}
			walk(o["parameters"], method+" "+path+" parameters")
			walk(o["requestBody"], method+" "+path+" body")
		}
	}
	if checked == 0 {
		t.Fatal("no input string found: the walk is broken")
	}
}

// isString reports whether a schema's type is, or may be, a string.
func isString(t any) bool {
	switch x := t.(type) {
	case string:
		return x == "string"
	case []any:
		for _, v := range x {
			if v == "string" {
				return true
			}
		}
	}
	return false
}
