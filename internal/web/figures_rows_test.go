package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

var rowsLinkRE = regexp.MustCompile(`href="(/espace/activites\?[^"]*)"`)

// rowsLink returns the dashboard's link to the sessions of one bar.
func rowsLink(t *testing.T, body, breakdown, key string) string {
	t.Helper()
	for _, m := range rowsLinkRE.FindAllStringSubmatch(body, -1) {
		u := html.UnescapeString(m[1])
		if strings.Contains(u, "tableau="+breakdown+"&") && strings.HasSuffix(u, "valeur="+key) || strings.Contains(u, "valeur="+key+"&") && strings.Contains(u, "tableau="+breakdown) {
			return u
		}
	}
	return ""
}

// TestDashboardFiguresLinkToTheirRows: a bar of the dashboard (a theme, a
// type, a duration…) links to the activity list narrowed to the sessions it
// counts, the dashboard's filters kept; a hidden small count links nowhere;
// the public page links to no row — on both databases.
func TestDashboardFiguresLinkToTheirRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(0, 0, -1).Format("2006-01-02")
		for _, theme := range []string{"email", "email", "sante"} {
			s.recordOn(med, day, theme)
		}
		dash := s.do(med, "GET", "/espace/tableau-de-bord?du="+day+"&au="+day, nil)
		for _, c := range []struct {
			breakdown, key string
			want           string
		}{
			{"thematique", "email", "2 séances"},
			{"thematique", "sante", "1 séance"},
			{"type", "individuel", "3 séances"},
			{"duree", "30_60", "3 séances"},
			{"canal", "a_distance", "3 séances"},
			{"materiel", "telephone", "3 séances"},
			{"autonomie", "autonome", "3 séances"},
		} {
			link := rowsLink(t, dash.body, c.breakdown, c.key)
			if link == "" || !strings.Contains(link, "du="+day) || !strings.Contains(link, "au="+day) {
				t.Fatalf("%s=%s: no link to its rows with the period (%q)", c.breakdown, c.key, link)
			}
			list := s.do(med, "GET", link, nil)
			if list.status != 200 || !strings.Contains(list.body, ">"+c.want+"<") || !strings.Contains(list.body, "Séances comptées dans un chiffre du tableau de bord") {
				t.Fatalf("%s: %d, want %q\n%.2500s", link, list.status, c.want, list.body)
			}
			// The period form keeps the figure: its hidden fields carry it.
			if !strings.Contains(list.body, `name="tableau" value="`+c.breakdown+`"`) {
				t.Fatalf("%s: the period form drops the figure", link)
			}
		}
		// The dashboard's filters are kept in the links.
		me := s.demo.Users[account.RoleMediation]
		filtered := s.do(med, "GET", "/espace/tableau-de-bord?du="+day+"&au="+day+"&conseiller="+itoa(me), nil)
		if link := rowsLink(t, filtered.body, "thematique", "email"); !strings.Contains(link, "conseiller="+itoa(me)) {
			t.Fatalf("the conseiller filter is not kept: %q", link)
		}
		other := s.do(med, "GET", "/espace/activites?du="+day+"&au="+day+"&tableau=thematique&valeur=email&conseiller=999999", nil)
		if !strings.Contains(other.body, ">0 séance<") {
			t.Fatalf("another conseiller's sessions: %.2000s", other.body)
		}
		if r := s.do(med, "GET", "/espace/activites?tableau=inconnu&valeur=x", nil); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown figure: %d", r.status)
		}

		// The territory's small counts are hidden, and a hidden bar links nowhere.
		coord := s.login(account.RoleCoordination)
		c := s.do(coord, "GET", "/espace/tableau-de-bord?du="+day+"&au="+day, nil)
		if !strings.Contains(c.body, "< 5") || rowsLink(t, c.body, "thematique", "email") != "" {
			t.Fatal("the territory dashboard links a hidden count to its rows")
		}
		// Coordination reads the territory's rows behind a bar, without names.
		if r := s.do(coord, "GET", "/espace/activites?du="+day+"&au="+day+"&tableau=thematique&valeur=email", nil); r.status != 200 || !strings.Contains(r.body, ">2 séances<") {
			t.Fatalf("coordination rows: %d", r.status)
		}
		pub := s.do(s.client(), "GET", "/statistiques?du="+day+"&au="+day, nil)
		if strings.Contains(pub.body, "/espace/activites?") {
			t.Fatal("the public statistics link to staff rows")
		}
	})
}

var referralsLinkRE = regexp.MustCompile(`href="(/espace/orientations\?[^"]*)"`)
var referralsCountRE = regexp.MustCompile(`role="status">(\d+) orientations?<`)

// TestDashboardFunnelLinksToItsReferrals: each bar of a structure's
// orientations funnel (accepted, refused, expired, awaiting), of its
// refusals by reason, of its delays to a decision and of its directions
// (sent, received) links to the referral list narrowed to the same box,
// state, reason or delay and period, which counts as many referrals as the bar;
// the territory's funnel is not one structure's list and links nowhere —
// on both databases.
func TestDashboardFunnelLinksToItsReferrals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		ccas := s.demo.Structures[demo.CCAS]
		// One of the CCAS's open orientations is refused, for two reasons.
		ctx := context.Background()
		var id, receiver int64
		if err := st.Reader().QueryRowContext(ctx, `SELECT id, receiver_structure_id FROM referrals WHERE sender_structure_id = $1 AND state = 'ouverte'
			AND receiver_structure_id IS NOT NULL ORDER BY id LIMIT 1`, ccas).Scan(&id, &receiver); err != nil {
			t.Fatal(err)
		}
		if err := st.DecideReferral(ctx, scope.OfStructure(receiver), id, referral.Decision{Reasons: []string{"indisponible", "non_eligible"}}, 0, "Test", now); err != nil {
			t.Fatal(err)
		}
		r := s.api(s.token(account.RoleMediation, ccas), "GET", "/api/v1/statistiques"+q, "")
		var doc statsDoc
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.status != 200 {
			t.Fatalf("statistics: %d %v", r.status, err)
		}
		want := map[string]int{} // table/code → count
		for _, tb := range doc.Tableaux {
			if tb.Nom != "orientations" && tb.Nom != "orientations_sens" && tb.Nom != "orientations_motifs" && tb.Nom != "orientations_delai" {
				continue
			}
			for _, c := range tb.Cellules {
				if c.Nombre != nil && *c.Nombre > 0 {
					want[tb.Nom+"/"+c.Code] = *c.Nombre
				}
			}
		}
		if want["orientations_sens/envoyees"] == 0 || want["orientations_sens/recues"] == 0 || want["orientations_motifs/non_eligible"] != 1 || len(want) < 8 ||
			want["orientations_delai/1_3j"]+want["orientations_delai/4_7j"] < 2 {
			t.Fatalf("the demo sends and receives orientations in several states: %v", want)
		}
		med := s.login(account.RoleMediation)
		dash := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil)
		got := map[string]int{}
		for _, m := range referralsLinkRE.FindAllStringSubmatch(dash.body, -1) {
			link := html.UnescapeString(m[1])
			u, err := url.Parse(link)
			if err != nil {
				t.Fatal(err)
			}
			key := "orientations_sens/" + u.Query().Get("boite")
			switch uq := u.Query(); {
			case uq.Get("delai") != "":
				key = "orientations_delai/" + uq.Get("delai")
			case uq.Get("motif") != "":
				key = "orientations_motifs/" + uq.Get("motif")
			case uq.Get("etat") != "":
				key = "orientations/" + uq.Get("etat")
			}
			if u.Query().Get("du") == "" || u.Query().Get("au") == "" {
				t.Fatalf("%s: the period is lost", link)
			}
			list := s.do(med, "GET", link, nil)
			c := referralsCountRE.FindStringSubmatch(list.body)
			if list.status != 200 || c == nil {
				t.Fatalf("%s: %d\n%.2000s", link, list.status, list.body)
			}
			got[key], _ = strconv.Atoi(c[1])
			if got[key] != want[key] {
				t.Errorf("%s: the list counts %d orientations, the dashboard %d", link, got[key], want[key])
			}
		}
		for k := range want {
			if _, ok := got[k]; !ok {
				t.Errorf("the bar %s links to no referral list", k)
			}
		}
		// A reason no refusal gave lists none.
		if r := s.do(med, "GET", "/espace/orientations"+q+"&boite=envoyees&etat=refusee&motif=beneficiaire_non_joignable", nil); !strings.Contains(r.body, `role="status">0 orientation<`) {
			t.Fatalf("a reason no refusal gave: %d", r.status)
		}
		// An unknown state or a malformed date is refused, not ignored.
		// A delay no decision took lists none.
		if r := s.do(med, "GET", "/espace/orientations"+q+"&boite=envoyees&delai=plus_7j", nil); want["orientations_delai/plus_7j"] == 0 && !strings.Contains(r.body, `role="status">0 orientation<`) {
			t.Fatalf("a delay no decision took: %d", r.status)
		}
		for _, bad := range []string{"?etat=inconnu", "?du=hier", "?motif=inconnu", "?delai=inconnu", "?delai=8j"} {
			if r := s.do(med, "GET", "/espace/orientations"+bad, nil); r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", bad, r.status)
			}
		}
		coord := s.do(s.login(account.RoleCoordination), "GET", "/espace/tableau-de-bord"+q, nil)
		if coord.status != 200 || referralsLinkRE.MatchString(coord.body) {
			t.Fatalf("the territory's funnel links to a structure's referrals (%d)", coord.status)
		}
	})
}

var personRowsLinkRE = regexp.MustCompile(`href="(/espace/activites\?[^"]*tableau=(genre|age|statut|personnes)[^"]*)">(\d+)<span`)
var accompanimentsRE = regexp.MustCompile(`id="accompagnements">(\d+) accompagnements?<`)
var sessionsRE = regexp.MustCompile(`role="status">(\d+) séances?`)

// TestDashboardPersonFiguresLinkToTheirRows: each bar of the persons
// reached (new, returning, anonymous) and of their gender, age band and
// situation links to the sessions behind it, whose accompaniments (a
// session's person, a workshop's participants) add up to the bar — for a
// structure and for the territory (without names), on both databases.
func TestDashboardPersonFiguresLinkToTheirRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		for _, role := range []account.Role{account.RoleMediation, account.RoleCoordination} {
			who := s.login(role)
			dash := s.do(who, "GET", "/espace/tableau-de-bord"+q, nil)
			seen := map[string]int{}
			workshops := false
			for _, m := range personRowsLinkRE.FindAllStringSubmatch(dash.body, -1) {
				link, dim, want := html.UnescapeString(m[1]), m[2], m[3]
				list := s.do(who, "GET", link, nil)
				c := accompanimentsRE.FindStringSubmatch(list.body)
				if list.status != 200 || c == nil {
					t.Fatalf("%s %s: %d\n%.2500s", role, link, list.status, list.body)
				}
				if c[1] != want {
					t.Errorf("%s %s: the sessions listed count %s accompaniments, the dashboard %s", role, link, c[1], want)
				}
				seen[dim]++
				// A workshop counts its participants: more accompaniments than sessions.
				sessions := sessionsRE.FindStringSubmatch(list.body)
				n, _ := strconv.Atoi(c[1])
				if sessions != nil {
					k, _ := strconv.Atoi(sessions[1])
					workshops = workshops || n > k
				}
			}
			if seen["genre"] == 0 || seen["age"] == 0 || seen["statut"] == 0 || seen["personnes"] == 0 || role == account.RoleMediation && seen["personnes"] < 2 {
				t.Fatalf("%s: the person figures link to their rows: %v", role, seen)
			}
			if !workshops {
				t.Fatalf("%s: no figure counts a workshop's participants", role)
			}
		}
	})
}

var appointmentsLinkRE = regexp.MustCompile(`href="(/espace/agenda/rendez-vous\?[^"]*)">(\d+)<span`)
var appointmentsCountRE = regexp.MustCompile(`role="status">(\d+) rendez-vous<`)

// TestDashboardAppointmentsLinkToTheirRows: each bar of a structure's
// appointments by outcome and by booking (in a permanence or not) links to
// its appointment list narrowed to the same period and outcome or booking,
// which lists as many appointments as the bar; the territory's figures
// link to no structure's agenda — on both databases.
func TestDashboardAppointmentsLinkToTheirRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		med := s.login(account.RoleMediation)
		dash := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil)
		kinds := map[string]int{}
		for _, m := range appointmentsLinkRE.FindAllStringSubmatch(dash.body, -1) {
			link, want := html.UnescapeString(m[1]), m[2]
			list := s.do(med, "GET", link, nil)
			c := appointmentsCountRE.FindStringSubmatch(list.body)
			if list.status != 200 || c == nil {
				t.Fatalf("%s: %d\n%.2000s", link, list.status, list.body)
			}
			if c[1] != want {
				t.Errorf("%s: the list has %s appointments, the dashboard %s", link, c[1], want)
			}
			if strings.Contains(link, "statut=") {
				kinds["statut"]++
			} else {
				kinds["prise"]++
			}
		}
		if kinds["statut"] < 2 || kinds["prise"] == 0 {
			t.Fatalf("the appointments' bars link to their rows: %v", kinds)
		}
		// In a permanence or outside one: the two lists share out the period's appointments.
		count := func(query string) int {
			c := appointmentsCountRE.FindStringSubmatch(s.do(med, "GET", "/espace/agenda/rendez-vous"+query, nil).body)
			if c == nil {
				t.Fatalf("%s: no count", query)
			}
			n, _ := strconv.Atoi(c[1])
			return n
		}
		all := count(q)
		if in, out := count(q+"&prise=permanence"), count(q+"&prise=hors_permanence"); all == 0 || in+out != all || in == 0 {
			t.Fatalf("appointments: %d in a permanence, %d outside, %d in all", in, out, all)
		}
		for _, bad := range []string{"?du=x&au=2026-01-01", "?du=2026-01-01&au=2026-01-31&statut=inconnu", "?du=2026-01-01&au=2026-01-31&prise=ailleurs"} {
			if r := s.do(med, "GET", "/espace/agenda/rendez-vous"+bad, nil); r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", bad, r.status)
			}
		}
		coord := s.do(s.login(account.RoleCoordination), "GET", "/espace/tableau-de-bord"+q, nil)
		if coord.status != 200 || appointmentsLinkRE.MatchString(coord.body) {
			t.Fatalf("the territory's appointments link to a structure's agenda (%d)", coord.status)
		}
	})
}

var workshopsLinkRE = regexp.MustCompile(`href="(/espace/ateliers/seances\?[^"]*)">(\d+)<span`)
var workshopsCountRE = regexp.MustCompile(`role="status">(\d+) séances?<`)

// TestDashboardWorkshopsLinkToTheirRows: the workshop figures of a
// structure link to its workshop sessions of the period: a fill bucket to
// the sessions of that bucket (as many), the places, waiting list and
// attendance to the sessions whose totals are the figures; the territory's
// link to no structure's sessions — on both databases.
func TestDashboardWorkshopsLinkToTheirRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		ccas := s.demo.Structures[demo.CCAS]
		r := s.api(s.token(account.RoleMediation, ccas), "GET", "/api/v1/statistiques"+q, "")
		var doc statsDoc
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.status != 200 {
			t.Fatalf("statistics: %d %v", r.status, err)
		}
		cells := map[string]map[string]int{} // table → code → count
		for _, tb := range doc.Tableaux {
			cells[tb.Nom] = map[string]int{}
			for _, c := range tb.Cellules {
				if c.Nombre != nil {
					cells[tb.Nom][c.Code] = *c.Nombre
				}
			}
		}
		med := s.login(account.RoleMediation)
		dash := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil)
		links := workshopsLinkRE.FindAllStringSubmatch(dash.body, -1)
		fills, whole := 0, ""
		for _, m := range links {
			link, want := html.UnescapeString(m[1]), m[2]
			u, _ := url.Parse(link)
			fill := u.Query().Get("remplissage")
			if fill == "" {
				whole = link
				continue
			}
			list := s.do(med, "GET", link, nil)
			c := workshopsCountRE.FindStringSubmatch(list.body)
			if list.status != 200 || c == nil || c[1] != want {
				t.Fatalf("%s: %d, %v sessions, the dashboard %s", link, list.status, c, want)
			}
			fills++
		}
		if fills == 0 || whole == "" {
			t.Fatalf("the workshop figures link to their sessions: %d fill links, %q", fills, whole)
		}
		page := s.do(med, "GET", whole, nil).body
		total := func(col string) int {
			m := regexp.MustCompile(`data-total="` + col + `">(\d+)<`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("no total %s:\n%.3000s", col, page)
			}
			n, _ := strconv.Atoi(m[1])
			return n
		}
		for _, c := range []struct{ table, code, col string }{
			{"ateliers_places", "prises", "prises"}, {"ateliers_places", "libres", "libres"}, {"ateliers_attente", "attente", "attente"},
			{"ateliers_presence", "presents", "presents"}, {"ateliers_presence", "absents", "absents"}, {"ateliers_presence", "sans_inscription", "sans_inscription"},
		} {
			if got := total(c.col); got != cells[c.table][c.code] {
				t.Errorf("%s/%s: the sessions add up to %d, the dashboard %d", c.table, c.code, got, cells[c.table][c.code])
			}
		}
		n := 0
		for _, v := range cells["ateliers_remplissage"] {
			n += v
		}
		if c := workshopsCountRE.FindStringSubmatch(page); c == nil || c[1] != strconv.Itoa(n) || n == 0 {
			t.Fatalf("the period's sessions: %v, the dashboard %d", c, n)
		}
		if r := s.do(med, "GET", "/espace/ateliers/seances?remplissage=plein", nil); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown fill: %d", r.status)
		}
		coord := s.do(s.login(account.RoleCoordination), "GET", "/espace/tableau-de-bord"+q, nil)
		if coord.status != 200 || workshopsLinkRE.MatchString(coord.body) {
			t.Fatalf("the territory's workshops link to a structure's sessions (%d)", coord.status)
		}
	})
}

var evaluationsLinkRE = regexp.MustCompile(`href="(/espace/evaluations\?[^"]*)">(\d+)<span`)
var evaluationsCountRE = regexp.MustCompile(`role="status">(\d+) évaluations?<`)

// TestDashboardEvaluationsLinkToTheirRows: each bar of a structure's
// evaluations (first ones, re-evaluations more, as or less autonomous)
// links to its evaluations of the period of that kind, as many as the bar;
// the territory's link to no structure's evaluations — on both databases.
func TestDashboardEvaluationsLinkToTheirRows(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		// A person of the CCAS is evaluated again, with every answer yes.
		ctx, ccas := context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS])
		var id int64
		if err := st.Reader().QueryRowContext(ctx, "SELECT MAX(id) FROM evaluations WHERE structure_id = $1", s.demo.Structures[demo.CCAS]).Scan(&id); err != nil {
			t.Fatal(err)
		}
		e, err := st.Evaluation(ctx, ccas, id)
		if err != nil {
			t.Fatal(err)
		}
		for i := range e.Answers {
			e.Answers[i] = true
		}
		e.ID = 0
		e.Compute(now)
		if err := st.CreateEvaluation(ctx, ccas, &e, journal.Entry{Action: journal.Create, What: "Réévaluation"}, now); err != nil {
			t.Fatal(err)
		}
		med := s.login(account.RoleMediation)
		dash := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil)
		sum := 0
		kinds := 0
		for _, m := range evaluationsLinkRE.FindAllStringSubmatch(dash.body, -1) {
			link, want := html.UnescapeString(m[1]), m[2]
			list := s.do(med, "GET", link, nil)
			c := evaluationsCountRE.FindStringSubmatch(list.body)
			if list.status != 200 || c == nil || c[1] != want {
				t.Fatalf("%s: %d, %v evaluations, the dashboard %s", link, list.status, c, want)
			}
			n, _ := strconv.Atoi(want)
			sum += n
			kinds++
		}
		if kinds < 2 {
			t.Fatalf("the evaluation figures link to their rows: %d links", kinds)
		}
		all := evaluationsCountRE.FindStringSubmatch(s.do(med, "GET", "/espace/evaluations"+q, nil).body)
		if all == nil || all[1] != strconv.Itoa(sum) {
			t.Fatalf("the period's evaluations: %v, the bars add up to %d", all, sum)
		}
		if r := s.do(med, "GET", "/espace/evaluations?evolution=autre", nil); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("an unknown kind: %d", r.status)
		}
		coord := s.do(s.login(account.RoleCoordination), "GET", "/espace/tableau-de-bord"+q, nil)
		if coord.status != 200 || evaluationsLinkRE.MatchString(coord.body) {
			t.Fatalf("the territory's evaluations link to a structure's (%d)", coord.status)
		}
	})
}

var rankLinkRE = regexp.MustCompile(`href="(/espace/activites\?[^"]*tableau=autonomie_seances[^"]*)">(\d+)<span`)

// TestDashboardAutonomyRanksLinkToTheirSessions: each cell of the autonomy
// reached by the rank of the session (1st, 2nd, 3rd, 4th and following of
// a followed person) links to the sessions it counts, as many as the cell:
// for a structure, for the territory (without names) and for one structure
// of the territory, whose sessions are ranked within it; an unknown rank
// or autonomy is refused — on both databases.
func TestDashboardAutonomyRanksLinkToTheirSessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		ccas := s.demo.Structures[demo.CCAS]
		med, coord := s.login(account.RoleMediation), s.login(account.RoleCoordination)
		for _, c := range []struct {
			who   *http.Client
			query string
			min   int
		}{{med, q, 2}, {coord, q, 1}, {coord, q + "&structure=" + itoa(ccas), 1}} {
			dash := s.do(c.who, "GET", "/espace/tableau-de-bord"+c.query, nil)
			links := rankLinkRE.FindAllStringSubmatch(dash.body, -1)
			if len(links) < c.min {
				t.Fatalf("%s: %d cells of autonomy by rank link to their sessions", c.query, len(links))
			}
			ranks := map[string]bool{}
			for _, m := range links {
				link, want := html.UnescapeString(m[1]), m[2]
				u, _ := url.Parse(link)
				if u.Query().Get("du") == "" || strings.Contains(c.query, "structure=") != (u.Query().Get("structure") != "") {
					t.Fatalf("%s: the dashboard's filters are not kept", link)
				}
				list := s.do(c.who, "GET", link, nil)
				n := sessionsRE.FindStringSubmatch(list.body)
				if list.status != 200 || n == nil || n[1] != want || !strings.Contains(list.body, "rang de la séance et autonomie atteinte : ") {
					t.Fatalf("%s: %d, %v sessions, the dashboard %s\n%.2000s", link, list.status, n, want, list.body)
				}
				rank, _, _ := strings.Cut(u.Query().Get("valeur"), ":")
				ranks[rank] = true
			}
			if c.who == med && len(ranks) < 2 {
				t.Fatalf("the demo's sessions have several ranks: %v", ranks)
			}
		}
		for _, bad := range []string{"5:autonome", "1:inconnu", "1", "4+:"} {
			if r := s.do(med, "GET", "/espace/activites"+q+"&tableau=autonomie_seances&valeur="+url.QueryEscape(bad), nil); r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", bad, r.status)
			}
		}
	})
}

var pairLinkRE = regexp.MustCompile(`href="(/espace/tableau-de-bord/orientations\?[^"]*)">(\d+)<span`)

// TestDashboardPartnerPairsLinkToTheirReferrals: each shown cell of the
// territory's orientations between partners links to the orientations
// from the one to the other created in the period, as many as the cell,
// listed without the persons' names; a
// structure's dashboard has no such cells and cannot open them; a pair not
// named as a number is refused — on both databases.
func TestDashboardPartnerPairsLinkToTheirReferrals(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now()
		q := "?du=" + now.AddDate(-1, 0, 0).Format("2006-01-02") + "&au=" + now.AddDate(1, 0, 0).Format("2006-01-02")
		ctx := context.Background()
		// Five more orientations from the CCAS to one partner: a cell shown to coordination.
		ccas := s.demo.Structures[demo.CCAS]
		var id int64
		if err := st.Reader().QueryRowContext(ctx, `SELECT id FROM referrals WHERE sender_structure_id = $1 AND receiver_structure_id IS NOT NULL
			AND person_id IS NOT NULL ORDER BY id LIMIT 1`, ccas).Scan(&id); err != nil {
			t.Fatal(err)
		}
		ref, err := st.Referral(ctx, scope.OfStructure(ccas), id)
		if err != nil {
			t.Fatal(err)
		}
		receiver := ref.ReceiverStructureID
		first, last, _ := strings.Cut(ref.PersonName, " ")
		for i := 0; i < 5; i++ {
			r := ref
			r.ID, r.Events, r.State, r.RefusalReasons, r.ClosedAt = 0, nil, referral.Open, nil, time.Time{}
			if err := st.CreateReferral(ctx, scope.OfStructure(ccas), store.NewReferral{Referral: &r, Who: "Test",
				Journal: journal.Entry{Action: journal.Create, What: "Orientation"}}, now.Add(-time.Duration(i+1)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		coord := s.login(account.RoleCoordination)
		for _, query := range []string{q, q + "&structure=" + itoa(ccas)} {
			dash := s.do(coord, "GET", "/espace/tableau-de-bord"+query, nil)
			links := pairLinkRE.FindAllStringSubmatch(dash.body, -1)
			if len(links) == 0 {
				t.Fatalf("%s: no pair of partners links to its orientations", query)
			}
			found := false
			for _, m := range links {
				link, want := html.UnescapeString(m[1]), m[2]
				u, _ := url.Parse(link)
				if strings.Contains(query, "structure=") != (u.Query().Get("structure") != "") {
					t.Fatalf("%s: the structure filter is not kept", link)
				}
				found = found || u.Query().Get("de") == itoa(ccas) && u.Query().Get("vers") == itoa(receiver)
				list := s.do(coord, "GET", link, nil)
				c := referralsCountRE.FindStringSubmatch(list.body)
				if list.status != 200 || c == nil || c[1] != want {
					t.Fatalf("%s: %d, %v orientations, the dashboard %s\n%.2000s", link, list.status, c, want, list.body)
				}
				if strings.Contains(list.body, last) || strings.Contains(list.body, first+" ") {
					t.Fatalf("%s: a person's name is shown to coordination", link)
				}
			}
			if !found {
				t.Fatalf("%s: the CCAS's orientations to its partner link nowhere", query)
			}
		}
		for _, bad := range []string{q + "&de=x&vers=1", q + "&de=1&vers=", "?de=1&vers=2&du=hier"} {
			if r := s.do(coord, "GET", "/espace/tableau-de-bord/orientations"+bad, nil); r.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", bad, r.status)
			}
		}
		med := s.login(account.RoleMediation)
		if r := s.do(med, "GET", "/espace/tableau-de-bord/orientations"+q+"&de="+itoa(ccas)+"&vers="+itoa(receiver), nil); r.status != http.StatusForbidden {
			t.Fatalf("a structure opens the territory's pairs: %d", r.status)
		}
		if r := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil); pairLinkRE.MatchString(r.body) {
			t.Fatal("a structure's dashboard links to the territory's pairs")
		}
	})
}
