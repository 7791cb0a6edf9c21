package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestResourceOperationsDocumented: the library's operations are in the document.
func TestResourceOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listResources", "getResource", "getResourceFile"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
}
