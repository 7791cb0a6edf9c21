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
	"github.com/parcours-numerique/parcours/internal/icalendar/icaltest"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMeetingCancelScenario: on the pages, the coordinator withdraws the
// partner invited by name (a confirmation step first), who alone gets the
// cancelling calendar file, then cancels the meeting: « Annulée » in the
// list and on its page, the attendance refused in French, no coordination
// activity. Through the API (responses checked against the document), the
// library is withdrawn from a second meeting, which is then cancelled: the
// partner gets the cancellation, a second one is refused.
func TestMeetingCancelScenario(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newSite(t, st)
		coord, partner := s.login(account.RoleCoordination), s.login(account.RolePartner)
		library, ccas := s.demo.Structures[demo.Library], s.demo.Structures[demo.CCAS]
		partnerID := s.demo.Users[account.RolePartner]
		cancellations := func() []notify.Message {
			t.Helper()
			msgs, _, err := st.ListMessages(ctx, scope.OfStructure(ccas), store.MessageFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []notify.Message
			for _, m := range msgs {
				if m.Kind == notify.MeetingInvitation && strings.Contains(m.ICS, "METHOD:CANCEL") {
					out = append(out, m)
					p := icaltest.Parse(t, []byte(m.ICS))
					if p.Method != "CANCEL" || len(p.Events) != 1 || p.Events[0].Status != "CANCELLED" || len(p.Events[0].Attendees) != 1 ||
						p.Events[0].Attendees[0] != "mailto:"+m.To || !strings.HasPrefix(p.Events[0].UID, "reunion-") {
						t.Errorf("cancelling file to %s: %+v", m.To, p)
					}
				}
			}
			return out
		}

		day := s.clock.Now().In(frtime.Paris).AddDate(0, 0, 2).Format("02/01/2006")
		r := s.do(coord, "POST", "/espace/reseau/reunions", url.Values{"titre": {"Réunion à annuler"}, "date": {day}, "debut": {"10:00"}, "fin": {"12:00"},
			"lieu_texte": {"Salle du conseil"}, "type_animation": {"reunion_coordination"}, "structures": {itoa(library)}, "personnes": {itoa(partnerID)}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("meeting: %d\n%.2000s", r.status, r.body)
		}
		page := r.header.Get("Location")

		// Withdrawing the partner: the page asks first, then she alone is told.
		view := s.do(coord, "GET", page, nil)
		if !strings.Contains(view.body, page+"/annuler") || !strings.Contains(view.body, page+"/retirer?structure=") {
			t.Fatalf("the meeting's page lacks the cancel and withdraw links:\n%.3000s", view.body)
		}
		if r := s.do(partner, "GET", page+"/annuler", nil); r.status != http.StatusForbidden {
			t.Errorf("the invited partner opens the cancellation: %d", r.status)
		}
		var withdraw string
		for _, l := range strings.Split(view.body, `href="`) {
			if strings.HasPrefix(l, page+"/retirer?") && strings.Contains(l[:strings.Index(l, `"`)], "personne="+itoa(partnerID)) {
				withdraw = strings.ReplaceAll(l[:strings.Index(l, `"`)], "&amp;", "&")
			}
		}
		confirm := s.do(coord, "GET", withdraw, nil)
		if confirm.status != 200 || !strings.Contains(confirm.body, "des invités ?") || !strings.Contains(confirm.body, `name="personne" value="`+itoa(partnerID)+`"`) {
			t.Fatalf("withdrawal confirmation %q: %d\n%.3000s", withdraw, confirm.status, confirm.body)
		}
		q, _ := url.ParseQuery(withdraw[strings.Index(withdraw, "?")+1:])
		if n := len(cancellations()); n != 0 {
			t.Fatalf("%d cancellations before confirming", n)
		}
		r = s.do(coord, "POST", page+"/retirer", url.Values{"structure": {q.Get("structure")}, "personne": {q.Get("personne")}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("withdrawal: %d\n%.2000s", r.status, r.body)
		}
		if c := cancellations(); len(c) != 1 || c[0].To != demo.Email(account.RolePartner) || c[0].Subject != "Invitation retirée : Réunion à annuler" {
			t.Fatalf("cancellations after the withdrawal: %+v", c)
		}
		if r := s.do(partner, "GET", page, nil); r.status != http.StatusNotFound {
			t.Errorf("the withdrawn partner reads the meeting: %d", r.status)
		}

		// Cancelling the meeting.
		if r := s.do(coord, "GET", page+"/annuler", nil); r.status != 200 || !strings.Contains(r.body, "Annuler la réunion ?") {
			t.Fatalf("cancellation confirmation: %d", r.status)
		}
		if r := s.do(coord, "POST", page+"/annuler", url.Values{}); r.status != http.StatusSeeOther {
			t.Fatalf("cancellation: %d\n%.2000s", r.status, r.body)
		}
		for _, p := range []string{page, "/espace/reseau/reunions"} {
			if r := s.do(coord, "GET", p, nil); !strings.Contains(r.body, "Annulée") {
				t.Errorf("%s does not show the meeting cancelled", p)
			}
		}
		if r := s.do(coord, "POST", page+"/annuler", url.Values{}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "La réunion est annulée") {
			t.Errorf("cancelled twice: %d", r.status)
		}
		r = s.do(coord, "POST", page+"/presences", url.Values{"personnes_" + itoa(library): {"3"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "La réunion a été annulée : elle ne prend pas de présences") {
			t.Fatalf("attendance of the cancelled meeting: %d\n%.2000s", r.status, r.body)
		}
		acts, err := coordinationstore.New(st).List(ctx, scope.OfStructure(ccas), coordinationstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range acts {
			if c.Title == "Réunion à annuler" {
				t.Errorf("a cancelled meeting counts as an activity: %+v", c)
			}
		}

		// Through the API.
		tok := s.token(account.RoleCoordination, ccas)
		date := s.clock.Now().In(frtime.Paris).AddDate(0, 0, 3).Format("2006-01-02")
		a := s.api(tok, "POST", "/api/v1/reseau/reunions", `{"titre":"Autre réunion","date":"`+date+`","debut":"14:00","fin":"15:00","lieu_texte":"Salle",`+
			`"structures":[`+itoa(library)+`],"personnes":[`+itoa(partnerID)+`]}`)
		if a.status != http.StatusCreated {
			t.Fatalf("API meeting: %d %s", a.status, a.body)
		}
		var created struct {
			Meeting struct {
				ID int64 `json:"id"`
			} `json:"reunion"`
		}
		if err := json.Unmarshal([]byte(a.body), &created); err != nil {
			t.Fatal(err)
		}
		id := itoa(created.Meeting.ID)
		a = s.api(tok, "DELETE", "/api/v1/reseau/reunions/"+id+"/invitations/"+itoa(library)+"/0", "")
		if a.status != 200 || !strings.Contains(a.body, `"annulations_envoyees":0`) || strings.Contains(a.body, `"nom_structure":"`+"Médiathèque") {
			t.Fatalf("API withdrawal: %d %s", a.status, a.body)
		}
		if a := s.api(tok, "DELETE", "/api/v1/reseau/reunions/"+id+"/invitations/"+itoa(library)+"/0", ""); a.status != 404 {
			t.Errorf("API withdrawal twice: %d %s", a.status, a.body)
		}
		a = s.api(tok, "POST", "/api/v1/reseau/reunions/"+id+"/annulation", "")
		if a.status != 200 || !strings.Contains(a.body, `"annulee":true`) || !strings.Contains(a.body, `"annulations_envoyees":1`) {
			t.Fatalf("API cancellation: %d %s", a.status, a.body)
		}
		if c := cancellations(); len(c) != 2 || c[0].Subject != "Réunion annulée : Autre réunion" || c[0].To != demo.Email(account.RolePartner) {
			t.Fatalf("cancellations after the API: %+v", c)
		}
		if a := s.api(tok, "POST", "/api/v1/reseau/reunions/"+id+"/annulation", ""); a.status != http.StatusConflict {
			t.Errorf("API cancellation twice: %d %s", a.status, a.body)
		}
	})
}
