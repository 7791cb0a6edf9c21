//go:build browser

package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestSecondFactorInChromium: a coordinator sets up the second factor her
// role demands, as a person does (the code computed as her application
// would), sees her recovery codes and reaches her staff area; the demo
// administrator logs in with its code. Each page of the way passes axe-core.
func TestSecondFactorInChromium(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	hash, _ := account.HashPassword(ctx, demo.Password)
	if _, err := s.store.CreateUser(ctx, account.NewUser{Email: "coord@test.fr", Name: "Coordinatrice", StructureID: s.demo.Structures[demo.CCAS], Role: account.RoleCoordination}, hash, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	login := func(email string) *keyboard {
		tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		tctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
		t.Cleanup(func() { cancelTimeout(); cancel() })
		if err := chromedp.Do(tctx); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Call(tctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1280, Height: 800, DeviceScaleFactor: 1}); err != nil {
			t.Fatal(err)
		}
		k := &keyboard{t: t, ctx: tctx, base: s.http.URL}
		if err := chromedp.Do(tctx, chromedp.Navigate(s.http.URL+"/connexion"), chromedp.WaitReady("body")); err != nil {
			t.Fatal(err)
		}
		k.eval(`document.getElementById("email").focus(), ""`)
		k.press(email)
		k.press(kb.Tab)
		k.press(demo.Password)
		k.press(kb.Enter)
		return k
	}
	typeCode := func(k *keyboard, secret string) {
		t.Helper()
		if err := runAxe(k.ctx, axe); err != nil {
			t.Errorf("%s: %v", k.eval(`location.pathname`), err)
		}
		code, err := account.FactorCode(secret, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		k.eval(`document.getElementById("code").focus(), ""`)
		k.press(code)
		k.press(kb.Enter)
	}

	k := login("coord@test.fr")
	k.waitPath(regexp.MustCompile(`^/connexion/activation$`))
	if n := k.eval(`String(document.querySelectorAll(".parcours-qr-box svg path").length)`); n != "1" {
		t.Fatalf("the QR code is drawn: %s", n)
	}
	secret := k.eval(`document.querySelector("code.parcours-one-time-link").textContent`)
	typeCode(k, secret)
	for i := 0; i < 200; i++ {
		// Errors are expected while the page changes.
		v, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](`document.readyState === "complete" && document.querySelector(".parcours-recovery-codes") ? "yes" : "no"`))
		if err == nil && v == "yes" {
			break
		}
		time.Sleep(50 * time.Millisecond) // waiting for the browser, not for our own code
	}
	if n := k.eval(`String(document.querySelectorAll(".parcours-recovery-codes li").length)`); n != "10" {
		t.Fatalf("%s recovery codes shown:\n%s", n, k.text())
	}
	if err := runAxe(k.ctx, axe); err != nil {
		t.Errorf("recovery codes page: %v", err)
	}
	k.eval(`document.querySelector("a.govuk-button").click(), ""`)
	k.waitPath(regexp.MustCompile(`^/espace$`))
	if !strings.Contains(k.text(), "Bonjour Coordinatrice") {
		t.Fatalf("staff home:\n%.500s", k.text())
	}

	s.clock.Advance(account.FactorPeriod * time.Second)
	k = login(demo.Email(account.RoleAdmin))
	k.waitPath(regexp.MustCompile(`^/connexion/code$`))
	typeCode(k, demo.FactorSecret)
	k.waitPath(regexp.MustCompile(`^/espace$`))
	if !strings.Contains(k.text(), "Comptes") {
		t.Fatalf("administration home:\n%.500s", k.text())
	}
}
