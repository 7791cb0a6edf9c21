package web_test

import (
	"strings"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPersonRightsThroughTheAPIAndPages: a person's whole file is handed
// over (API JSON, page PDF and JSON), the erasure is an API operation, a
// partner gets neither, and after the erasure the name is gone.
func TestPersonRightsThroughTheAPIAndPages(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ccas, fs := s.demo.Structures[demo.CCAS], s.demo.Structures[demo.FranceServices]
	reception := s.token(account.RoleReception, ccas)
	partner := s.token(account.RolePartner, fs)
	r := s.api(reception, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Aurèle","nom":"Quintalier","annee_naissance":1958,"genre":"masculin","commune_insee":"17299","statut":"retraite","telephone":"0612345678","consentements":["suivi"]}`)
	if r.status != 201 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	id := r.body[strings.Index(r.body, `"id":`)+5:]
	id = id[:strings.IndexAny(id, ",}")]
	r = s.api(reception, "GET", "/api/v1/personnes/"+id+"/dossier", "")
	if r.status != 200 || !strings.Contains(r.body, `"valeur":"Quintalier"`) || !strings.Contains(r.body, `"titre":"Vos droits"`) {
		t.Fatalf("access file: %d %s", r.status, r.body)
	}
	web := s.login(account.RoleReception)
	if pdf, h, status := s.raw(web, "/espace/personnes/"+id+"/dossier"); status != 200 || h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF") {
		t.Fatalf("page PDF: %d %s", status, h.Get("Content-Type"))
	}
	if body, h, status := s.raw(web, "/espace/personnes/"+id+"/dossier?format=json"); status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !strings.Contains(string(body), "Quintalier") {
		t.Fatalf("page JSON: %d %s", status, body)
	}
	if r := s.api(partner, "GET", "/api/v1/personnes/"+id+"/dossier", ""); r.status != 403 {
		t.Fatalf("partner reads the file: %d", r.status)
	}
	if r := s.api(partner, "DELETE", "/api/v1/personnes/"+id, ""); r.status != 403 {
		t.Fatalf("partner erases: %d", r.status)
	}
	if r := s.api(reception, "DELETE", "/api/v1/personnes/"+id, ""); r.status != 204 {
		t.Fatalf("erase: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "GET", "/api/v1/personnes/"+id, ""); strings.Contains(r.body, "Quintalier") || strings.Contains(r.body, "612345678") {
		t.Fatalf("after erasure: %d %s", r.status, r.body)
	}
	if r := s.api(reception, "DELETE", "/api/v1/personnes/"+id, ""); r.status != 404 {
		t.Fatalf("erase twice: %d %s", r.status, r.body)
	}
}

// TestSensitiveActionsAskForAFreshSecondFactor: handing over a person's
// file, a person's journal or erasing a person asks a session without a
// fresh second factor to confirm one first, and comes back afterwards.
func TestSensitiveActionsAskForAFreshSecondFactor(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	reception := s.token(account.RoleReception, s.demo.Structures[demo.CCAS])
	r := s.api(reception, "POST", "/api/v1/personnes", `{"suivi":"suivie","prenom":"Aurèle","nom":"Quintalier","annee_naissance":1958,"consentements":["suivi"]}`)
	if r.status != 201 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	id := r.body[strings.Index(r.body, `"id":`)+5:]
	id = id[:strings.IndexAny(id, ",}")]
	c := s.passwordLogin(account.RoleReception) // a password only: no second factor confirmed
	for _, p := range []struct{ method, path string }{
		{"GET", "/espace/personnes/" + id + "/dossier"},
		{"POST", "/espace/personnes/" + id + "/suppression"},
	} {
		r := s.do(c, p.method, p.path, nil)
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/espace/verification") {
			t.Errorf("%s %s without a fresh second factor: %d to %q", p.method, p.path, r.status, r.header.Get("Location"))
		}
	}
	if r := s.api(reception, "GET", "/api/v1/personnes/"+id, ""); r.status != 200 || !strings.Contains(r.body, "Quintalier") {
		t.Fatalf("the person was erased without the second factor: %d", r.status)
	}
}
