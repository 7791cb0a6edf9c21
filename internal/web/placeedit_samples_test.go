package web

import (
	"net/url"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Keeping places true: owners edit, error reports and moderation, stale places.

func samplePlaceEditPlace() place.Place {
	p := place.Place{ID: 4, StructureID: 3, Source: place.SourceParcours, Status: place.StatusOpen, Pivot: "21910312500013",
		Name: "Espace numérique <b>du Patio</b>", Commune: "Igny", PostalCode: "91430", InseeCode: "91312", Address: "1 place Stalingrad",
		Latitude: 48.74, Longitude: 2.22, HasCoords: true, CoordsFrom: place.CoordsFromCommune, Phone: "+33169000000",
		Hours: `Mo-Fr 09:00-12:00; Sa 09:00-12:00 "sur rendez-vous"; PH off`, HoursText: "le matin", Services: []string{"Aide aux démarches administratives"},
		UpdatedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), ModifiedAt: time.Now(), Unknown: map[string][]string{"services": {"Robotique"}}}
	return p
}

func samplePlaceEditReport(status placereport.Status) placereport.Report {
	r := placereport.Report{ID: 9, PlaceID: 4, Section: placereport.SectionHours, Correction: "Fermé le lundi.\nOuvert le samedi.",
		Contact: "lea@exemple.fr", Status: status, CreatedAt: time.Now(), PlaceName: "Espace numérique du Patio", PlaceCommune: "Igny",
		PlaceInseeCode: "91312", PlaceStructureID: 3}
	if status != placereport.StatusNew {
		r.Note, r.Decider, r.DecidedAt, r.DecidedBy, r.Contact = "Corrigé.", "Agnès Agent", time.Now(), 7, ""
	}
	return r
}

func samplePlaceEditForm() placeFormData {
	p := samplePlaceEditPlace()
	f := &form{Values: url.Values{"services": {"Aide aux démarches administratives"}}}
	d := placeFormData{ID: p.ID, Place: p, Action: "/espace/lieux/4", Return: "/espace/lieux", Groups: map[string]checkGroup{},
		Week: []string{"lundi : 9 h – 12 h", "dimanche : fermé"}, Converted: "Mo-Fr 09:00-12:00", PreviewOnly: true, CommuneCentre: true,
		Completion: place.CompletionOf(&p), Typologies: structure.Typologies[:3], Unknown: []string{"services : Robotique"}, Owner: "CCAS d'Igny", Stale: true, Open: true}
	acc := samplePlaceEditReport(placereport.StatusDone)
	d.Accepted = &acc
	d.Reports = []placereport.Report{samplePlaceEditReport(placereport.StatusNew)}
	for _, g := range placeCheckFields {
		cg := checkGroup{Form: f, Name: g.name, Legend: g.legend, Hint: g.hint}
		for _, c := range g.choices {
			cg.Options = append(cg.Options, checkOption{Value: c.Value, Label: c.Label, Hint: "Aide", Checked: c.Value == "Aide aux démarches administratives"})
		}
		d.Groups[g.name] = cg
	}
	return d
}

// placeeditSamples gives this capability's templates their sample data.
var placeeditSamples = map[string]any{
	"placeedit_list": func() placeListData {
		p := samplePlaceEditPlace()
		row := placeRow{Place: p, Completion: place.CompletionOf(&p), Stale: true, OpenReports: 2, MonthsOld: 14, CanEdit: true}
		closed := row
		closed.Place.Status = place.StatusClosed
		return placeListData{Structure: "CCAS d'Igny", Open: []placeRow{row, row}, Closed: []placeRow{closed}, StaleCount: 2, OpenReports: 2, Queue: 3, Coordinator: true}
	}(),
	"placeedit_form": samplePlaceEditForm(),
	"placeedit_reports": reportQueueData{State: "nouveau", Scope: "les lieux du CCAS",
		States: []reportStateLink{{Label: "À traiter", Href: "/espace/signalements?etat=nouveau", Current: true}, {Label: "Tous", Href: "/espace/signalements?etat=tous"}},
		Rows:   []reportRow{{Report: samplePlaceEditReport(placereport.StatusNew), Owner: "CCAS d'Igny", CanEdit: true}, {Report: samplePlaceEditReport(placereport.StatusRejected)}}},
	"placeedit_report": reportViewData{Row: reportRow{Report: samplePlaceEditReport(placereport.StatusNew), CanEdit: false},
		Options: reportDecisionOptions(reportRow{CanEdit: true})},
	"placeedit_report_public": reportFormData{Place: samplePlaceEditPlace(), Sections: reportSectionOptions(), Max: placereport.MaxCorrection},
	"placeedit_report_thanks": reportFormData{Place: samplePlaceEditPlace()},
	"placeedit_territory": func() territoryPlacesData {
		p := samplePlaceEditPlace()
		row := placeRow{Place: p, Completion: place.CompletionOf(&p), Stale: true, OpenReports: 1, MonthsOld: 13, Owner: "CCAS d'Igny", CanEdit: true}
		return territoryPlacesData{Territory: "Essonne nord", Total: 12, Stale: []placeRow{row}, Unowned: []placeRow{row}, OpenReports: 1,
			Structures: []option{{Value: "", Label: "Choisir une structure"}, {Value: "3", Label: "CCAS d'Igny"}}}
	}(),
}

// placeeditPublic names this capability's templates that visitors see.
var placeeditPublic = map[string]bool{"placeedit_report_public": true, "placeedit_report_thanks": true}
