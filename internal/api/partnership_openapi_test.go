package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestPartnershipOperationsDocumented: the conventions' and the action
// plan's operations are in the document.
func TestPartnershipOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listAgreements", "getAgreement", "getCharter", "listPlanActions", "getPlanAction"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
}
