package web_test

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/meeting"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/meetingstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// Network meetings.

// meetingsMatrix lists the meetings' staff routes for the authorization
// matrix. {ownmeeting} is a meeting of the demo territory every test
// account's structure is invited to, {othermeeting} one of another
// territory. Forms are refused (422), so that no role changes what the
// next one sees: the own meeting has begun, so it is neither cancelled nor
// its invitations withdrawn (409 through the API). {meetingccas} is the
// CCAS, invited to the own meeting.
var meetingsMatrix = []matrixCase{
	{pattern: "GET /espace/reseau/reunions", own: "/espace/reseau/reunions", other: "/espace/reseau/reunions", ok: 200},
	{pattern: "GET /espace/reseau/reunions/nouvelle", own: "/espace/reseau/reunions/nouvelle", other: "/espace/reseau/reunions/nouvelle", ok: 200},
	{pattern: "POST /espace/reseau/reunions", own: "/espace/reseau/reunions", other: "/espace/reseau/reunions", form: url.Values{"titre": {""}}, ok: 422},
	{pattern: "GET /espace/reseau/reunions/{id}", own: "/espace/reseau/reunions/{ownmeeting}", other: "/espace/reseau/reunions/{othermeeting}", ok: 200, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/compte-rendu.pdf", own: "/espace/reseau/reunions/{ownmeeting}/compte-rendu.pdf", other: "/espace/reseau/reunions/{othermeeting}/compte-rendu.pdf", ok: 200, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/modifier", own: "/espace/reseau/reunions/{ownmeeting}/modifier", other: "/espace/reseau/reunions/{othermeeting}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}", own: "/espace/reseau/reunions/{ownmeeting}", other: "/espace/reseau/reunions/{othermeeting}", form: url.Values{"titre": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/annuler", own: "/espace/reseau/reunions/{ownmeeting}/annuler", other: "/espace/reseau/reunions/{othermeeting}/annuler", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/annuler", own: "/espace/reseau/reunions/{ownmeeting}/annuler", other: "/espace/reseau/reunions/{othermeeting}/annuler", form: url.Values{}, ok: 422, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/retirer", own: "/espace/reseau/reunions/{ownmeeting}/retirer?structure={meetingccas}&personne=0", other: "/espace/reseau/reunions/{othermeeting}/retirer?structure={meetingccas}&personne=0", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/retirer", own: "/espace/reseau/reunions/{ownmeeting}/retirer", other: "/espace/reseau/reunions/{othermeeting}/retirer", form: url.Values{"structure": {"{meetingccas}"}, "personne": {"0"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/presences", own: "/espace/reseau/reunions/{ownmeeting}/presences", other: "/espace/reseau/reunions/{othermeeting}/presences", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/presences", own: "/espace/reseau/reunions/{ownmeeting}/presences", other: "/espace/reseau/reunions/{othermeeting}/presences", form: url.Values{"personnes_1": {"beaucoup"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/sans-invitation", own: "/espace/reseau/reunions/{ownmeeting}/sans-invitation", other: "/espace/reseau/reunions/{othermeeting}/sans-invitation", form: url.Values{"nom": {"Sans organisme"}}, ok: 422, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/sans-invitation/{venue}/retirer", own: "/espace/reseau/reunions/{ownmeeting}/sans-invitation/999999/retirer", other: "/espace/reseau/reunions/{othermeeting}/sans-invitation/999999/retirer", form: url.Values{}, ok: 404, scoped: true},
	{pattern: "GET /espace/reseau/reunions/{id}/compte-rendu", own: "/espace/reseau/reunions/{ownmeeting}/compte-rendu", other: "/espace/reseau/reunions/{othermeeting}/compte-rendu", ok: 200, scoped: true},
	{pattern: "POST /espace/reseau/reunions/{id}/compte-rendu", own: "/espace/reseau/reunions/{ownmeeting}/compte-rendu", other: "/espace/reseau/reunions/{othermeeting}/compte-rendu", form: url.Values{"decision_0": {"x"}, "echeance_0": {"bientôt"}}, ok: 422, scoped: true},

	{pattern: "GET /api/v1/reseau/reunions", own: "/api/v1/reseau/reunions", other: "/api/v1/reseau/reunions", ok: 200},
	{pattern: "POST /api/v1/reseau/reunions", own: "/api/v1/reseau/reunions", other: "/api/v1/reseau/reunions", ok: 422},
	{pattern: "GET /api/v1/reseau/reunions/{id}", own: "/api/v1/reseau/reunions/{ownmeeting}", other: "/api/v1/reseau/reunions/{othermeeting}", ok: 200, scoped: true},
	{pattern: "POST /api/v1/reseau/reunions/{id}/annulation", own: "/api/v1/reseau/reunions/{ownmeeting}/annulation", other: "/api/v1/reseau/reunions/{othermeeting}/annulation", ok: 409, scoped: true},
	{pattern: "DELETE /api/v1/reseau/reunions/{id}/invitations/{structure}/{personne}", own: "/api/v1/reseau/reunions/{ownmeeting}/invitations/{meetingccas}/0", other: "/api/v1/reseau/reunions/{othermeeting}/invitations/{meetingccas}/0", ok: 409, scoped: true},
	{pattern: "POST /api/v1/reseau/reunions/{id}/sans-invitation", own: "/api/v1/reseau/reunions/{ownmeeting}/sans-invitation", other: "/api/v1/reseau/reunions/{othermeeting}/sans-invitation", ok: 422, scoped: true},
	{pattern: "DELETE /api/v1/reseau/reunions/{id}/sans-invitation/{venue}", own: "/api/v1/reseau/reunions/{ownmeeting}/sans-invitation/999999", other: "/api/v1/reseau/reunions/{othermeeting}/sans-invitation/999999", ok: 404, scoped: true},
	{pattern: "PUT /api/v1/reseau/reunions/{id}/presences", own: "/api/v1/reseau/reunions/{ownmeeting}/presences", other: "/api/v1/reseau/reunions/{othermeeting}/presences", ok: 422, scoped: true},
}

// meetingsMatrixSetup plans a meeting of the demo territory, to which the
// CCAS and France Services are invited, and one of another territory.
func meetingsMatrixSetup(t *testing.T, s *site) func(account.Role) []string {
	t.Helper()
	ctx, now, ms := context.Background(), s.clock.Now(), meetingstore.New(s.store)
	away := structure.Territory{Name: "Territoire des réunions d'ailleurs"}
	if err := s.store.CreateTerritory(ctx, &away, now); err != nil {
		t.Fatal(err)
	}
	awayCCAS := storetest.Structure(t, s.store, "CCAS des réunions d'ailleurs", away.ID, now)
	plan := func(territory, organizer int64, invited ...int64) string {
		m := meeting.Meeting{StructureID: organizer, Title: "Réunion " + markerOwn, Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour),
			Location: "Salle du conseil", AnimationType: meeting.ReunionAnimation}
		for _, id := range invited {
			m.Invitations = append(m.Invitations, meeting.Invitation{StructureID: id})
		}
		if err := ms.Create(ctx, scope.OfTerritory(territory), &m, journal.Entry{Action: journal.Create, What: "matrice"}, now); err != nil {
			t.Fatal(err)
		}
		return itoa(m.ID)
	}
	own := plan(s.demo.ID, s.demo.Structures[demo.CCAS], s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices])
	other := plan(away.ID, awayCCAS.ID, awayCCAS.ID)
	return func(account.Role) []string {
		return []string{"{ownmeeting}", own, "{othermeeting}", other, "{meetingccas}", itoa(s.demo.Structures[demo.CCAS])}
	}
}

// meetingsBrowserPages lists the meetings' pages checked in Chromium (the
// demo territory's next committee is meeting 1, the past working group 2).
var meetingsBrowserPages = []browserPage{
	{path: "/espace/reseau/reunions", role: account.RolePartner, want: "Comité des acteurs du numérique"},
	{path: "/espace/reseau/reunions/nouvelle", role: account.RoleCoordination, want: "Structures invitées"},
	{path: "/espace/reseau/reunions/1", role: account.RoleCoordination, want: "Bilan des permanences de l'automne"},
	{path: "/espace/reseau/reunions/1/annuler", role: account.RoleCoordination, want: "Annuler la réunion ?"},
	{path: "/espace/reseau/reunions/2/presences", role: account.RoleCoordination, want: "nombre de personnes venues"},
	{path: "/espace/reseau/reunions/2/compte-rendu", role: account.RoleCoordination, want: "Compte rendu et décisions"},
}
