package partnerships_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestCharter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)
		svc := partnerships.New(st, partnerships.Config{Now: func() time.Time { return now }})
		a := newTerritory(t, st, "Rochefort", now)
		b := newTerritory(t, st, "Saintes", now)
		const text1 = "Les acteurs du territoire s'engagent à orienter les personnes vers le bon lieu.\n\nIls partagent leurs ressources."

		if _, err := svc.PublishCharter(ctx, a.ccasStaff, text1); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("a conseiller publishes: %v", err)
		}
		v1, err := svc.PublishCharter(ctx, a.coordinator, text1)
		if err != nil || v1.Version != 1 || v1.Hash != partnership.CharterHash(1, text1) {
			t.Fatalf("v1: %+v %v", v1, err)
		}
		if _, err := svc.SignCharter(ctx, a.ccasStaff, v1.ID, "", "", "11/03/2026", false); fields(err)["nom"] == "" || fields(err)["date"] == "" || fields(err)["accepte"] == "" {
			t.Fatalf("want every field error: %v", err)
		}
		g, err := svc.SignCharter(ctx, a.ccasStaff, v1.ID, "Claire Directrice", "Directrice du CCAS", "10/03/2026", true)
		if err != nil || g.Hash != v1.Hash || g.Version != 1 {
			t.Fatalf("sign: %+v %v", g, err)
		}
		if _, err := svc.SignCharter(ctx, a.ccasStaff, v1.ID, "Claire Directrice", "Directrice", "10/03/2026", true); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("signed twice: %v", err)
		}
		if _, err := svc.SignCharter(ctx, b.ccasStaff, v1.ID, "Autre", "Directeur", "10/03/2026", true); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory signs: %v", err)
		}
		if p, err := svc.Charter(ctx, a.outsiderStaff); err != nil || p.Current.Version != 1 || !p.CanSign || p.Manage || len(p.Current.Signatures) != 1 {
			t.Fatalf("the unsigned structure's page: %+v %v", p, err)
		}
		if p, err := svc.Charter(ctx, a.ccasStaff); err != nil || p.CanSign || p.Signed == nil || p.Signed.SignerName != "Claire Directrice" {
			t.Fatalf("the signed structure's page: %+v %v", p, err)
		}
		if p, err := svc.Charter(ctx, b.coordinator); err != nil || p.Current.ID != 0 || len(p.Versions) != 0 {
			t.Fatalf("another territory reads: %+v %v", p, err)
		}
		pub, name, ok, err := svc.PublicCharter(ctx, a.id)
		if err != nil || !ok || name != "Rochefort" || len(pub.Signatures) != 1 || pub.Signatures[0].StructureName != "CCAS Rochefort" || pub.Signatures[0].SignerName != "" || pub.Signatures[0].SignerRole != "Directrice du CCAS" {
			t.Fatalf("public: %+v %v", pub, err)
		}
		if _, _, ok, _ := svc.PublicCharter(ctx, b.id); ok {
			t.Fatal("a territory without a charter has one")
		}

		// A new version: a new text, the signatures stay with the wording signed.
		v2, err := svc.PublishCharter(ctx, a.coordinator, text1+"\n\nIls se réunissent chaque trimestre.")
		if err != nil || v2.Version != 2 || v2.Hash == v1.Hash {
			t.Fatalf("v2: %+v %v", v2, err)
		}
		p, err := svc.Charter(ctx, a.coordinator)
		if err != nil || p.Current.Version != 2 || len(p.Current.Signatures) != 0 || len(p.Versions) != 2 || p.Versions[1].Signatures[0].Hash != v1.Hash || !p.CanSign {
			t.Fatalf("after v2: %+v %v", p, err)
		}
		if p, _ := svc.Charter(ctx, a.ccasStaff); !p.CanSign || p.Signed != nil {
			t.Fatalf("the CCAS may sign v2: %+v", p)
		}
	})
}
