package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestLanguageSwitchWithoutJavaScript: the browser's languages choose the
// page's language until the visitor picks one in the switch, a GET form
// that works without JavaScript; a cookie remembers it.
func TestLanguageSwitchWithoutJavaScript(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	home := s.do(c, "GET", "/lieux?commune=Rochefort", nil)
	for _, want := range []string{`<html lang="fr" dir="ltr"`, `href="/langue?retour=%2flieux%3fcommune%3dRochefort"`} {
		if !strings.Contains(home.body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	list := s.do(c, "GET", "/langue?retour=/lieux%3Fcommune%3DRochefort", nil)
	for _, want := range []string{`<h1 class="govuk-heading-l">Choisir la langue</h1>`, `<a class="govuk-link" href="/langue?l=ar&retour=%2Flieux%3Fcommune%3DRochefort" lang="ar" dir="rtl">العربية</a>`,
		`href="/langue?l=fr-x-falc&retour=%2Flieux%3Fcommune%3DRochefort" lang="fr-x-falc" dir="ltr">Facile à lire</a>`, `lang="fr" dir="ltr" aria-current="true"><strong>Français</strong>`,
		`<a class="govuk-link" href="/lieux?commune=Rochefort">Revenir à la page</a>`} {
		if list.status != 200 || !strings.Contains(list.body, want) {
			t.Errorf("the list of languages lacks %s", want)
		}
	}
	if strings.Contains(home.body, "parcours-lang-notice") {
		t.Error("French pages say nothing about their translation")
	}

	if r := s.doLang(c, "/", "uk-UA,uk;q=0.9"); !strings.Contains(r.body, `<html lang="uk" dir="ltr"`) || !strings.Contains(r.body, "Допомога з цифровими технологіями") {
		t.Error("the browser's language does not choose the page's")
	}

	r := s.do(c, "GET", "/langue?l=ar&retour=/lieux%3Fcommune%3DRochefort", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/lieux?commune=Rochefort" {
		t.Fatalf("switch: %d %s", r.status, r.header.Get("Location"))
	}
	if ck := r.header.Get("Set-Cookie"); !strings.Contains(ck, i18n.Cookie+"=ar") || !strings.Contains(ck, "HttpOnly") || !strings.Contains(ck, "Max-Age=31536000") {
		t.Fatalf("cookie: %s", ck)
	}
	// The choice wins over the browser's languages.
	page := s.doLang(c, "/", "uk")
	for _, want := range []string{`<html lang="ar" dir="rtl"`, "الحصول على مساعدة في استعمال الأدوات الرقمية", "لم تتم مراجعة هذه الترجمة بعد.", `lang="fr" dir="ltr" href="/langue?l=fr-x-falc&retour=/"`} {
		if !strings.Contains(page.body, want) {
			t.Errorf("in Arabic the home page lacks %s", want)
		}
	}
	if strings.Contains(page.body, "Être aidé avec le numérique") {
		t.Error("the French title shows on the Arabic page")
	}
	// Easy French from the home page's entry.
	if r := s.do(c, "GET", "/langue?l=fr-x-falc&retour=/", nil); r.header.Get("Location") != "/" {
		t.Fatalf("easy French: %s", r.header.Get("Location"))
	}
	if p := s.do(c, "GET", "/", nil); !strings.Contains(p.body, `<html lang="fr-x-falc" dir="ltr"`) || !strings.Contains(p.body, "Vous avez du mal avec internet, un ordinateur ou un téléphone ?") || strings.Contains(p.body, "parcours-easy") {
		t.Error("the easy-French home page")
	}
	// Only this site's paths; an unknown language changes nothing.
	for _, bad := range []string{"//evil.example", "https://evil.example/", "/\\evil.example"} {
		if r := s.do(c, "GET", "/langue?l=en&retour="+bad, nil); r.header.Get("Location") != "/" {
			t.Errorf("retour=%s: redirected to %s", bad, r.header.Get("Location"))
		}
	}
	if r := s.do(c, "GET", "/langue?l=xx&retour=/", nil); r.header.Get("Set-Cookie") != "" {
		t.Errorf("an unknown language is remembered: %s", r.header.Get("Set-Cookie"))
	}
	// Staff screens stay in French whatever the cookie says.
	staff := s.login("admin")
	s.do(staff, "GET", "/langue?l=ar&retour=/", nil)
	if p := s.do(staff, "GET", "/espace", nil); !strings.Contains(p.body, `<html lang="fr" dir="ltr"`) || strings.Contains(p.body, `href="/langue`) {
		t.Error("staff screens change language")
	}
}

func (s *site) doLang(c *http.Client, path, accept string) response {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.http.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", accept)
	res, err := c.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return response{status: res.StatusCode, body: html.UnescapeString(string(b)), header: res.Header}
}

var (
	langSlotRE     = regexp.MustCompile(`href="(/rendez-vous/motifs/1/reserver\?creneau=[^"]+)"`)
	langWorkshopRE = regexp.MustCompile(`href="(/ateliers/\d+)"`)
	// What stays French on a translated page, marked so: the easy-French
	// entry, the places' own data and the national
	// vocabulary of the filters.
	frenchMarkedRE = regexp.MustCompile(`(?s)<a [^>]*lang="fr"[^>]*>.*?</a>|<div class="govuk-details__text" lang="fr" dir="ltr">.*?</details>|<(p|span|dd|ul|table)[^>]* lang="fr" dir="ltr"[^>]*>.*?</(p|span|dd|ul|table)>`)
	htmlAttrsRE    = regexp.MustCompile(`<html lang="([^"]+)" dir="([^"]+)"`)
)

// TestPublicPagesInEveryLanguage renders each public page in each language:
// the html element carries the language and its direction; a page whose
// content is translated shows no French text that has a translation, and a
// page not yet translated marks its content French and says so.
func TestPublicPagesInEveryLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	anon := s.client()
	paths := []string{"/", "/lieux", "/lieux?commune=Rochefort", "/lieux?commune=Rochefort&ouvert=maintenant", "/lieux/1", "/ateliers", "/rendez-vous", "/rendez-vous?ou=Rochefort", "/rendez-vous/motifs/1",
		"/accessibilite", "/mentions-legales", "/confidentialite", "/langue?retour=/lieux", "/page-qui-n-existe-pas", "/lieux/999999"}
	if m := langSlotRE.FindStringSubmatch(s.do(anon, "GET", "/rendez-vous/motifs/1", nil).body); m != nil {
		paths = append(paths, strings.ReplaceAll(m[1], "&amp;", "&"))
	} else {
		t.Error("no slot to book in the demo")
	}
	if m := langWorkshopRE.FindStringSubmatch(s.do(anon, "GET", "/ateliers", nil).body); m != nil {
		paths = append(paths, m[1])
	} else {
		t.Error("no workshop in the demo")
	}
	french := i18n.Messages(i18n.Default)
	translatedSomewhere := map[string]bool{}
	for _, l := range i18n.Langs {
		c := s.client()
		s.do(c, "GET", "/langue?l="+l.Code+"&retour=/", nil)
		texts := i18n.Messages(l.Code)
		var own strings.Builder
		for _, t := range texts {
			own.WriteString(t + "\n")
		}
		for _, p := range paths {
			r := s.do(c, "GET", p, nil)
			if r.status != 200 && !((p == "/page-qui-n-existe-pas" || p == "/lieux/999999") && r.status == 404) {
				t.Errorf("%s %s: %d", l.Code, p, r.status)
				continue
			}
			m := htmlAttrsRE.FindStringSubmatch(r.body)
			if m == nil || m[1] != l.Code || m[2] != l.Dir() {
				t.Errorf("%s %s: html element %v", l.Code, p, m)
				continue
			}
			frenchOnly := strings.Contains(r.body, `id="contenu" lang="fr" dir="ltr"`)
			if frenchOnly {
				if l.Code == i18n.Default || !strings.Contains(r.body, l.T("meta.french_only")) {
					t.Errorf("%s %s: content marked French without saying so, or on a French page", l.Code, p)
				}
				continue
			}
			if l.Code != i18n.Default {
				translatedSomewhere[p] = true
			}
			if !l.Reviewed() != strings.Contains(r.body, l.T("meta.not_reviewed")) {
				t.Errorf("%s %s: the notice of a translation not reviewed", l.Code, p)
			}
			body := frenchMarkedRE.ReplaceAllString(r.body, "")
			for id, fr := range french {
				// A French text the language's own texts hold ("Accessibilité"
				// in easy French) is no sign of a missing translation.
				if len([]rune(fr)) < 12 || strings.Contains(fr, "{{") || strings.Contains(own.String(), fr) {
					continue
				}
				if strings.Contains(body, fr) {
					t.Errorf("%s %s: French text %s shows: %q", l.Code, p, id, fr)
				}
			}
		}
	}
	for _, p := range []string{"/", "/page-qui-n-existe-pas", "/lieux", "/lieux?commune=Rochefort", "/lieux/1", "/ateliers", "/rendez-vous", "/rendez-vous/motifs/1"} {
		if !translatedSomewhere[p] {
			t.Errorf("%s is not translated", p)
		}
	}
}

// TestResidentJourneyInArabic: booking and registering on the Arabic pages,
// the form's errors, the confirmation pages, the cancellation asked then
// confirmed are all in Arabic, right to left; the SMS follow.
func TestResidentJourneyInArabic(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	s.do(c, "GET", "/langue?l=ar&retour=/", nil)
	m := langSlotRE.FindStringSubmatch(s.do(c, "GET", "/rendez-vous/motifs/1", nil).body)
	if m == nil {
		t.Fatal("no slot to book")
	}
	slot := strings.TrimPrefix(strings.ReplaceAll(m[1], "&amp;", "&"), "/rendez-vous/motifs/1/reserver?creneau=")
	check := func(what string, r response, wants ...string) {
		t.Helper()
		if !strings.Contains(r.body, `<html lang="ar" dir="rtl"`) {
			t.Errorf("%s: not in Arabic", what)
		}
		for _, w := range wants {
			if !strings.Contains(r.body, w) {
				t.Errorf("%s lacks %q", what, w)
			}
		}
	}
	form := s.do(c, "GET", m[1], nil)
	check("booking form", form, "موعدك", "اسمك الشخصي واسم العائلة", "تأكيد الموعد")
	bad := s.do(c, "POST", "/rendez-vous/motifs/1/reserver", url.Values{"creneau": {slot}, "telephone": {"12"}})
	check("errors", bad, "هناك مشكلة", "اكتب اسمك الشخصي واسم العائلة.", "ضع علامة في الخانة للموافقة")
	if bad.status != 422 || strings.Contains(bad.body, "Écrivez votre prénom et votre nom.") {
		t.Errorf("errors: %d, French shown", bad.status)
	}
	r := s.do(c, "POST", "/rendez-vous/motifs/1/reserver", url.Values{"creneau": {slot}, "nom": {"Amina Haddad"}, "telephone": {"06 12 34 56 78"}, "accord": {"oui"}})
	if r.status != 303 {
		t.Fatalf("booking: %d\n%s", r.status, r.body)
	}
	page := strings.TrimSuffix(r.header.Get("Location"), "?nouveau=1")
	check("booked", s.do(c, "GET", r.header.Get("Location"), nil), "تم حجز موعدك", "احتفظ بهذه الصفحة")
	check("cancel asked", s.do(c, "GET", page+"?annuler=1", nil), "هل تريد حقا إلغاء موعدك يوم", "نعم، ألغِ موعدي")
	msgs := s.outbox()
	if len(msgs) == 0 || !strings.Contains(msgs[0].Body, "تم تأكيد موعدك") {
		t.Errorf("the SMS is not in Arabic: %+v", msgs)
	}

	reg := s.do(c, "POST", "/ateliers/1/inscription", url.Values{"nom": {"Amina Haddad"}, "courriel": {"amina@exemple.fr"}, "accord": {"oui"}, "attente": {"oui"}})
	if reg.status != 303 {
		t.Fatalf("registration: %d\n%s", reg.status, reg.body)
	}
	check("registered", s.do(c, "GET", reg.header.Get("Location"), nil), "احتفظ بهذه الصفحة: تتيح لك معرفة وضع تسجيلك أو إلغاءه.")
}
