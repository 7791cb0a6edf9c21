package api

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestDiagnosticOperationsDocumented: the diagnostic's operations are in the
// document, and every string of its fragment is bounded (maxLength, or an
// enumeration) and every property described.
func TestDiagnosticOperationsDocumented(t *testing.T) {
	_, ops, err := assembleSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listQuestionnaires", "createQuestionnaire", "getQuestionnaire", "updateQuestionnaireDraft", "publishQuestionnaire",
		"updateQuestionnaireSettings", "setSurveyCrosstabs", "setSurveyMargins", "listSurveyResponses", "createSurveyResponse", "importSurveyResponses",
		"getSurveyAnalysis", "listBenchmarks", "createBenchmark", "updateBenchmark", "deleteBenchmark", "getFragilityIndex"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
	b, err := specFS.ReadFile("openapi/diagnostic.json")
	if err != nil {
		t.Fatal(err)
	}
	var frag map[string]any
	if err := json.Unmarshal(b, &frag); err != nil {
		t.Fatal(err)
	}
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch x := v.(type) {
		case map[string]any:
			if isString(x["type"]) {
				if _, ok := x["maxLength"]; !ok {
					if _, enum := x["enum"]; !enum {
						t.Errorf("%s: a string without maxLength", where)
					}
				}
			}
			if props, ok := x["properties"].(map[string]any); ok {
				for name, p := range props {
					pm := p.(map[string]any)
					if _, ok := pm["description"]; !ok {
						if _, ref := pm["$ref"]; !ref {
							t.Errorf("%s.%s: no description", where, name)
						}
					}
				}
			}
			for k, c := range x {
				walk(c, where+"."+k)
			}
		case []any:
			for i, c := range x {
				walk(c, fmt.Sprintf("%s[%d]", where, i))
			}
		}
	}
	walk(frag, "diagnostic")
}

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
