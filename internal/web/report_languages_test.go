package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestReportFormErrorsInTheVisitorsLanguage: the refusals of "Signaler une
// erreur", written in French by the checks, reach a visitor who chose
// another language in that language, one message for each case of each
// field; the French page keeps the checks' own words.
func TestReportFormErrorsInTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	fs := s.demoPlace("France Services Rochefort Océan (démo)")
	path := "/lieux/" + itoa(fs.ID) + "/signaler"
	for _, code := range []string{"en", "fr-x-falc", "ar"} {
		t.Run(code, func(t *testing.T) {
			l := i18n.Get(code)
			c := s.client()
			s.do(c, "GET", "/langue?l="+url.QueryEscape(code)+"&retour=/", nil)
			form := s.do(c, "GET", path, nil)
			for _, id := range []string{"report.heading", "report.section_horaires", "report.section_ferme_hint", "report.send"} {
				if !strings.Contains(form.body, l.T(id)) {
					t.Errorf("form lacks %s", id)
				}
			}
			if strings.Contains(form.body, "Qu'est-ce qui n'est pas juste") || strings.Contains(form.body, l.T("meta.french_only")) {
				t.Error("the form stays in French")
			}
			cases := []struct {
				form url.Values
				want []string
			}{
				{url.Values{"section": {""}, "correction": {"  "}, "contact": {"pas un contact"}},
					[]string{l.T("report.err_section"), l.T("report.err_correction_empty"), l.T("report.err_contact_phone")}},
				{url.Values{"section": {"autre"}, "correction": {strings.Repeat("a", 1001)}, "contact": {"a@b"}},
					[]string{l.T("report.err_correction_long", "N", 1001, "Max", 1000), l.T("report.err_contact_email")}},
				{url.Values{"section": {"autre"}, "correction": {"voir https://a.fr https://b.fr www.c.fr"}, "contact": {strings.Repeat("a", 255)}},
					[]string{l.T("report.err_correction_links", "Max", 2), l.T("report.err_contact_long")}},
			}
			for i, c2 := range cases {
				r := s.do(c, "POST", path, c2.form)
				if r.status != http.StatusUnprocessableEntity {
					t.Fatalf("case %d: status %d", i, r.status)
				}
				for _, want := range c2.want {
					if !strings.Contains(r.body, want) && !strings.Contains(r.body, escaped(want)) {
						t.Errorf("case %d lacks %q", i, want)
					}
				}
				for _, fr := range frenchRefusals {
					if strings.Contains(r.body, fr) || strings.Contains(r.body, escaped(fr)) {
						t.Errorf("case %d shows the French refusal %q", i, fr)
					}
				}
			}
		})
	}
	fr := s.do(s.client(), "POST", path, url.Values{"section": {"autre"}, "correction": {strings.Repeat("a", 1001)}})
	if !strings.Contains(fr.body, "Votre message fait 1\u00a0001 caractères : 1\u00a0000 au plus.") {
		t.Error("the French page lost the check's own words")
	}
}

// frenchRefusals begin the French messages of the report's checks.
var frenchRefusals = []string{"Choisissez ce qui n'est pas juste", "Écrivez ce qui est faux et", "Votre message fait",
	"Votre message contient trop", "Cette adresse e-mail n'est pas valide", "Écrivez une adresse e-mail ou un numéro"}

// escaped is a text as html/template may write it in a page.
func escaped(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

// TestOptOutInTheVisitorsLanguage: the opt-out link of a booking's e-mail
// asks and confirms in the language the resident chose.
func TestOptOutInTheVisitorsLanguage(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	c := s.client()
	links := slotLinkRE.FindAllStringSubmatch(s.do(c, "GET", "/rendez-vous/motifs/1", nil).body, -1)
	if len(links) == 0 {
		t.Fatal("no slot")
	}
	slot := strings.TrimPrefix(links[0][1], "/rendez-vous/motifs/1/reserver?creneau=")
	if r := s.do(c, "POST", "/rendez-vous/motifs/1/reserver", url.Values{"creneau": {slot}, "nom": {"Lucie Fabre"},
		"courriel": {"lucie@exemple.fr"}, "accord": {"oui"}}); r.status != http.StatusSeeOther {
		t.Fatalf("booking: %d", r.status)
	}
	var link string
	for _, m := range s.outbox() {
		if link = optOutLinkRE.FindString(m.Body); link != "" {
			break
		}
	}
	if link == "" {
		t.Fatal("no opt-out link")
	}
	l := i18n.Get("uk")
	s.do(c, "GET", "/langue?l=uk&retour=/", nil)
	ask := s.do(c, "GET", link, nil)
	if ask.status != 200 || !strings.Contains(ask.body, l.T("optout.confirm")) || strings.Contains(ask.body, "ne plus m'envoyer") {
		t.Fatalf("form: %d", ask.status)
	}
	done := s.do(c, "POST", link, url.Values{})
	if done.status != 200 || !strings.Contains(done.body, l.T("optout.done_more")) || !strings.Contains(done.body, "lu•••@exemple.fr") || strings.Contains(done.body, "C'est noté") {
		t.Fatalf("done: %d", done.status)
	}
}
