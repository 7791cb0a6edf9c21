//go:build browser

package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// publicPageBudget is what a public page may weigh, cold, at 360 px,
// everything the browser fetches counted as transferred (headers included).
const publicPageBudget = 30 * 1024

// maxLayoutShift is the cumulative layout shift a public page may show.
const maxLayoutShift = 0.02

// fetchLog adds up what a tab downloads, from the DevTools protocol.
type fetchLog struct {
	mu      sync.Mutex
	urls    map[network.RequestID]string
	sizes   map[network.RequestID]float64
	pending map[network.RequestID]bool
}

func newFetchLog() *fetchLog {
	return &fetchLog{urls: map[network.RequestID]string{}, sizes: map[network.RequestID]float64{}, pending: map[network.RequestID]bool{}}
}

func (f *fetchLog) listen(ev any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		f.urls[e.RequestID] = e.Request.URL
		f.pending[e.RequestID] = true
	case *network.EventLoadingFinished:
		f.sizes[e.RequestID] = e.EncodedDataLength
		delete(f.pending, e.RequestID)
	case *network.EventLoadingFailed:
		delete(f.pending, e.RequestID)
	}
}

// total returns the bytes received and one line per request.
func (f *fetchLog) total() (int, []string, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	sum := 0.0
	var lines []string
	for id, n := range f.sizes {
		sum += n
		u, _ := url.Parse(f.urls[id])
		name := u.Path
		if i := strings.LastIndexByte(name, '/'); i >= 0 && strings.HasPrefix(name, "/static/") {
			name = name[i+1:]
		}
		lines = append(lines, fmt.Sprintf("%s %.0f", name, n))
	}
	sort.Strings(lines)
	return int(sum), lines, len(f.pending)
}

// publicPageMetrics is what a cold visit measures.
type publicPageMetrics struct {
	bytes       int
	detail      []string
	cls         float64
	firstResult float64 // top of the first result, px; -1 without results
	height      float64
}

// measureCold loads path in a fresh tab with the cache off at 360 × 640
// (a mobile viewport), waits until the network is idle, and measures.
func measureCold(t *testing.T, browser context.Context, base, path string) publicPageMetrics {
	t.Helper()
	log := newFetchLog()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithListener(log.listen))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(tab, pageTimeout)
	defer cancelTimeout()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 360, Height: 640, DeviceScaleFactor: 2, Mobile: true}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+path), chromedp.WaitReady("body")); err != nil {
		t.Fatal(err)
	}
	// Idle: the load event passed and no request is pending, twice in a row.
	quiet := 0
	for quiet < 2 {
		done, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => setTimeout(() => r(document.readyState === "complete"), 50)))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, pending := log.total(); done && pending == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
	m := publicPageMetrics{}
	m.bytes, m.detail, _ = log.total()
	vals, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`new Promise(resolve => {
		let cls = 0;
		new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) cls += e.value; }).observe({type: "layout-shift", buffered: true});
		setTimeout(() => {
			const first = document.querySelector(".parcours-result");
			resolve([cls, first ? first.getBoundingClientRect().top : -1, window.innerHeight]);
		}, 100);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	m.cls, m.firstResult, m.height = vals[0], vals[1], vals[2]
	return m
}

var (
	slotHrefRE     = regexp.MustCompile(`href="(/rendez-vous/motifs/1/reserver\?creneau=[^"]+)"`)
	workshopHrefRE = regexp.MustCompile(`href="(/ateliers/\d+)"`)
	marseillePlace = regexp.MustCompile(`<a class="govuk-link" href="(/lieux/\d+)">`)
)

// TestPublicPagesWeightInChromium loads every public page cold at 360 px
// and counts, from the DevTools protocol, everything Chromium fetches:
// each must stay within 30 KB, shift less than 0.02, and a search must
// show its first result in the first screen. Marseille is searched on the
// national file of ../shared/data when it is there.
func TestPublicPagesWeightInChromium(t *testing.T) {
	browser := newBrowser(t)
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	paths := []string{"/", "/lieux", "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", "/lieux/1", "/ateliers", "/rendez-vous"}
	if m := slotHrefRE.FindStringSubmatch(s.do(anon, "GET", "/rendez-vous/motifs/1", nil).body); m != nil {
		paths = append(paths, strings.ReplaceAll(m[1], "&amp;", "&"))
	} else {
		t.Error("no slot to book in the demo")
	}
	if m := workshopHrefRE.FindStringSubmatch(s.do(anon, "GET", "/ateliers", nil).body); m != nil {
		paths = append(paths, m[1])
	} else {
		t.Error("no workshop in the demo")
	}
	if data, err := os.ReadFile("../../../shared/data/lieux-mediation-numerique_v0.1_data-inclusion_2023-02.json"); err == nil {
		admin := s.login(account.RoleAdmin)
		r := s.upload(admin, "national.json", data, "national")
		s.do(admin, "POST", r.header.Get("Location")+"/confirmation", url.Values{})
		paths = append(paths, "/lieux?commune=Marseille")
		if m := marseillePlace.FindStringSubmatch(s.do(anon, "GET", "/lieux?commune=Marseille", nil).body); m != nil {
			paths = append(paths, m[1])
		}
	} else {
		t.Logf("national file absent (%v): Marseille not measured", err)
	}
	var table []string
	for _, p := range paths {
		m := measureCold(t, browser, s.http.URL, p)
		table = append(table, fmt.Sprintf("| `%s` | %.1f KB | %.3f | %s |", p, float64(m.bytes)/1024, m.cls, strings.Join(m.detail, ", ")))
		if m.bytes > publicPageBudget {
			t.Errorf("%s: %d bytes transferred cold, over %d: %s", p, m.bytes, publicPageBudget, strings.Join(m.detail, ", "))
		}
		if m.cls > maxLayoutShift {
			t.Errorf("%s: layout shift %.3f, over %.2f", p, m.cls, maxLayoutShift)
		}
		if strings.HasPrefix(p, "/lieux?") && (m.firstResult < 0 || m.firstResult > m.height-40) {
			t.Errorf("%s: the first result starts at %.0f px, not in the first screen (%.0f px)", p, m.firstResult, m.height)
		}
	}
	t.Log("page weight, cold, 360 px:\n| page | transferred | CLS | requests (bytes) |\n|---|---|---|---|\n" + strings.Join(table, "\n"))
}
