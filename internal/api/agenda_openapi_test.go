package api

import (
	"encoding/json"
	"testing"
)

// TestAgendaOperationsDocumented: the nine operations are in the
// document (TestOpenAPILintedByRedocly lints the whole of it).
func TestAgendaOperationsDocumented(t *testing.T) {
	spec, ops, err := assembleSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"createPermanence", "listSlots", "bookSlot", "cancelBooking", "createWorkshop", "listWorkshops", "registerForWorkshop", "cancelRegistration", "markAttendance"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(spec, &doc); err != nil {
		t.Fatal(err)
	}
}
