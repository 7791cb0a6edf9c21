package web_test

import (
	"context"
	"encoding/json"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

type statsDoc struct {
	Seuil    int `json:"seuil_secret_statistique"`
	Tableaux []struct {
		Nom      string `json:"nom"`
		Total    *int   `json:"total"`
		Cellules []struct {
			Code   string `json:"code"`
			Nombre *int   `json:"nombre"`
			Masque bool   `json:"masque"`
		} `json:"cellules"`
	} `json:"tableaux"`
}

// TestDashboardSections: the orientations funnel, the autonomy over time,
// the workshops and the appointments are counted from the demo's rows
// (their totals match the rows in the store), shown as charts with their
// tables, in the bilan and in the statistics API; the territory's are
// small-cell protected — on both databases.
func TestDashboardSections(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		now := s.clock.Now().In(frtime.Paris)
		from, to := now.AddDate(-1, 0, 0), now.AddDate(1, 0, 0)
		q := "?du=" + from.Format("2006-01-02") + "&au=" + to.Format("2006-01-02")
		lo := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, frtime.Paris)
		hi := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, frtime.Paris).AddDate(0, 0, 1)
		ccas := s.demo.Structures[demo.CCAS]
		sent := countRows(t, st, "SELECT created_at FROM referrals WHERE sender_structure_id = $1", ccas, lo, hi)
		appts := countRows(t, st, "SELECT start_at FROM appointments WHERE structure_id = $1", ccas, lo, hi)
		evals := countRows(t, st, "SELECT created_at FROM evaluations WHERE structure_id = $1", ccas, lo, hi)
		var sessions int
		if err := st.Reader().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM activities WHERE structure_id = $1 AND type = 'individuel'
			AND person_id IS NOT NULL AND autonomie <> '' AND date >= $2 AND date <= $3`, ccas, from.Format("2006-01-02"), to.Format("2006-01-02")).Scan(&sessions); err != nil {
			t.Fatal(err)
		}
		if sent == 0 || appts == 0 || evals == 0 || sessions == 0 {
			t.Fatalf("the demo has orientations, appointments, evaluations, sessions of followed persons: %d %d %d %d", sent, appts, evals, sessions)
		}

		ccasToken := s.token(account.RoleMediation, ccas)
		r := s.api(ccasToken, "GET", "/api/v1/statistiques"+q, "")
		var doc statsDoc
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || r.status != 200 {
			t.Fatalf("statistics: %d %v", r.status, err)
		}
		totals := map[string]int{}
		sums := map[string]int{}
		for _, tb := range doc.Tableaux {
			if tb.Total != nil {
				totals[tb.Nom] = *tb.Total
			}
			for _, c := range tb.Cellules {
				if c.Nombre != nil {
					sums[tb.Nom] += *c.Nombre
				}
			}
		}
		for _, name := range []string{"orientations", "orientations_motifs", "orientations_delai", "orientations_sens", "autonomie_evaluations", "autonomie_seances",
			"ateliers_remplissage", "ateliers_places", "ateliers_attente", "ateliers_presence", "rendez_vous", "rendez_vous_permanence"} {
			if _, ok := totals[name]; !ok {
				t.Errorf("no table %s in the statistics", name)
			}
		}
		if totals["orientations"] != sent || sums["orientations"] != sent || totals["rendez_vous"] != appts || sums["rendez_vous"] != appts || sums["rendez_vous_permanence"] != appts {
			t.Fatalf("orientations %d/%d of %d, appointments %d/%d of %d", totals["orientations"], sums["orientations"], sent, totals["rendez_vous"], sums["rendez_vous"], appts)
		}

		if totals["autonomie_evaluations"] != evals || sums["autonomie_evaluations"] != evals || totals["autonomie_seances"] != sessions || sums["autonomie_seances"] != sessions {
			t.Fatalf("evaluations %d/%d of %d, sessions by rank %d/%d of %d", totals["autonomie_evaluations"], sums["autonomie_evaluations"], evals,
				totals["autonomie_seances"], sums["autonomie_seances"], sessions)
		}

		med := s.login(account.RoleMediation)
		page := s.do(med, "GET", "/espace/tableau-de-bord"+q, nil)
		for _, want := range []string{"Orientations envoyées : ce qu'elles sont devenues", "Total (orientations)", "Rendez-vous selon leur issue", "Orientations entre partenaires"} {
			if !strings.Contains(html.UnescapeString(page.body), want) {
				t.Errorf("the dashboard has no %q", want)
			}
		}

		coordToken := s.token(account.RoleCoordination, ccas)
		r = s.api(coordToken, "GET", "/api/v1/statistiques"+q, "")
		doc = statsDoc{}
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || doc.Seuil != 5 {
			t.Fatalf("territory statistics: %v %.300s", err, r.body)
		}
		for _, tb := range doc.Tableaux {
			for _, c := range tb.Cellules {
				if c.Nombre != nil && *c.Nombre > 0 && *c.Nombre < 5 {
					t.Fatalf("a small count leaves the structures in %s/%s: %d", tb.Nom, c.Code, *c.Nombre)
				}
			}
		}
		b := s.do(s.login(account.RoleCoordination), "GET", "/espace/bilans/bilan.xlsx"+q, nil)
		book, err := excelize.OpenReader(strings.NewReader(b.body))
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, n := range book.GetSheetList() {
			found = found || strings.HasPrefix(n, "Orientations envoyées")
		}
		if !found {
			t.Fatalf("the bilan has no orientations sheet: %v", book.GetSheetList())
		}
	})
}

// countRows counts the rows of query (one timestamp column, the structure
// as $1) whose instant falls in [lo, hi).
func countRows(t *testing.T, st *store.Store, query string, structureID int64, lo, hi time.Time) int {
	t.Helper()
	rows, err := st.Reader().QueryContext(context.Background(), query, structureID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			t.Fatal(err)
		}
		if !at.Before(lo) && at.Before(hi) {
			n++
		}
	}
	return n
}
