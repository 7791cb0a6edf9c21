package placeadmin

import (
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/placereport"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func samplePlace() place.Place {
	return place.Place{ID: 4, StructureID: 3, Source: place.SourceParcours, Status: place.StatusOpen, Pivot: "21910312500013",
		Name: "Espace numérique <b>du Patio</b>", Commune: "Igny", PostalCode: "91430", InseeCode: "91312", Address: "1 place Stalingrad",
		Latitude: 48.74, Longitude: 2.22, HasCoords: true, CoordsFrom: place.CoordsFromCommune, Phone: "+33169000000",
		Hours: `Mo-Fr 09:00-12:00; Sa 09:00-12:00 "sur rendez-vous"; PH off`, HoursText: "le matin", Services: []string{"Aide aux démarches administratives"},
		UpdatedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), ModifiedAt: time.Now(), Unknown: map[string][]string{"services": {"Robotique"}}}
}

func sampleReport(status placereport.Status) placereport.Report {
	r := placereport.Report{ID: 9, PlaceID: 4, Section: placereport.SectionHours, Correction: "Fermé le lundi.\nOuvert le samedi.",
		Contact: "lea@exemple.fr", Status: status, CreatedAt: time.Now(), PlaceName: "Espace numérique du Patio", PlaceCommune: "Igny",
		PlaceInseeCode: "91312", PlaceStructureID: 3}
	if status != placereport.StatusNew {
		r.Note, r.Decider, r.DecidedAt, r.DecidedBy, r.Contact = "Corrigé.", "Agnès Agent", time.Now(), 7, ""
	}
	return r
}

func sampleForm(t *testing.T) placeFormData {
	p := samplePlace()
	f := &ui.Form{Values: url.Values{"services": {"Aide aux démarches administratives"}}}
	acc := sampleReport(placereport.StatusDone)
	sheet := places.Sheet{Place: p, Owner: "CCAS d'Igny", Completion: place.CompletionOf(&p), Stale: true,
		Reports: []placereport.Report{sampleReport(placereport.StatusNew)}, Accepted: &acc}
	h := &Handlers{site: uitest.Site(t)}
	d := h.formPage(f, &sheet, p.Hours)
	d.Converted, d.PreviewOnly, d.Typologies = "Mo-Fr 09:00-12:00", true, structure.Typologies[:3]
	return d
}

func sampleRow() places.Row {
	p := samplePlace()
	return places.Row{Place: p, Completion: place.CompletionOf(&p), Stale: true, OpenReports: 2, MonthsOld: 14, Owner: "CCAS d'Igny", CanEdit: true}
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, nil); err != nil {
		t.Fatal(err)
	}
	row := sampleRow()
	closed := row
	closed.Place.Status = place.StatusClosed
	rep := &placefile.Report{Total: 4, Imported: 2, Updated: 1,
		Rejected: []placefile.Rejected{{Row: 3, ID: "x-3", Errors: []placefile.FieldError{{Field: "nom", Message: "Le nom du lieu est obligatoire."}, {Field: "code_postal", Message: "Le code postal doit compter 5 chiffres."}}}},
		Warnings: []placefile.Warning{{Row: 0, Message: "Colonnes ignorées : remarque."}, {Row: 1, ID: "x-1", Field: "telephone", Message: "Téléphone inutilisable, mis de côté : « 12 »."}},
	}
	upload := placestore.PlaceUpload{ID: 3, FileName: "lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json", Format: "schéma v1, CSV", UserName: "Agnès Agent", Status: placestore.UploadChecked, CreatedAt: time.Now()}
	samples := map[string]any{
		"placeedit_list": placeListData{Structure: "CCAS d'Igny", Overview: places.Overview{Open: []places.Row{row, row}, Closed: []places.Row{closed},
			StaleCount: 2, OpenReports: 2, Queue: 3, Coordinator: true}},
		"placeedit_form": sampleForm(t),
		"placeedit_reports": reportQueueData{State: "nouveau", Queue: places.Queue{Scope: "les lieux du CCAS",
			Rows: []places.ReportRow{{Report: sampleReport(placereport.StatusNew), Owner: "CCAS d'Igny", CanEdit: true}, {Report: sampleReport(placereport.StatusRejected)}}},
			States: []reportStateLink{{Label: "À traiter", Href: "/espace/signalements?etat=nouveau", Current: true}, {Label: "Tous", Href: "/espace/signalements?etat=tous"}}},
		"placeedit_report": reportViewData{Row: places.ReportRow{Report: sampleReport(placereport.StatusNew)}, Options: decisionOptions(places.ReportRow{CanEdit: true})},
		"placeedit_territory": territoryPlacesData{TerritoryReview: places.TerritoryReview{Territory: "Essonne nord", Total: 12,
			Stale: []places.Row{row}, Unowned: []places.Row{row}, OpenReports: 1},
			Structures: []ui.Option{{Value: "", Label: "Choisir une structure"}, {Value: "3", Label: "CCAS d'Igny"}}},
		"placefile_import": importFormData{MaxSizeMB: placefiles.MaxUploadMB,
			Owners: []ui.Option{{Value: placefiles.OwnerOpenData, Label: "Données ouvertes", Hint: "Sans propriétaire"}, {Value: placefiles.OwnerStructure, Label: "Lieux de CCAS"}},
			Uploads: []placestore.PlaceUpload{upload,
				{ID: 2, FileName: "national.json", Status: placestore.UploadImported, CreatedAt: time.Now(), DoneAt: time.Now()},
				{ID: 1, FileName: "ancien.csv", Status: placestore.UploadCancelled, CreatedAt: time.Now()}}},
		"placefile_report": importReportData{Checked: placefiles.Checked{Upload: upload, Report: rep}, OwnerName: "CCAS d'Igny", Waiting: true,
			RejectionReasons: rep.RejectionReasons(5), WarningReasons: rep.WarningReasons(5), Rejected: rep.Rejected, Warnings: rep.Warnings,
			MoreRejected: 2, MoreWarnings: 10},
		"placeedit_translators": []places.TranslatorMember{{UserID: 4, Name: "Mina Médiatrice", Role: account.RoleMediation, Translator: true}, {UserID: 5, Name: "Aline Accueil", Role: account.RoleReception}},
		"placeedit_translations": translationsData{Place: row.Place, Translator: true, Langs: []langTexts{
			{Lang: i18n.Get("en"), Exists: true, Translation: place.Translation{Lang: "en", Summary: "Help with digital tools", Translator: "Mina Médiatrice", TranslatedAt: time.Now(), Reviewer: "Aline Accueil", ReviewedAt: time.Now()}, Form: &ui.Form{}, Action: "/espace/lieux/1/traductions/en"},
			{Lang: i18n.Get("ar"), Exists: true, Translation: place.Translation{Lang: "ar", Summary: "مساعدة", Translator: "Mina Médiatrice", TranslatedAt: time.Now()}, Form: &ui.Form{}, Action: "/espace/lieux/1/traductions/ar"},
			{Lang: i18n.Get("uk"), Form: &ui.Form{}, Action: "/espace/lieux/1/traductions/uk"}}},
		"error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"error": true})
}

// The form shows the hours as they will be kept, in words, before saving:
// public holidays closed included.
func TestFormShowsHoursInWords(t *testing.T) {
	h := &Handlers{site: uitest.Site(t)}
	d := h.formPage(&ui.Form{}, nil, "Mo-Fr 09:00-12:00; PH off")
	if len(d.HoursInWords) != 2 || d.HoursInWords[0] != "Du lundi au vendredi : 9 h – 12 h" || d.HoursInWords[1] != "Jours fériés : fermé" {
		t.Fatalf("%q", d.HoursInWords)
	}
	if len(d.Week) != 7 {
		t.Fatalf("week %q", d.Week)
	}
}

func TestLocalReturn(t *testing.T) {
	for in, want := range map[string]string{
		"/espace/territoire/lieux": "/espace/territoire/lieux",
		"//evil.example/espace/":   "/espace/lieux",
		"https://evil.example":     "/espace/lieux",
		"/lieux/1":                 "/espace/lieux",
		"/espace/x\r\nLocation: /": "/espace/lieux",
		"":                         "/espace/lieux",
	} {
		if got := localReturn(in, "/espace/lieux"); got != want {
			t.Errorf("%q: got %q", in, got)
		}
	}
}
