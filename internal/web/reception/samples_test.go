package reception

import (
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var (
	sampleNow    = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	samplePerson = person.Person{ID: 12, StructureID: 3, Kind: person.Followed, FirstName: "Marie", LastName: "Dupont", BirthYear: 1951,
		Gender: "feminin", CommuneCode: "17299", SocialStatus: "retraite", Phone: "+33612345678", Needs: []string{"gros_caracteres"},
		Status: person.Waiting, WaitingSince: sampleNow, Deadline: "2026-03-15", CreatedAt: sampleNow}
	sampleEvaluation = evaluation.Evaluation{ID: 4, PersonID: 12, Themes: []string{"email", activity.ThemeProcedures}, Procedures: []string{"social_sante"},
		Deadline: "2026-03-15", Equipment: []string{"smartphone"}, Answers: []bool{true, true, false, false, false, false, false, false},
		Score: 2, Profile: evaluation.Excluded, NextStep: evaluation.StepReferral, CreatorName: "Agnès Accueil", CreatedAt: sampleNow}
	sampleReferral = referral.Referral{ID: 9, SenderStructureID: 3, SenderName: "CCAS d'Igny", ReceiverName: "France Services", PersonID: 12,
		PersonName: "Marie Dupont", ContactMethod: "telephone", ContactValue: "+33612345678", Service: "Aide aux démarches administratives",
		AvailableFrom: "2026-03-03", Reason: "Renouveler sa demande", Informed: true, State: referral.Open, CreatorName: "Agnès Accueil",
		CreatedAt: sampleNow, RemindedAt: sampleNow, LinkExpiresAt: sampleNow.Add(referral.LinkValidity),
		Events: []referral.Event{{At: sampleNow, Kind: "creation", Who: "Agnès Accueil", Detail: "Orientation vers France Services"}}}
	sampleActivity = activity.Activity{ID: 21, Type: activity.TypeIndividual, Date: "2026-03-02", Duration: 60, Canal: "lieu_activite", PlaceName: "Point numérique",
		Equipment: []string{"telephone"}, Themes: []string{"email"}, Autonomy: "partiellement_autonome", PersonID: 12, PersonName: "Marie Dupont",
		FirstTime: true, AuthorName: "Mehdi Médiateur", Notes: "A besoin de revoir les pièces jointes."}
	sampleWorkshop = activity.Activity{ID: 22, Type: activity.TypeWorkshop, Date: "2026-03-01", Duration: 120, Canal: "autre", CommuneCode: "17299",
		Themes: []string{"navigation_sur_internet"}, Title: "Premiers pas", Level: "debutant", AnonTotal: 5, NotesRedacted: true,
		Participants: []activity.Participant{{PersonID: 12, Name: "Marie Dupont", FirstTime: false}}}
)

// samples gives this capability's templates their sample data.
var samples = map[string]any{
	"reception_evaluation_form": func() evaluationFormData {
		d := newEvaluationFormData("CCAS d'Igny", nil)
		d.Duplicates = []person.Person{samplePerson}
		return d
	}(),
	"reception_evaluation_view": evaluationViewData{Evaluation: sampleEvaluation, Previous: &sampleEvaluation, Person: samplePerson,
		Questions: []evalAnswer{{Text: evaluation.Questions[0], Yes: true, Before: "non"}}, Service: "Aide aux démarches administratives",
		Candidates: []evaluation.Candidate{{Place: place.Place{ID: 5, Name: "France Services", Address: "2 avenue Maurice Chupin", PostalCode: "17300", Commune: "Rochefort"},
			DistanceKm: 1.2, OpenText: "Ouvert · ferme à 17 h", Reasons: []string{"gratuit"}, Warnings: []string{"payant"}}},
		Structures: []structure.Structure{{ID: 4, Name: "France Services"}},
		Workshops:  []suggestedWorkshop{{SuggestedWorkshop: evaluations.SuggestedWorkshop{Workshop: workshop.Workshop{ID: 3, Title: "Premiers pas", Level: "debutant", StructureName: "CCAS"}, Own: true, Next: sampleNow}, URL: "/espace/ateliers/3?personne=12"}}},
	"reception_person_list": personListData{Query: "dupont", Statuses: ui.Choices(person.FollowStatuses), Persons: []person.Person{samplePerson}, Total: 120, Page: 2, Pages: 3, Prev: "/espace/personnes?page=1", Next: "/espace/personnes?page=3"},
	"reception_person_view": personViewData{Person: samplePerson, AgeBand: "70 ans et plus",
		Consents:    []person.Consent{{ID: 1, Purpose: person.ConsentFollow, Version: "suivi-v1", Wording: "J'accepte…", GivenAt: sampleNow, Collector: "Agnès"}, {ID: 2, Purpose: person.ConsentSMS, Version: "sms-v1", Wording: "J'accepte…", WithdrawnAt: sampleNow}},
		Evaluations: []evaluation.Evaluation{sampleEvaluation},
		Timeline: []persons.Event{{Kind: "evaluation", Evaluation: &sampleEvaluation}, {Kind: "orientation", Referral: &sampleReferral},
			{Kind: "activite", Activity: &sampleActivity}, {Kind: "activite", Activity: &sampleWorkshop}},
		Bookings:   map[int64]referrals.Booking{sampleReferral.ID: {URL: "/espace/agenda/orienter?orientation=9&structure=4"}},
		Duplicates: []person.Person{samplePerson}, Statuses: ui.Choices(person.FollowStatuses), Wordings: person.Wordings, CanRecord: true, CanOrient: true, Now: sampleNow},
	"reception_person_edit":    personEditData{Person: samplePerson, Genders: ui.Choices(person.Genders), Statuses: ui.Choices(person.SocialStatuses), Needs: ui.Choices(person.Needs), Kinds: ui.Choices(person.Genders)},
	"reception_waiting":        waitingListData{Entries: []waitingEntry{{Rank: 1, Person: samplePerson}}},
	"reception_followup":       followUpData{Figures: persons.Figures{Counts: persons.Counts{Followed: 57, Finished: 9, Waiting: 10, Lost: 1}, Month: 34, MonthSessions: 20, OpenSent: 2, OpenReceived: 1}},
	"reception_journal":        journalViewData{Entries: []journal.Entry{{Who: "Agnès Accueil (Accueil)", PersonID: 12, Action: journal.Read, What: "Dossier", At: sampleNow}}, Total: 1, Next: "/espace/journal?page=2"},
	"reception_referral_list":  referralListData{Received: []referral.Referral{sampleReferral}, Sent: []referral.Referral{sampleReferral}, CanSend: true, ShowSent: true, ShowInbox: true},
	"reception_referral_new":   referralNewData{Draft: referrals.Draft{Person: samplePerson, EvaluationID: 4, Consent: "J'accepte…"}, Destinations: []ui.Option{{Value: "structure-4", Label: "France Services", Hint: "Structure"}}, Services: []ui.Option{{Value: "Aide aux démarches administratives", Label: "Aide aux démarches administratives"}}, Contacts: ui.Choices(referral.ContactMethods), Shared: referral.SharedFields},
	"reception_referral_view":  referralViewData{View: referrals.View{Referral: sampleReferral, IsSender: true, CanDecide: true, Link: "https://parcours.test/orientation/abc", Booking: referrals.Booking{URL: "https://rdv.example.fr", External: true}}, QR: "<svg></svg>", Reasons: ui.Choices(referral.RefusalReasons), Decisions: decisionOptions, Action: "/espace/orientations/9/decision"},
	"reception_referral_sheet": referralSheetData{Sheet: referrals.Sheet{Referral: sampleReferral, Place: &place.Place{Name: "France Services", Phone: "+33546000000"}, Address: "2 avenue Maurice Chupin, 17300 Rochefort", Week: []string{"lundi : 9 h – 12 h"}, OpenText: "Ouvert", Access: []string{"Venir sur place"}, Bring: []string{"Cette fiche."}, Link: "https://parcours.test/orientation/abc", Structure: "CCAS d'Igny"}, QR: "<svg></svg>"},
	"reception_activity_form":  activityFormData{Types: ui.Choices(activity.Types), Genders: ui.Choices(person.Genders), AgeBands: ui.Choices(person.AgeBands), Statuses: ui.Choices(person.SocialStatuses), Person: &samplePerson, FromLast: true},
	"reception_activity_list":  activityListData{Activities: []activity.Activity{sampleActivity, sampleWorkshop}, Total: 2, Accompaniments: -1, From: "2026-03-01", ExportXLSX: "/espace/activites/export.xlsx?au=&du=2026-03-01", ExportCSV: "/espace/activites/export.csv?au=&du=2026-03-01", Next: "/espace/activites?page=2", Amendable: map[int64]bool{21: true}},
	"reception_activity_import": activityImportData{MaxMB: 32, Report: &activities.ImportReport{Imported: 3, Duplicates: 1, Rejected: 1, Activities: 2,
		Lines: []activities.ImportedLine{{Line: 7, Status: activities.LineImported}, {Line: 8, Status: activities.LineRejected, Reason: "Thématique inconnue : « Astrologie »."}}}},
	"reception_activity_view": activityViewData{Activity: sampleWorkshop, Commune: "Rochefort (17300)", CanDelete: true, AsManager: true},
}

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, Services{}, nil); err != nil {
		t.Fatal(err)
	}
	all := map[string]any{"error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"}}
	for k, v := range samples {
		all[k] = v
	}
	uitest.RenderAll(t, site, all, map[string]bool{"reception_referral_view": true, "error": true})
}
