package web_test

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestDashboardBilansAndPublicStatistics: the conseiller reads the
// structure's dashboard (SVG charts with their tables, a month linking to
// its sessions), the coordinator the territory's (small-cell protected),
// both download the bilan as PDF and XLSX; anyone reads the public
// statistics and their CSV and JSON, protected for the public — on both
// databases.
func TestDashboardBilansAndPublicStatistics(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(0, 0, -1).Format("2006-01-02")
		for _, theme := range []string{"email", "email", "sante"} {
			s.recordOn(med, day, theme)
		}
		r := s.do(med, "GET", "/espace/tableau-de-bord", nil)
		if r.status != 200 || !strings.Contains(r.body, "<svg") || !strings.Contains(r.body, "Séances par thématique") || !strings.Contains(r.body, "Données du graphique") {
			t.Fatalf("structure dashboard: %d\n%.1500s", r.status, r.body)
		}
		if !strings.Contains(r.body, `href="/espace/activites?au=`) || strings.Contains(r.body, "Secret statistique") {
			t.Fatal("the structure's own dashboard: months link to their sessions, no protection")
		}
		month := s.do(med, "GET", "/espace/tableau-de-bord?du="+day+"&au="+day, nil)
		if !strings.Contains(month.body, `<span class="parcours-figure__number">3</span> Séances`) {
			t.Fatalf("a day's figures:\n%.3000s", month.body[strings.Index(month.body, "Indicateurs"):])
		}
		if r := s.do(med, "GET", "/espace/tableau-de-bord?du=2026-13-01", nil); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad date: %d", r.status)
		}

		coord := s.login(account.RoleCoordination)
		c := s.do(coord, "GET", "/espace/tableau-de-bord?du="+day+"&au="+day, nil)
		if c.status != 200 || !strings.Contains(c.body, "Tableau de bord du territoire") || !strings.Contains(c.body, "Secret statistique") || !strings.Contains(c.body, "< 5") {
			t.Fatalf("territory dashboard: %d", c.status)
		}
		x := s.do(coord, "GET", "/espace/bilans/bilan.xlsx?du="+day+"&au="+day, nil)
		book, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		sheets := book.GetSheetList()
		if len(sheets) < 10 || sheets[0] != "Indicateurs" {
			t.Fatalf("bilan sheets: %v", sheets)
		}
		rows, _ := book.GetRows("Indicateurs")
		if len(rows) < 6 || rows[5][0] != "Séances" || rows[5][1] != "< 5" {
			t.Fatalf("territory bilan indicators: %v", rows)
		}
		p := s.do(med, "GET", "/espace/bilans/bilan.pdf?periode=annee&fin="+day, nil)
		if p.status != 200 || p.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("bilan pdf: %d", p.status)
		}
		if _, err := exec.LookPath("pdftotext"); err == nil {
			f := t.TempDir() + "/b.pdf"
			os.WriteFile(f, []byte(p.body), 0o600)
			out, err := exec.Command("pdftotext", f, "-").Output()
			if err != nil || !strings.Contains(string(out), "Séances par thématique") || !strings.Contains(string(out), "Méthode") {
				t.Fatalf("bilan pdf text: %v\n%s", err, out)
			}
		}

		anon := s.client()
		pub := s.do(anon, "GET", "/statistiques?du="+day+"&au="+day, nil)
		if pub.status != 200 || !strings.Contains(pub.body, "< 11") || strings.Contains(pub.body, "CCAS de Rochefort") {
			t.Fatalf("public statistics: %d", pub.status)
		}
		js := s.do(anon, "GET", "/statistiques.json?du="+day+"&au="+day, nil)
		var doc struct {
			Seuil    int `json:"seuil_secret_statistique"`
			Tableaux []struct {
				Nom      string `json:"nom"`
				Cellules []struct {
					Nombre *int `json:"nombre"`
					Masque bool `json:"masque"`
				} `json:"cellules"`
			} `json:"tableaux"`
		}
		if err := json.Unmarshal([]byte(js.body), &doc); err != nil || doc.Seuil != 11 || len(doc.Tableaux) < 5 {
			t.Fatalf("json: %v %.300s", err, js.body)
		}
		for _, tb := range doc.Tableaux {
			for _, c := range tb.Cellules {
				if c.Nombre != nil && *c.Nombre > 0 && *c.Nombre < 11 {
					t.Fatalf("a small count is published in %s: %d", tb.Nom, *c.Nombre)
				}
			}
		}
		csv := s.do(anon, "GET", "/statistiques.csv?du="+day+"&au="+day, nil)
		if csv.status != 200 || !strings.HasPrefix(csv.body, "\ufefftableau,code,libelle,nombre,part") {
			t.Fatalf("csv: %.200s", csv.body)
		}
		for _, role := range []account.Role{account.RoleReception, account.RolePartner} {
			if r := s.do(s.login(role), "GET", "/espace/tableau-de-bord", nil); r.status != http.StatusForbidden {
				t.Fatalf("%s: %d", role, r.status)
			}
		}

		// The same through the API, every exchange checked against the OpenAPI document.
		ccas := s.demo.Structures[demo.CCAS]
		medToken, coordToken := s.token(account.RoleMediation, ccas), s.token(account.RoleCoordination, ccas)
		if r := s.api(medToken, "GET", "/api/v1/statistiques?du="+day+"&au="+day, ""); r.status != 200 || !strings.Contains(r.body, `"seuil_secret_statistique":0`) || !strings.Contains(r.body, `"code":"seances","libelle":"Séances","nombre":3`) {
			t.Fatalf("api statistics: %d %.600s", r.status, r.body)
		}
		if r := s.api(coordToken, "GET", "/api/v1/bilans?periode=mois&fin="+day, ""); r.status != 200 || !strings.Contains(r.body, `"seuil_secret_statistique":5`) {
			t.Fatalf("api bilan: %d %.300s", r.status, r.body)
		}
		if r := s.api(coordToken, "GET", "/api/v1/bilans?periode=semaine&fin="+day, ""); r.status != 422 || !strings.Contains(r.body, `"periode"`) {
			t.Fatalf("api bilan bad period: %d %.300s", r.status, r.body)
		}
		if r := s.api(coordToken, "GET", "/api/v1/statistiques?structure=999999", ""); r.status != 404 {
			t.Fatalf("api another territory's structure: %d", r.status)
		}
		exp := s.api(medToken, "GET", "/api/v1/activites/export?du="+day+"&au="+day, "")
		var table struct {
			Colonnes []string   `json:"colonnes"`
			Lignes   [][]string `json:"lignes"`
		}
		if err := json.Unmarshal([]byte(exp.body), &table); err != nil || len(table.Lignes) != 3 || table.Colonnes[0] != "Date" || table.Lignes[0][0] != day {
			t.Fatalf("api export: %v %.300s", err, exp.body)
		}
		if r := s.api(s.token(account.RoleReception, ccas), "GET", "/api/v1/statistiques", ""); r.status != 403 {
			t.Fatalf("api reception: %d", r.status)
		}
	})
}
