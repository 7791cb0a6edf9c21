package itinerant

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/itinerant"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/store/itinerantstore"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func sampleStop() itinerant.Stop {
	return itinerant.Stop{ID: 2, ServiceID: 1, ServiceName: "Bus <b>numérique</b>", PlaceID: 3, PlaceName: "Salle des fêtes", InseeCode: "17463", Weekday: time.Tuesday,
		Start: 840, End: 1020, Recurrence: itinerant.Weekly, From: "2026-12-01", SkipHolidays: true, PermanenceID: 4,
		Cancelled: []itinerant.Cancellation{{Date: "2026-12-08", Reason: "Le bus est en <b>panne</b>"}}}
}

// samples gives every page of the package its sample data.
var samples = map[string]any{
	"itinerant_services": serviceListData{Services: []itinerant.Service{{ID: 1, Name: "Bus <b>numérique</b>"}}, Organize: true},
	"itinerant_service":  serviceFormData{ID: 1, Stops: []itinerant.Stop{sampleStop(), {ID: 5, ServiceID: 1, Address: "Parking", InseeCode: "17146", Recurrence: itinerant.Monthly, Nth: -1, Weekday: time.Friday, Start: 540, End: 720}}, Organize: true},
	"itinerant_stop": stopFormData{ServiceID: 1, ID: 2, Places: []ui.Option{{Value: "", Label: "Aucun"}, {Value: "3", Label: "Salle"}}, Weekdays: ui.Choices(agenda.Weekdays),
		Recurrences: ui.Choices(itinerant.Recurrences), Nths: ui.Choices(itinerant.Nths), Permanences: []ui.Option{{Value: "", Label: "Aucune"}},
		Cancelled: sampleStop().Cancelled, Next: sampleStop().Passages(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))},
	"itinerant_public": publicData{PhoneLabel: "05 46 00 00 00", PublicTimetable: itinerantsvc.PublicTimetable{
		Service:  itinerant.Service{ID: 1, StructureName: "CCAS", Name: "Bus <b>numérique</b>", Description: "Aide <i>gratuite</i>.", Phone: "+33546000000"},
		Stops:    []itinerant.Stop{sampleStop()},
		Upcoming: sampleStop().Passages(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)),
		Bookings: map[int64][]itinerantstore.Motive{2: {{ID: 1, Name: "Accompagnement <b>numérique</b>", Location: agenda.LocationOnSite, PlaceID: 3}}},
	}},
	"error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, nil); err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"itinerant_public": true, "error": true})
}
