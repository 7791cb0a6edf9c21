package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestAgendaOperationsDocumented: the agenda's operations are in the
// document, and every string field of its fragment has a maximum length
// (TestOpenAPILintedByRedocly lints the whole of it).
func TestAgendaOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listPermanences", "createPermanence", "getPermanence", "listSlots", "listAppointments", "bookSlot", "getAppointment", "cancelBooking",
		"listWorkshops", "createWorkshop", "getWorkshop", "registerForWorkshop", "listRegistrations", "getRegistration", "cancelRegistration", "markAttendance"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}

}
