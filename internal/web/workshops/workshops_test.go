package workshops

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var (
	sampleNow      = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	sampleWorkshop = workshop.Workshop{ID: 6, StructureID: 3, StructureName: "CCAS d'Igny", PlaceID: 1, PlaceName: "Salle des fêtes", PlaceAddress: "1 place Stalingrad, 91430 Igny",
		Title: "Premiers pas sur la tablette", Themes: []string{"prendre_en_main_du_materiel"}, Level: "debutant", Description: "On apprend à allumer la tablette.",
		Audience: workshop.AudienceSeniors, Capacity: 8, Taken: 8, WaitingCount: 3, PassNumerique: true, Published: true, OnlineRegistration: true, StaffID: 7, StaffName: "Mehdi",
		Sessions: []workshop.Session{{ID: 11, WorkshopID: 6, Start: sampleNow, End: sampleNow.Add(2 * time.Hour), WalkIns: 2, AttendanceAt: sampleNow, ActivityID: 21},
			{ID: 12, WorkshopID: 6, Start: sampleNow.AddDate(0, 0, 7), End: sampleNow.AddDate(0, 0, 7).Add(2 * time.Hour)}}}
	sampleRegistration = workshop.Registration{ID: 15, WorkshopID: 6, StructureID: 3, PersonID: 12, Name: "Marie Dupont", Phone: "+33612345678",
		Status: workshop.Offered, OfferExpiresAt: sampleNow.Add(24 * time.Hour), CreatedAt: sampleNow, Rank: 0}
	sampleWaiting  = workshop.Registration{ID: 16, WorkshopID: 6, StructureID: 3, Name: "Karim Benali", Email: "karim@exemple.fr", Status: workshop.Waiting, Rank: 1, CreatedAt: sampleNow}
	sampleMaterial = []resource.Resource{{ID: 1, StructureName: "CCAS", Title: "Fiche <b>e-mail</b>", Licence: "cc_by", FileName: "fiche.pdf", FileType: resource.TypePDF, FileSize: 2048},
		{ID: 2, StructureName: "Médiathèque", Title: "Vidéo", Licence: "cc_by_nc", Link: "https://www.exemple.fr/video"}}
	sampleOptions = []ui.Option{{Value: "", Label: "Choisir"}, {Value: "1", Label: "Un", Hint: "Le premier"}}
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	samples := map[string]any{
		"error":         ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
		"workshop_list": listData{Workshops: []workshop.Workshop{sampleWorkshop}, CanOrganize: true},
		"workshop_form": formData{ID: 6, Themes: sampleOptions, Levels: sampleOptions, Audiences: sampleOptions, Places: sampleOptions,
			Staff: sampleOptions, SessionsMax: sampleOptions, NoPlace: true},
		"workshop_view": viewData{Workshop: sampleWorkshop, Sessions: []sessionRow{{Number: 1, Session: sampleWorkshop.Sessions[0]}, {Number: 2, Session: sampleWorkshop.Sessions[1]}},
			Registered: regList{WorkshopID: 6, Items: []workshop.Registration{sampleRegistration}}, Offered: regList{WorkshopID: 6, Items: []workshop.Registration{sampleRegistration}},
			Queued: regList{WorkshopID: 6, Items: []workshop.Registration{sampleWaiting}}, Cancelled: []workshop.Registration{{Name: "Ancien", Status: workshop.Cancelled}},
			CanOrganize: true, CanPersons: true, Consent: workshop.ConsentWording("CCAS"), Now: sampleNow, PublicURL: "/ateliers/6",
			Material: materialData{Items: sampleMaterial, Choices: sampleOptions, Library: true}},
		"workshop_session": sessionData{Workshop: sampleWorkshop, Session: sampleWorkshop.Sessions[0], Number: 1,
			Registered: []workshop.Registration{sampleRegistration}, Present: map[int64]bool{15: true}, Recorded: true},
		"workshop_report": reportData{Workshop: sampleWorkshop, Session: sampleWorkshop.Sessions[0], Number: 1,
			Participants: []workshop.Registration{sampleRegistration}, Themes: sampleOptions, Equipment: sampleOptions, Date: "lundi 2 mars 2026"},
		"workshop_programme": programmeData{Levels: []programmeLevel{{Label: "Débutant", Workshops: []workshop.Workshop{sampleWorkshop}}}, Count: 1,
			Structures: append(sampleOptions, ui.Option{Value: "2", Label: "Deux"}), LevelOpts: sampleOptions, Themes: sampleOptions, Audiences: sampleOptions,
			PrintURL: "/ateliers/programme?mois=2026-03"},
		"workshop_public_view": publicData{Workshop: sampleWorkshop, Upcoming: sampleWorkshop.Sessions, Open: true, Consent: workshop.ConsentWording("CCAS"),
			Full: true, Now: sampleNow, OfferHours: 24, Material: sampleMaterial},
		"workshop_public_registration": registrationData{Workshop: sampleWorkshop, Registration: sampleRegistration, Token: "i15.x", New: true,
			Message: "Votre place est confirmée.", Upcoming: true},
		"workshop_print": printData{MonthLabel: "mars 2026", StructureName: "CCAS d'Igny", PDFURL: "/ateliers/programme.pdf?mois=2026-03",
			Prev: "/ateliers/programme?mois=2026-02", Next: "/ateliers/programme?mois=2026-04",
			Days: []printDay{{Label: "lundi 2 mars 2026", Sessions: []workshops.Dated{{Workshop: sampleWorkshop, Session: sampleWorkshop.Sessions[0], Number: 1}}}}},
	}
	uitest.RenderAll(t, site, samples, map[string]bool{"error": true, "workshop_programme": true, "workshop_public_view": true,
		"workshop_public_registration": true, "workshop_print": true})
}
