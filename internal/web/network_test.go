package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
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

		r := s.do(mediator, "GET", "/espace/reseau/annuaire", nil)
		for _, want := range []string{"Annuaire du réseau", "CCAS de Rochefort (démo)", "France Services Rochefort Océan (démo)", "Vous ne figurez pas encore dans l'annuaire",
			"Paul Partenaire, conseiller France Services", "05 46 99 00 20"} {
			if r.status != 200 || !strings.Contains(r.body, want) {
				t.Fatalf("directory %d lacks %q", r.status, want)
			}
		}
		if strings.Contains(r.body, "<li>Mehdi Médiateur") || strings.Contains(r.body, "partenaire@demo.parcours.test") {
			t.Fatal("the directory shows someone who did not agree, or an e-mail its owner did not choose to show")
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

// TestNetworkLetter: the coordinator posts a news item, adds subscribers,
// reviews the composed letter and sends it; the outbox holds one e-mail per
// subscriber with an absolute one-click unsubscribe link; the letter is in
// the public archive and its Atom feed; a mail client's one-click POST
// unsubscribes and stops the letter queued for that address.
func TestNetworkLetter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSiteWith(t, st, app.Config{BaseURL: "https://parcours.exemple.fr"})
		coord := s.login(account.RoleCoordination)
		if r := s.do(s.login(account.RoleMediation), "GET", "/espace/reseau/lettre", nil); r.status != 403 {
			t.Fatalf("a mediator animates the network: %d", r.status)
		}
		if r := s.do(coord, "POST", "/espace/reseau/actualites", url.Values{"titre": {""}, "texte": {"x"}}); r.status != 422 || !strings.Contains(r.body, "Donnez un titre") {
			t.Fatalf("empty title: %d", r.status)
		}
		if r := s.do(coord, "POST", "/espace/reseau/actualites", url.Values{"titre": {"Formation des aidants le 12"}, "texte": {"Inscriptions auprès du CCAS."}}); r.status != 303 {
			t.Fatalf("news: %d", r.status)
		}
		if r := s.do(coord, "POST", "/espace/reseau/abonnes", url.Values{"adresses": {"ok@exemple.fr\npas-une-adresse"}}); r.status != 422 || !strings.Contains(r.body, "pas-une-adresse") {
			t.Fatalf("a wrong address must be named: %d", r.status)
		}
		if r := s.do(coord, "POST", "/espace/reseau/abonnes", url.Values{"adresses": {"Partenaire@Exemple.fr\nautre@exemple.fr; partenaire@exemple.fr"}}); r.status != 303 {
			t.Fatalf("subscribers: %d", r.status)
		}
		if r := s.do(coord, "GET", "/espace/reseau/lettre", nil); !strings.Contains(r.body, "2 adresses reçoivent") || strings.Contains(r.body, "ok@exemple.fr") {
			t.Fatal("two addresses, and none from the refused list")
		}
		draft := s.do(coord, "POST", "/espace/reseau/lettres", nil)
		path := draft.header.Get("Location")
		if draft.status != 303 || !strings.HasPrefix(path, "/espace/reseau/lettres/") {
			t.Fatalf("compose: %d %q", draft.status, path)
		}
		id := strings.TrimPrefix(path, "/espace/reseau/lettres/")
		if r := s.do(coord, "GET", path, nil); !strings.Contains(r.body, "Formation des aidants le 12") || !strings.Contains(r.body, "partira vers 2 abonnés") {
			t.Fatal("the draft carries the news and names its recipients")
		}
		if r := s.do(s.client(), "GET", "/lettres/"+id, nil); r.status != 404 {
			t.Fatalf("a draft is public: %d", r.status)
		}
		if r := s.do(coord, "POST", path, url.Values{"introduction": {"Bonjour à toutes et à tous,\nvoici les nouvelles."}}); r.status != 303 {
			t.Fatalf("intro: %d", r.status)
		}
		if r := s.do(coord, "POST", path+"/envoi", nil); r.status != 303 {
			t.Fatalf("send: %d", r.status)
		}
		if r := s.do(coord, "POST", path+"/envoi", nil); r.status != 422 || !strings.Contains(r.body, "déjà envoyée") {
			t.Fatalf("a letter is sent once: %d", r.status)
		}
		msgs, _, err := st.ListMessages(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.MessageFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var letters []notify.Message
		for _, m := range msgs {
			if m.Kind == notify.Newsletter {
				letters = append(letters, m)
			}
		}
		if len(letters) != 2 {
			t.Fatalf("%d letters queued, want 2", len(letters))
		}
		var token string
		for _, m := range letters {
			i := strings.Index(m.Body, "https://parcours.exemple.fr/lettres/desabonnement/")
			if i < 0 || !strings.Contains(m.Body, "Bonjour à toutes et à tous") || !strings.Contains(m.Body, "https://parcours.exemple.fr/lettres/"+id) {
				t.Fatalf("letter body:\n%s", m.Body)
			}
			if m.To == "autre@exemple.fr" {
				token = strings.TrimSpace(m.Body[i+len("https://parcours.exemple.fr/lettres/desabonnement/"):])
			}
		}

		visitor := s.client()
		if r := s.do(visitor, "GET", "/lettres", nil); !strings.Contains(r.body, "Quoi de neuf") {
			t.Fatal("the archive lists the letter")
		}
		if r := s.do(visitor, "GET", "/lettres/"+id, nil); r.status != 200 || !strings.Contains(r.body, "Formation des aidants le 12") {
			t.Fatalf("public letter: %d", r.status)
		}
		feed := s.do(visitor, "GET", "/lettres.atom", nil)
		var atom struct {
			Entries []struct {
				Title string `xml:"title"`
				ID    string `xml:"id"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(feed.body), &atom); err != nil || len(atom.Entries) != 1 || !strings.HasPrefix(feed.header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed %v %+v", err, atom)
		}

		if r := s.do(visitor, "GET", "/lettres/desabonnement/"+token, nil); r.status != 200 || !strings.Contains(r.body, "autre@exemple.fr reçoit la lettre") {
			t.Fatalf("unsubscribe page: %d", r.status)
		}
		// A mail client's one-click request: no session, no form token.
		req, _ := http.NewRequest("POST", s.http.URL+"/lettres/desabonnement/"+token, strings.NewReader("List-Unsubscribe=One-Click"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("one-click: %v %v", res, err)
		}
		res.Body.Close()
		msgs, _, _ = st.ListMessages(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), store.MessageFilter{Limit: 50})
		for _, m := range msgs {
			if m.Kind == notify.Newsletter && m.To == "autre@exemple.fr" && m.Status != notify.OptedOut {
				t.Fatalf("the letter queued for an unsubscribed address is %q", m.Status)
			}
		}
		if r := s.do(coord, "GET", "/espace/reseau/lettre", nil); !strings.Contains(r.body, "1 adresse reçoit") {
			t.Fatal("the unsubscribed address still receives the letter")
		}
	})
}
