package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/scope"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPassAndEquipmentPages: the funder imports the issuer's list (a bad
// line refuses the whole file and says why), the place redeems a demo pass
// once through its form and downloads its statement, the committee decides
// from the explained rank and the reception desk records the signed
// handover.
func TestPassAndEquipmentPages(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	funder := s.login(account.RoleCoordination)
	send := func(csv string) response {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("fichier", "liste.csv")
		fw.Write([]byte(csv))
		mw.Close()
		res, err := funder.Post(s.http.URL+"/espace/pass/import", mw.FormDataContentType(), &b)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return response{status: res.StatusCode, body: string(body)}
	}
	var csv strings.Builder
	csv.WriteString("carnet;pass;fin_validite\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&csv, "WEB-1;WEB-1-%d;31/12/2099\n", i)
	}
	if r := send(csv.String() + "WEB-2;WEB-2-1;31/13/2099\n"); r.status != 422 || !strings.Contains(r.body, "Rien n") || !strings.Contains(r.body, "Date de fin de validité illisible") {
		t.Fatalf("bad list: %d %s", r.status, r.body)
	}
	if r := send(csv.String()); r.status != 200 || !strings.Contains(r.body, "1 carnet enregistré") {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	if r := s.do(funder, "GET", "/espace/pass", nil); r.status != 200 || !strings.Contains(r.body, "WEB1") {
		t.Fatalf("dashboard: %d", r.status)
	}

	// The funder allocates the imported carnet to the CCAS, whose reception desk hands it over.
	var carnetID int64
	for _, c := range mustCarnets(t, s, demo.CCAS) {
		if c.Identifier == "WEB1" {
			carnetID = c.ID
		}
	}
	if _, err := passstore.New(s.store).AllocateCarnets(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), []int64{carnetID}, s.demo.Structures[demo.CCAS], s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	desk := s.login(account.RoleReception)
	if r := s.do(desk, "GET", "/espace/pass/remise", nil); r.status != 200 || !strings.Contains(r.body, "WEB1 (5 pass") {
		t.Fatalf("handover form: %d", r.status)
	}
	hand := url.Values{"carnet": {itoa(carnetID)}, "personne": {""}}
	if r := s.do(desk, "POST", "/espace/pass/remise", hand); r.status != 422 || !strings.Contains(r.body, "Cochez au moins un critère") {
		t.Fatalf("criteria required: %d", r.status)
	}
	persons, _, _ := s.store.ListPersons(ctx, scope.OfStructure(s.demo.Structures[demo.CCAS]), store.PersonFilter{Limit: 1})
	hand = url.Values{"carnet": {itoa(carnetID)}, "personne": {itoa(persons[0].ID)}, "criteres": {"minima_sociaux", "senior_isole"}}
	if r := s.do(desk, "POST", "/espace/pass/remise", hand); r.status != 303 {
		t.Fatalf("handover: %d %s", r.status, r.body)
	}

	partner := s.login(account.RolePartner)
	var placeID int64
	places, _ := placestore.New(s.store).StructurePlaces(ctx, scope.OfStructure(s.demo.Structures[demo.FranceServices]))
	for _, p := range places {
		if p.Name == demo.PassPlaceName {
			placeID = p.ID
		}
	}
	form := url.Values{"lieu": {itoa(placeID)}, "numero": {"DEMO-17-0001-02"}, "theme": {"email"}}
	if r := s.do(partner, "POST", "/espace/pass/encaissement", form); r.status != 200 || !strings.Contains(r.body, "Le pass DEMO17000102 (carnet DEMO170001) est encaissé") {
		t.Fatalf("redemption: %d", r.status)
	}
	if r := s.do(partner, "POST", "/espace/pass/encaissement", form); r.status != 422 || !strings.Contains(r.body, "déjà été utilisé") {
		t.Fatalf("second redemption: %d", r.status)
	}
	month := s.clock.Now().Format("2006-01")
	if r := s.do(partner, "GET", "/espace/pass/releves/"+month+".pdf", nil); r.status != 200 || !strings.HasPrefix(r.body, "%PDF") {
		t.Fatalf("statement: %d", r.status)
	}

	ccas := scope.OfStructure(s.demo.Structures[demo.CCAS])
	d := equipment.Device{Kind: "telephone", Model: "Fairphone 3", Origin: "don", Condition: "bon", Serial: "FP3-1", Status: equipment.Available}
	if err := equipmentstore.New(s.store).CreateDevice(ctx, ccas, &d, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	mediator := s.login(account.RoleMediation)
	r := s.do(mediator, "GET", "/espace/materiel/priorite?type=telephone", nil)
	if r.status != 200 || !strings.Contains(r.body, "Rang 1 :") || !strings.Contains(r.body, "Rang 2 :") {
		t.Fatalf("priority list: %d", r.status)
	}
	med, err := s.store.ActorForMembership(ctx, s.demo.Users[account.RoleMediation], s.demo.Structures[demo.CCAS])
	if err != nil {
		t.Fatal(err)
	}
	list, err := equipmentsvc.New(equipmentstore.New(s.store), nil, s.clock.Now).PriorityList(ctx, med, "telephone")
	if err != nil || len(list) == 0 {
		t.Fatalf("list: %v", err)
	}
	first := list[0].Request.ID
	path := fmt.Sprintf("/espace/materiel/demandes/%d/decision", first)
	if r := s.do(mediator, "GET", path, nil); r.status != 200 || !strings.Contains(r.body, "Rang 1") {
		t.Fatalf("decision form: %d", r.status)
	}
	if r := s.do(mediator, "POST", path, url.Values{"decision": {"attribuee"}, "appareil": {itoa(d.ID)}, "motifs": {""}}); r.status != 422 || !strings.Contains(r.body, "raisons de la décision") {
		t.Fatalf("reasons required: %d", r.status)
	}
	if r := s.do(mediator, "POST", path, url.Values{"decision": {"attribuee"}, "appareil": {itoa(d.ID)}, "motifs": {"Premier de la liste, sans appareil."}}); r.status != 303 && r.status != 200 {
		t.Fatalf("decision: %d", r.status)
	}
	reception := s.login(account.RoleReception)
	if r := s.do(reception, "GET", "/espace/materiel", nil); r.status != 200 || !strings.Contains(r.body, "La personne a signé la remise") {
		t.Fatalf("inventory: %d", r.status)
	}
	s.do(reception, "POST", fmt.Sprintf("/espace/materiel/demandes/%d/remise", first), url.Values{"signee": {"oui"}})
	got, _ := equipmentstore.New(s.store).EquipmentRequest(ctx, ccas, first)
	dev, _ := equipmentstore.New(s.store).Device(ctx, ccas, d.ID)
	if got.Status != equipment.HandedIn || dev.Status != equipment.Given || got.RankAtDecision != 1 {
		t.Fatalf("handover %+v %+v", got, dev)
	}
	tab := equipment.Device{Kind: "tablette", Model: "Tab A8", Origin: "achat", Condition: "bon", Status: equipment.Available}
	if err := equipmentstore.New(s.store).CreateDevice(ctx, ccas, &tab, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	personID := got.PersonID
	if r := s.do(reception, "GET", "/espace/materiel/prets/nouveau", nil); r.status != 200 || !strings.Contains(r.body, "Tab A8") {
		t.Fatalf("lend form: %d", r.status)
	}
	lend := url.Values{"appareil": {itoa(tab.ID)}, "emprunteur": {itoa(personID)}, "debut": {s.clock.Now().Format("02/01/2006")}, "retour_prevu": {"01/01/2000"}, "caution": {"20"}}
	if r := s.do(reception, "POST", "/espace/materiel/prets", lend); r.status != 422 || !strings.Contains(r.body, "retour") {
		t.Fatalf("past due date: %d", r.status)
	}
	lend.Set("retour_prevu", s.clock.Now().AddDate(0, 1, 0).Format("02/01/2006"))
	if r := s.do(reception, "POST", "/espace/materiel/prets", lend); r.status != 303 {
		t.Fatalf("lend: %d", r.status)
	}
	if r := s.do(reception, "GET", "/espace/materiel", nil); !strings.Contains(r.body, "Prêt enregistré") || !strings.Contains(r.body, "Tablette Tab A8") {
		t.Fatal("the loan is listed")
	}
	req := url.Values{"personne": {itoa(personID)}, "type": {"ordinateur"}, "situation": {"sans_equipement"}, "taille_foyer": {"3"}}
	if r := s.do(reception, "POST", "/espace/materiel/demandes", req); r.status != 303 {
		t.Fatalf("request: %d", r.status)
	}
	if r := s.do(mediator, "GET", "/espace/materiel/priorite?type=ordinateur", nil); !strings.Contains(r.body, "N'a aucun appareil pour aller sur internet : +4") {
		t.Fatalf("the new request is ranked with its criteria: %d", r.status)
	}
}

func mustCarnets(t *testing.T, s *site, key string) []pass.Carnet {
	t.Helper()
	list, err := passstore.New(s.store).Carnets(context.Background(), scope.OfStructure(s.demo.Structures[key]), passstore.CarnetFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return list
}
