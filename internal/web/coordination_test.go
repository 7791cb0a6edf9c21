package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestCoordinationActivities: the coordinator records animations (page,
// French errors next to the fields) and an event (API, validated against
// the OpenAPI document); they appear in the territory's dashboard, bilan
// XLSX and statistics as the coordination's own activity, small-cell
// protected (4 animations hidden, 5 shown); a conseiller may not record
// them — on both databases.
func TestCoordinationActivities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		coord := s.login(account.RoleCoordination)
		day := s.clock.Now().AddDate(0, 0, -2).Format("2006-01-02")
		if r := s.do(coord, "GET", "/espace/coordination/activites", nil); r.status != 200 || !strings.Contains(r.body, "Comité des acteurs du numérique") {
			t.Fatalf("page: %d", r.status)
		}
		f := url.Values{"type": {"animation"}, "date": {day}, "duree": {"120"}, "intitule": {"Comité des acteurs"}, "participants": {"14"}}
		r := s.do(coord, "POST", "/espace/coordination/activites", f)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="type_animation-error"`) || !strings.Contains(r.body, `id="thematiques_animation-error"`) ||
			!strings.Contains(html.UnescapeString(r.body), "Choisissez le type d'animation.") {
			t.Fatalf("incomplete animation: %d\n%.2000s", r.status, r.body)
		}
		f.Set("type_animation", "comite")
		f.Set("initiative", "initiative")
		f["thematiques_animation"] = []string{"reseau", "partage"}
		for range 4 {
			if r := s.do(coord, "POST", "/espace/coordination/activites", f); r.status != http.StatusSeeOther {
				t.Fatalf("animation: %d\n%.2000s", r.status, r.body)
			}
		}
		if r := s.do(coord, "GET", "/espace/coordination/activites", nil); !strings.Contains(r.body, "Comité des acteurs") || !strings.Contains(r.body, "Comité · À mon initiative") {
			t.Fatalf("list:\n%.3000s", r.body)
		}
		q := "?du=" + day + "&au=" + day
		dash := s.do(coord, "GET", "/espace/tableau-de-bord"+q, nil)
		if !strings.Contains(dash.body, "Activités de coordination par type") || !strings.Contains(dash.body, "Animations par type") {
			t.Fatalf("territory dashboard:\n%.2000s", dash.body)
		}
		// 4 animations: hidden in the territory's outputs.
		cell := func(book *excelize.File, sheet string, label string) string {
			t.Helper()
			rows, err := book.GetRows(sheet)
			if err != nil {
				t.Fatalf("sheet %s: %v", sheet, err)
			}
			for _, row := range rows {
				if len(row) > 2 && row[0] == label {
					return row[2]
				}
			}
			t.Fatalf("no %q in %s: %v", label, sheet, rows)
			return ""
		}
		bilan := func() *excelize.File {
			t.Helper()
			x := s.do(coord, "GET", "/espace/bilans/bilan.xlsx"+q, nil)
			book, err := excelize.OpenReader(strings.NewReader(x.body))
			if err != nil {
				t.Fatal(err)
			}
			return book
		}
		sheet := func(book *excelize.File) string {
			for _, n := range book.GetSheetList() {
				if strings.HasPrefix(n, "Activités de coordination") {
					return n
				}
			}
			t.Fatalf("no coordination sheet: %v", book.GetSheetList())
			return ""
		}
		b := bilan()
		if v := cell(b, sheet(b), "Animation"); v != "< 5" {
			t.Fatalf("4 animations in the territory bilan: %q", v)
		}

		ccas := s.demo.Structures[demo.CCAS]
		tok := s.token(account.RoleCoordination, ccas)
		ev := `{"type":"evenement","date":"` + day + `","duree":240,"intitule":"Fête du numérique","participants":80,"type_evenement":"grand_public","organisateurs":["commune","ma_structure"],"echelon":"communal"}`
		if r := s.api(tok, "POST", "/api/v1/activites-coordination", ev); r.status != 201 || !strings.Contains(r.body, `"type_evenement":"grand_public"`) {
			t.Fatalf("API event: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", "/api/v1/activites-coordination", strings.Replace(ev, `"echelon":"communal"`, `"echelon":"communal","type_animation":"comite"`, 1)); r.status != 201 || strings.Contains(r.body, `"type_animation":"comite"`) {
			t.Fatalf("API event with an animation's code: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "POST", "/api/v1/activites-coordination", `{"type":"partenariat","date":"`+day+`","duree":60,"intitule":"Convention"}`); r.status != 422 ||
			!strings.Contains(r.body, `"natures_partenariat"`) || !strings.Contains(r.body, `"echelon"`) {
			t.Fatalf("API incomplete partnership: %d %s", r.status, r.body)
		}
		for range 3 {
			if r := s.api(tok, "POST", "/api/v1/activites-coordination", ev); r.status != 201 {
				t.Fatalf("API event: %d %s", r.status, r.body)
			}
		}
		if r := s.api(tok, "POST", "/api/v1/activites-coordination", `{"type":"animation","date":"`+day+`","duree":90,"intitule":"Webinaire","type_animation":"webinaire","initiative":"demande","thematiques_animation":["soutien"]}`); r.status != 201 {
			t.Fatalf("API animation: %d %s", r.status, r.body)
		}
		list := s.api(tok, "GET", "/api/v1/activites-coordination?du="+day+"&au="+day, "")
		if list.status != 200 || strings.Count(list.body, `"intitule"`) != 10 {
			t.Fatalf("API list: %d %s", list.status, list.body)
		}
		b = bilan()
		if v, e := cell(b, sheet(b), "Animation"), cell(b, sheet(b), "Événement"); v != "5" || e != "5" {
			t.Fatalf("5 animations and 5 events in the territory bilan: %q %q", v, e)
		}
		if r := s.api(tok, "GET", "/api/v1/statistiques"+q, ""); !strings.Contains(r.body, `"nom":"coordination"`) || !strings.Contains(r.body, `"code":"animation","libelle":"Animation","nombre":5`) {
			t.Fatalf("API statistics: %.3000s", r.body)
		}

		med := s.login(account.RoleMediation)
		if r := s.do(med, "POST", "/espace/coordination/activites", f); r.status != http.StatusForbidden {
			t.Fatalf("a conseiller records a coordination activity: %d", r.status)
		}
		if r := s.api(s.token(account.RoleMediation, ccas), "POST", "/api/v1/activites-coordination", ev); r.status != 403 {
			t.Fatalf("API conseiller: %d", r.status)
		}
	})
}
