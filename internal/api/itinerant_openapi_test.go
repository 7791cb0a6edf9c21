package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestItinerantOperationsDocumented: the itinerant services' operations are
// in the document.
func TestItinerantOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listItinerantServices", "createItinerantService", "getItinerantService", "createItinerantStop", "cancelItinerantStopDate", "listItinerantPassages"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
}
