package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandateVerificationPage: the public page a mandate's QR code opens,
// without login, says valid, revoked or expired, for which categories and
// which structure, and shows nothing of the person but the initials.
func TestMandateVerificationPage(t *testing.T) {
	t.Parallel()
	s := newSite(t, storetest.SQLite(t))
	ctx := context.Background()
	ccas := s.demo.Structures[demo.CCAS]
	list, err := mandatestore.New(s.store).Mandates(ctx, scope.OfStructure(ccas), 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("demo mandate: %v", err)
	}
	demoMandate := list[0]
	secret, hash, prefix := api.NewToken()
	if _, err := s.store.CreateAPIToken(ctx, s.demo.Aidant, ccas, "aidant", hash, prefix, s.clock.Now()); err != nil {
		t.Fatal(err)
	}
	visitor := s.client()
	page := func(token string, want ...string) {
		t.Helper()
		r := s.do(visitor, "GET", "/mandats/verification/"+token, nil)
		if r.status != 200 {
			t.Fatalf("verification page: %d", r.status)
		}
		for _, w := range append(want, "J. M.", "CCAS de Rochefort (démo)") {
			if !strings.Contains(r.body, w) {
				t.Errorf("the page does not say %q", w)
			}
		}
		for _, secret := range []string{demo.MandatePersonFirst, demo.MandatePersonLast, demo.AidantName, "1941", "Rochefort-sur-Mer"} {
			if strings.Contains(r.body, secret) {
				t.Errorf("the public page shows %q", secret)
			}
		}
		if r.header.Get("Referrer-Policy") != "no-referrer" {
			t.Error("the page's address may leak through the Referer header")
		}
	}
	page(demoMandate.Token, "Ce mandat est valide", "Social, santé", "Logement", "Argent, impôts, consommation")

	// A second mandate, signed, then the demo one stopped for everything.
	r := s.api(secret, "POST", "/api/v1/mandats", fmt.Sprintf(`{"personne":%d,"categories":["papiers"],"duree_jours":31}`, demoMandate.PersonID))
	var second struct {
		ID           int64  `json:"id"`
		Verification string `json:"verification"`
	}
	if err := json.Unmarshal([]byte(r.body), &second); err != nil || r.status != 201 {
		t.Fatalf("second mandate: %d %s", r.status, r.body)
	}
	if r := s.api(secret, "POST", fmt.Sprintf("/api/v1/mandats/%d/signature", second.ID), `{"papier":true}`); r.status != 200 {
		t.Fatalf("signature: %d %s", r.status, r.body)
	}
	if r := s.api(secret, "POST", fmt.Sprintf("/api/v1/mandats/%d/revocation", demoMandate.ID), `{"categories":[]}`); r.status != 200 {
		t.Fatalf("revocation: %d %s", r.status, r.body)
	}
	page(demoMandate.Token, "Ce mandat est révoqué", "Démarches arrêtées", "Logement")
	token := second.Verification[strings.LastIndex(second.Verification, "/")+1:]
	page(token, "Ce mandat est valide", "Papiers, citoyenneté, élections")
	s.clock.Advance(32 * 24 * time.Hour)
	page(token, "Ce mandat est expiré", "Papiers, citoyenneté, élections")
	if r := s.do(visitor, "GET", "/mandats/verification/"+strings.Repeat("x", 32), nil); r.status != 404 || !strings.Contains(r.body, "n'existe pas") {
		t.Fatalf("unknown token: %d", r.status)
	}
}
