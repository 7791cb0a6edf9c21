package api

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/api/openapi"
)

// TestMeetingOperationsDocumented: the network meetings' operations are in
// the document.
func TestMeetingOperationsDocumented(t *testing.T) {
	_, ops, err := openapi.Assemble(Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listMeetings", "createMeeting", "getMeeting", "recordMeetingAttendance", "cancelMeeting", "removeMeetingInvitation", "addMeetingWalkIn", "removeMeetingWalkIn"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
}
