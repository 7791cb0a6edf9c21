//go:build browser

package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// demoQuestionnaire returns the demo CCAS's questionnaire id.
func demoQuestionnaire(t *testing.T, s *site) int64 {
	t.Helper()
	list, err := surveystore.New(s.store).ListQuestionnaires(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), surveystore.QuestionnaireFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("demo questionnaire: %v", err)
	}
	return list[0].ID
}

// TestDiagnosticPagesInChromium: the public answering screens (a question,
// and a page of a section, with the visitor's session) and the report pass
// axe-core, do not overflow at 320 px nor at 640 px (200 % zoom), and show
// their content without JavaScript.
func TestDiagnosticPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	token := "demo-besoins-numeriques"
	visitor := func(mode string) string {
		c := s.client()
		r := s.do(c, "POST", "/enquetes/"+token, url.Values{"consentement": {"1"}, "mode": {mode}})
		if r.status != 303 {
			t.Fatalf("begin: %d", r.status)
		}
		u, _ := url.Parse(s.http.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "parcours_session" {
				return ck.Value
			}
		}
		t.Fatal("no visitor session")
		return ""
	}
	q := demoQuestionnaire(t, s)
	u, _ := url.Parse(s.http.URL)
	cookieOf := func(role account.Role) string {
		for _, ck := range s.login(role).Jar.Cookies(u) {
			if ck.Name == "parcours_session" {
				return ck.Value
			}
		}
		return ""
	}
	staff, coordination := cookieOf(account.RoleMediation), cookieOf(account.RoleCoordination)
	importFragility(t, s)
	base := fmt.Sprintf("/espace/diagnostic/questionnaires/%d", q)
	pages := []struct {
		p      browserPage
		cookie string
	}{
		{browserPage{path: "/enquetes/" + token + "/questions?ecran=1", want: "Quels appareils avez-vous chez vous"}, visitor("question")},
		{browserPage{path: "/enquetes/" + token + "/questions?ecran=2", want: "Votre connexion fonctionne-t-elle bien ?"}, visitor("section")},
		{browserPage{path: "/enquetes/" + token + "/pause", want: "notez ce code"}, visitor("question")},
		{browserPage{path: base, want: "Version en service"}, staff},
		{browserPage{path: base + "/brouillon", want: "Questions, version 2"}, staff},
		{browserPage{path: base + "/brouillon/questions/nouvelle?section=usages", want: "Logique de saut"}, staff},
		{browserPage{path: base + "/saisie", want: "Saisir un questionnaire papier"}, staff},
		{browserPage{path: base + "/rapport", want: "À lire avant les chiffres"}, staff},
		{browserPage{path: base + "/synthese", want: "Les chiffres clés"}, staff},
		{browserPage{path: base + "/analyse", want: "Marges du recensement"}, staff},
		{browserPage{path: base + "/import", want: "Importer des réponses"}, staff},
		{browserPage{path: base + "/reponses", want: "Réponse n°"}, staff},
		{browserPage{path: "/espace/fragilite", want: "Communes, les plus prioritaires d'abord"}, coordination},
	}
	for _, pg := range pages {
		t.Run(strings.TrimPrefix(pg.p.path, "/"), func(t *testing.T) {
			t.Parallel()
			tab := borrowTab(t) // no cookie: each page has its own visitor
			for _, js := range []bool{true, false} {
				widths := []int64{320, 640}
				if !js {
					widths = []int64{320}
				}
				ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
				err := checkPage(ctx, s.http.URL, pg.p, pg.cookie, widths, js, axe)
				cancelTimeout()
				if err != nil {
					t.Errorf("%s (JavaScript %v): %v", pg.p.path, js, err)
				}
			}
		})
	}
}

// TestDiagnosticPaperEntryInChromium: an agent types paper questionnaires
// with the keyboard only (numbers and Tab, Space for the consent box, Enter
// to save), one after the other; the test reports the seconds each took and
// the keys pressed.
func TestDiagnosticPaperEntryInChromium(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	s := newSite(t, storetest.SQLite(t))
	q := demoQuestionnaire(t, s)
	path := fmt.Sprintf("/espace/diagnostic/questionnaires/%d/saisie", q)
	k := openKeyboardTab(t, browser, s, account.RoleReception, path)
	// The numbers written on three paper questionnaires, in the order of the
	// fields; "" leaves a question blank (Tab only).
	sheets := [][]string{
		{"1 2", "1", "2", "1", "1 2 5", "2", "1 2", "1", "2", "3", "1 4", "3", "1 2", "1 2", "1", "4", "2", "7", "2", "1", "17299", "2", "2", ""},
		{"1", "3", "", "5", "", "3", "", "2", "", "1", "1 2 3", "1", "1 2", "1 3", "1", "5", "1", "7", "1", "2", "17299", "1", "1", ""},
		{"1 2 3", "1", "1", "1", "1 2 3 4 5", "1", "1 2", "2", "", "2", "9", "5", "6", "2 3", "4", "2", "1", "3", "4", "3", "17299", "3", "4", "Rien"},
	}
	fields := k.eval(`String(document.querySelectorAll("form input[name^=q_]").length)`)
	if fields != fmt.Sprint(len(sheets[0])) {
		t.Fatalf("%s answer fields, %d numbers per sheet", fields, len(sheets[0]))
	}
	var total time.Duration
	keys := 0
	for n, sheet := range sheets {
		start := time.Now()
		if f := k.eval(focused); !strings.HasPrefix(f, "input#reference") {
			t.Fatalf("the page opens on the questionnaire number, not %s", f)
		}
		ref := fmt.Sprintf("P-%03d", n+1)
		k.press(ref)
		k.press(kb.Tab)
		k.press(" ") // the consent box
		keys += len(ref) + 2
		for _, v := range sheet {
			k.press(kb.Tab)
			keys++
			if v != "" {
				k.press(v)
				keys += len([]rune(v))
			}
		}
		// The form posts to its own address: a mark left on this page tells the next one apart.
		k.eval(`window.parcoursPrevious = "1"`)
		k.press(kb.Enter)
		keys++
		waitNewPage(t, k)
		if txt := k.text(); !strings.Contains(txt, "Questionnaire papier "+ref+" enregistré") {
			t.Fatalf("questionnaire %s not saved:\n%.1500s", ref, txt)
		}
		took := time.Since(start)
		total += took
		t.Logf("questionnaire %s typed and saved in %.1f s", ref, took.Seconds())
	}
	rs, err := surveystore.New(s.store).ListResponses(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), q, surveystore.ResponseFilter{Status: survey.Complete, AfterID: 0})
	if err != nil {
		t.Fatal(err)
	}
	saved := 0
	for _, r := range rs {
		if strings.HasPrefix(r.ExternalID, "P-00") {
			saved++
			if r.EntrySeconds < 0 || r.ConsentWording == "" || r.Answers.Value("age") == "" {
				t.Errorf("paper answer %s: %+v", r.ExternalID, r)
			}
		}
	}
	if saved != len(sheets) {
		t.Fatalf("%d paper answers saved", saved)
	}
	t.Logf("paper entry in Chromium, keyboard only: %.1f s per questionnaire on average (%d questions, %d keys per questionnaire)",
		total.Seconds()/float64(len(sheets)), len(sheets[0]), keys/len(sheets))
}

// waitNewPage waits until the page marked with parcoursPrevious is replaced and loaded.
func waitNewPage(t *testing.T, k *keyboard) {
	t.Helper()
	for i := 0; i < 300; i++ {
		// Errors are expected while the page changes.
		v, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](`document.readyState === "complete" && !window.parcoursPrevious && document.querySelector("main") ? "yes" : "no"`))
		if err == nil && v == "yes" {
			return
		}
		time.Sleep(20 * time.Millisecond) // waiting for the browser, not for our own code
	}
	t.Fatal("the next page never came")
}
