package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestCriteriaPageAndAPI: the committee sets the distribution criteria
// through its form (French errors next to the fields) and the API; the
// priority list follows the stored setting; the reception desk cannot.
func TestCriteriaPageAndAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		committee := s.login(account.RoleMediation)
		if r := s.do(committee, "GET", "/espace/materiel/criteres", nil); r.status != 200 || !strings.Contains(r.body, `id="points_age" name="points_age" type="text" value="1"`) || !strings.Contains(r.body, `value="65"`) {
			t.Fatalf("form: %d %s", r.status, r.body)
		}
		form := url.Values{"actif_minima_sociaux": {"oui"}, "points_minima_sociaux": {"5"}, "points_sans_equipement": {"4"}, "points_accompagnement": {"2"},
			"actif_age": {"oui"}, "points_age": {"douze"}, "seuil_age": {"12"}, "points_foyer": {"1"}, "seuil_foyer": {"4"}}
		r := s.do(committee, "POST", "/espace/materiel/criteres", form)
		if r.status != 422 || !strings.Contains(r.body, `id="points_age-error"`) || !strings.Contains(r.body, "Donnez de 0 à 10 points.") || !strings.Contains(r.body, "L'âge minimum va de 16 à 100 ans.") {
			t.Fatalf("errors next to the fields: %d %s", r.status, r.body)
		}
		form.Set("points_age", "0")
		form.Set("seuil_age", "60")
		if r := s.do(committee, "POST", "/espace/materiel/criteres", form); r.status != 303 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		// Only the minimum social benefits count now: 5 points each.
		if r := s.do(committee, "GET", "/espace/materiel/priorite?type=telephone", nil); !strings.Contains(r.body, "Bénéficie de minima sociaux (RSA, ASS, AAH, ASPA) : +5") || strings.Contains(r.body, "N'a aucun appareil pour aller sur internet : +") {
			t.Fatalf("the list follows the stored criteria: %s", r.body)
		}
		if r := s.do(s.login(account.RoleReception), "POST", "/espace/materiel/criteres", form); r.status != 403 {
			t.Fatalf("reception: %d", r.status)
		}

		tok := s.token(account.RoleMediation, s.demo.Structures[demo.CCAS])
		if r := s.api(tok, "GET", "/api/v1/materiel/criteres", ""); r.status != 200 || !strings.Contains(r.body, `{"critere":"minima_sociaux","libelle":"Bénéficie de minima sociaux (RSA, ASS, AAH, ASPA)","actif":true,"points":5,"seuil":0}`) {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PUT", "/api/v1/materiel/criteres", `{"criteres":[{"critere":"age","actif":false,"points":3,"seuil":65}]}`); r.status != 422 || !strings.Contains(r.body, "Activez au moins un critère") {
			t.Fatalf("one criterion must count: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PUT", "/api/v1/materiel/criteres", `{"criteres":[{"critere":"age","actif":true,"points":3,"seuil":40},{"critere":"sans_equipement","actif":true,"points":2,"seuil":0}]}`); r.status != 200 || !strings.Contains(r.body, `"libelle":"A 40 ans ou plus","actif":true,"points":3`) {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "GET", "/api/v1/materiel/priorite?type=telephone", ""); strings.Index(r.body, "Sandrine") > strings.Index(r.body, "Yanis") || !strings.Contains(r.body, `"nom":"Sandrine Pottier","points":3,"criteres":[{"critere":"age","libelle":"A 40 ans ou plus","points":3}]`) || strings.Contains(r.body, `"critere":"minima_sociaux"`) {
			t.Fatalf("the API's list follows the stored criteria: %s", r.body)
		}
		if r := s.api(s.token(account.RoleReception, s.demo.Structures[demo.CCAS]), "GET", "/api/v1/materiel/criteres", ""); r.status != 403 {
			t.Fatalf("reception: %d", r.status)
		}
	})
}
