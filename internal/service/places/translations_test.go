package places_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestPlaceTranslationRules runs who translates, who reviews and what the
// public page reads, on both databases, from the demo territory: the CCAS's
// mediator and reception agent translate its places, its coordinator does
// not, the partner works for another structure.
func TestPlaceTranslationRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		svc := places.New(placestore.New(st), func() time.Time { return now })
		actor := func(role account.Role, structure string) *account.Actor {
			a, err := st.ActorForMembership(ctx, d.Users[role], d.Structures[structure])
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		mediator, reception, coordination := actor(account.RoleMediation, demo.CCAS), actor(account.RoleReception, demo.CCAS), actor(account.RoleCoordination, demo.CCAS)
		partner := actor(account.RolePartner, demo.FranceServices)
		ccasPlace, err := placestore.New(st).StructurePlaces(ctx, mediator.Scope())
		if err != nil || len(ccasPlace) == 0 {
			t.Fatalf("CCAS places: %v", err)
		}
		id := ccasPlace[0].ID
		for _, p := range ccasPlace {
			if p.Name == "Espace numérique du CCAS (démo)" {
				id = p.ID
			}
		}

		t.Run("OK", func(t *testing.T) {
			tr, err := svc.Translate(ctx, mediator, id, "es", " Ayuda con los trámites. ", "")
			if err != nil || tr.Summary != "Ayuda con los trámites." || tr.Reviewed() || tr.Translator != "Mehdi Médiateur" {
				t.Fatalf("translate = %+v, %v", tr, err)
			}
			if _, err := svc.ReviewTranslation(ctx, mediator, id, "es"); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("the author reviews their own text: %v, want invalid", err)
			}
			tr, err = svc.ReviewTranslation(ctx, reception, id, "es")
			if err != nil || !tr.Reviewed() || tr.Reviewer != "Agnès Accueil" {
				t.Fatalf("review = %+v, %v", tr, err)
			}
			pub, ok, err := svc.PublicTranslation(ctx, id, "es")
			if err != nil || !ok || !pub.Reviewed() {
				t.Fatalf("public = %+v, %v, %v", pub, ok, err)
			}
			texts, err := svc.Texts(ctx, coordination, id)
			if err != nil || texts.Translator || len(texts.Translations) != 3 {
				t.Fatalf("the coordinator reads the texts: %+v, %v", texts.Translations, err)
			}
		})
		t.Run("ErrNotTranslator", func(t *testing.T) {
			if _, err := svc.Translate(ctx, coordination, id, "en", "x", ""); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("coordinator translates: %v, want forbidden", err)
			}
			if err := svc.SetTranslator(ctx, coordination, d.Users[account.RoleCoordination], true); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Translate(ctx, coordination, id, "ru", "Помощь.", ""); err != nil {
				t.Fatalf("once named: %v", err)
			}
			if err := svc.SetTranslator(ctx, coordination, d.Users[account.RoleCoordination], false); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.ReviewTranslation(ctx, coordination, id, "ar"); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("withdrawn translator reviews: %v, want forbidden", err)
			}
		})
		t.Run("ErrOtherStructure", func(t *testing.T) {
			if err := svc.SetTranslator(ctx, partner, d.Users[account.RolePartner], true); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Translate(ctx, partner, id, "en", "x", ""); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure's place: %v, want not found", err)
			}
			if err := svc.SetTranslator(ctx, mediator, d.Users[account.RolePartner], true); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("naming a member of another structure: %v, want not found", err)
			}
		})
		t.Run("ErrLang", func(t *testing.T) {
			for _, lang := range []string{"fr", "de", "AR", ""} {
				if _, err := svc.Translate(ctx, mediator, id, lang, "x", ""); !apperr.Is(err, apperr.Invalid) {
					t.Errorf("language %q: %v, want invalid", lang, err)
				}
			}
			if _, err := svc.Translate(ctx, mediator, id, "en", "", ""); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("empty texts: %v, want invalid", err)
			}
			if _, ok, err := svc.PublicTranslation(ctx, id, "fr"); err != nil || ok {
				t.Errorf("French has no translation: %v, %v", ok, err)
			}
		})
	})
}
