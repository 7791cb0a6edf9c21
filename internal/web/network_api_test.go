package web_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestNetworkAPI: the directory, one's own listing and the monthly letter
// through the API, on both databases, every exchange checked against the
// OpenAPI document; the web pages and the API give the same letter.
func TestNetworkAPI(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSiteWith(t, st, app.Config{BaseURL: "https://parcours.exemple.fr"})
		ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
		mediation, coordination, partner := s.token(account.RoleMediation, ccas), s.token(account.RoleCoordination, ccas), s.token(account.RolePartner, fs)

		r := s.api(partner, "GET", "/api/v1/reseau/annuaire?q=coordinatrice", "")
		var dir struct {
			Total      int `json:"total"`
			Structures []struct {
				Name     string `json:"nom"`
				Contacts []struct {
					Name  string `json:"nom"`
					Phone string `json:"telephone"`
					Email string `json:"email"`
				} `json:"contacts"`
			} `json:"structures"`
		}
		if err := json.Unmarshal([]byte(r.body), &dir); err != nil || r.status != 200 || len(dir.Structures) != 1 || len(dir.Structures[0].Contacts) != 1 ||
			dir.Structures[0].Contacts[0].Email != "coordination@demo.parcours.test" || dir.Total < 2 {
			t.Fatalf("directory %d %s", r.status, r.body)
		}

		if r := s.api(mediation, "PUT", "/api/v1/reseau/ma-fiche", `{"figure":true,"telephone":"pas un numéro"}`); r.status != 422 || !strings.Contains(r.body, `"telephone"`) {
			t.Fatalf("a wrong phone names its field: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "PUT", "/api/v1/reseau/ma-fiche", `{"figure":true,"fonction":"conseiller numérique","telephone":"05 46 99 00 03","Figure":true}`); r.status != 422 {
			t.Fatalf("an unknown key is refused: %d %s", r.status, r.body)
		}
		if r := s.api(mediation, "PUT", "/api/v1/reseau/ma-fiche", `{"figure":true,"fonction":"conseiller numérique","telephone":"05 46 99 00 03"}`); r.status != 200 ||
			!strings.Contains(r.body, `"telephone":"+33546990003"`) || !strings.Contains(r.body, `"figure":true`) {
			t.Fatalf("listing %d %s", r.status, r.body)
		}
		if r := s.api(partner, "GET", "/api/v1/reseau/annuaire?q=conseiller%20numerique", ""); !strings.Contains(r.body, "Mehdi Médiateur") {
			t.Fatalf("the listing made through the API is in the directory: %s", r.body)
		}

		if r := s.api(mediation, "POST", "/api/v1/reseau/actualites", `{"titre":"x","texte":"y"}`); r.status != 403 {
			t.Fatalf("a mediator posts news: %d", r.status)
		}
		if r := s.api(coordination, "POST", "/api/v1/reseau/actualites", `{"titre":"","texte":"y"}`); r.status != 422 || !strings.Contains(r.body, `"titre"`) {
			t.Fatalf("empty title: %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "POST", "/api/v1/reseau/actualites", `{"titre":"Permanence d'été","texte":"Le CCAS reste ouvert en août."}`); r.status != 201 {
			t.Fatalf("news %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "POST", "/api/v1/reseau/abonnes", `{"adresses":["reseau@exemple.fr","faux"]}`); r.status != 422 || !strings.Contains(r.body, "faux") {
			t.Fatalf("a wrong address: %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "POST", "/api/v1/reseau/abonnes", `{"adresses":["reseau@exemple.fr"]}`); r.status != 200 || !strings.Contains(r.body, `"ajoutees":1`) {
			t.Fatalf("subscribers %d %s", r.status, r.body)
		}
		r = s.api(coordination, "POST", "/api/v1/reseau/lettres", "")
		var letter struct {
			ID     int64  `json:"id"`
			Status string `json:"statut"`
		}
		if err := json.Unmarshal([]byte(r.body), &letter); err != nil || r.status != 201 || letter.Status != "brouillon" || !strings.Contains(r.body, "Permanence d'été") {
			t.Fatalf("compose %d %s", r.status, r.body)
		}
		path := "/api/v1/reseau/lettres/" + itoa(letter.ID)
		if r := s.api(coordination, "PUT", path, `{"introduction":"Bonjour,"}`); r.status != 200 || !strings.Contains(r.body, `"introduction":"Bonjour,"`) {
			t.Fatalf("intro %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "POST", path+"/envoi", ""); r.status != 200 || !strings.Contains(r.body, `"statut":"envoyee"`) || !strings.Contains(r.body, `"destinataires":1`) ||
			!strings.Contains(r.body, `"page_publique":"/lettres/`+itoa(letter.ID)+`"`) {
			t.Fatalf("send %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "POST", path+"/envoi", ""); r.status != 409 {
			t.Fatalf("a letter is sent once: %d %s", r.status, r.body)
		}
		if r := s.api(coordination, "PUT", path, `{"introduction":"Trop tard"}`); r.status != 409 {
			t.Fatalf("a sent letter does not change: %d %s", r.status, r.body)
		}
		if page := s.do(s.client(), "GET", "/lettres/"+itoa(letter.ID), nil); page.status != 200 || !strings.Contains(page.body, "Permanence d'été") {
			t.Fatalf("the letter sent through the API is public: %d", page.status)
		}
	})
}
