package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/coordinationstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

// TestMeetingScenario: the coordinator plans a meeting (errors next to
// the fields, nothing typed lost), invites the library and the France
// Services partner by name (who gets the e-mail with its calendar file),
// the partner reads it, a structure of another territory sees nothing; the
// coordinator records the attendance twice (the page, then the API): one
// coordination activity, updated; the minutes and a decision are printed
// as a PDF the partner downloads.
func TestMeetingScenario(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newSite(t, st)
		coord, partner := s.login(account.RoleCoordination), s.login(account.RolePartner)
		library, ccas := s.demo.Structures[demo.Library], s.demo.Structures[demo.CCAS]

		// A structure of another territory, with its coordinator.
		away := structure.Territory{Name: "Territoire d'ailleurs", CommuneCodes: []string{"33063"}}
		if err := st.CreateTerritory(ctx, &away, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		elsewhere := storetest.Structure(t, st, "CCAS d'ailleurs", away.ID, s.clock.Now())
		if err := st.SetTerritoryCoordinator(ctx, away.ID, elsewhere.ID); err != nil {
			t.Fatal(err)
		}
		awayUser, err := st.CreateUser(ctx, account.NewUser{Email: "coord@ailleurs.fr", Name: "Coordinatrice d'ailleurs", StructureID: elsewhere.ID, Role: account.RoleCoordination}, "", s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		outsider := s.loginUser(awayUser)

		day := s.clock.Now().In(frtime.Paris).AddDate(0, 0, 1).Format("02/01/2006")
		f := url.Values{"titre": {"Réunion des partenaires"}, "date": {day}, "debut": {"10:00"}, "fin": {"9:00"}, "lieu_texte": {""},
			"ordre_du_jour": {"1. Tour de table"}, "type_animation": {"reunion_coordination"},
			"structures": {itoa(library)}, "personnes": {itoa(s.demo.Users[account.RolePartner])}}
		r := s.do(coord, "POST", "/espace/reseau/reunions", f)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="fin-error"`) || !strings.Contains(r.body, `id="lieu_texte-error"`) ||
			!strings.Contains(r.body, "L'heure de fin doit être après l'heure de début.") || !strings.Contains(r.body, "1. Tour de table") {
			t.Fatalf("wrong meeting: %d\n%.3000s", r.status, r.body)
		}
		f.Set("fin", "12:00")
		f.Set("lieu_texte", "Salle du conseil")
		r = s.do(coord, "POST", "/espace/reseau/reunions", f)
		if r.status != http.StatusSeeOther {
			t.Fatalf("meeting: %d\n%.3000s", r.status, r.body)
		}
		page := r.header.Get("Location")
		id := strings.TrimPrefix(page, "/espace/reseau/reunions/")

		// The partner, invited by name, gets the invitation with its calendar file.
		msgs, _, err := st.ListMessages(ctx, scope.OfStructure(ccas), store.MessageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var invitations int
		for _, m := range msgs {
			if m.Kind == notify.MeetingInvitation {
				invitations++
				if m.To != demo.Email(account.RolePartner) || !strings.Contains(m.ICS, "SUMMARY:Réunion des partenaires") {
					t.Errorf("invitation to %s:\n%s", m.To, m.ICS)
				}
			}
		}
		if invitations != 1 {
			t.Fatalf("%d invitations in the outbox", invitations)
		}

		for _, c := range []struct {
			name   string
			client *http.Client
			status int
		}{{"partner", partner, 200}, {"coordinator", coord, 200}, {"other territory", outsider, 404}} {
			if r := s.do(c.client, "GET", page, nil); r.status != c.status || (c.status == 200 && !strings.Contains(r.body, "Réunion des partenaires")) {
				t.Errorf("%s reads the meeting: %d", c.name, r.status)
			}
			list := s.do(c.client, "GET", "/espace/reseau/reunions", nil)
			if list.status != 200 || strings.Contains(list.body, "Réunion des partenaires") != (c.status == 200) {
				t.Errorf("%s's list: %d", c.name, list.status)
			}
		}
		if r := s.do(outsider, "GET", page+"/presences", nil); r.status != 404 {
			t.Errorf("another territory's coordinator opens the attendance: %d", r.status)
		}

		// Attendance is recorded once the meeting has begun: the meeting took
		// place the day before, as its edited date says. Recorded twice, one activity.
		if r := s.do(coord, "POST", page+"/presences", url.Values{"personnes_" + itoa(library): {"3"}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, "La réunion n'a pas encore eu lieu") {
			t.Fatalf("attendance before the meeting: %d", r.status)
		}
		f.Set("date", s.clock.Now().In(frtime.Paris).AddDate(0, 0, -1).Format("02/01/2006"))
		if r := s.do(coord, "POST", page, f); r.status != http.StatusSeeOther {
			t.Fatalf("meeting moved to yesterday: %d\n%.2000s", r.status, r.body)
		}
		if r := s.do(coord, "POST", page+"/presences", url.Values{"personnes_" + itoa(library): {"trois"}}); r.status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.body, `id="personnes_`+itoa(library)+`-error"`) {
			t.Fatalf("attendance not a number: %d %s\n%.2000s", r.status, r.header.Get("Location"), r.body)
		}
		if r := s.do(coord, "POST", page+"/presences", url.Values{"personnes_" + itoa(library): {"3"}, "presents": {itoa(s.demo.Users[account.RolePartner])}}); r.status != http.StatusSeeOther {
			t.Fatalf("attendance: %d\n%.2000s", r.status, r.body)
		}
		tok := s.token(account.RoleCoordination, ccas)
		a := s.api(tok, "PUT", "/api/v1/reseau/reunions/"+id+"/presences", `{"structures":[{"structure":`+itoa(library)+`,"personnes":5}],"presents":[`+itoa(s.demo.Users[account.RolePartner])+`]}`)
		if a.status != 200 || !strings.Contains(a.body, `"participants":6`) || !strings.Contains(a.body, `"type_animation":"reunion_coordination"`) {
			t.Fatalf("API attendance: %d %s", a.status, a.body)
		}
		acts, err := coordinationstore.New(st).List(ctx, scope.OfStructure(ccas), coordinationstore.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range acts {
			if c.Title == "Réunion des partenaires" {
				n++
				if c.Participants != 6 || c.Duration != 120 || c.AnimationType != "reunion_coordination" || c.AuthorID != s.demo.Users[account.RoleCoordination] {
					t.Errorf("activity: %+v", c)
				}
			}
		}
		if n != 1 {
			t.Fatalf("%d coordination activities for the meeting", n)
		}
		if r := s.do(coord, "GET", "/espace/coordination/activites", nil); !strings.Contains(r.body, "Réunion des partenaires") {
			t.Error("the meeting is not in the coordinator's activities")
		}

		// Minutes and a decision, printed for the partner.
		r = s.do(coord, "POST", page+"/compte-rendu", url.Values{"compte_rendu": {"Tour de table des partenaires."},
			"decision_0": {"Publier le calendrier des permanences"}, "structure_0": {itoa(library)}, "echeance_0": {"pas une date"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="echeance_0-error"`) || !strings.Contains(r.body, "Publier le calendrier des permanences") {
			t.Fatalf("minutes with a wrong date: %d\n%.2000s", r.status, r.body)
		}
		r = s.do(coord, "POST", page+"/compte-rendu", url.Values{"compte_rendu": {"Tour de table des partenaires."},
			"decision_0": {"Publier le calendrier des permanences"}, "structure_0": {itoa(library)}, "echeance_0": {""}, "decision_1": {""}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("minutes: %d\n%.2000s", r.status, r.body)
		}
		pdf := s.do(partner, "GET", page+"/compte-rendu.pdf", nil)
		if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("minutes PDF: %d %s", pdf.status, pdf.header.Get("Content-Type"))
		}
		if text := pdfText(t, []byte(pdf.body)); text != "" && (!strings.Contains(text, "Publier le calendrier des permanences") || !strings.Contains(text, "6 participants")) {
			t.Errorf("minutes PDF text:\n%s", text)
		}
		if r := s.do(outsider, "GET", page+"/compte-rendu.pdf", nil); r.status != 404 {
			t.Errorf("another territory prints the minutes: %d", r.status)
		}
		if r := s.api(tok, "GET", "/api/v1/reseau/reunions/"+id, ""); r.status != 200 || !strings.Contains(r.body, `"texte":"Publier le calendrier des permanences"`) {
			t.Errorf("API meeting: %d %s", r.status, r.body)
		}

		// The next letter announces the month's permanences of the territory
		// and the committee planned in ten days, not the past meeting.
		r = s.do(coord, "POST", "/espace/reseau/lettres", url.Values{})
		if r.status != http.StatusSeeOther {
			t.Fatalf("letter: %d", r.status)
		}
		letter := s.do(coord, "GET", r.header.Get("Location"), nil)
		for _, want := range []string{"Permanences du mois à venir", "Prochaine :", "Réunions du réseau", "Comité des acteurs du numérique"} {
			if !strings.Contains(letter.body, want) {
				t.Errorf("the letter lacks %q", want)
			}
		}
		if strings.Contains(letter.body, "Réunion des partenaires") {
			t.Error("the letter announces a past meeting")
		}
	})
}
