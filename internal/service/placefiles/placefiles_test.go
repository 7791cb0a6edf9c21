package placefiles_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

func file(id, name string) []byte {
	return []byte(placefile.SchemaCSVHeader + "\n" + id + ",43493312300029," + name +
		",Rochefort,17300,17299,1 rue de la République,,45.9421,-0.9588,,,,,Mo-Fr 09:00-12:00,,,,,,2026-01-15,Aide aux démarches administratives,,,,,,,,,,\n")
}

func TestImportAndOpenData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC)
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		svc := placefiles.New(placestore.New(st), func() time.Time { return now }, nil)
		actor := func(role account.Role, structure string) *account.Actor {
			a, err := st.ActorForMembership(ctx, d.Users[role], d.Structures[structure])
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		coordination, mediation, admin := actor(account.RoleCoordination, demo.CCAS), actor(account.RoleMediation, demo.CCAS), actor(account.RoleAdmin, demo.CCAS)

		t.Run("CheckThenConfirm", func(t *testing.T) {
			if _, err := svc.Check(ctx, mediation, placefiles.Upload{FileName: "a.csv", Data: file("svc-1", "Lieu"), Owner: placefiles.OwnerStructure}); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("a mediator imports: %v", err)
			}
			_, err := svc.Check(ctx, coordination, placefiles.Upload{FileName: "a.csv", Owner: "personne"})
			if e, ok := apperr.As(err); !ok || e.FieldMap()["fichier"] == "" || e.FieldMap()["proprietaire"] == "" {
				t.Fatalf("no file, no owner: %v", err)
			}
			before, _ := placestore.New(st).CountPlaces(ctx, true)
			u, err := svc.Check(ctx, coordination, placefiles.Upload{FileName: `C:\Documents\lieux.csv`, Data: file("svc-1", "Lieu du service"), Owner: placefiles.OwnerStructure})
			if err != nil || u.FileName != "lieux.csv" || u.StructureID != d.Structures[demo.CCAS] || u.OwnerStructureID != d.Structures[demo.CCAS] {
				t.Fatalf("%+v %v", u, err)
			}
			if n, _ := placestore.New(st).CountPlaces(ctx, true); n != before {
				t.Fatal("a check imported something")
			}
			c, err := svc.Get(ctx, coordination, u.ID)
			if err != nil || !c.Waiting() || c.Report.Imported != 1 || c.Owner != "CCAS de Rochefort (démo)" {
				t.Fatalf("%+v %v", c, err)
			}
			if _, _, err := svc.Confirm(ctx, actor(account.RoleCoordination, demo.CCAS), u.ID); err != nil {
				t.Fatal(err)
			}
			if _, _, err := svc.Confirm(ctx, coordination, u.ID); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("confirmed twice: %v", err)
			}
			ps, _ := placestore.New(st).StructurePlaces(ctx, scope.OfStructure(d.Structures[demo.CCAS]))
			found := false
			for _, p := range ps {
				found = found || p.Name == "Lieu du service"
			}
			if !found {
				t.Fatal("the confirmed file's place is not the structure's")
			}
			if _, err := svc.Get(ctx, actor(account.RolePartner, demo.FranceServices), u.ID); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("a partner reads an upload: %v", err)
			}
			if c, err := svc.Get(ctx, admin, u.ID); err != nil || !c.Imported() {
				t.Fatalf("the platform reads any upload: %v", err)
			}
		})
		t.Run("Cancel", func(t *testing.T) {
			u, err := svc.Check(ctx, coordination, placefiles.Upload{FileName: "b.csv", Data: file("svc-2", "Abandonné"), Owner: placefiles.OwnerOpenData})
			if err != nil {
				t.Fatal(err)
			}
			if _, done, err := svc.Cancel(ctx, coordination, u.ID); !done || err != nil {
				t.Fatalf("%v %v", done, err)
			}
			if _, _, err := svc.Confirm(ctx, coordination, u.ID); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("confirmed after abandon: %v", err)
			}
		})
		t.Run("Operator", func(t *testing.T) {
			rep, err := svc.ImportAsOperator(ctx, placefiles.Import{Data: file("svc-3", "Lieu national"), DryRun: true})
			if err != nil || rep.Imported != 1 {
				t.Fatalf("%v %v", rep, err)
			}
			if _, err := svc.GetPublic(ctx, "svc-3"); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a dry run published a place: %v", err)
			}
			if _, err := svc.ImportAsOperator(ctx, placefiles.Import{Data: file("svc-3", "Lieu national")}); err != nil {
				t.Fatal(err)
			}
			rec, err := svc.GetPublic(ctx, "svc-3")
			if err != nil || rec.Get("nom") != "Lieu national" || rec.Get("horaires") != "Mo-Fr 09:00-12:00" {
				t.Fatalf("%v %v", rec, err)
			}
		})
		t.Run("ListPublic", func(t *testing.T) {
			_, err := svc.ListPublic(ctx, placefiles.OpenDataQuery{Commune: "99999", Department: "xx", Service: "Jardinage", Limit: 5000, Cursor: "?"})
			e, _ := apperr.As(err)
			for _, f := range []string{"commune", "departement", "service", "limite", "curseur"} {
				if e == nil || e.FieldMap()[f] == "" {
					t.Errorf("no error on %s: %v", f, err)
				}
			}
			seen, cursor, pages := map[string]bool{}, "", 0
			for {
				page, err := svc.ListPublic(ctx, placefiles.OpenDataQuery{Limit: 7, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range page.Records {
					if seen[r.Get("id")] {
						t.Fatalf("%s twice", r.Get("id"))
					}
					seen[r.Get("id")] = true
				}
				pages++
				if cursor = page.Next; cursor == "" {
					break
				}
			}
			if open, _ := placestore.New(st).CountPlaces(ctx, false); len(seen) != open || pages != (open+6)/7 {
				t.Fatalf("%d records in %d pages for %d open places", len(seen), pages, open)
			}
		})
		t.Run("ExportPublic", func(t *testing.T) {
			var b bytes.Buffer
			n, err := svc.ExportPublic(ctx, &b, placefile.FormatSchemaCSV)
			if open, _ := placestore.New(st).CountPlaces(ctx, false); err != nil || n != open || !strings.HasPrefix(b.String(), placefile.SchemaCSVHeader+"\n") {
				t.Fatalf("%d %v", n, err)
			}
			if _, err := svc.ExportPublic(ctx, &b, "xlsx"); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("unknown format: %v", err)
			}
		})
	})
}
