package web_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var updateTable = flag.Bool("update-authorization", false, "rewrite testdata/authorization.txt from what the server answers")

// tableFile pins every answer: role, operation, relation to the object, status.
const tableFile = "testdata/authorization.txt"

// Markers planted in the rows of structures no test account belongs to: no
// answer to any role may ever show them. "Ourson" rows are the actor's own:
// the lists that must show them do.
const (
	markerOutside = "Xylophage" // a structure outside the territory
	markerSibling = "Xylocope"  // another structure of the same territory
	markerOwn     = "Ourson"
)

// ownRowProbes are scoped lists that must show the actor's own planted
// rows to every role allowed to see them: an empty list cannot pass for a
// scoped one.
var ownRowProbes = []struct {
	path string
	perm account.Permission
	want string
}{
	{"/espace/personnes?q=ourson", account.PermPersons, markerOwn + " Personne"},
	{"/espace/attente", account.PermPersons, markerOwn + " Attente"},
	{"/api/v1/personnes?limite=500", account.PermPersons, `"prenom":"` + markerOwn + `"`},
	{"/espace/activites", account.PermActivities, markerOwn + " Personne"},
	{"/api/v1/activites?limite=500", account.PermActivities, markerOwn + " note"},
	{"/espace/orientations?boite=envoyees", account.PermSendReferrals, markerOwn + " Personne"},
	{"/api/v1/orientations?boite=envoyees&limite=500", account.PermSendReferrals, markerOwn + " Personne"},
	{"/espace/ateliers", account.PermAgendaOrganize, "Atelier " + markerOwn},
	{"/api/v1/ateliers?limite=500", account.PermAgenda, "Atelier " + markerOwn},
	{"/api/v1/inscriptions?limite=500", account.PermAgenda, "Inscription " + markerOwn},
	{"/api/v1/rendez-vous?limite=500", account.PermAgenda, "Rendez-vous " + markerOwn},
	{"/espace/agenda/motifs", account.PermAgendaOrganize, "Motif " + markerOwn},
	{"/espace/agenda/permanences", account.PermAgendaOrganize, "Salle " + markerOwn},
	{"/api/v1/permanences?limite=500", account.PermAgendaOrganize, "Salle " + markerOwn},
}

// plantRows gives a structure a followed person, another waiting for an
// accompaniment, a referral (to receiverID, where no test account
// works), an activity with notes, a site with a permanence, a motive
// and an appointment, and a draft workshop with a registration: every kind of
// row the lists show, each named with tag.
func plantRows(t *testing.T, s *site, structureID, staffID, receiverID int64, tag string) {
	t.Helper()
	ctx, st, now, sc := context.Background(), s.store, s.clock.Now(), scope.OfStructure(structureID)
	j := journal.Entry{UserID: staffID, Who: tag + " Agent", Action: journal.Create, What: "dossier " + tag}
	p := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: tag, LastName: "Personne", Status: person.Waiting}
	p.Normalize()
	c, _ := person.NewConsent(person.ConsentFollow, "Structure "+tag)
	if err := st.CreatePerson(ctx, sc, &p, []person.Consent{c}, j, now); err != nil {
		t.Fatal(err)
	}
	waiting := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: tag, LastName: "Attente", Status: person.Waiting}
	waiting.Normalize()
	if err := st.CreatePerson(ctx, sc, &waiting, []person.Consent{c}, j, now); err != nil {
		t.Fatal(err)
	}
	r := referral.Referral{SenderStructureID: structureID, ReceiverStructureID: receiverID, ReceiverName: "Destinataire sans compte de test", PersonID: p.ID,
		PersonName: tag + " Personne", ContactMethod: "referent", Service: "Aide aux démarches administratives", Informed: true}
	if err := st.CreateReferral(ctx, sc, store.NewReferral{Referral: &r, Who: tag, Journal: j}, now); err != nil {
		t.Fatal(err)
	}
	a := activity.Activity{StructureID: structureID, AuthorID: staffID, Type: activity.TypeIndividual, Date: now.Format(activity.DateLayout), Duration: 30,
		Canal: "a_distance", Themes: []string{"email"}, Autonomy: "autonome", PersonID: p.ID, Notes: tag + " note"}
	a.Normalize()
	if err := activitystore.New(st).CreateActivity(ctx, sc, &a, j, now); err != nil {
		t.Fatal(err)
	}
	pl := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Salle " + tag, Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "5 rue du Test", UpdatedOn: now}
	pl.Normalize()
	if err := placestore.New(st).CreatePlace(ctx, pl, now); err != nil {
		t.Fatal(err)
	}
	m := agenda.Motive{StructureID: structureID, Name: "Motif " + tag, BookableBy: agenda.BookStaff}
	m.Normalize()
	if err := agendastore.New(st).CreateMotive(ctx, sc, &m, now); err != nil {
		t.Fatal(err)
	}
	perm := agenda.Permanence{StructureID: structureID, PlaceID: pl.ID, StaffIDs: []int64{staffID}, Weekday: time.Sunday, Start: 9 * 60, End: 12 * 60,
		From: now.Format(agenda.DateLayout), MotiveIDs: []int64{m.ID}, Mode: agenda.ModeAppointment}
	perm.Normalize()
	if err := agendastore.New(st).CreatePermanence(ctx, sc, &perm, now); err != nil {
		t.Fatal(err)
	}
	at := time.Date(now.Year()+1, 1, 10, 9, 0, 0, 0, time.UTC)
	ap := agenda.Appointment{StructureID: structureID, PlaceID: pl.ID, PermanenceID: perm.ID, MotiveID: m.ID, MotiveName: m.Name, Location: agenda.LocationOnSite,
		StaffID: staffID, Start: at, End: at.Add(30 * time.Minute), Name: "Rendez-vous " + tag, Phone: "+33612345678", BookedVia: agenda.ViaStaff, PersonID: p.ID}
	if err := agendastore.New(st).BookAppointment(ctx, sc, &ap, nil, journal.Entry{}, now); err != nil {
		t.Fatal(err)
	}
	w := workshop.Workshop{StructureID: structureID, PlaceID: pl.ID, Title: "Atelier " + tag, Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceResidents,
		Capacity: 5, Sessions: []workshop.Session{{Start: now.AddDate(0, 0, 7), End: now.AddDate(0, 0, 7).Add(time.Hour)}}}
	if err := workshopstore.New(st).CreateWorkshop(ctx, sc, &w, now); err != nil {
		t.Fatal(err)
	}
	reg := &workshop.Registration{WorkshopID: w.ID, StructureID: structureID, Name: "Inscription " + tag, BookedVia: agenda.ViaStaff}
	if err := workshopstore.New(st).Register(ctx, sc, reg, false, nil, journal.Entry{}, now); err != nil {
		t.Fatal(err)
	}
}

// TestAuthorizationTable runs every staff route, pages and API, for every
// role, on an object of the role's own structure and on one of another
// structure, on both databases. Each answer's status is pinned in
// testdata/authorization.txt (go test -run TestAuthorizationTable
// -update-authorization ./internal/web/ rewrites it after a deliberate
// change); no answer may show a row of a structure the role does not belong
// to, and the scoped lists must show the role's own rows.
func TestAuthorizationTable(t *testing.T) {
	t.Parallel()
	pinned, err := os.ReadFile(tableFile)
	if err != nil && !*updateTable {
		t.Fatalf("%s: %v (create it with -update-authorization)", tableFile, err)
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		fx := newMatrixFixture(t, s)
		outside := fx.outside

		perms := map[string]account.Permission{}
		for _, rp := range s.srv.StaffRoutes() {
			perms[rp.Pattern] = rp.Permission
		}
		covered := map[string]bool{}
		for _, c := range matrix {
			if _, ok := perms[c.pattern]; !ok {
				t.Errorf("the table names %q, which is not a staff route", c.pattern)
			}
			covered[c.pattern] = true
		}
		for p := range perms {
			if !covered[p] {
				t.Errorf("staff route %q is missing from the authorization table", p)
			}
		}

		var rows []string
		for _, role := range account.Roles {
			client := s.login(role)
			replace := fx.replacer(s, role)
			for _, c := range matrix {
				for _, which := range []string{"own", "other"} {
					path := c.own
					if which == "other" {
						path = c.other
					}
					path = replace.Replace(path)
					method, _, _ := strings.Cut(c.pattern, " ")
					var form url.Values
					if c.form != nil {
						form = url.Values{}
						for k, vs := range c.form {
							for _, v := range vs {
								form.Add(k, replace.Replace(v))
							}
						}
						if c.pattern == "POST /espace/structure-active" && which == "other" {
							form.Set("structure", itoa(outside.ID))
						}
					}
					r := s.do(client, method, path, form)
					rows = append(rows, fmt.Sprintf("%-12s %-5s %s → %d", role, which, c.pattern, r.status))
					body := r.body
					for _, public := range territoryWide[c.pattern] {
						body = strings.ReplaceAll(body, public, "")
					}
					for _, m := range []string{markerOutside, markerSibling} {
						if strings.Contains(body, m) && !(role == account.RoleAdmin && which == "other") {
							t.Errorf("%s %s %s (%s object) shows a row of another structure (%s)", role, method, path, which, m)
						}
					}
					if r.status == http.StatusNotFound && strings.Contains(r.body, outside.Name) {
						t.Errorf("%s %s: the 404 page leaks the other structure's data", role, path)
					}
					if c.relogin {
						client = s.login(role)
					}
				}
			}
			for _, p := range append(ownRowProbes, passEquipmentProbes...) {
				r := s.do(client, "GET", p.path, nil)
				rows = append(rows, fmt.Sprintf("%-12s %-5s GET %s → %d", role, "list", p.path, r.status))
				if role.Can(p.perm) && (r.status != http.StatusOK || !strings.Contains(r.body, p.want)) {
					t.Errorf("%s GET %s: %d, the list does not show the structure's own row %q", role, p.path, r.status, p.want)
				}
				for _, m := range []string{markerOutside, markerSibling} {
					if strings.Contains(r.body, m) {
						t.Errorf("%s GET %s shows a row of another structure (%s)", role, p.path, m)
					}
				}
			}
		}
		sort.Strings(rows)
		got := "# role        object operation → status (pinned: go test -run TestAuthorizationTable -update-authorization ./internal/web/)\n" + strings.Join(rows, "\n") + "\n"
		if *updateTable {
			if err := os.WriteFile(tableFile, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		if got != string(pinned) {
			want := strings.Split(string(pinned), "\n")
			have := strings.Split(got, "\n")
			wantSet := map[string]bool{}
			for _, l := range want {
				wantSet[l] = true
			}
			haveSet := map[string]bool{}
			for _, l := range have {
				haveSet[l] = true
				if !wantSet[l] {
					t.Errorf("answer not in the pinned table: %s", l)
				}
			}
			for _, l := range want {
				if !haveSet[l] {
					t.Errorf("pinned answer not given: %s", l)
				}
			}
		}
		t.Logf("%d answers checked against the pinned table", len(rows))
	})
}

// matrixFixture is what the matrix paths name: a structure outside the
// territory with its user and token, rows planted in every structure, and
// each capability's placeholders.
type matrixFixture struct {
	outside               structure.Structure
	otherUser, otherToken int64
	placeholders          []func(account.Role) []string
}

func newMatrixFixture(t *testing.T, s *site) matrixFixture {
	t.Helper()
	ctx, st := context.Background(), s.store
	outside := structure.Structure{Name: "Association Hors Territoire", Typology: "ASSO", RNA: "W759999999", CommuneCode: "75056"}
	if err := st.CreateStructure(ctx, &outside, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	otherUser, err := st.CreateUser(ctx, account.NewUser{Email: "autre@hors-territoire.fr", Name: "Autre Personne", StructureID: outside.ID, Role: account.RoleMediation}, "", s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	otherToken, err := st.CreateAPIToken(ctx, otherUser, outside.ID, "Jeton d'une autre structure", "hash-autre", "prc_autre", s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	libraryUser, err := st.CreateUser(ctx, account.NewUser{Email: "agent@mediatheque.demo", Name: "Agent Médiathèque", StructureID: s.demo.Structures[demo.Library], Role: account.RoleMediation}, "", s.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	library := s.demo.Structures[demo.Library]
	plantRows(t, s, outside.ID, otherUser, library, markerOutside)
	plantRows(t, s, library, libraryUser, outside.ID, markerSibling)
	plantRows(t, s, s.demo.Structures[demo.CCAS], s.demo.Users[account.RoleMediation], library, markerOwn)
	plantRows(t, s, s.demo.Structures[demo.FranceServices], s.demo.Users[account.RolePartner], library, markerOwn)
	return matrixFixture{outside: outside, otherUser: otherUser, otherToken: otherToken, placeholders: []func(account.Role) []string{
		placeeditMatrixSetup(t, s, outside.ID),
		placefileMatrixSetup(t, s, outside.ID),
		receptionMatrixSetup(t, s, outside.ID, otherUser),
		agendaMatrixSetup(t, s, outside.ID, otherUser),
		diagnosticMatrixSetup(t, s, outside.ID, otherUser),
		networkMatrixSetup(t, s),
		passEquipmentMatrixSetup(t, s, outside.ID, otherUser),
		mandatesMatrixSetup(t, s, outside.ID),
		safeMatrixSetup(t, s, outside.ID, otherUser),
		itinerantMatrixSetup(t, s, outside.ID),
		resourcesMatrixSetup(t, s, outside.ID),
		meetingsMatrixSetup(t, s),
		partnershipsMatrixSetup(t, s, outside.ID),
	}}
}

// replacer fills the matrix placeholders for role.
func (fx matrixFixture) replacer(s *site, role account.Role) *strings.Replacer {
	own := s.demo.Structures[demo.CCAS]
	if role == account.RolePartner {
		own = s.demo.Structures[demo.FranceServices]
	}
	pairs := []string{"{own}", itoa(own), "{other}", itoa(fx.outside.ID), "{territory}", itoa(s.demo.ID),
		"{user}", itoa(s.demo.Users[role]), "{otheruser}", itoa(fx.otherUser), "{othertoken}", itoa(fx.otherToken)}
	for _, ph := range fx.placeholders {
		pairs = append(pairs, ph(role)...)
	}
	return strings.NewReplacer(pairs...)
}
