package web_test

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestBilanFilesThroughAPI: the bilan's PDF and XLSX come through the API
// with their documented content types (every exchange validated against
// the OpenAPI document): the conseiller's structure bilan as she recorded
// it, the coordinator's territory bilan small-cell protected; a bad period
// is the documented JSON error — on both databases.
func TestBilanFilesThroughAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(0, 0, -1).Format("2006-01-02")
		for _, theme := range []string{"email", "email", "sante"} {
			s.recordOn(med, day, theme)
		}
		ccas := s.demo.Structures[demo.CCAS]
		medToken, coordToken := s.token(account.RoleMediation, ccas), s.token(account.RoleCoordination, ccas)
		q := "?du=" + day + "&au=" + day

		p := s.api(medToken, "GET", "/api/v1/bilans/bilan.pdf"+q, "")
		if p.status != 200 || p.header.Get("Content-Type") != "application/pdf" || !strings.Contains(p.header.Get("Content-Disposition"), "bilan-"+day+"-"+day+".pdf") {
			t.Fatalf("pdf: %d %v", p.status, p.header)
		}
		text := pdfdoctest.Text(t, []byte(p.body), false)
		if !strings.Contains(text, "Bilan de la structure") || !strings.Contains(text, "Séances par thématique") || !strings.Contains(text, "Méthode") {
			t.Fatalf("pdf text:\n%s", text)
		}

		x := s.api(coordToken, "GET", "/api/v1/bilans/bilan.xlsx"+q, "")
		if x.status != 200 || x.header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Fatalf("xlsx: %d %v", x.status, x.header)
		}
		book, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := book.GetRows("Indicateurs")
		if len(rows) < 6 || rows[0][0] != "Bilan du territoire" || rows[5][0] != "Séances" || rows[5][1] != "< 5" {
			t.Fatalf("territory bilan indicators: %v", rows)
		}
		mx := s.api(medToken, "GET", "/api/v1/bilans/bilan.xlsx?periode=mois&fin="+day, "")
		book, err = excelize.OpenReader(strings.NewReader(mx.body))
		if err != nil {
			t.Fatal(err)
		}
		if rows, _ := book.GetRows("Indicateurs"); len(rows) < 6 || rows[5][1] == "< 5" || rows[5][1] == "0" {
			t.Fatalf("structure bilan of the month: %v", rows)
		}

		if r := s.api(coordToken, "GET", "/api/v1/bilans/bilan.pdf?periode=semaine&fin="+day, ""); r.status != 422 || !strings.Contains(r.body, `"periode"`) {
			t.Fatalf("bad period: %d %.300s", r.status, r.body)
		}
		if r := s.api(coordToken, "GET", "/api/v1/bilans/bilan.xlsx?structure=999999", ""); r.status != 404 {
			t.Fatalf("another territory's structure: %d", r.status)
		}
		if r := s.api(s.token(account.RoleReception, ccas), "GET", "/api/v1/bilans/bilan.pdf", ""); r.status != 403 {
			t.Fatalf("reception: %d", r.status)
		}
	})
}
