package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// demoDevice returns the CCAS's device of the model given.
func demoDevice(t *testing.T, s *site, model string) equipment.Device {
	t.Helper()
	list, err := equipmentstore.New(s.store).Devices(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range list {
		if d.Model == model {
			return d
		}
	}
	t.Fatalf("no device %q in %+v", model, list)
	return equipment.Device{}
}

// TestDeviceEditPageAndAPI: the reception desk edits a device through its
// form (French errors next to the fields, the status out of service then
// sold) and through the API (PUT and PATCH, checked against the document);
// a partner cannot, another structure's token finds nothing.
func TestDeviceEditPageAndAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		desk := s.login(account.RoleReception)
		add := url.Values{"type": {"ordinateur"}, "modele": {"Dell Latitude 5480"}, "origine": {"don"}, "etat": {"bon"}, "grade": {""}, "emplacement": {"Salle 2"}}
		if r := s.do(desk, "POST", "/espace/materiel/appareils", add); r.status != 303 {
			t.Fatalf("add: %d %s", r.status, r.body)
		}
		d := demoDevice(t, s, "Dell Latitude 5480")
		edit := "/espace/materiel/appareils/" + itoa(d.ID)
		if r := s.do(desk, "GET", edit+"/modifier", nil); r.status != 200 || !strings.Contains(r.body, "Modifier l'appareil n° "+itoa(d.ID)) || !strings.Contains(r.body, `value="Salle 2"`) {
			t.Fatalf("form: %d %s", r.status, r.body)
		}
		bad := url.Values{"type": {"telephone"}, "modele": {"Dell Latitude 5480"}, "origine": {"don"}, "etat": {"bon"}, "grade": {"Z"}, "imei": {"1234"}, "statut": {"disponible"}}
		r := s.do(desk, "POST", edit, bad)
		if r.status != 422 || !strings.Contains(r.body, "L'IMEI compte 15 chiffres") || !strings.Contains(r.body, "Choisissez le grade A, B ou C") || !strings.Contains(r.body, `id="imei-error"`) {
			t.Fatalf("errors next to the fields: %d %s", r.status, r.body)
		}
		ok := url.Values{"type": {"ordinateur"}, "modele": {"Dell Latitude 5480"}, "origine": {"don"}, "etat": {"a_reparer"}, "grade": {""}, "emplacement": {"Atelier"}, "statut": {"hors_service"}}
		if r := s.do(desk, "POST", edit, ok); r.status != 303 {
			t.Fatalf("edit: %d %s", r.status, r.body)
		}
		if got := demoDevice(t, s, "Dell Latitude 5480"); got.Status != equipment.Retired || got.RetiredReason != "hors_service" || got.Location != "Atelier" {
			t.Fatalf("saved %+v", got)
		}
		if r := s.do(desk, "GET", "/espace/materiel", nil); !strings.Contains(r.body, "Hors service") {
			t.Fatalf("inventory shows the status: %s", r.body)
		}
		if r := s.do(s.login(account.RolePartner), "POST", edit, ok); r.status != 403 {
			t.Fatalf("partner: %d", r.status)
		}
		// The tablet lent in the demo keeps its status.
		tab := demoDevice(t, s, "Lenovo Tab M10")
		if r := s.do(desk, "GET", "/espace/materiel/appareils/"+itoa(tab.ID)+"/modifier", nil); r.status != 200 || strings.Contains(r.body, `name="statut"`) || !strings.Contains(r.body, "Statut : Prêté") {
			t.Fatalf("lent device form: %d %s", r.status, r.body)
		}

		// The API.
		tok := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
		path := "/api/v1/materiel/appareils/" + itoa(d.ID)
		if r := s.api(tok, "GET", path, ""); r.status != 200 || !strings.Contains(r.body, `"motif_reforme":"hors_service"`) {
			t.Fatalf("get: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PATCH", path, `{"statut":"reforme","motif_reforme":""}`); r.status != 422 || !strings.Contains(r.body, "motif_reforme") {
			t.Fatalf("reason required: %d %s", r.status, r.body)
		}
		var out struct {
			Status string `json:"statut"`
			Reason string `json:"motif_reforme"`
			Model  string `json:"modele"`
		}
		r = s.api(tok, "PATCH", path, `{"statut":"reforme","motif_reforme":"vendu"}`)
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != 200 || out.Reason != "vendu" || out.Model != "Dell Latitude 5480" {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		full := `{"type":"ordinateur","modele":"Dell Latitude 5490","origine":"don","origine_detail":"","numero_serie":"SN1","imei":"","etat":"bon","grade":"B","accessoires":"","emplacement":"Salle 2","statut":"disponible","motif_reforme":""}`
		r = s.api(tok, "PUT", path, full)
		if err := json.Unmarshal([]byte(r.body), &out); err != nil || r.status != 200 || out.Status != "disponible" || out.Reason != "" || out.Model != "Dell Latitude 5490" {
			t.Fatalf("put: %d %s", r.status, r.body)
		}
		if r := s.api(tok, "PUT", path, `{"modele":"X"}`); r.status != 422 {
			t.Fatalf("put needs every field: %d %s", r.status, r.body)
		}
		other := s.token(account.RolePartner, s.demo.Structures[demo.FranceServices])
		if r := s.api(other, "PATCH", path, `{"modele":"X"}`); r.status != 403 && r.status != 404 {
			t.Fatalf("another structure: %d %s", r.status, r.body)
		}
	})
}
