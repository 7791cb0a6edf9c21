package networkstore_test

import (
	"context"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestDirectoryListings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := networkstore.New(db)
		ctx := context.Background()
		here := structure.Territory{Name: "Ici", CommuneCodes: []string{"17299"}}
		there := structure.Territory{Name: "Ailleurs", CommuneCodes: []string{"33063"}}
		for _, tr := range []*structure.Territory{&here, &there} {
			if err := st.CreateTerritory(ctx, tr, t0); err != nil {
				t.Fatal(err)
			}
		}
		a := newStructure(t, st, "CCAS", here.ID)
		b := newStructure(t, st, "Médiathèque", here.ID)
		c := newStructure(t, st, "Association d'ailleurs", there.ID)
		user := func(email, name string, structureID int64) int64 {
			id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: name, StructureID: structureID, Role: account.RoleMediation}, "", t0)
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		agnes, bruno, chloe, denis := user("agnes@a.fr", "Agnès", a.ID), user("bruno@b.fr", "Bruno", b.ID), user("chloe@c.fr", "Chloé", c.ID), user("denis@a.fr", "Denis", a.ID)
		set := func(sc scope.Structure, l network.Listing) error { return st.SetDirectoryListing(ctx, sc, l, t0) }
		if err := set(scope.OfStructure(a.ID), network.Listing{UserID: agnes, Function: "conseillère numérique", Phone: "+33546000001", ShowEmail: true}); err != nil {
			t.Fatal(err)
		}
		if err := set(scope.OfStructure(b.ID), network.Listing{UserID: bruno, Function: "bibliothécaire"}); err != nil {
			t.Fatal(err)
		}
		if err := set(scope.OfStructure(c.ID), network.Listing{UserID: chloe}); err != nil {
			t.Fatal(err)
		}
		if err := set(scope.OfStructure(a.ID), network.Listing{UserID: denis}); err != nil {
			t.Fatal(err)
		}

		t.Run("OnlyMembersOfTheScopeMayBeListed", func(t *testing.T) {
			if err := set(scope.OfStructure(b.ID), network.Listing{UserID: agnes}); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a member of another structure listed: %v", err)
			}
			if err := set(scope.Structure{}, network.Listing{UserID: agnes}); err == nil {
				t.Fatal("an empty scope was accepted")
			}
		})
		t.Run("UpdateKeepsOneRow", func(t *testing.T) {
			if err := set(scope.OfStructure(a.ID), network.Listing{UserID: agnes, Function: "conseillère numérique France Services", Phone: "+33546000001", ShowEmail: true}); err != nil {
				t.Fatal(err)
			}
			l, ok, err := st.DirectoryListing(ctx, scope.OfStructure(a.ID), agnes)
			if err != nil || !ok || l.Function != "conseillère numérique France Services" || l.Email != "agnes@a.fr" || l.Name != "Agnès" {
				t.Fatalf("listing %+v ok %v err %v", l, ok, err)
			}
		})
		t.Run("TheTerritoryShowsItsOwnActiveMembersOnly", func(t *testing.T) {
			if err := st.SetUserActive(ctx, denis, false, t0); err != nil {
				t.Fatal(err)
			}
			list, err := st.DirectoryListingsInTerritory(ctx, scope.OfTerritory(here.ID))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, l := range list {
				names = append(names, l.Name)
				if l.Name == "Bruno" && l.Email != "" {
					t.Errorf("Bruno did not choose to show his e-mail: %q", l.Email)
				}
			}
			if len(names) != 2 || names[0] != "Agnès" || names[1] != "Bruno" {
				t.Fatalf("listed %v, want Agnès and Bruno (Chloé is elsewhere, Denis inactive)", names)
			}
			if _, err := st.DirectoryListingsInTerritory(ctx, scope.Territory{}); err == nil {
				t.Fatal("an empty territory scope was accepted")
			}
		})
		t.Run("LeavingTheStructureLeavesTheDirectory", func(t *testing.T) {
			if err := st.SetMembershipInTerritory(ctx, scope.Platform(), bruno, a.ID, account.RoleReception, t0); err != nil {
				t.Fatal(err)
			}
			if err := st.RemoveMembershipInTerritory(ctx, scope.Platform(), bruno, b.ID); err != nil {
				t.Fatal(err)
			}
			list, err := st.DirectoryListingsInTerritory(ctx, scope.OfTerritory(here.ID))
			if err != nil || len(list) != 1 || list[0].Name != "Agnès" {
				t.Fatalf("list %+v err %v", list, err)
			}
		})
		t.Run("Remove", func(t *testing.T) {
			if err := st.RemoveDirectoryListing(ctx, scope.OfStructure(a.ID), agnes); err != nil {
				t.Fatal(err)
			}
			if _, ok, err := st.DirectoryListing(ctx, scope.OfStructure(a.ID), agnes); err != nil || ok {
				t.Fatalf("still listed: ok %v err %v", ok, err)
			}
		})
	})
}
