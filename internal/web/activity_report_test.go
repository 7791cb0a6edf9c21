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
	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/journal"
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

// TestManagerCorrectsColleaguesActivity: the CCAS's manager (the demo
// aidant) is offered « Corriger » and « Supprimer » on a colleague's
// activity, corrects it through the form without seeing or erasing the
// author's notes, then through the API, and deletes it through the API; a
// colleague who is not the manager gets 403 on the pages and the documented
// JSON error from the API — on both databases.
func TestManagerCorrectsColleaguesActivity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		ccas := s.demo.Structures[demo.CCAS]
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

		// A colleague who is not the manager.
		colleagueID, err := st.CreateUser(ctx, account.NewUser{Email: "collegue@test.parcours", Name: "Colette Collègue", StructureID: ccas, Role: account.RoleMediation}, "", s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		colleague := s.loginUser(colleagueID)
		if v := s.do(colleague, "GET", path, nil); v.status != 200 || strings.Contains(v.body, `href="`+path+`/modifier"`) || strings.Contains(v.body, "/suppression") {
			t.Fatalf("a colleague is offered the correction: %d", v.status)
		}
		if r := s.do(colleague, "GET", path+"/modifier", nil); r.status != http.StatusForbidden {
			t.Fatalf("a colleague opens the correction: %d", r.status)
		}
		if r := s.do(colleague, "POST", path+"/suppression", url.Values{"confirmer": {"oui"}}); r.status != http.StatusForbidden {
			t.Fatalf("a colleague deletes: %d", r.status)
		}

		// The manager, on the pages.
		manager := s.loginUser(s.demo.Aidant)
		if v := s.do(manager, "GET", "/espace/activites?du="+day+"&au="+day, nil); !strings.Contains(v.body, `href="`+path+`/modifier"`) {
			t.Fatalf("the list offers the manager no correction:\n%.3000s", v.body)
		}
		v := s.do(manager, "GET", path, nil)
		if !strings.Contains(v.body, `href="`+path+`/modifier"`) || !strings.Contains(v.body, `action="`+path+`/suppression"`) || strings.Contains(v.body, "Rappeler jeudi") ||
			!strings.Contains(v.body, "enregistré par Mehdi Médiateur. Vous pouvez le corriger ou le supprimer en tant que responsable de la structure") {
			t.Fatalf("the manager's view:\n%.3000s", v.body)
		}
		form := s.do(manager, "GET", path+"/modifier", nil)
		if form.status != 200 || strings.Contains(form.body, "Rappeler jeudi") || strings.Contains(form.body, `name="notes"`) ||
			!strings.Contains(form.body, "Vous corrigez l'accompagnement de Mehdi") {
			t.Fatalf("the manager's correction form: %d\n%.4000s", form.status, form.body)
		}
		f.Del("notes")
		f.Set("duree", "45")
		f.Set("auteur", "Mehdi")
		if r := s.do(manager, "POST", path+"/modifier", f); r.status != http.StatusSeeOther || r.header.Get("Location") != path {
			t.Fatalf("the manager's correction: %d %.2000s", r.status, r.body)
		}
		if v := s.do(med, "GET", path, nil); !strings.Contains(v.body, "45 min") || !strings.Contains(v.body, "Rappeler jeudi") {
			t.Fatalf("the author after the manager's correction:\n%.3000s", v.body)
		}
		entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range entries {
			found = found || (e.UserID == s.demo.Aidant && e.Action == journal.Update && strings.HasSuffix(e.What, "corrigé par la ou le responsable de la structure") && strings.Contains(e.What, " de Mehdi"))
		}
		if !found {
			t.Fatalf("the manager's correction is not journaled: %+v", entries)
		}

		// Through the API: the colleague gets the documented 403, the manager
		// corrects and deletes.
		body := `{"type":"individuel","date":"` + day + `","duree":60,"canal":"a_distance","thematiques":["email"],"autonomie":"partiellement_autonome","notes":"écrasée ?"}`
		secret, hash, prefix := api.NewToken()
		if _, err := st.CreateAPIToken(ctx, colleagueID, ccas, "test", hash, prefix, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"PUT", "DELETE"} {
			b := body
			if m == "DELETE" {
				b = ""
			}
			if r := s.api(secret, m, "/api/v1/activites/"+id, b); r.status != 403 || !strings.Contains(r.body, `"code":"forbidden"`) || !strings.Contains(r.body, "responsable de la structure") {
				t.Fatalf("API %s by a colleague: %d %s", m, r.status, r.body)
			}
		}
		secret, hash, prefix = api.NewToken()
		if _, err := st.CreateAPIToken(ctx, s.demo.Aidant, ccas, "test", hash, prefix, s.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if r := s.api(secret, "PUT", "/api/v1/activites/"+id, body); r.status != 200 || !strings.Contains(r.body, `"duree":60`) || strings.Contains(r.body, "Rappeler") || strings.Contains(r.body, "écrasée") {
			t.Fatalf("API correction by the manager: %d %s", r.status, r.body)
		}
		if v := s.do(med, "GET", path, nil); !strings.Contains(v.body, "60 min") || !strings.Contains(v.body, "Rappeler jeudi") {
			t.Fatalf("the author's notes after the manager's API correction:\n%.3000s", v.body)
		}
		if r := s.api(secret, "DELETE", "/api/v1/activites/"+id, ""); r.status != 204 {
			t.Fatalf("API deletion by the manager: %d %s", r.status, r.body)
		}
		if r := s.do(med, "GET", path, nil); r.status != http.StatusNotFound {
			t.Fatalf("after the deletion: %d", r.status)
		}
		if r := s.api(secret, "DELETE", "/api/v1/activites/"+id, ""); r.status != 404 {
			t.Fatalf("deleted twice: %d %s", r.status, r.body)
		}
	})
}

// TestAdminNamesStructureManager: on an account's page the administrator
// sees who manages a structure and names or unnames them; the change shows
// on the accounts list and the structure's page, is journaled in that
// structure, and takes effect at the account's next request.
func TestAdminNamesStructureManager(t *testing.T) {
	t.Parallel()
	st := storetest.SQLite(t)
	s := newSite(t, st)
	ctx := context.Background()
	ccas := s.demo.Structures[demo.CCAS]
	acts, _, err := activitystore.New(st).ListActivities(ctx, scope.OfStructure(ccas), activitystore.ActivityFilter{AuthorID: s.demo.Users[account.RoleMediation], Limit: 1})
	if err != nil || len(acts) == 0 {
		t.Fatalf("the demo mediator's activities: %v", err)
	}
	edit := "/espace/activites/" + itoa(acts[0].ID) + "/modifier"
	aidant := s.loginUser(s.demo.Aidant)
	if r := s.do(aidant, "GET", edit, nil); r.status != 200 {
		t.Fatalf("the demo manager corrects a colleague's activity: %d", r.status)
	}
	admin := s.login(account.RoleAdmin)
	page := "/espace/admin/comptes/" + itoa(s.demo.Aidant)
	flag := page + "/roles/" + itoa(ccas) + "/responsable"
	if v := s.do(admin, "GET", page, nil); !strings.Contains(v.body, `action="`+flag+`"`) || !strings.Contains(v.body, "Retirer la responsabilité") {
		t.Fatalf("the account's page:\n%.4000s", v.body)
	}
	if v := s.do(admin, "GET", "/espace/admin/comptes", nil); !strings.Contains(v.body, "CCAS de Rochefort (démo) (responsable)") {
		t.Fatalf("the accounts list does not say who manages:\n%.4000s", v.body)
	}
	if r := s.do(admin, "POST", flag, url.Values{"responsable": {"0"}}); r.status != http.StatusSeeOther || r.header.Get("Location") != page {
		t.Fatalf("unname: %d %.2000s", r.status, r.body)
	}
	if v := s.do(admin, "GET", page, nil); !strings.Contains(v.body, "Le compte n'est plus responsable de la structure.") || !strings.Contains(v.body, "Nommer responsable") {
		t.Fatalf("after unnaming:\n%.4000s", v.body)
	}
	if r := s.do(aidant, "GET", edit, nil); r.status != http.StatusForbidden {
		t.Fatalf("a former manager corrects a colleague's activity: %d", r.status)
	}
	if r := s.do(admin, "POST", flag, url.Values{"responsable": {"1"}}); r.status != http.StatusSeeOther {
		t.Fatalf("name: %d", r.status)
	}
	if r := s.do(aidant, "GET", edit, nil); r.status != 200 {
		t.Fatalf("the manager named again: %d", r.status)
	}
	if v := s.do(admin, "GET", "/espace/structures/"+itoa(ccas), nil); !strings.Contains(v.body, "Médiation numérique · responsable de la structure") {
		t.Fatalf("the structure's page does not say who manages:\n%.4000s", v.body)
	}
	if r := s.do(s.login(account.RoleMediation), "POST", flag, url.Values{"responsable": {"0"}}); r.status != http.StatusForbidden {
		t.Fatalf("a mediator unnames the manager: %d", r.status)
	}
	entries, _, err := st.ListJournal(ctx, scope.OfStructure(ccas), store.JournalFilter{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	var named, unnamed bool
	for _, e := range entries {
		named = named || (e.UserID == s.demo.Users[account.RoleAdmin] && strings.HasSuffix(e.What, demo.AidantEmail+") est désormais responsable de la structure"))
		unnamed = unnamed || (e.UserID == s.demo.Users[account.RoleAdmin] && strings.HasSuffix(e.What, demo.AidantEmail+") n'est plus responsable de la structure"))
	}
	if !named || !unnamed {
		t.Fatalf("journal: named %v, unnamed %v in %+v", named, unnamed, entries)
	}
}
