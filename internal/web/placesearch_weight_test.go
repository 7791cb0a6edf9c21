package web_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// pageBudget is the weight allowed for the /lieux results page with 20 results (the
// map loads only when asked), everything it loads counted as transferred (compressed).
// TestPublicPagesWeightInChromium measures every public page in Chromium.
const pageBudget = 30 * 1024

var (
	stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"`)
	scriptRE     = regexp.MustCompile(`<script[^>]* src="([^"]+)"`)
	fontFaceRE   = regexp.MustCompile(`@font-face\{([^}]*)\}`)
	fontURLRE    = regexp.MustCompile(`url\("?([^")]+)"?\)`)
	rangeRE      = regexp.MustCompile(`unicode-range:([^;}]+)`)
)

// transferred fetches a URL as a browser does (gzip accepted) and returns
// the bytes on the wire and the decoded body.
func transferred(t *testing.T, s *site, path string) (int, []byte) {
	t.Helper()
	return transferredIn(t, s, "", path)
}

// transferredIn is transferred for a reader of a language ("" for the
// browser's choice).
func transferredIn(t *testing.T, s *site, lang, path string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", s.http.URL+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	if lang != "" {
		req.AddCookie(&http.Cookie{Name: i18n.Cookie, Value: lang})
	}
	res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	wire, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	body := wire
	if res.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(wire))
		if err != nil {
			t.Fatal(err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	return len(wire), body
}

// inRanges reports whether r is in a CSS unicode-range list.
func inRanges(r rune, list string) bool {
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(strings.ToUpper(part)), "U+")
		lo, hi, found := strings.Cut(part, "-")
		a, err := strconv.ParseInt(lo, 16, 32)
		if err != nil {
			continue
		}
		b := a
		if found {
			b, _ = strconv.ParseInt(hi, 16, 32)
		}
		if int64(r) >= a && int64(r) <= b {
			return true
		}
	}
	return false
}

// pageWeight adds up a page, its stylesheets, the fonts its characters
// need (every character of the page counts, markup included: a superset of
// what is drawn) and its scripts.
func pageWeight(t *testing.T, s *site, path string) (total int, detail string, page string) {
	t.Helper()
	return pageWeightIn(t, s, "", path)
}

// pageWeightIn is pageWeight for a reader of a language.
func pageWeightIn(t *testing.T, s *site, lang, path string) (total int, detail string, page string) {
	t.Helper()
	n, body := transferredIn(t, s, lang, path)
	total = n
	detail = fmt.Sprintf("HTML %d", n)
	page = string(body)
	chars := map[rune]bool{}
	for _, r := range html.UnescapeString(page) {
		chars[r] = true
	}
	seen := map[string]bool{}
	for _, m := range stylesheetRE.FindAllStringSubmatch(page, -1) {
		n, css := transferred(t, s, m[1])
		total += n
		detail += fmt.Sprintf(" + CSS %d", n)
		for _, face := range fontFaceRE.FindAllStringSubmatch(string(css), -1) {
			src, rng := fontURLRE.FindStringSubmatch(face[1]), rangeRE.FindStringSubmatch(face[1])
			if src == nil || seen[src[1]] {
				continue
			}
			needed := rng == nil
			for r := range chars {
				if needed || inRanges(r, rng[1]) {
					needed = true
					break
				}
			}
			if needed {
				seen[src[1]] = true
				n, _ := transferred(t, s, src[1])
				total += n
				detail += fmt.Sprintf(" + font %d (%s)", n, src[1][strings.LastIndex(src[1], "/")+1:])
			}
		}
	}
	for _, m := range scriptRE.FindAllStringSubmatch(page, -1) {
		n, _ := transferred(t, s, m[1])
		total += n
		detail += fmt.Sprintf(" + script %d", n)
	}
	return total, detail, page
}

func TestPlaceSearchPageWeight(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	setClock(s, wednesdayMorning)
	var first place.Place
	for i := range 25 {
		p := addPlace(t, s, fmt.Sprintf("Espace numérique de la Croix-Rousse n° %d", i+1), float64(i)/5, func(p *place.Place) {
			p.Services = []string{place.Services[0].Value, place.Services[1].Value, place.Services[3].Value, place.Services[7].Value}
			p.Hours = "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
			p.Phone = fmt.Sprintf("04 72 00 00 %02d", i)
			p.Address = fmt.Sprintf("%d boulevard de la Croix-Rousse", 10+i)
		})
		if i == 0 {
			first = p
		}
	}
	total, detail, page := pageWeight(t, s, "/lieux?code=69381&rayon=10")
	if n := strings.Count(page, `class="parcours-result"`); n != 20 {
		t.Fatalf("%d results on the page, want 20", n)
	}
	t.Logf("/lieux with 20 results: %d bytes transferred (%s)", total, detail)
	if total > pageBudget {
		t.Fatalf("/lieux with 20 results weighs %d bytes, over the %d-byte budget: %s", total, pageBudget, detail)
	}
	// The place page stays as light.
	path := fmt.Sprintf("/lieux/%d", first.ID)
	total, detail, _ = pageWeight(t, s, path)
	t.Logf("%s: %d bytes transferred (%s)", path, total, detail)
	if total > pageBudget {
		t.Fatalf("%s weighs %d bytes: %s", path, total, detail)
	}
}

// TestPublicPagesWeightInEveryLanguage: every public page, in each of the
// site's languages, weighs at most 30 KB transferred with everything it
// loads (the page compressed as the server sends it, its stylesheet, its
// scripts, the fonts its characters need). The languages' table of the
// README is this test's log (go test -v -run PublicPagesWeightInEveryLanguage).
func TestPublicPagesWeightInEveryLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	paths := []string{"/", "/lieux", "/lieux?code=17299&commune=Rochefort+%2817300%29&rayon=10", "/lieux/1", "/ateliers", "/rendez-vous"}
	if m := langWorkshopRE.FindStringSubmatch(s.do(anon, "GET", "/ateliers", nil).body); m != nil {
		paths = append(paths, m[1])
	} else {
		t.Fatal("no workshop in the demo")
	}
	if m := langSlotRE.FindStringSubmatch(s.do(anon, "GET", "/rendez-vous/motifs/1", nil).body); m != nil {
		paths = append(paths, strings.ReplaceAll(m[1], "&amp;", "&"))
	} else {
		t.Fatal("no slot to book in the demo")
	}
	var table strings.Builder
	table.WriteString("| language | " + strings.Join(paths, " | ") + " |\n|---|" + strings.Repeat("---:|", len(paths)) + "\n")
	for _, l := range i18n.Langs {
		table.WriteString("| `" + l.Code + "` |")
		for _, p := range paths {
			total, detail, page := pageWeightIn(t, s, l.Code, p)
			if !strings.Contains(page, `<html lang="`+l.Code+`"`) {
				t.Errorf("%s %s: the page is not in that language", l.Code, p)
			}
			if total > pageBudget {
				t.Errorf("%s %s weighs %d bytes, over the %d-byte budget: %s", l.Code, p, total, pageBudget, detail)
			}
			fmt.Fprintf(&table, " %.1f KB |", float64(total)/1024)
		}
		table.WriteString("\n")
	}
	t.Log("bytes transferred, cold, by language and page:\n" + table.String())
}
