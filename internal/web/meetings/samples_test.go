package meetings

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func sampleMeeting() meeting.Meeting {
	start := time.Date(2026, 12, 15, 13, 0, 0, 0, time.UTC)
	return meeting.Meeting{ID: 1, Title: "Comité <b>des acteurs</b>", Start: start, End: start.Add(2 * time.Hour), PlaceID: 3, PlaceName: "Médiathèque",
		Location: "Salle <i>du conseil</i>", Agenda: "1. Bilan\n2. Formation", AnimationType: "comite", Minutes: "Compte rendu\nsur deux lignes",
		AttendanceAt: start.Add(3 * time.Hour),
		Invitations:  []meeting.Invitation{{StructureID: 4, StructureName: "Centre social", People: 2}, {StructureID: 5, StructureName: "France Services", UserID: 6, UserName: "Paul", Present: true}},
		WalkIns: []meeting.WalkIn{{ID: 1, StructureID: 7, StructureName: "Mission locale", People: 2}, {ID: 2, StructureID: 5, StructureName: "France Services", UserID: 8, UserName: "Léa", People: 1},
			{ID: 3, Name: "Jeanne <b>Martin</b>", Organization: "Conseil départemental", People: 1}},
		Decisions: []meeting.Decision{{ID: 1, Text: "Former les aidants", StructureID: 4, Structure: "Centre social", Due: "2027-01-31"}, {ID: 2, Text: "Écrire la charte"}}}
}

// samples gives every page of the package its sample data.
var samples = map[string]any{
	"meetings_list": listData{Upcoming: []meeting.Meeting{sampleMeeting()}, Past: []meeting.Meeting{sampleMeeting()}, Organize: true},
	"meetings_form": formData{ID: 1, Places: []ui.Option{{Value: "", Label: "Aucun"}, {Value: "3", Label: "Médiathèque"}}, Types: []ui.Option{{Value: "comite", Label: "Comité"}},
		Structures: []ui.Option{{Value: "4", Label: "Centre social"}}, Staff: []ui.Option{{Value: "6", Label: "Paul", Hint: "France Services"}}},
	"meetings_view": viewData{Meeting: sampleMeeting(), Organize: true, Started: true},
	"meetings_attendance": attendanceData{Meeting: sampleMeeting(), Structures: []ui.Option{{Value: "", Label: "Choisir"}, {Value: "4", Label: "Centre social"}},
		Staff: []ui.Option{{Value: "6", Label: "Paul (France Services)"}}},
	"meetings_minutes": minutesData{Meeting: sampleMeeting(), Rows: []row{{0, 1}, {1, 2}}, Structures: []ui.Option{{Value: "", Label: "Aucune"}}},
	"meetings_cancel":  cancelData{Meeting: sampleMeeting(), Invitation: &meeting.Invitation{StructureID: 5, StructureName: "France Services", UserID: 6, UserName: "Paul"}},
	"error":            ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil); err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"error": true})
}
