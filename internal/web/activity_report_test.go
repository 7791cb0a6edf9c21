package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// recordOn records an individual activity of the demo mediator on a day.
func (s *site) recordOn(c *http.Client, day, theme string) {
	s.t.Helper()
	f := url.Values{"type": {"individuel"}, "date": {day}, "duree": {"30"}, "canal": {"a_distance"},
		"materiel": {"telephone"}, "thematiques": {theme}, "autonomie": {"autonome"}}
	if r := s.do(c, "POST", "/espace/activites", f); r.status != http.StatusSeeOther {
		s.t.Fatalf("record on %s: %d\n%.1500s", day, r.status, r.body)
	}
}

// exportLinks reads the export links of the activities list as a browser
// follows them.
func exportLinks(t *testing.T, body string) []string {
	t.Helper()
	m := regexp.MustCompile(`href="(/espace/activites/export\.[a-z]+\?[^"]*)"`).FindAllStringSubmatch(body, -1)
	if len(m) != 2 {
		t.Fatalf("export links: %v", m)
	}
	return []string{m[0][1], m[1][1]}
}

// TestActivityExportKeepsThePeriod: the export links of a period export
// that period only, not every activity.
func TestActivityExportKeepsThePeriod(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(-1, -6, 0).Format("2006-01-02")
		s.recordOn(med, day, "email")
		s.recordOn(med, day, "bureautique")
		r := s.do(med, "GET", "/espace/activites?du="+day+"&au="+day, nil)
		if r.status != 200 || !strings.Contains(r.body, "2 séances") {
			t.Fatalf("list: %d", r.status)
		}
		links := exportLinks(t, r.body)
		if !strings.Contains(links[1], "du="+day) || !strings.Contains(links[1], "au="+day) {
			t.Fatalf("the CSV link lost its period: %s", links[1])
		}
		csv := s.do(med, "GET", links[1], nil)
		if n := strings.Count(strings.TrimSpace(csv.body), "\n"); csv.status != 200 || n != 2 {
			t.Fatalf("CSV of a 2-row day: status %d, %d rows\n%.600s", csv.status, n, csv.body)
		}
		all := s.do(med, "GET", "/espace/activites/export.csv", nil)
		if strings.Count(all.body, "\n") <= 3 {
			t.Fatal("the demo has more activities than the chosen day: the test would not see the period dropped")
		}
	})
}

// TestTerritoryReadsActivities: coordination and the platform administrator
// read the territory's activity (every structure of it, none other) without
// names nor notes; reception and partners still do not.
func TestTerritoryReadsActivities(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(-1, -6, 0).Format("2006-01-02")
		s.recordOn(med, day, "email")
		mine := s.do(med, "GET", "/espace/activites?du="+day+"&au="+day, nil)
		if !strings.Contains(mine.body, "1 séance") {
			t.Fatalf("mediator: %.300s", mine.body)
		}
		for _, role := range []account.Role{account.RoleCoordination, account.RoleAdmin} {
			c := s.login(role)
			r := s.do(c, "GET", "/espace/activites", nil)
			if r.status != 200 || !strings.Contains(r.body, "Accompagnements du territoire") {
				t.Fatalf("%s: %d", role, r.status)
			}
			for _, secret := range []string{"href=\"/espace/activites/1", "Dupliquer"} {
				if strings.Contains(r.body, secret) {
					t.Fatalf("%s sees %q", role, secret)
				}
			}
			persons, _, err := st.ListPersons(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{})
			if err != nil || len(persons) == 0 {
				t.Fatal(err)
			}
			if !strings.Contains(r.body, "Personne suivie") {
				t.Fatalf("%s: no followed person listed", role)
			}
			for _, p := range persons {
				if strings.Contains(r.body, p.FirstName+" "+p.LastName) {
					t.Fatalf("%s reads the name of person %d", role, p.ID)
				}
			}
			links := exportLinks(t, s.do(c, "GET", "/espace/activites?du="+day+"&au="+day, nil).body)
			csv := s.do(c, "GET", links[1], nil)
			if n := strings.Count(strings.TrimSpace(csv.body), "\n"); csv.status != 200 || n != 1 {
				t.Fatalf("%s export of the day: %d, %d rows", role, csv.status, n)
			}
			if r := s.do(c, "GET", "/espace/activites/nouvelle", nil); r.status != http.StatusForbidden {
				t.Fatalf("%s records for a structure: %d", role, r.status)
			}
		}
		for _, role := range []account.Role{account.RoleReception, account.RolePartner} {
			if r := s.do(s.login(role), "GET", "/espace/activites", nil); r.status != http.StatusForbidden {
				t.Fatalf("%s: %d", role, r.status)
			}
		}
	})
}

// postFile posts a file as a browser's upload form does.
func (s *site) postFile(c *http.Client, path, field, name string, data []byte) response {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		s.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", s.http.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), header: res.Header}
}

// TestCoopExportReimported: the XLSX export in La Coop's layout is read
// back by the import of another structure's mediator… of the same
// structure here: every line imported once, then every line a duplicate.
func TestCoopExportReimported(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		x := s.do(med, "GET", "/espace/activites/export.xlsx", nil)
		book, err := excelize.OpenReader(strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := book.GetRows("Activités")
		lines := len(rows) - 1
		if lines < 3 {
			t.Fatalf("export: %d lines", lines)
		}
		if r := s.do(med, "GET", "/espace/activites/import", nil); r.status != 200 || !strings.Contains(r.body, `name="fichier"`) {
			t.Fatalf("form: %d", r.status)
		}
		first := s.postFile(med, "/espace/activites/import", "fichier", "export.xlsx", []byte(x.body))
		if first.status != 200 || !strings.Contains(first.body, itoa(int64(lines))+" ligne(s) lue(s) : "+itoa(int64(lines))+" importée(s), 0 doublon(s), 0 refusée(s)") {
			t.Fatalf("first import: %d\n%.3000s", first.status, first.body)
		}
		again := s.postFile(med, "/espace/activites/import", "fichier", "export.xlsx", []byte(x.body))
		if !strings.Contains(again.body, "0 importée(s), "+itoa(int64(lines))+" doublon(s)") {
			t.Fatalf("second import:\n%.3000s", again.body)
		}
		bad := s.postFile(med, "/espace/activites/import", "fichier", "notes.txt", []byte("bonjour"))
		if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, `id="fichier-error"`) {
			t.Fatalf("not an export: %d", bad.status)
		}
		if r := s.postFile(s.login(account.RoleCoordination), "/espace/activites/import", "fichier", "export.xlsx", []byte(x.body)); r.status != http.StatusForbidden {
			t.Fatalf("coordination imports for a structure: %d", r.status)
		}
	})
}

// TestActivityDeletionRecomputesFirstTime: the author deletes a person's
// first accompaniment; the next one becomes the first — on both databases.
func TestActivityDeletionRecomputesFirstTime(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
		all, _, err := activitystore.New(st).ListActivities(ctx, ccas, activitystore.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var first activity.Activity
		for _, a := range all {
			if a.Type == activity.TypeIndividual && a.PersonID != 0 && a.FirstTime {
				first = a
				break
			}
		}
		if first.ID == 0 {
			t.Fatal("no first accompaniment in the demo")
		}
		med := s.login(account.RoleMediation)
		path := "/espace/activites/" + itoa(first.ID)
		if r := s.do(med, "GET", path, nil); !strings.Contains(r.body, "Supprimer l'accompagnement") {
			t.Fatal("the author is not offered the deletion")
		}
		if r := s.do(med, "POST", path+"/suppression", url.Values{}); r.status != http.StatusSeeOther || r.header.Get("Location") != path {
			t.Fatalf("unconfirmed: %d %s", r.status, r.header.Get("Location"))
		}
		if r := s.do(med, "POST", path+"/suppression", url.Values{"confirmer": {"oui"}}); r.status != http.StatusSeeOther {
			t.Fatalf("deletion: %d", r.status)
		}
		if r := s.do(med, "GET", path, nil); r.status != http.StatusNotFound {
			t.Fatalf("deleted activity: %d", r.status)
		}
		rest, _, err := activitystore.New(st).ListActivities(ctx, ccas, activitystore.ActivityFilter{PersonID: first.PersonID})
		if err != nil || len(rest) == 0 {
			t.Fatalf("the person's other activities: %v", err)
		}
		earliest := rest[len(rest)-1] // newest first
		for _, a := range rest {
			if a.FirstTime != (a.ID == earliest.ID) && a.Type == activity.TypeIndividual {
				t.Fatalf("first accompaniment not recomputed: %+v", rest)
			}
		}
		entries, _, err := st.ListJournal(ctx, ccas, store.JournalFilter{PersonID: first.PersonID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			found = found || strings.Contains(e.What, "supprimé")
		}
		if !found {
			t.Fatal("the deletion is not journaled")
		}
	})
}

// TestActivityCorrection: the author opens the correction form filled with
// the activity, gets a French error next to the field, saves the
// correction; the API corrects it too (exchanges validated against the
// OpenAPI document) and a non-author gets 403 — on both databases.
func TestActivityCorrection(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		med := s.login(account.RoleMediation)
		day := s.clock.Now().AddDate(0, -1, 0).Format("2006-01-02")
		f := url.Values{"type": {"individuel"}, "date": {day}, "duree": {"30"}, "canal": {"a_distance"},
			"materiel": {"telephone"}, "thematiques": {"email"}, "autonomie": {"autonome"}, "notes": {"Rappeler jeudi"}}
		r := s.do(med, "POST", "/espace/activites", f)
		if r.status != http.StatusSeeOther {
			t.Fatalf("record: %d", r.status)
		}
		path := r.header.Get("Location")
		id := strings.TrimPrefix(path, "/espace/activites/")
		if v := s.do(med, "GET", path, nil); !strings.Contains(v.body, `href="`+path+`/modifier"`) {
			t.Fatal("the author is not offered the correction")
		}
		form := s.do(med, "GET", path+"/modifier", nil)
		if form.status != 200 || !strings.Contains(form.body, `value="`+day+`"`) || !strings.Contains(form.body, "Rappeler jeudi") ||
			!strings.Contains(form.body, `action="`+path+`/modifier"`) || !regexp.MustCompile(`value="email"[^>]*checked`).MatchString(form.body) {
			t.Fatalf("correction form: %d\n%.3000s", form.status, form.body)
		}
		f.Del("thematiques")
		if r := s.do(med, "POST", path+"/modifier", f); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `id="thematiques-error"`) ||
			!strings.Contains(html.UnescapeString(r.body), "Choisissez au moins une thématique.") {
			t.Fatalf("no theme: %d\n%.2000s", r.status, r.body)
		}
		f.Set("thematiques", "bureautique")
		f.Set("duree", "45")
		if r := s.do(med, "POST", path+"/modifier", f); r.status != http.StatusSeeOther || r.header.Get("Location") != path {
			t.Fatalf("correction: %d %s", r.status, r.body)
		}
		if v := s.do(med, "GET", path, nil); !strings.Contains(v.body, "45 min") || !strings.Contains(v.body, "Bureautique") {
			t.Fatalf("corrected view:\n%.3000s", v.body)
		}
		if r := s.do(s.login(account.RoleReception), "GET", path+"/modifier", nil); r.status != http.StatusForbidden {
			t.Fatalf("reception corrects an activity: %d", r.status)
		}

		ccas := s.demo.Structures[demo.CCAS]
		tok := s.token(account.RoleMediation, ccas)
		body := `{"type":"individuel","date":"` + day + `","duree":60,"canal":"a_distance","thematiques":["email"],"autonomie":"partiellement_autonome"}`
		if r := s.api(tok, "PUT", "/api/v1/activites/"+id, body); r.status != 200 || !strings.Contains(r.body, `"duree":60`) {
			t.Fatalf("API correction: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PUT", "/api/v1/activites/"+id, strings.Replace(body, `["email"]`, `[]`, 1)); r.status != 422 || !strings.Contains(r.body, `"thematiques"`) {
			t.Fatalf("API invalid correction: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PUT", "/api/v1/activites/999999", body); r.status != 404 {
			t.Fatalf("API unknown activity: %d %s", r.status, r.body)
		}
		if r := s.api(s.token(account.RoleReception, ccas), "PUT", "/api/v1/activites/"+id, body); r.status != 403 {
			t.Fatalf("API reception: %d %s", r.status, r.body)
		}
	})
}
