package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestNetworkDirectory: a mediator agrees to be listed, a partner of the
// territory finds her by her function and prints the directory; a wrong
// phone number is refused next to its field and saves nothing; leaving the
// directory takes her out of it.
func TestNetworkDirectory(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		mediator, partner := s.login(account.RoleMediation), s.login(account.RolePartner)

		r := s.do(partner, "GET", "/espace/reseau/annuaire", nil)
		for _, want := range []string{"Annuaire du réseau", "CCAS de Rochefort (démo)", "France Services Rochefort Océan (démo)", "Vous ne figurez pas encore dans l'annuaire"} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Fatalf("directory %d lacks %q", r.status, want)
			}
		}
		if strings.Contains(r.body, "Contacts") {
			t.Fatal("nobody agreed to be listed yet, and contacts are shown")
		}

		bad := s.do(mediator, "POST", "/espace/reseau/ma-fiche", url.Values{"figurer": {"oui"}, "fonction": {"conseillère numérique"}, "telephone": {"appelez l'accueil"}})
		if bad.status != 422 || !strings.Contains(bad.body, "Indiquez un numéro de téléphone français") || !strings.Contains(bad.body, `id="telephone-error"`) {
			t.Fatalf("a wrong phone: %d, the message must stand next to the field", bad.status)
		}
		if r := s.do(partner, "GET", "/espace/reseau/annuaire?q=numerique", nil); strings.Contains(r.body, "conseillère numérique") {
			t.Fatal("a refused listing was saved")
		}

		ok := s.do(mediator, "POST", "/espace/reseau/ma-fiche", url.Values{"figurer": {"oui"}, "fonction": {"conseillère numérique"}, "telephone": {"05 46 99 00 01"}, "montrer_email": {"oui"}})
		if ok.status != 303 {
			t.Fatalf("listing: %d", ok.status)
		}
		found := s.do(partner, "GET", "/espace/reseau/annuaire?q=CONSEILLERE", nil)
		for _, want := range []string{"conseillère numérique", "05 46 99 00 01", `href="tel:+33546990001"`, "mediation@demo.parcours.test", "1 structure sur"} {
			if !strings.Contains(found.body, want) {
				t.Errorf("the partner's search lacks %q", want)
			}
		}
		form := s.do(mediator, "GET", "/espace/reseau/ma-fiche", nil)
		if !strings.Contains(form.body, `value="05 46 99 00 01"`) || !strings.Contains(form.body, `name="montrer_email" type="checkbox" value="oui" checked`) {
			t.Error("the form does not show the saved listing")
		}

		pdf := s.do(partner, "GET", "/espace/reseau/annuaire.pdf?q=conseill%C3%A8re", nil)
		if pdf.status != 200 || pdf.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("pdf %d %s", pdf.status, pdf.header.Get("Content-Type"))
		}
		if text := pdfText(t, []byte(pdf.body)); text != "" {
			for _, want := range []string{"Annuaire du réseau", "CCAS de Rochefort (démo)", "conseillère numérique", "05 46 99 00 01", "Recherche : « conseillère »"} {
				if !strings.Contains(text, want) {
					t.Errorf("the printed directory lacks %q:\n%s", want, text)
				}
			}
		}

		if r := s.do(mediator, "POST", "/espace/reseau/ma-fiche", url.Values{}); r.status != 303 {
			t.Fatalf("leaving: %d", r.status)
		}
		if r := s.do(partner, "GET", "/espace/reseau/annuaire", nil); strings.Contains(r.body, "05 46 99 00 01") {
			t.Fatal("a member who left the directory is still listed")
		}
	})
}
