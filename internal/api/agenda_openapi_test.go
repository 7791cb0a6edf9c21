package api

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestAgendaOperationsDocumented: the agenda's operations are in the
// document, and every string field of its fragment has a maximum length
// (TestOpenAPILintedByRedocly lints the whole of it).
func TestAgendaOperationsDocumented(t *testing.T) {
	_, ops, err := assembleSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"listPermanences", "createPermanence", "getPermanence", "listSlots", "listAppointments", "bookSlot", "getAppointment", "cancelBooking",
		"listWorkshops", "createWorkshop", "getWorkshop", "registerForWorkshop", "listRegistrations", "getRegistration", "cancelRegistration", "markAttendance"} {
		if _, ok := ops[op]; !ok {
			t.Errorf("operation %s is not documented", op)
		}
	}
	b, err := specFS.ReadFile("openapi/agenda.json")
	if err != nil {
		t.Fatal(err)
	}
	var frag any
	if err := json.Unmarshal(b, &frag); err != nil {
		t.Fatal(err)
	}
	var walk func(v any, where string)
	walk = func(v any, where string) {
		switch x := v.(type) {
		case map[string]any:
			if isString(x["type"]) {
				if _, ok := x["maxLength"]; !ok {
					t.Errorf("%s: a string without maxLength", where)
				}
			}
			for k, child := range x {
				walk(child, where+"/"+k)
			}
		case []any:
			for i, child := range x {
				walk(child, fmt.Sprintf("%s/%d", where, i))
			}
		}
	}
	walk(frag, "agenda.json")
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
