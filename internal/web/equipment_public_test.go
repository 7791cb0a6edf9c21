package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/agendastore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// publicDeviceMotive returns the address of the demo's "Poste en libre
// accès" motive.
func publicDeviceMotive(t *testing.T, s *site) string {
	t.Helper()
	list, err := agendastore.New(s.store).ListMotives(context.Background(), scope.OfStructure(s.demo.Structures[demo.CCAS]), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Name == demo.PublicDeviceMotive && m.DeviceID != 0 {
			return "/rendez-vous/motifs/" + itoa(m.ID)
		}
	}
	t.Fatalf("no public device motive in %+v", list)
	return ""
}

var deviceSlotRE = regexp.MustCompile(`href="(/rendez-vous/motifs/\d+/reserver\?creneau=([0-9-]+))"`)

// TestPublicDeviceBookingPages: a resident finds the demo tablet "en libre
// accès" among the online motives, books an hour on it from the public
// pages without JavaScript (French errors first); the slot is gone; once
// staff mark the tablet out of service it offers no slot.
func TestPublicDeviceBookingPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		anon := s.client()
		motive := publicDeviceMotive(t, s)
		if r := s.do(anon, "GET", "/rendez-vous", nil); !strings.Contains(r.body, demo.PublicDeviceMotive) || !strings.Contains(r.body, "Poste en libre accès") {
			t.Fatalf("index: %s", r.body)
		}
		// The tag, its sentence and where it happens are in the visitor's language.
		for _, l := range i18n.Langs[1:] {
			msgs := i18n.Messages(l.Code)
			c := s.client()
			s.do(c, "GET", "/langue?l="+l.Code, nil)
			index, slots := s.do(c, "GET", "/rendez-vous", nil), s.do(c, "GET", motive, nil)
			if !strings.Contains(index.body, msgs["appointments.device_tag"]+"</strong> "+msgs["appointments.device_here"]) ||
				!strings.Contains(slots.body, msgs["appointments.device_tag"]+"</strong> "+msgs["appointments.device_book"]) ||
				!strings.Contains(index.body, " · "+msgs["appointments.at_sur_place"]+"</p>") || !strings.Contains(slots.body, msgs["appointments.at_sur_place"]+".</p>") ||
				strings.Contains(index.body+slots.body, "Poste en libre accès") {
				t.Errorf("in %s the public device is not named in that language", l.Code)
			}
		}
		r := s.do(anon, "GET", motive, nil)
		links := deviceSlotRE.FindAllStringSubmatch(r.body, -1)
		if r.status != 200 || len(links) < 2 || !strings.Contains(r.body, "Vous réservez un appareil pour vous, sur place.") {
			t.Fatalf("slots: %d, %d links\n%s", r.status, len(links), r.body)
		}
		if form := s.do(anon, "GET", links[0][1], nil); form.status != 200 || !strings.Contains(form.body, "J'accepte") {
			t.Fatalf("form: %d", form.status)
		}
		book := url.Values{"creneau": {links[0][2]}, "telephone": {"12"}}
		if r := s.do(anon, "POST", motive+"/reserver", book); r.status != 422 || !strings.Contains(r.body, "Écrivez votre prénom et votre nom.") {
			t.Fatalf("errors: %d", r.status)
		}
		book = url.Values{"creneau": {links[0][2]}, "nom": {"Jeanne Roux"}, "telephone": {"06 12 34 56 78"}, "accord": {"oui"}}
		if r := s.do(anon, "POST", motive+"/reserver", book); r.status != 303 {
			t.Fatalf("book: %d %s", r.status, r.body)
		}
		if r := s.do(anon, "POST", motive+"/reserver", book); r.status == 303 {
			t.Fatal("the tablet is not booked twice at once")
		}
		if r := s.do(anon, "GET", motive, nil); strings.Contains(r.body, links[0][1]) {
			t.Fatal("the booked hour is still offered")
		}
		tab := demoDevice(t, s, "Samsung Galaxy Tab A8")
		desk := s.login(account.RoleReception)
		if r := s.do(desk, "GET", "/espace/materiel", nil); !strings.Contains(r.body, "En libre accès") {
			t.Fatalf("the inventory shows the device at the public's disposal: %s", r.body)
		}
		if r := s.do(desk, "GET", "/espace/materiel/appareils/"+itoa(tab.ID)+"/modifier", nil); !strings.Contains(r.body, `name="libre_acces"`) {
			t.Fatalf("edit form offers the public place: %s", r.body)
		}
		edit := url.Values{"type": {"tablette"}, "modele": {"Samsung Galaxy Tab A8"}, "origine": {"achat"}, "etat": {"tres_bon"}, "grade": {""}, "statut": {"disponible"}, "libre_acces": {"999999"}}
		if r := s.do(desk, "POST", "/espace/materiel/appareils/"+itoa(tab.ID), edit); r.status != 422 || !strings.Contains(r.body, `id="libre_acces-error"`) || !strings.Contains(r.body, "Choisissez un lieu de votre structure.") {
			t.Fatalf("another structure's place: %d %s", r.status, r.body)
		}
		edit.Del("libre_acces")
		edit.Set("statut", "hors_service")
		if r := s.do(desk, "POST", "/espace/materiel/appareils/"+itoa(tab.ID), edit); r.status != 303 {
			t.Fatalf("out of service: %d %s", r.status, r.body)
		}
		if r := s.do(anon, "GET", motive, nil); len(deviceSlotRE.FindAllString(r.body, -1)) != 0 {
			t.Fatal("a tablet out of service offers no slot")
		}
		med := s.login(account.RoleMediation)
		if r := s.do(med, "GET", "/espace/agenda/motifs/nouveau", nil); !strings.Contains(r.body, "Poste en libre accès : Tablette Samsung Galaxy Tab A8") {
			t.Fatalf("the motive form offers the public devices: %s", r.body)
		}
	})
}
