package i18n

import (
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

func TestEveryFileLoads(t *testing.T) {
	if err := Load(); err != nil {
		t.Fatal(err)
	}
}

// Every language has every French text, and no text French lacks: a page
// never falls back to French without a test saying so.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	fr := Messages(Default)
	if len(fr) < 100 {
		t.Fatalf("the French file has %d texts", len(fr))
	}
	for _, l := range Langs[1:] {
		m := Messages(l.Code)
		var missing, extra []string
		for id := range fr {
			if strings.TrimSpace(m[id]) == "" {
				missing = append(missing, id)
			}
		}
		for id := range m {
			if _, ok := fr[id]; !ok {
				extra = append(extra, id)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d texts: %s", l.Code, len(missing), strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			t.Errorf("%s has texts French has not: %s", l.Code, strings.Join(extra, ", "))
		}
	}
}

// A plural text gives every form the language's grammar needs (Arabic six,
// Russian and Ukrainian four, Romanian three…), and keeps the same named
// values as the French one.
func TestPluralFormsAndValuesMatchTheLanguage(t *testing.T) {
	for _, l := range Langs {
		loc := cat().local[l.Code]
		for id, frText := range Messages(Default) {
			forms := Forms(l.Code, id)
			frForms := Forms(Default, id)
			if len(frForms) > 1 {
				// The counts 0 to 120 meet every form of these languages.
				for n := 0; n <= 120; n++ {
					if _, err := loc.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}}); err != nil {
						t.Errorf("%s %s, %d: %v", l.Code, id, n, err)
						break
					}
				}
			}
			want := values(frText)
			for form, text := range forms {
				for _, v := range values(text) {
					if !slices.Contains(want, v) {
						t.Errorf("%s %s (%s): {{%s}} is not a value of the French text", l.Code, id, form, v)
					}
				}
			}
			if len(frForms) <= 1 && !strings.HasPrefix(id, "meta.") {
				for _, v := range want {
					if !strings.Contains(forms["other"], "{{."+v+"}}") {
						t.Errorf("%s %s: {{.%s}} is missing", l.Code, id, v)
					}
				}
			}
		}
	}
}

func values(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "{{.")
		if i < 0 {
			return out
		}
		s = s[i+3:]
		j := strings.Index(s, "}}")
		if j < 0 {
			return out
		}
		out = append(out, s[:j])
		s = s[j+2:]
	}
}

func TestOnlyFrenchIsReviewed(t *testing.T) {
	for _, l := range Langs {
		if got := l.Reviewed(); got != (l.Code == Default) {
			t.Errorf("%s reviewed = %v", l.Code, got)
		}
		if !l.Reviewed() && l.T("meta.not_reviewed") == Get(Default).T("meta.not_reviewed") {
			t.Errorf("%s: the notice is not in the language", l.Code)
		}
	}
}

func TestTextWithValuesAndPlurals(t *testing.T) {
	cases := []struct {
		lang string
		n    int
		want string
	}{
		{"fr", 1, "1 lieu à moins de 10 km de Rochefort"},
		{"fr", 3, "3 lieux à moins de 10 km de Rochefort"},
		{"en", 1, "1 place within 10 km of Rochefort"},
		{"ru", 3, "3 места не дальше 10 км от Rochefort"},
		{"ru", 5, "5 мест не дальше 10 км от Rochefort"},
		{"ar", 2, "مكانان على بعد أقل من 10 كم من Rochefort"},
		{"ar", 11, "11 مكانا على بعد أقل من 10 كم من Rochefort"},
	}
	for _, c := range cases {
		got := Get(c.lang).T("search.found", "Count", c.n, "Radius", 10, "Centre", "Rochefort")
		if got != c.want {
			t.Errorf("%s %d: %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	if got := Get(FALC).T("search.found", "Count", 2, "Radius", 5, "Centre", "Rochefort"); got != "2 lieux à moins de 5 km de Rochefort" {
		t.Errorf("easy French: %q", got)
	}
	if got := Get(FALC).T("msg.waiting", "Title", "T", "When", "W"); !strings.HasPrefix(got, "L'atelier « T » du W est complet.") {
		t.Errorf("easy French is not taken for French: %q", got)
	}
	if got := Get("ar").T("no.such.text"); got != "no.such.text" {
		t.Errorf("unknown id: %q", got)
	}
}

func TestChoose(t *testing.T) {
	cases := []struct{ cookie, accept, want string }{
		{"", "", "fr"},
		{"", "ar-MA,ar;q=0.9,fr;q=0.5", "ar"},
		{"", "en-GB,en;q=0.9", "en"},
		{"", "de-DE,de;q=0.9", "fr"},
		{"", "de-DE,uk;q=0.8", "uk"},
		{"", "fa-IR", "fa"},
		{"ps", "en", "ps"},
		{"fr-x-falc", "ar", "fr-x-falc"},
		{"xx", "es", "es"},
		{"", "fr-x-falc", "fr"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		if c.accept != "" {
			r.Header.Set("Accept-Language", c.accept)
		}
		if c.cookie != "" {
			r.Header.Set("Cookie", Cookie+"="+c.cookie)
		}
		if got := Choose(r).Code; got != c.want {
			t.Errorf("cookie %q accept %q: %s, want %s", c.cookie, c.accept, got, c.want)
		}
	}
	for _, code := range []string{"ar", "fa", "ps"} {
		if Get(code).Dir() != "rtl" {
			t.Errorf("%s is not right to left", code)
		}
	}
	if Get("uk").Dir() != "ltr" {
		t.Error("uk is right to left")
	}
}
