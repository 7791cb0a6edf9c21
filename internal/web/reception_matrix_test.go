package web_test

// Welcome, orient, follow: persons, evaluations, referrals, activities.

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
)

// receptionMatrix lists this capability's staff routes for the authorization matrix.
// Placeholders: {ownperson} {otherperson} {owneval} {othereval} {ownref}
// (a referral the role's structure received, open) {sentref} (one it sent)
// {otherref} {ownact} {otheract}.
var receptionMatrix = []matrixCase{
	{pattern: "GET /espace/accueil", own: "/espace/accueil", other: "/espace/accueil", ok: 200},
	{pattern: "POST /espace/accueil", own: "/espace/accueil", other: "/espace/accueil", form: url.Values{"suivi": {"suivie"}}, ok: 422},
	{pattern: "GET /espace/personnes", own: "/espace/personnes?q=moreau", other: "/espace/personnes", ok: 200},
	{pattern: "GET /espace/personnes/{id}", own: "/espace/personnes/{ownperson}", other: "/espace/personnes/{otherperson}", ok: 200, scoped: true},
	{pattern: "GET /espace/personnes/{id}/modifier", own: "/espace/personnes/{ownperson}/modifier", other: "/espace/personnes/{otherperson}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/personnes/{id}", own: "/espace/personnes/{ownperson}", other: "/espace/personnes/{otherperson}", form: url.Values{"suivi": {"suivie"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/statut", own: "/espace/personnes/{ownperson}/statut", other: "/espace/personnes/{otherperson}/statut", form: url.Values{"statut": {"nope"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/suppression", own: "/espace/personnes/{ownperson}/suppression", other: "/espace/personnes/{otherperson}/suppression", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/personnes/{id}/dossier", own: "/espace/personnes/{ownperson}/dossier", other: "/espace/personnes/{otherperson}/dossier", ok: 200, scoped: true},
	{pattern: "POST /espace/personnes/{id}/fusion", own: "/espace/personnes/{ownperson}/fusion", other: "/espace/personnes/{otherperson}/fusion", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/consentements", own: "/espace/personnes/{ownperson}/consentements", other: "/espace/personnes/{otherperson}/consentements", form: url.Values{"objet": {"nope"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/personnes/{id}/consentements/{consent}/retrait", own: "/espace/personnes/{ownperson}/consentements/999999/retrait", other: "/espace/personnes/{otherperson}/consentements/{otherconsent}/retrait", form: url.Values{}, ok: 404, scoped: true},
	{pattern: "GET /espace/personnes/{id}/evaluation", own: "/espace/personnes/{ownperson}/evaluation", other: "/espace/personnes/{otherperson}/evaluation", ok: 200, scoped: true},
	{pattern: "POST /espace/personnes/{id}/evaluation", own: "/espace/personnes/{ownperson}/evaluation", other: "/espace/personnes/{otherperson}/evaluation", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/evaluations/{id}", own: "/espace/evaluations/{owneval}", other: "/espace/evaluations/{othereval}", ok: 200, scoped: true},
	{pattern: "GET /espace/evaluations/{id}/modifier", own: "/espace/evaluations/{owneval}/modifier", other: "/espace/evaluations/{othereval}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/evaluations/{id}", own: "/espace/evaluations/{owneval}", other: "/espace/evaluations/{othereval}", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/attente", own: "/espace/attente", other: "/espace/attente", ok: 200},
	{pattern: "GET /espace/orientations", own: "/espace/orientations", other: "/espace/orientations", ok: 200},
	{pattern: "GET /espace/orientations/nouvelle", own: "/espace/orientations/nouvelle?personne={ownperson}", other: "/espace/orientations/nouvelle?personne={otherperson}", ok: 200, scoped: true},
	// The person is a form field (the same for both objects): an empty form is refused.
	{pattern: "POST /espace/orientations", own: "/espace/orientations", other: "/espace/orientations", form: url.Values{"personne": {"{ownperson}"}}, ok: 422},
	{pattern: "GET /espace/orientations/{id}", own: "/espace/orientations/{ownref}", other: "/espace/orientations/{otherref}", ok: 200, scoped: true},
	{pattern: "POST /espace/orientations/{id}/decision", own: "/espace/orientations/{ownref}/decision", other: "/espace/orientations/{otherref}/decision", form: url.Values{"decision": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/orientations/{id}/lien", own: "/espace/orientations/{linkref}/lien", other: "/espace/orientations/{otherref}/lien", form: url.Values{}, ok: 303, scoped: true},
	{pattern: "GET /espace/orientations/{id}/fiche", own: "/espace/orientations/{sentref}/fiche", other: "/espace/orientations/{otherref}/fiche", ok: 200, scoped: true},
	{pattern: "GET /espace/activites", own: "/espace/activites", other: "/espace/activites", ok: 200},
	{pattern: "GET /espace/activites/nouvelle", own: "/espace/activites/nouvelle?dupliquer={ownact}", other: "/espace/activites/nouvelle?dupliquer={otheract}", ok: 200, scoped: true},
	// The person is a form field here: another structure's gets the same field error as a missing one.
	{pattern: "POST /espace/activites", own: "/espace/activites", other: "/espace/activites", form: url.Values{"type": {"individuel"}, "personne": {"{otherperson}"}}, ok: 422},
	{pattern: "GET /espace/activites/export.xlsx", own: "/espace/activites/export.xlsx", other: "/espace/activites/export.xlsx", ok: 200},
	{pattern: "GET /espace/activites/export.csv", own: "/espace/activites/export.csv", other: "/espace/activites/export.csv", ok: 200},
	{pattern: "GET /espace/activites/import", own: "/espace/activites/import", other: "/espace/activites/import", ok: 200},
	{pattern: "POST /espace/activites/import", own: "/espace/activites/import", other: "/espace/activites/import", form: url.Values{"fichier": {"x"}}, ok: 422},
	{pattern: "POST /espace/activites/{id}/suppression", own: "/espace/activites/{ownact}/suppression", other: "/espace/activites/{otheract}/suppression", form: url.Values{"confirmer": {"non"}}, ok: 303, scoped: true},
	// Correcting: the author's form; an empty correction is refused field by field.
	{pattern: "GET /espace/activites/{id}/modifier", own: "/espace/activites/{ownact}/modifier", other: "/espace/activites/{otheract}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/activites/{id}/modifier", own: "/espace/activites/{ownact}/modifier", other: "/espace/activites/{otheract}/modifier", form: url.Values{"type": {"individuel"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/activites/{id}", own: "/espace/activites/{ownact}", other: "/espace/activites/{otheract}", ok: 200, scoped: true},
	{pattern: "GET /espace/suivi", own: "/espace/suivi", other: "/espace/suivi", ok: 200},
	{pattern: "GET /espace/journal", own: "/espace/journal", other: "/espace/journal", ok: 200},
	{pattern: "GET /espace/journal/personnes/{id}", own: "/espace/journal/personnes/{ownperson}", other: "/espace/journal/personnes/{otherperson}", ok: 200, scoped: true},

	// The JSON API, with the session cookie.
	{pattern: "POST /api/v1/personnes", own: "/api/v1/personnes", other: "/api/v1/personnes", ok: 422},
	{pattern: "GET /api/v1/personnes", own: "/api/v1/personnes?q=moreau", other: "/api/v1/personnes", ok: 200},
	{pattern: "GET /api/v1/personnes/{id}", own: "/api/v1/personnes/{ownperson}", other: "/api/v1/personnes/{otherperson}", ok: 200, scoped: true},
	// Erasing is definitive: the own object is a file that does not exist, so
	// that the walk erases nothing; roles allowed get 404, the others 403.
	{pattern: "DELETE /api/v1/personnes/{id}", own: "/api/v1/personnes/999999999", other: "/api/v1/personnes/{otherperson}", ok: 404, scoped: true},
	{pattern: "GET /api/v1/personnes/{id}/dossier", own: "/api/v1/personnes/{ownperson}/dossier", other: "/api/v1/personnes/{otherperson}/dossier", ok: 200, scoped: true},
	{pattern: "GET /api/v1/personnes/{id}/chronologie", own: "/api/v1/personnes/{ownperson}/chronologie", other: "/api/v1/personnes/{otherperson}/chronologie", ok: 200, scoped: true},
	{pattern: "GET /api/v1/personnes/{id}/evaluations", own: "/api/v1/personnes/{ownperson}/evaluations", other: "/api/v1/personnes/{otherperson}/evaluations", ok: 200, scoped: true},
	{pattern: "POST /api/v1/evaluations", own: "/api/v1/evaluations", other: "/api/v1/evaluations", ok: 422},
	{pattern: "GET /api/v1/evaluations/{id}", own: "/api/v1/evaluations/{owneval}", other: "/api/v1/evaluations/{othereval}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/orientations", own: "/api/v1/orientations", other: "/api/v1/orientations", ok: 422},
	{pattern: "GET /api/v1/orientations", own: "/api/v1/orientations", other: "/api/v1/orientations", ok: 200},
	{pattern: "GET /api/v1/orientations/{id}", own: "/api/v1/orientations/{ownref}", other: "/api/v1/orientations/{otherref}", ok: 200, scoped: true},
	// An empty body is refused by the document before any object is read, own or not.
	{pattern: "POST /api/v1/orientations/{id}/decision", own: "/api/v1/orientations/{ownref}/decision", other: "/api/v1/orientations/{otherref}/decision", ok: 422},
	{pattern: "POST /api/v1/activites", own: "/api/v1/activites", other: "/api/v1/activites", ok: 422},
	{pattern: "GET /api/v1/activites", own: "/api/v1/activites", other: "/api/v1/activites", ok: 200},
	{pattern: "GET /api/v1/activites/{id}", own: "/api/v1/activites/{ownact}", other: "/api/v1/activites/{otheract}", ok: 200, scoped: true},
	// An empty body is refused by the document before any object is read, own or not.
	{pattern: "PUT /api/v1/activites/{id}", own: "/api/v1/activites/{ownact}", other: "/api/v1/activites/{otheract}", ok: 422},
	{pattern: "DELETE /api/v1/activites/{id}", own: "/api/v1/activites/999999", other: "/api/v1/activites/{otheract}", ok: 404, scoped: true},
}

// receptionMatrixSetup creates the outside structure's person, evaluation,
// referral (to a demo structure no test account belongs to) and activity,
// and returns each role's placeholders.
func receptionMatrixSetup(t *testing.T, s *site, outside, otherUser int64) func(account.Role) []string {
	t.Helper()
	ctx := context.Background()
	st, now := s.store, s.clock.Now()
	j := journal.Entry{UserID: otherUser, Who: "Autre Personne", Action: journal.Create, What: "test"}
	p := person.Person{StructureID: outside, Kind: person.Followed, FirstName: "Hors", LastName: "Territoire", Status: person.Waiting}
	p.Normalize()
	c, _ := person.NewConsent(person.ConsentFollow, "Association Hors Territoire")
	if err := st.CreatePerson(ctx, scope.OfStructure(p.StructureID), &p, []person.Consent{c}, j, now); err != nil {
		t.Fatal(err)
	}
	consents, _ := st.Consents(ctx, scope.OfStructure(outside), p.ID)
	e := evaluation.Evaluation{StructureID: outside, PersonID: p.ID, Themes: []string{"email"}, Answers: make([]bool, len(evaluation.Questions))}
	e.Compute(now)
	if err := st.CreateEvaluation(ctx, scope.OfStructure(e.StructureID), &e, j, now); err != nil {
		t.Fatal(err)
	}
	r := referral.Referral{SenderStructureID: outside, ReceiverStructureID: s.demo.Structures[demo.Library], ReceiverName: "Médiathèque", PersonID: p.ID,
		PersonName: "Hors Territoire", ContactMethod: "referent", Service: "Aide aux démarches administratives", Informed: true}
	if err := st.CreateReferral(ctx, scope.OfStructure(outside), store.NewReferral{Referral: &r, Who: "Autre", Journal: j}, now); err != nil {
		t.Fatal(err)
	}
	a := activity.Activity{StructureID: outside, AuthorID: otherUser, Type: activity.TypeIndividual, Date: now.Format(activity.DateLayout), Duration: 30,
		Canal: "a_distance", Themes: []string{"email"}, Autonomy: "autonome", PersonID: p.ID}
	a.Normalize()
	if err := activitystore.New(st).CreateActivity(ctx, scope.OfStructure(outside), &a, j, now); err != nil {
		t.Fatal(err)
	}
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	first := func(structureID int64, f store.ReferralFilter) string {
		refs, err := st.ListReferrals(ctx, scope.OfStructure(structureID), f)
		if err != nil || len(refs) == 0 {
			t.Fatalf("demo referrals of structure %d (%+v): %v", structureID, f, err)
		}
		return itoa(refs[0].ID)
	}
	var linkRef string // the demo's referral to a place without Parcours, answered through a signed link
	sent, err := st.ListReferrals(ctx, scope.OfStructure(ccas), store.ReferralFilter{Box: store.BoxSent, State: referral.Open})
	for _, r := range sent {
		if r.ViaLink() {
			linkRef = itoa(r.ID)
		}
	}
	if err != nil || linkRef == "" {
		t.Fatalf("the demo has a referral answered through a signed link: %v", err)
	}
	persons, _, err := st.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Query: "moreau", Limit: 1})
	if err != nil || len(persons) == 0 {
		t.Fatalf("demo person: %v", err)
	}
	evals, _ := st.Evaluations(ctx, scope.OfStructure(ccas), persons[0].ID)
	acts, _, _ := activitystore.New(st).ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{Limit: 1})
	if len(evals) == 0 || len(acts) == 0 {
		t.Fatal("the demo has evaluations and activities")
	}
	return func(role account.Role) []string {
		own := ccas
		if role == account.RolePartner {
			own = fs
		}
		return []string{
			"{ownperson}", itoa(persons[0].ID), "{otherperson}", itoa(p.ID), "{otherconsent}", itoa(consents[0].ID),
			"{owneval}", itoa(evals[0].ID), "{othereval}", itoa(e.ID),
			"{ownref}", first(own, store.ReferralFilter{Box: "recues", State: referral.Open}), "{sentref}", first(ccas, store.ReferralFilter{Box: "envoyees"}),
			"{otherref}", itoa(r.ID), "{linkref}", linkRef, "{ownact}", itoa(acts[0].ID), "{otheract}", itoa(a.ID),
		}
	}
}

// receptionBrowserPages lists this capability's pages checked in Chromium.
var receptionBrowserPages = []browserPage{
	{path: "/espace/accueil", role: account.RoleReception, want: "Son niveau"},
	{path: "/espace/personnes", role: account.RoleReception, want: "Moreau"},
	{path: "/espace/personnes/1", role: account.RoleMediation, want: "Parcours"},
	{path: "/espace/personnes/1/modifier", role: account.RoleReception, want: "Modifier la personne"},
	{path: "/espace/evaluations/1", role: account.RoleReception, want: "Étape suivante proposée"},
	{path: "/espace/attente", role: account.RoleReception, want: "Liste d'attente"},
	{path: "/espace/orientations", role: account.RolePartner, want: "Reçues"},
	{path: "/espace/orientations/nouvelle?personne=1", role: account.RoleReception, want: "Ce qui sera envoyé"},
	{path: "/espace/orientations/1", role: account.RolePartner, want: "Besoin"},
	{path: "/espace/orientations/1/fiche", role: account.RoleReception, want: "Quoi apporter ?"},
	{path: "/espace/orientations/3", role: account.RoleReception, want: "Lien de réponse pour"}, // to a place without Parcours: link, QR code
	{path: "/espace/orientations/3/fiche", role: account.RoleReception, want: "Scannez ce code"},
	{path: "/espace/activites", role: account.RoleMediation, want: "Exporter cette période"},
	{path: "/espace/activites/nouvelle", role: account.RoleMediation, want: "Thématiques"},
	{path: "/espace/activites/1", role: account.RoleMediation, want: "Vos notes"},
	{path: "/espace/suivi", role: account.RoleMediation, want: "en liste d'attente"},
	{path: "/espace/journal", role: account.RoleAdmin, want: "Journal des accès"},
}
