//go:build browser

package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/signedlink"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// keyboard drives one tab of Chromium with the keyboard only: Tab, Space,
// Enter and typed text, never a click nor a script that changes the page.
type keyboard struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func openKeyboardTab(t *testing.T, browser context.Context, s *site, role account.Role, path string) *keyboard {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser)
	ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
	t.Cleanup(func() { cancelTimeout(); cancel() })
	cookie, err := s.srv.SessionCookie(s.demo.Users[role])
	if err != nil || cookie == nil {
		t.Fatalf("session: %v", err)
	}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1280, Height: 800, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: cookie.Name, Value: cookie.Value, URL: s.http.URL, HTTPOnly: new(true)}); err != nil {
		t.Fatal(err)
	}
	k := &keyboard{t: t, ctx: ctx, base: s.http.URL}
	if err := chromedp.Do(ctx, chromedp.Navigate(s.http.URL+path), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *keyboard) eval(js string) string {
	k.t.Helper()
	v, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		k.t.Fatalf("%s: %v", js, err)
	}
	return v
}

func (k *keyboard) press(keys string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.KeyEvent(keys)); err != nil {
		k.t.Fatal(err)
	}
}

// focused describes the element that has the focus.
const focused = `(() => { const e = document.activeElement; if (!e || e === document.body) return "body";
  return e.tagName.toLowerCase() + "#" + (e.id || "") + "[" + (e.getAttribute("type") || "") + "]" + (e.textContent || "").trim().slice(0, 40); })()`

// focusVisible tells whether the focused element shows where the focus is:
// an outline, a box shadow or the yellow focus background.
const focusVisible = `(() => { const e = document.activeElement; if (!e || e === document.body) return "yes";
  let el = e; if (e.matches("input[type=checkbox], input[type=radio]")) { el = e.nextElementSibling || e; }
  const s = getComputedStyle(e), l = getComputedStyle(el, e === el ? null : "::before");
  const shown = (st) => (st.outlineStyle !== "none" && parseFloat(st.outlineWidth) > 0) || (st.boxShadow && st.boxShadow !== "none");
  return (shown(s) || shown(l) || s.backgroundColor === "rgb(255, 221, 0)") ? "yes" : "no: " + e.outerHTML.slice(0, 120); })()`

// tabTo presses Tab until the predicate holds on the focused element,
// checking that every stop on the way shows its focus.
func (k *keyboard) tabTo(predicate string, max int) {
	k.t.Helper()
	for i := 0; i < max; i++ {
		k.press(kb.Tab)
		if v := k.eval(focusVisible); v != "yes" {
			k.t.Errorf("focus not visible on %s", v)
		}
		if k.eval(`(() => { const e = document.activeElement; return (`+predicate+`) ? "yes" : "no"; })()`) == "yes" {
			return
		}
	}
	k.t.Fatalf("%d Tab presses never reached %s (focus on %s)", max, predicate, k.eval(focused))
}

// tabToID reaches a field by its id.
func (k *keyboard) tabToID(id string) { k.t.Helper(); k.tabTo(`e.id === "`+id+`"`, 250) }

// check makes sure the focused checkbox or radio is checked, with Space.
func (k *keyboard) check() {
	k.t.Helper()
	if k.eval(`String(document.activeElement.checked)`) != "true" {
		k.press(" ")
	}
	if k.eval(`String(document.activeElement.checked)`) != "true" {
		k.t.Fatalf("Space did not check %s", k.eval(focused))
	}
}

// waitPath waits for the page that the submitted form leads to.
func (k *keyboard) waitPath(re *regexp.Regexp) string {
	k.t.Helper()
	for i := 0; i < 200; i++ {
		// Errors are expected while the page changes.
		p, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](`document.readyState === "complete" ? location.pathname : ""`))
		if err == nil && re.MatchString(p) {
			return p
		}
		time.Sleep(50 * time.Millisecond) // waiting for the browser, not for our own code
	}
	k.t.Fatalf("still on %s", k.eval(`location.href`))
	return ""
}

func (k *keyboard) text() string {
	k.t.Helper()
	return k.eval(`document.querySelector("main").innerText`)
}

// TestReceptionKeyboardInChromium: the reception desk welcomes and evaluates
// a person, and the conseiller numérique records then duplicates an
// accompaniment, with the keyboard only; every focus stop is visible.
func TestReceptionKeyboardInChromium(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))

	// The two journeys run at once, each in a browser context of its own.
	t.Run("FirstEvaluation", func(t *testing.T) {
		t.Parallel()
		k := openKeyboardTab(t, newBrowser(t), s, account.RoleReception, "/espace/accueil")
		k.press(kb.Tab)
		if f := k.eval(focused); !strings.Contains(f, "Aller au contenu") {
			t.Fatalf("the first Tab reaches the skip link, not %s", f)
		}
		k.press(kb.Enter)
		k.tabToID("prenom")
		k.press("Léa")
		k.tabToID("nom")
		k.press("Clavier")
		k.tabToID("annee_naissance")
		k.press("1951")
		k.tabToID("consentement_suivi")
		k.check()
		k.tabToID("thematiques-4") // navigation sur internet
		k.check()
		k.tabToID("equipement")
		k.check()
		for q := 1; q <= 8; q++ {
			k.tabToID(fmt.Sprintf("q%d", q)) // "Oui", the first radio of the question
			if q <= 3 {
				k.check()
			} else {
				k.press(kb.ArrowRight) // arrows move the choice to "Non"
				if id := k.eval(`document.activeElement.id + ":" + document.activeElement.checked`); id != fmt.Sprintf("q%d-1:true", q) {
					t.Fatalf("question %d: the arrow key did not choose « Non »: %s", q, id)
				}
			}
		}
		k.tabTo(`e.matches("form[action='/espace/accueil'] button[type=submit]")`, 20)
		k.press(kb.Enter)
		k.waitPath(regexp.MustCompile(`^/espace/evaluations/\d+$`))
		if txt := k.text(); !strings.Contains(txt, "Débutant·e") || !strings.Contains(txt, "Léa Clavier") {
			t.Fatalf("evaluation page:\n%.1500s", txt)
		}
	})

	t.Run("RecordAndDuplicateActivity", func(t *testing.T) {
		t.Parallel()
		persons, _, err := s.store.ListPersons(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{Query: "moreau", Limit: 1})
		if err != nil || len(persons) != 1 {
			t.Fatalf("demo person: %v", err)
		}
		k := openKeyboardTab(t, newBrowser(t), s, account.RoleMediation, "/espace/activites/nouvelle?personne="+itoa(persons[0].ID))
		if v := k.eval(`document.getElementById("personne").value`); v != itoa(persons[0].ID) {
			t.Fatalf("the person is filled in: %q", v)
		}
		// Type: Tab reaches the checked radio of the group, arrows choose.
		k.tabTo(`e.name === "type"`, 60)
		if k.eval(`document.activeElement.id`) != "type" {
			k.press(kb.ArrowLeft)
		}
		k.check()
		k.tabToID("thematiques-5")
		k.check()
		k.tabTo(`e.name === "autonomie"`, 250)
		k.check()
		k.tabToID("notes")
		k.press("Écrit au clavier")
		k.tabTo(`e.matches("form[action='/espace/activites'] button[type=submit]")`, 20)
		k.press(kb.Enter)
		path := k.waitPath(regexp.MustCompile(`^/espace/activites/\d+$`))
		if txt := k.text(); !strings.Contains(txt, "Écrit au clavier") || !strings.Contains(txt, "Jeannine Moreau") || !strings.Contains(txt, "E-mail") {
			t.Fatalf("activity page:\n%.1500s", txt)
		}
		// "Dupliquer" is reached and followed with the keyboard, and the copy is saved with Enter.
		k.tabTo(`e.textContent.trim() === "Dupliquer"`, 60)
		k.press(kb.Enter)
		k.waitPath(regexp.MustCompile(`^/espace/activites/nouvelle$`))
		if txt := k.text(); !strings.Contains(txt, "Copie de l'accompagnement n° "+strings.TrimPrefix(path, "/espace/activites/")) {
			t.Fatalf("copy form:\n%.800s", txt)
		}
		k.tabTo(`e.matches("form[action='/espace/activites'] button[type=submit]")`, 400)
		k.press(kb.Enter)
		copyPath := k.waitPath(regexp.MustCompile(`^/espace/activites/\d+$`))
		if copyPath == path || !strings.Contains(k.text(), "Jeannine Moreau") {
			t.Fatalf("the copy is a new activity: %s", copyPath)
		}
	})
}

// TestReceptionSignedLinkPageInChromium: the page a place without Parcours
// opens from the e-mail or the QR code, without an account, passes the
// same checks as the staff pages (axe-core, 320 px, without JavaScript).
func TestReceptionSignedLinkPageInChromium(t *testing.T) {
	t.Parallel()
	chromiumPath(t)
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	sent, err := s.store.ListReferrals(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.ReferralFilter{Box: store.BoxSent, State: referral.Open})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := s.store.ReferralSecret(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var path string
	for _, r := range sent {
		if r.ViaLink() {
			path = "/orientation/" + signedlink.New(secret, referral.LinkPurpose).Sign(r.ID, r.LinkExpiresAt)
		}
	}
	if path == "" {
		t.Fatal("the demo has a referral to a place without Parcours")
	}
	p := browserPage{path: path, want: "Une personne vous est orientée"}
	checkLayouts(t, s.http.URL, p, "", axe)
}
