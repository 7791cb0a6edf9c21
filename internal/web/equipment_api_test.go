package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPassAndEquipmentAPI: in the demo territory, a carnet goes from the
// issuer's list to a redeemed pass and the place's statement, and a phone
// goes to the first of the explained priority list, all through the API,
// every exchange checked against the OpenAPI document.
func TestPassAndEquipmentAPI(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	funder := s.token(account.RoleCoordination, ccas)
	reception := s.token(account.RoleReception, ccas)
	mediation := s.token(account.RoleMediation, ccas)
	partner := s.token(account.RolePartner, fs)
	decode := func(r response, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("%v: %s", err, r.body)
		}
	}
	persons, _, err := s.store.ListPersons(ctx, scope.OfStructure(ccas), store.PersonFilter{Limit: 1})
	if err != nil || len(persons) == 0 {
		t.Fatalf("demo persons: %v", err)
	}
	var placeID int64
	places, _ := placestore.New(s.store).StructurePlaces(ctx, scope.OfStructure(fs))
	for _, p := range places {
		if p.Name == demo.PassPlaceName {
			placeID = p.ID
		}
	}

	var figures struct {
		Issued   int `json:"carnets_emis"`
		Redeemed int `json:"pass_utilises"`
	}
	decode(s.api(funder, "GET", "/api/v1/pass/chiffres", ""), &figures)
	if figures.Issued != 2 || figures.Redeemed != 1 {
		t.Fatalf("demo figures %+v", figures)
	}
	var csv strings.Builder
	csv.WriteString("carnet;pass;fin_validite\n")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(&csv, "API-1;API-1-%d;31/12/2099\n", i)
	}
	body, _ := json.Marshal(map[string]string{"contenu": csv.String()})
	if r := s.api(funder, "POST", "/api/v1/pass/imports", string(body)); r.status != 201 || !strings.Contains(r.body, `"carnets_enregistres":1`) {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	if r := s.api(funder, "POST", "/api/v1/pass/imports", string(body)); r.status != 200 || !strings.Contains(r.body, "déjà enregistré") {
		t.Fatalf("second import: %d %s", r.status, r.body)
	}
	var list struct {
		Carnets []struct {
			ID     int64  `json:"id"`
			Carnet string `json:"carnet"`
		} `json:"carnets"`
	}
	decode(s.api(funder, "GET", "/api/v1/pass/carnets", ""), &list)
	if len(list.Carnets) != 3 || list.Carnets[0].Carnet != "API1" {
		t.Fatalf("carnets %+v", list)
	}
	id := list.Carnets[0].ID
	if r := s.api(funder, "POST", fmt.Sprintf("/api/v1/pass/carnets/%d/attribution", id), fmt.Sprintf(`{"distributeur":%d}`, ccas)); r.status != 200 {
		t.Fatalf("allocation: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "POST", fmt.Sprintf("/api/v1/pass/carnets/%d/remise", id), fmt.Sprintf(`{"personne":%d,"criteres":["inconnu"]}`, persons[0].ID)); r.status != 422 {
		t.Fatalf("unknown criterion: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "POST", fmt.Sprintf("/api/v1/pass/carnets/%d/remise", id), fmt.Sprintf(`{"personne":%d,"criteres":["minima_sociaux"]}`, persons[0].ID)); r.status != 200 || !strings.Contains(r.body, `"remis":true`) {
		t.Fatalf("handover: %d %s", r.status, r.body)
	}
	redeem := fmt.Sprintf(`{"lieu":%d,"numero":"api-1-3","theme":"sante"}`, placeID)
	if r := s.api(partner, "POST", "/api/v1/pass/encaissements", redeem); r.status != 201 || !strings.Contains(r.body, `"numero":"API13"`) {
		t.Fatalf("redemption: %d %s", r.status, r.body)
	}
	if r := s.api(partner, "POST", "/api/v1/pass/encaissements", redeem); r.status != 422 || !strings.Contains(r.body, "déjà été utilisé") {
		t.Fatalf("second redemption: %d %s", r.status, r.body)
	}
	month := s.clock.Now().Format("2006-01")
	if r := s.api(partner, "GET", "/api/v1/pass/releves/"+month, ""); r.status != 200 || !strings.Contains(r.body, `"API13"`) {
		t.Fatalf("statement: %d %s", r.status, r.body)
	}
	if r := s.api(partner, "GET", "/api/v1/pass/releves/"+month+"?format=pdf", ""); r.status != 200 || !strings.HasPrefix(r.body, "%PDF") || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("statement PDF: %d %.100s", r.status, r.body)
	}

	var ranked struct {
		List []struct {
			Rank        int    `json:"rang"`
			Request     int64  `json:"demande"`
			Points      int    `json:"points"`
			Explanation string `json:"explication"`
		} `json:"liste"`
	}
	decode(s.api(mediation, "GET", "/api/v1/materiel/priorite?type=telephone", ""), &ranked)
	if len(ranked.List) != 2 || !strings.HasPrefix(ranked.List[0].Explanation, fmt.Sprintf("Rang 1 : %d points", ranked.List[0].Points)) {
		t.Fatalf("priority list %+v", ranked)
	}
	if r := s.api(reception, "POST", "/api/v1/materiel/appareils", `{"type":"telephone","origine":"don","etat":"bon","imei":"490154203237519"}`); r.status != 422 || !strings.Contains(r.body, `"imei"`) {
		t.Fatalf("wrong IMEI: %d %s", r.status, r.body)
	}
	r := s.api(reception, "POST", "/api/v1/materiel/appareils", `{"type":"telephone","modele":"Fairphone 3","origine":"reconditionneur","etat":"bon","grade":"A","imei":"490154203237518"}`)
	var dev struct {
		ID int64 `json:"id"`
	}
	decode(r, &dev)
	if r.status != 201 {
		t.Fatalf("device: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "POST", fmt.Sprintf("/api/v1/materiel/demandes/%d/decision", ranked.List[0].Request), `{"attribuee":true,"motifs":"Premier de la liste."}`); r.status != 403 {
		t.Fatalf("the reception desk does not decide: %d", r.status)
	}
	r = s.api(mediation, "POST", fmt.Sprintf("/api/v1/materiel/demandes/%d/decision", ranked.List[0].Request), fmt.Sprintf(`{"attribuee":true,"appareil":%d,"motifs":"Premier de la liste, sans autre appareil."}`, dev.ID))
	if r.status != 200 || !strings.Contains(r.body, `"rang_a_la_decision":1`) || !strings.Contains(r.body, ranked.List[0].Explanation) {
		t.Fatalf("decision: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "POST", fmt.Sprintf("/api/v1/materiel/demandes/%d/remise", ranked.List[0].Request), `{"signee":true}`); r.status != 200 || !strings.Contains(r.body, `"statut":"remise"`) {
		t.Fatalf("handover: %d %s", r.status, r.body)
	}
	loans, err := equipmentstore.New(s.store).Loans(ctx, scope.OfStructure(ccas), true)
	if err != nil || len(loans) != 1 {
		t.Fatalf("demo loan: %v", err)
	}
	if r := s.api(reception, "GET", fmt.Sprintf("/api/v1/materiel/prets/%d/convention", loans[0].ID), ""); r.status != 200 || !strings.HasPrefix(r.body, "%PDF") {
		t.Fatalf("agreement: %d", r.status)
	}
	if r := s.api(reception, "POST", fmt.Sprintf("/api/v1/materiel/prets/%d/retour", loans[0].ID), `{"etat_retour":"bon"}`); r.status != 204 {
		t.Fatalf("return: %d %s", r.status, r.body)
	}
}
