package web_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/pass"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/passstore"
)

// Pass numérique and equipment.

// passEquipmentMatrix lists these capabilities' staff routes for the
// authorization matrix. Placeholders (passEquipmentMatrixSetup): {ownloan}
// and {otherloan} are loans of the demo CCAS and of the outside structure,
// {ownreq}/{otherreq} requests, {owndevice}/{otherdevice} devices, {owncarnet}/{othercarnet} carnets. Bodies
// are missing (422), so that no role changes what the next one sees.
var passEquipmentMatrix = []matrixCase{
	{pattern: "GET /espace/pass", own: "/espace/pass", other: "/espace/pass", ok: 200},
	{pattern: "GET /espace/pass/encaissement", own: "/espace/pass/encaissement", other: "/espace/pass/encaissement", ok: 200},
	{pattern: "POST /espace/pass/encaissement", own: "/espace/pass/encaissement", other: "/espace/pass/encaissement", form: url.Values{"numero": {""}}, ok: 422},
	{pattern: "GET /espace/pass/releves/{mois}", own: "/espace/pass/releves/2026-03.pdf", other: "/espace/pass/releves/2026-03.xlsx", ok: 200},
	{pattern: "GET /espace/pass/remise", own: "/espace/pass/remise", other: "/espace/pass/remise", ok: 200},
	{pattern: "POST /espace/pass/remise", own: "/espace/pass/remise", other: "/espace/pass/remise", form: url.Values{"carnet": {"{othercarnet}"}}, ok: 422},
	{pattern: "GET /espace/pass/import", own: "/espace/pass/import", other: "/espace/pass/import", ok: 200},
	{pattern: "POST /espace/pass/import", own: "/espace/pass/import", other: "/espace/pass/import", form: url.Values{}, ok: 422},
	{pattern: "GET /espace/materiel/demandes/{id}/decision", own: "/espace/materiel/demandes/{ownreq}/decision", other: "/espace/materiel/demandes/{otherreq}/decision", ok: 200, scoped: true},
	{pattern: "POST /espace/materiel/demandes/{id}/decision", own: "/espace/materiel/demandes/{ownreq}/decision", other: "/espace/materiel/demandes/{otherreq}/decision", form: url.Values{"motifs": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/materiel/demandes/{id}/remise", own: "/espace/materiel/demandes/{ownreq}/remise", other: "/espace/materiel/demandes/{otherreq}/remise", form: url.Values{"signee": {"oui"}}, ok: 422, scoped: true},
	{pattern: "GET /espace/materiel/appareils/nouveau", own: "/espace/materiel/appareils/nouveau", other: "/espace/materiel/appareils/nouveau", ok: 200},
	{pattern: "POST /espace/materiel/appareils", own: "/espace/materiel/appareils", other: "/espace/materiel/appareils", form: url.Values{"type": {""}}, ok: 422},
	{pattern: "GET /espace/materiel/appareils/{id}/modifier", own: "/espace/materiel/appareils/{owndevice}/modifier", other: "/espace/materiel/appareils/{otherdevice}/modifier", ok: 200, scoped: true},
	{pattern: "POST /espace/materiel/appareils/{id}", own: "/espace/materiel/appareils/{owndevice}", other: "/espace/materiel/appareils/{otherdevice}", form: url.Values{"type": {""}}, ok: 422, scoped: true},
	{pattern: "POST /espace/materiel/prets/{id}/retour", own: "/espace/materiel/prets/{ownloan}/retour", other: "/espace/materiel/prets/{otherloan}/retour", form: url.Values{"etat_retour": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/materiel/prets/{id}", own: "/espace/materiel/prets/{ownloan}", other: "/espace/materiel/prets/{otherloan}", ok: 200, scoped: true},
	{pattern: "POST /espace/materiel/prets/{id}/signature", own: "/espace/materiel/prets/{ownloan}/signature", other: "/espace/materiel/prets/{otherloan}/signature", form: url.Values{"papier": {""}}, ok: 422, scoped: true},
	{pattern: "GET /espace/materiel/prets/{id}/convention-signee", own: "/espace/materiel/prets/{ownloan}/convention-signee", other: "/espace/materiel/prets/{otherloan}/convention-signee", ok: 404, scoped: true},
	{pattern: "GET /espace/materiel/prets/nouveau", own: "/espace/materiel/prets/nouveau", other: "/espace/materiel/prets/nouveau", ok: 200},
	{pattern: "POST /espace/materiel/prets", own: "/espace/materiel/prets", other: "/espace/materiel/prets", form: url.Values{"appareil": {""}}, ok: 422},
	{pattern: "GET /espace/materiel/demandes/nouvelle", own: "/espace/materiel/demandes/nouvelle", other: "/espace/materiel/demandes/nouvelle", ok: 200},
	{pattern: "POST /espace/materiel/demandes", own: "/espace/materiel/demandes", other: "/espace/materiel/demandes", form: url.Values{"type": {""}}, ok: 422},
	{pattern: "GET /espace/materiel", own: "/espace/materiel", other: "/espace/materiel", ok: 200},
	{pattern: "GET /espace/materiel/criteres", own: "/espace/materiel/criteres", other: "/espace/materiel/criteres", ok: 200},
	{pattern: "POST /espace/materiel/criteres", own: "/espace/materiel/criteres", other: "/espace/materiel/criteres", form: url.Values{"points_age": {"99"}}, ok: 422},
	{pattern: "GET /espace/materiel/priorite", own: "/espace/materiel/priorite?type=tablette", other: "/espace/materiel/priorite", ok: 200},
	{pattern: "GET /espace/materiel/prets/{id}/convention.pdf", own: "/espace/materiel/prets/{ownloan}/convention.pdf", other: "/espace/materiel/prets/{otherloan}/convention.pdf", ok: 200, scoped: true},

	{pattern: "GET /api/v1/pass/carnets", own: "/api/v1/pass/carnets", other: "/api/v1/pass/carnets", ok: 200},
	{pattern: "POST /api/v1/pass/carnets", own: "/api/v1/pass/carnets", other: "/api/v1/pass/carnets", ok: 422},
	{pattern: "POST /api/v1/pass/imports", own: "/api/v1/pass/imports", other: "/api/v1/pass/imports", ok: 422},
	{pattern: "POST /api/v1/pass/carnets/{id}/attribution", own: "/api/v1/pass/carnets/{owncarnet}/attribution", other: "/api/v1/pass/carnets/{othercarnet}/attribution", ok: 422},
	{pattern: "GET /api/v1/pass/chiffres", own: "/api/v1/pass/chiffres", other: "/api/v1/pass/chiffres", ok: 200},
	{pattern: "GET /api/v1/pass/carnets-recus", own: "/api/v1/pass/carnets-recus", other: "/api/v1/pass/carnets-recus", ok: 200},
	{pattern: "POST /api/v1/pass/carnets/{id}/remise", own: "/api/v1/pass/carnets/{owncarnet}/remise", other: "/api/v1/pass/carnets/{othercarnet}/remise", ok: 422},
	{pattern: "POST /api/v1/pass/encaissements", own: "/api/v1/pass/encaissements", other: "/api/v1/pass/encaissements", ok: 422},
	{pattern: "GET /api/v1/pass/releves/{mois}", own: "/api/v1/pass/releves/2026-03", other: "/api/v1/pass/releves/2026-03?format=pdf", ok: 200},

	{pattern: "GET /api/v1/materiel/appareils", own: "/api/v1/materiel/appareils", other: "/api/v1/materiel/appareils?statut=disponible", ok: 200},
	{pattern: "POST /api/v1/materiel/appareils", own: "/api/v1/materiel/appareils", other: "/api/v1/materiel/appareils", ok: 422},
	{pattern: "GET /api/v1/materiel/appareils/{id}", own: "/api/v1/materiel/appareils/{owndevice}", other: "/api/v1/materiel/appareils/{otherdevice}", ok: 200, scoped: true},
	{pattern: "PUT /api/v1/materiel/appareils/{id}", own: "/api/v1/materiel/appareils/{owndevice}", other: "/api/v1/materiel/appareils/{otherdevice}", ok: 422},
	{pattern: "PATCH /api/v1/materiel/appareils/{id}", own: "/api/v1/materiel/appareils/{owndevice}", other: "/api/v1/materiel/appareils/{otherdevice}", ok: 422},
	{pattern: "POST /api/v1/materiel/prets", own: "/api/v1/materiel/prets", other: "/api/v1/materiel/prets", ok: 422},
	{pattern: "GET /api/v1/materiel/prets/{id}/convention", own: "/api/v1/materiel/prets/{ownloan}/convention", other: "/api/v1/materiel/prets/{otherloan}/convention", ok: 200, scoped: true},
	{pattern: "POST /api/v1/materiel/prets/{id}/signature", own: "/api/v1/materiel/prets/{ownloan}/signature", other: "/api/v1/materiel/prets/{otherloan}/signature", ok: 422},
	{pattern: "GET /api/v1/materiel/prets/{id}/convention-signee", own: "/api/v1/materiel/prets/{ownloan}/convention-signee", other: "/api/v1/materiel/prets/{otherloan}/convention-signee", ok: 404, scoped: true},
	{pattern: "POST /api/v1/materiel/prets/{id}/retour", own: "/api/v1/materiel/prets/{ownloan}/retour", other: "/api/v1/materiel/prets/{otherloan}/retour", ok: 422},
	{pattern: "POST /api/v1/materiel/demandes", own: "/api/v1/materiel/demandes", other: "/api/v1/materiel/demandes", ok: 422},
	{pattern: "GET /api/v1/materiel/criteres", own: "/api/v1/materiel/criteres", other: "/api/v1/materiel/criteres", ok: 200},
	{pattern: "PUT /api/v1/materiel/criteres", own: "/api/v1/materiel/criteres", other: "/api/v1/materiel/criteres", ok: 422},
	{pattern: "GET /api/v1/materiel/priorite", own: "/api/v1/materiel/priorite?type=telephone", other: "/api/v1/materiel/priorite?type=tablette", ok: 200},
	{pattern: "POST /api/v1/materiel/demandes/{id}/decision", own: "/api/v1/materiel/demandes/{ownreq}/decision", other: "/api/v1/materiel/demandes/{otherreq}/decision", ok: 422},
	{pattern: "POST /api/v1/materiel/demandes/{id}/remise", own: "/api/v1/materiel/demandes/{ownreq}/remise", other: "/api/v1/materiel/demandes/{otherreq}/remise", ok: 422},
}

// passEquipmentProbes are the lists that must show the structure's own
// planted device.
var passEquipmentProbes = []struct {
	path string
	perm account.Permission
	want string
}{
	{"/api/v1/materiel/appareils", account.PermEquipment, "Tablette " + markerOwn},
	{"/espace/materiel", account.PermEquipment, "Tablette " + markerOwn},
	{"/espace/materiel/priorite?type=tablette", account.PermEquipmentCommittee, markerOwn + " Demandeur"},
	{"/api/v1/materiel/priorite?type=tablette", account.PermEquipmentCommittee, markerOwn + " Demandeur"},
}

// equipmentObjectsIn plants a device named with tag, a person, a loan of
// another device to them and a waiting request for a tablet.
func equipmentObjectsIn(t *testing.T, s *site, structureID, staffID int64, tag string) (loan, request, device int64) {
	t.Helper()
	ctx, st, now, sc := context.Background(), s.store, s.clock.Now(), scope.OfStructure(structureID)
	j := journal.Entry{UserID: staffID, Who: tag + " Agent", Action: journal.Create, What: "matériel " + tag}
	p := person.Person{StructureID: structureID, Kind: person.Followed, FirstName: tag, LastName: "Demandeur", Status: person.InProgress}
	p.Normalize()
	if err := st.CreatePerson(ctx, sc, &p, nil, j, now); err != nil {
		t.Fatal(err)
	}
	for _, model := range []string{"Tablette " + tag, "Prêt " + tag} {
		d := equipment.Device{Kind: "tablette", Model: model, Origin: "don", Condition: "bon", Status: equipment.Available}
		if err := equipmentstore.New(st).CreateDevice(ctx, sc, &d, now); err != nil {
			t.Fatal(err)
		}
		if model == "Tablette "+tag {
			device = d.ID
		}
		if model == "Prêt "+tag {
			l := equipment.Loan{DeviceID: d.ID, PersonID: p.ID, StartsOn: now.Format("2006-01-02"), DueOn: now.AddDate(0, 1, 0).Format("2006-01-02")}
			if err := equipmentstore.New(st).CreateLoan(ctx, sc, &l, staffID, j, now); err != nil {
				t.Fatal(err)
			}
			loan = l.ID
		}
	}
	r := equipment.Request{PersonID: p.ID, Kind: "tablette", NoDevice: true}
	if err := equipmentstore.New(st).CreateEquipmentRequest(ctx, sc, &r, j, now); err != nil {
		t.Fatal(err)
	}
	return loan, r.ID, device
}

// passEquipmentBrowserPages lists these capabilities' staff pages checked
// in Chromium (axe-core, 320 px).
var passEquipmentBrowserPages = []browserPage{
	{path: "/espace/pass", role: account.RoleCoordination, want: "Carnets émis"},
	{path: "/espace/pass/encaissement", role: account.RolePartner, want: "Numéro du pass"},
	{path: "/espace/materiel", role: account.RoleMediation, want: "Prêts en cours"},
	{path: "/espace/materiel/priorite?type=telephone", role: account.RoleMediation, want: "Rang"},
	{path: "/espace/pass/import", role: account.RoleCoordination, want: "Fichier CSV"},
	{path: "/espace/pass/remise", role: account.RoleReception, want: "Carnets reçus"},
	{path: "/espace/materiel/appareils/nouveau", role: account.RoleReception, want: "Donateur ou reconditionneur"},
	{path: "/espace/materiel/prets/nouveau", role: account.RoleReception, want: "Personne qui emprunte"},
	{path: "/espace/materiel/demandes/nouvelle", role: account.RoleReception, want: "Situation déclarée"},
}

// passEquipmentMatrixSetup gives the demo CCAS and the outside structure
// equipment and a carnet each.
func passEquipmentMatrixSetup(t *testing.T, s *site, outside, otherUser int64) func(account.Role) []string {
	t.Helper()
	ccas := s.demo.Structures[demo.CCAS]
	ownLoan, ownReq, ownDevice := equipmentObjectsIn(t, s, ccas, s.demo.Users[account.RoleMediation], markerOwn)
	otherLoan, otherReq, otherDevice := equipmentObjectsIn(t, s, outside, otherUser, markerOutside)
	carnet := func(sc scope.Structure, id string) int64 {
		var numbers []string
		for _, n := range []string{"1", "2", "3", "4", "5"} {
			numbers = append(numbers, id+n)
		}
		ids, err := passstore.New(s.store).CreateCarnets(context.Background(), sc, []pass.NewCarnet{{Identifier: id, ValidUntil: "2099-12-31", Numbers: numbers}}, pass.Typed, s.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	ownCarnet := carnet(scope.OfStructure(ccas), "MATRICECCAS")
	otherCarnet := carnet(scope.OfStructure(outside), "MATRICEDEHORS")
	return func(account.Role) []string {
		return []string{"{ownloan}", itoa(ownLoan), "{otherloan}", itoa(otherLoan), "{ownreq}", itoa(ownReq), "{otherreq}", itoa(otherReq),
			"{owncarnet}", itoa(ownCarnet), "{othercarnet}", itoa(otherCarnet), "{owndevice}", itoa(ownDevice), "{otherdevice}", itoa(otherDevice)}
	}
}
