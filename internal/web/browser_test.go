//go:build browser

package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/repotest"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// chromiumPath finds Debian's Chromium: its headless shell
// (chromium-headless-shell, the same engine without the desktop browser's
// windowing, which renders and runs axe-core for less than half the CPU),
// else the full chromium. Without either the browser tests skip, except in
// CI where .ci/run installs them.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	for _, p := range []string{os.Getenv("PARCOURS_CHROMIUM"), "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	for _, name := range []string{"chromium-headless-shell", "chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: .ci/run installs Debian's chromium-headless-shell package")
	}
	t.Skip("browser tests need Debian's Chromium (apt-get install chromium-headless-shell, or chromium)")
	return ""
}

func axeSource(t *testing.T) string {
	t.Helper()
	p := filepath.Join(repotest.Root(), "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("axe-core missing (%v): run npm ci", err)
	}
	return string(b)
}

// The browser tests share one Chromium per test process, started by the
// first test that needs it and closed by TestMain: each test gets tabs of
// its own.
var sharedBrowser struct {
	once   sync.Once
	ctx    context.Context
	cancel func()
	err    error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedBrowser.cancel != nil {
		sharedBrowser.cancel()
	}
	os.Exit(code)
}

// newBrowser returns a tab of the shared Chromium, closed when t ends;
// chromedp.NewContext(tab) opens more tabs in the same browser.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	sharedBrowser.once.Do(func() {
		dir, err := os.MkdirTemp("", "parcours-chromium-")
		if err != nil {
			sharedBrowser.err = err
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(path),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			// A French browser: the pages' texts the tests look for are the
			// French ones; the tests of other languages choose theirs.
			chromedp.Flag("accept-lang", "fr-FR,fr"),
			chromedp.Flag("lang", "fr-FR"),
			chromedp.UserDataDir(dir),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, cancelBrowser := chromedp.NewContext(actx)
		sharedBrowser.ctx = bctx
		sharedBrowser.cancel = func() { cancelBrowser(); cancelAlloc(); os.RemoveAll(dir) }
		sharedBrowser.err = chromedp.Do(bctx)
	})
	if sharedBrowser.err != nil {
		t.Fatalf("starting chromium: %v", sharedBrowser.err)
	}
	// Each test has a browser context of its own: cookies never leak between tests.
	tab, cancel := chromedp.NewContext(sharedBrowser.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tab); err != nil {
		cancel()
		t.Fatalf("opening a tab: %v", err)
	}
	t.Cleanup(cancel)
	return tab
}

// The pages checked one after the other share a few tabs, each in a
// browser context of its own, lent by borrowTab: a new tab costs Chromium a
// renderer process, three times the CPU of loading a page in a tab already
// open. As many tabs as tests run at once (-parallel).
var tabPool struct {
	once sync.Once
	tabs chan context.Context
}

// borrowTab lends a tab of the shared Chromium until t ends, with no
// cookie left by an earlier page (the pages store nothing else). A tab whose
// test failed is closed rather than lent again.
func borrowTab(t *testing.T) context.Context {
	t.Helper()
	chromiumPath(t)
	tabPool.once.Do(func() {
		n := 8
		if f := flag.Lookup("test.parallel"); f != nil {
			if v, err := strconv.Atoi(f.Value.String()); err == nil && v > 0 {
				n = v
			}
		}
		tabPool.tabs = make(chan context.Context, n)
		for range n {
			tabPool.tabs <- nil
		}
	})
	tab := <-tabPool.tabs
	if tab == nil {
		newBrowser(t) // starts the shared Chromium if it is not running yet
		tab, _ = chromedp.NewContext(sharedBrowser.ctx, chromedp.WithNewBrowserContext())
	}
	t.Cleanup(func() {
		if t.Failed() {
			chromedp.Cancel(tab)
			tab = nil
		}
		tabPool.tabs <- tab
	})
	if err := chromedp.Do(tab); err != nil { // opens the tab the first time
		t.Fatalf("opening a tab: %v", err)
	}
	if _, err := chromedp.Call(tab, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatalf("clearing a tab's cookies: %v", err)
	}
	return tab
}

// pageTimeout guards against a page that hangs; it is not a speed check:
// on a loaded machine axe-core alone can take a minute on a long page.
const pageTimeout = 3 * time.Minute

type axeViolation struct {
	ID    string `json:"id"`
	Help  string `json:"help"`
	Nodes []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func TestPagesInChromium(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	s := newSite(t, storetest.SQLite(t))
	cookies := map[account.Role]string{}
	sessionCookie := func(role account.Role) string {
		if c, ok := cookies[role]; ok {
			return c
		}
		c := s.login(role)
		u, _ := urlParse(s.http.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "parcours_session" {
				cookies[role] = ck.Value
			}
		}
		return cookies[role]
	}

	for _, p := range browserPages {
		name := strings.TrimPrefix(p.path, "/")
		if p.role != "" {
			name += "@" + string(p.role)
		}
		if p.lang != "" {
			name += "~" + p.lang
		}
		var cookie string
		if p.role != "" {
			cookie = sessionCookie(p.role)
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			checkLayouts(t, s.http.URL, p, cookie, axe)
		})
	}
}

func checkPage(ctx context.Context, base string, p browserPage, cookie string, widths []int64, js bool, axe string) error {
	if err := chromedp.Do(ctx); err != nil { // opens the tab
		return err
	}
	resize := func(width int64) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: width <= 640,
		})
		return err
	}
	if err := resize(widths[0]); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !js}); err != nil {
		return err
	}
	if cookie != "" {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: "parcours_session", Value: cookie, URL: base, HTTPOnly: new(true)}); err != nil {
			return err
		}
	}
	if p.lang != "" {
		if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: i18n.Cookie, Value: p.lang, URL: base, HTTPOnly: new(true)}); err != nil {
			return err
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.WaitReady("body")); err != nil {
		return err
	}
	text, err := chromedp.Run(ctx, chromedp.Text("main"))
	if err != nil {
		return err
	}
	if !strings.Contains(text, p.want) {
		return fmt.Errorf("page does not show %q", p.want)
	}
	// axe-core runs once per load with JavaScript, the costliest step: at
	// the narrowest width for a visitor's page (residents read on phones),
	// at the widest for a staff page (staff work on computers).
	axeWidth := slices.Min(widths)
	if p.role != "" {
		axeWidth = slices.Max(widths)
	}
	for i, width := range widths {
		if i > 0 {
			if err := resize(width); err != nil {
				return err
			}
		}
		widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int64](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
		if err != nil {
			return err
		}
		if widths[0] > widths[1] {
			return fmt.Errorf("width %d: content overflows horizontally: %d px wide in a %d px viewport", width, widths[0], widths[1])
		}
		if dir := os.Getenv("PARCOURS_SCREENSHOTS"); dir != "" && js {
			// Screenshots to look at: PARCOURS_SCREENSHOTS=/tmp/shots go test -tags browser -run TestPagesInChromium ./internal/web/
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				return err
			}
			name := strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "-").Replace(strings.Trim(p.path, "/"))
			if name == "" {
				name = "accueil"
			}
			if p.role != "" {
				name += "@" + string(p.role)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, width)), png, 0o644); err != nil {
				return err
			}
		}
		if !js || width != axeWidth {
			continue
		}
		if err := runAxe(ctx, axe); err != nil {
			return fmt.Errorf("width %d: %w", width, err)
		}
	}
	return nil
}

// runAxe runs axe-core on the page and reports its violations.
func runAxe(ctx context.Context, axe string) error {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe !== "undefined"`))
	if err != nil {
		return err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe)); err != nil {
			return fmt.Errorf("loading axe-core: %w", err)
		}
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ["violations"], elementRef: false, ancestry: false, xpath: false}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return fmt.Errorf("axe: %w", err)
	}
	var violations []axeViolation
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		return err
	}
	if len(violations) > 0 {
		var b strings.Builder
		for _, v := range violations {
			fmt.Fprintf(&b, "\n  %s: %s", v.ID, v.Help)
			for _, n := range v.Nodes {
				fmt.Fprintf(&b, "\n    %v %.160s", n.Target, n.HTML)
			}
		}
		return errors.New("axe-core violations:" + b.String())
	}
	return nil
}

func urlParse(s string) (*url.URL, error) { return url.Parse(s) }

// checkLayouts checks a page as TestPagesInChromium does, in a borrowed
// tab: with JavaScript at 1280, 640 (200 % zoom) and 320 px, loaded once
// and resized, axe-core at 320 px for a visitor's page and 1280 px for a
// staff page; then a visitor's page at 320 px without JavaScript. A staff
// page is not loaded a second time: that the server's HTML shows its content
// without any script is checked over HTTP, for a third of the CPU.
func checkLayouts(t *testing.T, base string, p browserPage, cookie, axe string) {
	t.Helper()
	tab := borrowTab(t)
	for _, js := range []bool{true, false} {
		if !js && p.role != "" {
			if err := serverShows(base, p, cookie); err != nil {
				t.Errorf("%s (without JavaScript): %v", p.path, err)
			}
			continue
		}
		widths := []int64{1280, 640, 320}
		if !js {
			widths = []int64{320}
		}
		ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
		err := checkPage(ctx, base, p, cookie, widths, js, axe)
		cancelTimeout()
		if err != nil {
			t.Errorf("%s (JavaScript %v): %v", p.path, js, err)
		}
	}
}
