package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMeetingWalkInScenario: at a meeting that took place, the coordinator
// notes who came without an invitation from the attendance page — a
// structure of the territory with how many people, someone from outside
// with a name and an organisation — and through the API a professional of
// the directory (answers checked against the document): each counts among
// the participants, and the one coordination activity of the meeting is
// updated, never duplicated; an invitee, a structure of another territory,
// a name without its organisation or two kinds at once are refused next to
// the field; one noted by mistake is withdrawn; each change is journaled;
// a cancelled meeting refuses them — on both databases.
func TestMeetingWalkInScenario(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newSite(t, st)
		coord := s.login(account.RoleCoordination)
		library, ccas := s.demo.Structures[demo.Library], s.demo.Structures[demo.CCAS]
		partnerID := s.demo.Users[account.RolePartner]
		away := structure.Territory{Name: "Territoire voisin", CommuneCodes: []string{"33063"}}
		if err := st.CreateTerritory(ctx, &away, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		elsewhere := storetest.Structure(t, st, "Centre social voisin", away.ID, s.clock.Now())

		yesterday := s.clock.Now().In(frtime.Paris).AddDate(0, 0, -1).Format("02/01/2006")
		meetingForm := url.Values{"titre": {"Réunion ouverte"}, "date": {yesterday}, "debut": {"10:00"}, "fin": {"12:00"},
			"lieu_texte": {"Salle du conseil"}, "type_animation": {"reunion_coordination"}, "structures": {itoa(library)}}
		r := s.do(coord, "POST", "/espace/reseau/reunions", meetingForm)
		if r.status != http.StatusSeeOther {
			t.Fatalf("meeting: %d\n%.2000s", r.status, r.body)
		}
		page := r.header.Get("Location")
		id := strings.TrimPrefix(page, "/espace/reseau/reunions/")
		if r := s.do(coord, "POST", page+"/presences", url.Values{"personnes_" + itoa(library): {"3"}}); r.status != http.StatusSeeOther {
			t.Fatalf("attendance: %d\n%.2000s", r.status, r.body)
		}
		form := s.do(coord, "GET", page+"/presences", nil)
		if !strings.Contains(form.body, "Venus sans invitation") || !strings.Contains(form.body, `action="`+page+`/sans-invitation"`) {
			t.Fatalf("the attendance page offers no walk-in:\n%.3000s", form.body)
		}

		// Refused, next to the field, the attendance typed kept.
		for _, c := range []struct {
			form  url.Values
			field string
			text  string
		}{
			{url.Values{"structure_venue": {itoa(library)}, "personnes_venues": {"2"}}, "structure_venue", "Cette structure est invitée"},
			{url.Values{"structure_venue": {itoa(elsewhere.ID)}, "personnes_venues": {"2"}}, "structure_venue", "Choisissez une structure du territoire."},
			{url.Values{"structure_venue": {itoa(ccas)}, "personnes_venues": {"deux"}}, "personnes_venues", "entre 1 et 500"},
			{url.Values{"nom": {"Jeanne Martin"}}, "organisme", "Indiquez l'organisme"},
			{url.Values{"nom": {"Jeanne Martin"}, "organisme": {"Département"}, "collegue": {itoa(partnerID)}}, "structure_venue", "un seul des trois"},
		} {
			r := s.do(coord, "POST", page+"/sans-invitation", c.form)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="`+c.field+`-error"`) || !strings.Contains(r.body, c.text) ||
				!strings.Contains(r.body, `value="3"`) {
				t.Fatalf("%v: %d\n%.3000s", c.form, r.status, r.body)
			}
		}

		// A structure of the territory and someone from outside, on the page.
		for _, f := range []url.Values{{"structure_venue": {itoa(ccas)}, "personnes_venues": {"2"}}, {"nom": {" Jeanne  Martin "}, "organisme": {"Conseil départemental"}}} {
			if r := s.do(coord, "POST", page+"/sans-invitation", f); r.status != http.StatusSeeOther || r.header.Get("Location") != page+"/presences" {
				t.Fatalf("walk-in %v: %d\n%.2000s", f, r.status, r.body)
			}
		}
		// A professional of the directory, through the API.
		tok := s.token(account.RoleCoordination, ccas)
		a := s.api(tok, "POST", "/api/v1/reseau/reunions/"+id+"/sans-invitation", `{"personne":`+itoa(partnerID)+`}`)
		if a.status != http.StatusCreated || !strings.Contains(a.body, `"participants":7`) || !strings.Contains(a.body, `"nom":"Jeanne Martin","organisme":"Conseil départemental"`) {
			t.Fatalf("API walk-in: %d %s", a.status, a.body)
		}
		if a := s.api(tok, "POST", "/api/v1/reseau/reunions/"+id+"/sans-invitation", `{"personne":`+itoa(partnerID)+`}`); a.status != http.StatusUnprocessableEntity {
			t.Fatalf("API walk-in twice: %d %s", a.status, a.body)
		}
		activity := func(want int) {
			t.Helper()
			acts, err := coordinationstore.New(st).List(ctx, scope.OfStructure(ccas), coordinationstore.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, c := range acts {
				if c.Title == "Réunion ouverte" {
					n++
					if c.Participants != want {
						t.Errorf("the meeting's activity counts %d participants, want %d", c.Participants, want)
					}
				}
			}
			if n != 1 {
				t.Fatalf("%d coordination activities for the meeting", n)
			}
		}
		activity(7)
		view := s.do(coord, "GET", page, nil)
		for _, want := range []string{"7 participants", "Venus sans invitation", "Jeanne Martin (Conseil départemental)", "CCAS"} {
			if !strings.Contains(view.body, want) {
				t.Errorf("the meeting's page lacks %q", want)
			}
		}

		// Someone noted by mistake is withdrawn: six participants, the same activity.
		var doc struct {
			Meeting struct {
				WalkIns []struct {
					ID   int64  `json:"id"`
					Name string `json:"nom"`
				} `json:"sans_invitation"`
			} `json:"reunion"`
		}
		if err := json.Unmarshal([]byte(a.body), &doc); err != nil || len(doc.Meeting.WalkIns) != 3 {
			t.Fatalf("walk-ins: %v %s", err, a.body)
		}
		var outsider int64
		for _, w := range doc.Meeting.WalkIns {
			if w.Name == "Jeanne Martin" {
				outsider = w.ID
			}
		}
		if r := s.do(coord, "POST", page+"/sans-invitation/"+itoa(outsider)+"/retirer", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("withdrawal: %d\n%.2000s", r.status, r.body)
		}
		activity(6)
		if a := s.api(tok, "DELETE", "/api/v1/reseau/reunions/"+id+"/sans-invitation/"+itoa(outsider), ""); a.status != http.StatusNotFound {
			t.Errorf("API withdrawal twice: %d %s", a.status, a.body)
		}
		var journaled int
		if err := st.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM journal WHERE structure_id = $1 AND what LIKE 'Venue sans invitation%'", ccas).Scan(&journaled); err != nil {
			t.Fatal(err)
		}
		if journaled != 4 {
			t.Errorf("%d journal lines for the walk-ins, want 4", journaled)
		}

		// A cancelled meeting takes none, on the page nor through the API.
		day := s.clock.Now().In(frtime.Paris).AddDate(0, 0, 2).Format("02/01/2006")
		meetingForm.Set("titre", "Réunion annulée")
		meetingForm.Set("date", day)
		r = s.do(coord, "POST", "/espace/reseau/reunions", meetingForm)
		cancelled := r.header.Get("Location")
		if r := s.do(coord, "POST", cancelled+"/annuler", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("cancellation: %d", r.status)
		}
		if r := s.do(coord, "POST", cancelled+"/sans-invitation", url.Values{"structure_venue": {itoa(ccas)}, "personnes_venues": {"2"}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "La réunion a été annulée") {
			t.Fatalf("walk-in at a cancelled meeting: %d\n%.2000s", r.status, r.body)
		}
		if a := s.api(tok, "POST", "/api/v1/reseau/reunions/"+strings.TrimPrefix(cancelled, "/espace/reseau/reunions/")+"/sans-invitation", `{"nom":"Paul","organisme":"CAF"}`); a.status != http.StatusConflict {
			t.Fatalf("API walk-in at a cancelled meeting: %d %s", a.status, a.body)
		}
	})
}
