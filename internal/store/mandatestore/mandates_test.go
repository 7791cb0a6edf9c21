package mandatestore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/training"
)

// TestScopes: every method on a structure's rows refuses a zero scope and
// answers "not found" for another structure's mandate; a mandate's
// categories come back in the vocabulary's order, and a use is refused
// once its category is revoked.
func TestScopes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)
		ms := mandatestore.New(st)
		var ids []int64
		for _, name := range []string{"CCAS", "Autre"} {
			s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "92050"}
			s.Normalize()
			if err := st.CreateStructure(ctx, &s, now); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		own, other := scope.OfStructure(ids[0]), scope.OfStructure(ids[1])
		p := person.Person{StructureID: ids[0], Kind: person.Followed, FirstName: "Marie", LastName: "Dupont", Status: person.InProgress}
		p.Normalize()
		if err := st.CreatePerson(ctx, own, &p, nil, journal.Entry{Who: "test", Action: journal.Create}, now); err != nil {
			t.Fatal(err)
		}
		m := mandate.Mandate{PersonID: p.ID, PersonInitials: "M. D.", AidantName: "Aidant", StartsAt: now, EndsAt: now.AddDate(0, 0, 31), Days: 31,
			WordingVersion: mandate.WordingVersion, WordingHash: "h", Token: mandate.NewToken(),
			Categories: []mandate.Category{{Code: "logement"}, {Code: "papiers"}}}
		j := journal.Entry{Who: "Aidant", Action: journal.Create, What: "Mandat"}
		ev := mandate.Event{Kind: mandate.EventCreated, Who: "Aidant"}
		if err := ms.CreateMandate(ctx, scope.Structure{}, &m, ev, 0, j, now); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("zero scope: %v", err)
		}
		if err := ms.CreateMandate(ctx, own, &m, ev, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if _, err := ms.Mandates(ctx, scope.Structure{}, 0); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("zero scope list: %v", err)
		}
		if err := ms.CreateCourse(ctx, scope.Structure{}, &training.Course{Title: "x", Kind: training.General, Minutes: 60}, now); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("zero scope course: %v", err)
		}
		if _, err := ms.Mandate(ctx, other, m.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads: %v", err)
		}
		use := mandate.Event{Kind: mandate.EventUsed, Category: "logement", Demarche: "Demande", Who: "Aidant"}
		if err := ms.RecordSignature(ctx, other, m.ID, mandate.SignedOnPaper, nil, "", ev, 0, j, now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure signs: %v", err)
		}
		if err := ms.RecordSignature(ctx, own, m.ID, mandate.SignedOnPaper, nil, "", ev, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if err := ms.RecordUse(ctx, other, m.ID, use, 0, j, now); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("another structure uses: %v", err)
		}
		if _, err := ms.RevokeCategories(ctx, other, m.ID, nil, ev, 0, j, now); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure revokes: %v", err)
		}
		got, err := ms.Mandate(ctx, own, m.ID)
		if err != nil || len(got.Categories) != 2 || got.Categories[0].Code != "papiers" || got.StructureName != "CCAS" {
			t.Fatalf("mandate read back %+v %v", got, err)
		}
		if err := ms.RecordUse(ctx, own, m.ID, use, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if stopped, err := ms.RevokeCategories(ctx, own, m.ID, []string{"logement"}, mandate.Event{Kind: mandate.EventRevoked, Who: "Aidant"}, 0, j, now); err != nil || len(stopped) != 1 {
			t.Fatalf("revocation %v %v", stopped, err)
		}
		if err := ms.RecordUse(ctx, own, m.ID, use, 0, j, now); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use after the revocation: %v", err)
		}
		if got, _ := ms.Mandate(ctx, own, m.ID); !got.EndedAt.IsZero() || got.Status(now) != mandate.Valid {
			t.Fatalf("one category left: %+v", got)
		}
		if _, err := ms.RevokeCategories(ctx, own, m.ID, nil, mandate.Event{Kind: mandate.EventRevoked, Who: "Aidant"}, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if got, _ := ms.Mandate(ctx, own, m.ID); got.EndedAt.IsZero() || got.Status(now) != mandate.Revoked {
			t.Fatalf("every category revoked: %+v", got)
		}

		// A mandate ends with its person's file.
		q := person.Person{StructureID: ids[0], Kind: person.Followed, FirstName: "Paul", LastName: "Roux", Status: person.InProgress}
		q.Normalize()
		if err := st.CreatePerson(ctx, own, &q, nil, journal.Entry{Who: "test", Action: journal.Create}, now); err != nil {
			t.Fatal(err)
		}
		m2 := m
		m2.ID, m2.PersonID, m2.Token, m2.Categories = 0, q.ID, mandate.NewToken(), []mandate.Category{{Code: "logement"}}
		if err := ms.CreateMandate(ctx, own, &m2, ev, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if err := ms.RecordSignature(ctx, own, m2.ID, mandate.SignedOnPaper, nil, "", ev, 0, j, now); err != nil {
			t.Fatal(err)
		}
		if err := st.DeletePerson(ctx, own, q.ID, journal.Entry{Who: "test", Action: journal.Delete}, now); err != nil {
			t.Fatal(err)
		}
		if got, err := ms.MandateByToken(ctx, m2.Token); err != nil || !got.PersonGone || got.Status(now) != mandate.Revoked {
			t.Fatalf("mandate of a deleted file: %+v %v", got, err)
		}
		if err := ms.RecordUse(ctx, own, m2.ID, use, 0, j, now); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use for a deleted file: %v", err)
		}
	})
}
