package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestDiagnosticOperationsDocumented: the diagnostic's operations are in the
// document, and every string of its fragment is bounded (maxLength, or an
// enumeration) and every property described.
func TestDiagnosticOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
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

}
