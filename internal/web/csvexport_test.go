package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

const formula = `=HYPERLINK("http://evil.example","x")`

// liveFormula reports whether a spreadsheet would run cell: it starts
// with = + - @ tab or carriage return and is not a plain number.
func liveFormula(cell string) bool {
	r, _ := utf8.DecodeRuneInString(cell)
	if !strings.ContainsRune("=+-@\t\r", r) {
		return false
	}
	digits := strings.TrimLeft(cell, "+-")
	return digits == "" || strings.Trim(digits, "0123456789., ") != ""
}

// No cell of any export (open data, activities in CSV and XLSX, a
// person's journal, a questionnaire's report) runs as a formula, whatever
// was stored; phone numbers stay numbers.
func TestEveryExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		fx := newMatrixFixture(t, s)
		ctx, now := context.Background(), s.clock.Now()
		ccas := s.demo.Structures[demo.CCAS]
		sc := scope.OfStructure(ccas)
		pl := &place.Place{Source: place.SourceParcours, Pivot: "21170299700017", Name: formula, Commune: "Rochefort", PostalCode: "17300", InseeCode: "17299",
			Address: "@SOMME(1;2)", Phone: "+33546000000", Summary: "-2+3 lieux", UpdatedOn: now}
		pl.Normalize()
		pl.Name, pl.Address = formula, "@SOMME(1;2)" // as an old import could have stored them
		if err := placestore.New(st).CreatePlace(ctx, pl, now); err != nil {
			t.Fatal(err)
		}
		staff, err := st.CreateUser(ctx, account.NewUser{Email: "formule@ccas.demo", Name: "+SOMME(A1)", StructureID: ccas, Role: account.RoleMediation}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		p := person.Person{StructureID: ccas, Kind: person.Followed, FirstName: formula, LastName: "-Formule", Status: person.Waiting}
		p.Normalize()
		p.FirstName = formula
		c, _ := person.NewConsent(person.ConsentFollow, "CCAS")
		j := journal.Entry{UserID: staff, Who: "+SOMME(A1)", Action: journal.Create, What: formula}
		if err := st.CreatePerson(ctx, sc, &p, []person.Consent{c}, j, now); err != nil {
			t.Fatal(err)
		}
		a := activity.Activity{StructureID: ccas, AuthorID: staff, Type: activity.TypeIndividual, Date: now.Format(activity.DateLayout), Duration: 30,
			Canal: "a_distance", Themes: []string{"email"}, Autonomy: "autonome", PersonID: p.ID, Notes: formula + "\n\tsuite"}
		a.Normalize()
		if err := activitystore.New(st).CreateActivity(ctx, sc, &a, j, now); err != nil {
			t.Fatal(err)
		}
		admin := s.login(account.RoleMediation)
		replace := fx.replacer(s, account.RoleCoordination)
		for _, e := range []struct {
			path   string
			client string
			want   string // a neutralised value the export must hold
		}{
			{"/donnees/lieux.csv", "anon", "'" + formula},
			{"/espace/activites/export.csv", "staff", "'+SOMME(A1)"},
			{"/espace/activites/export.xlsx", "staff", "'+SOMME(A1)"},
			{"/espace/journal/personnes/" + itoa(p.ID), "journal", "'+SOMME(A1)"},
			{replace.Replace("/espace/diagnostic/questionnaires/{ownq}/rapport.xlsx"), "coord", ""},
		} {
			c := s.client()
			switch e.client {
			case "staff":
				c = admin
			case "journal":
				c = s.login(walkerRole(account.PermReadJournal))
			case "coord":
				c = s.login(account.RoleCoordination)
			}
			status, body := rawGet(t, c, s.http.URL+e.path)
			if status != 200 {
				t.Errorf("%s: %d", e.path, status)
				continue
			}
			cells := exportCells(t, e.path, body)
			var live []string
			found := e.want == ""
			for _, cell := range cells {
				if liveFormula(cell) {
					live = append(live, cell)
				}
				found = found || cell == e.want || strings.HasPrefix(cell, e.want)
			}
			if len(live) > 0 {
				t.Errorf("%s: %d live formulas, first %q", e.path, len(live), live[0])
			}
			if !found {
				var near []string
				for _, cell := range cells {
					if strings.Contains(cell, "HYPERLINK") || strings.Contains(cell, "SOMME") || strings.Contains(cell, "33546") {
						near = append(near, cell)
					}
				}
				t.Errorf("%s: %q not exported (%d cells) %q", e.path, e.want, len(cells), near)
			}
			if e.path == "/donnees/lieux.csv" && !strings.Contains(body, ",+33546000000,") {
				i := strings.Index(body, "HYPERLINK")
				t.Errorf("open data: phone numbers must stay numbers: %s", body[max(0, i-100):min(len(body), i+400)])
			}
		}
	})
}

// exportCells reads every cell of a CSV or XLSX export.
func exportCells(t *testing.T, path, body string) []string {
	t.Helper()
	var out []string
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, sh := range f.GetSheetList() {
			rows, _ := f.GetRows(sh)
			for _, r := range rows {
				out = append(out, r...)
			}
		}
		return out
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.FieldsPerRecord = -1
	cr.Comma = ','
	if first, _, _ := strings.Cut(body, "\n"); strings.Count(first, ";") > strings.Count(first, ",") {
		cr.Comma = ';'
	}
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// rawGet fetches a file as its bytes.
func rawGet(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
