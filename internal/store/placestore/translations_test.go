package placestore_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func TestPlaceTranslations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		owner := newStructure(t, st, "Propriétaire", 0)
		other := newStructure(t, st, "Autre", 0)
		user := func(email, name string, structureID int64) int64 {
			t.Helper()
			id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: name, StructureID: structureID, Role: account.RoleMediation}, "", t0)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		amal := user("amal@exemple.fr", "Amal Traductrice", owner.ID)
		boris := user("boris@exemple.fr", "Boris Relecteur", owner.ID)
		outsider := user("olga@exemple.fr", "Olga Ailleurs", other.ID)
		own, theirs := scope.OfStructure(owner.ID), scope.OfStructure(other.ID)

		t.Run("Translators", func(t *testing.T) {
			if err := st.GrantTranslator(ctx, own, amal, boris, t0); err != nil {
				t.Fatal(err)
			}
			if err := st.GrantTranslator(ctx, own, amal, boris, t0); err != nil {
				t.Fatalf("granting twice: %v", err)
			}
			if err := st.GrantTranslator(ctx, own, outsider, boris, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a member of another structure: %v, want not found", err)
			}
			list, err := st.Translators(ctx, own)
			if err != nil || len(list) != 1 || list[0].UserID != amal || list[0].Name != "Amal Traductrice" || !list[0].GrantedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Fatalf("translators = %+v, %v", list, err)
			}
			if ok, err := st.IsTranslator(ctx, theirs, amal); err != nil || ok {
				t.Fatalf("translator of another structure: %v, %v", ok, err)
			}
			if err := st.GrantTranslator(ctx, own, boris, amal, t0); err != nil {
				t.Fatal(err)
			}
			if err := st.WithdrawTranslator(ctx, own, boris); err != nil {
				t.Fatal(err)
			}
			if ok, err := st.IsTranslator(ctx, own, boris); err != nil || ok {
				t.Fatalf("withdrawn translator: %v, %v", ok, err)
			}
			if ok, err := st.IsTranslator(ctx, own, amal); err != nil || !ok {
				t.Fatalf("translator: %v, %v", ok, err)
			}
		})

		p := samplePlace("Espace numérique", owner.ID)
		p.Summary = "Aide aux démarches en ligne."
		if err := st.CreatePlace(ctx, p, t0); err != nil {
			t.Fatal(err)
		}
		t1, t2, t3 := t0.Add(time.Hour), t0.Add(2*time.Hour), t0.Add(3*time.Hour)

		t.Run("SaveReviewChange", func(t *testing.T) {
			tr := place.Translation{PlaceID: p.ID, Lang: "ar", Summary: "مساعدة في الإجراءات عبر الإنترنت.", TranslatorID: amal}
			if err := st.SavePlaceTranslation(ctx, theirs, &tr, t1); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure's place: %v, want not found", err)
			}
			if err := st.SavePlaceTranslation(ctx, own, &tr, t1); err != nil {
				t.Fatal(err)
			}
			got, ok, err := st.PublicPlaceTranslation(ctx, p.ID, "ar")
			if err != nil || !ok || got.Summary != tr.Summary || got.Translator != "Amal Traductrice" || !got.TranslatedAt.Equal(t1.Truncate(time.Microsecond)) || got.Reviewed() {
				t.Fatalf("public = %+v, %v, %v", got, ok, err)
			}
			if err := st.ReviewPlaceTranslation(ctx, theirs, p.ID, "ar", outsider, t2); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("review from another structure: %v, want not found", err)
			}
			if err := st.ReviewPlaceTranslation(ctx, own, p.ID, "ar", boris, t2); err != nil {
				t.Fatal(err)
			}
			// Saving the same texts keeps the review; changing them drops it.
			same := tr
			same.TranslatorID = boris
			if err := st.SavePlaceTranslation(ctx, own, &same, t3); err != nil {
				t.Fatal(err)
			}
			list, err := st.PlaceTranslations(ctx, own, p.ID)
			if err != nil || len(list) != 1 || !list[0].Reviewed() || list[0].Reviewer != "Boris Relecteur" || list[0].TranslatorID != amal || !list[0].ReviewedAt.Equal(t2.Truncate(time.Microsecond)) {
				t.Fatalf("after saving the same texts: %+v, %v", list, err)
			}
			changed := tr
			changed.Description, changed.TranslatorID = "وصف.", boris
			if err := st.SavePlaceTranslation(ctx, own, &changed, t3); err != nil {
				t.Fatal(err)
			}
			got, _, err = st.PublicPlaceTranslation(ctx, p.ID, "ar")
			if err != nil || got.Reviewed() || got.ReviewerID != 0 || got.TranslatorID != boris || got.Description != "وصف." {
				t.Fatalf("after a change: %+v, %v", got, err)
			}
			es := place.Translation{PlaceID: p.ID, Lang: "es", Summary: "Ayuda.", TranslatorID: amal}
			if err := st.SavePlaceTranslation(ctx, own, &es, t3); err != nil {
				t.Fatal(err)
			}
			if err := st.ReviewPlaceTranslation(ctx, own, p.ID, "es", boris, t3); err != nil {
				t.Fatal(err)
			}
			if c, err := st.TranslationCounts(ctx, own); err != nil || len(c) != 1 || c[p.ID] != (placestore.TranslationCount{Total: 2, ToReview: 1}) {
				t.Fatalf("counts = %v, %v", c, err)
			}
			if c, err := st.TranslationCounts(ctx, theirs); err != nil || len(c) != 0 {
				t.Fatalf("another structure's counts = %v, %v", c, err)
			}
			if _, err := st.PlaceTranslations(ctx, theirs, p.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure lists: %v, want not found", err)
			}
			if _, ok, err := st.PublicPlaceTranslation(ctx, p.ID, "en"); err != nil || ok {
				t.Fatalf("no English translation: %v, %v", ok, err)
			}
		})

		t.Run("OriginalChangesReviewAgain", func(t *testing.T) {
			if err := st.ReviewPlaceTranslation(ctx, own, p.ID, "ar", amal, t3); err != nil {
				t.Fatal(err)
			}
			p.Phone = "05 46 00 00 01"
			if err := st.UpdatePlace(ctx, own, p, t3); err != nil {
				t.Fatal(err)
			}
			if got, _, err := st.PublicPlaceTranslation(ctx, p.ID, "ar"); err != nil || !got.Reviewed() {
				t.Fatalf("another field changed: the review stays: %+v, %v", got, err)
			}
			p.Summary = "Aide aux démarches en ligne, sans rendez-vous."
			if err := st.UpdatePlace(ctx, theirs, p, t3); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure updates: %v", err)
			}
			if got, _, err := st.PublicPlaceTranslation(ctx, p.ID, "ar"); err != nil || !got.Reviewed() {
				t.Fatalf("a refused update keeps the review: %+v, %v", got, err)
			}
			if err := st.UpdatePlace(ctx, own, p, t3); err != nil {
				t.Fatal(err)
			}
			if got, _, err := st.PublicPlaceTranslation(ctx, p.ID, "ar"); err != nil || got.Reviewed() {
				t.Fatalf("the French summary changed: the translation is to review again: %+v, %v", got, err)
			}
		})

		t.Run("Delete", func(t *testing.T) {
			if err := st.DeletePlaceTranslation(ctx, theirs, p.ID, "ar"); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("delete from another structure: %v", err)
			}
			if err := st.DeletePlaceTranslation(ctx, own, p.ID, "ar"); err != nil {
				t.Fatal(err)
			}
			if _, ok, err := st.PublicPlaceTranslation(ctx, p.ID, "ar"); err != nil || ok {
				t.Fatalf("after delete: %v, %v", ok, err)
			}
		})

		t.Run("ErrLangUnknown", func(t *testing.T) {
			tr := place.Translation{PlaceID: p.ID, Lang: "fr", Summary: "x", TranslatorID: amal}
			if err := st.SavePlaceTranslation(ctx, own, &tr, t1); err == nil {
				t.Fatal("French is the original: the database must refuse it")
			}
		})
	})
}
