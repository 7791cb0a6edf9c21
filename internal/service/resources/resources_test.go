package resources_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/resource"
	resourcesvc "github.com/parcours-numerique/parcours/internal/service/resources"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// territory makes a territory coordinated by a structure of its own, with
// one structure per role asked (the first a CCAS); it returns the
// coordinator and a staff member of each of those structures.
func territory(t *testing.T, st *store.Store, name string, roles ...account.Role) (*account.Actor, []*account.Actor) {
	t.Helper()
	ctx := context.Background()
	terr := structure.Territory{Name: name}
	if err := st.CreateTerritory(ctx, &terr, now); err != nil {
		t.Fatal(err)
	}
	newStructure := func(n string) int64 {
		return storetest.Structure(t, st, n, terr.ID, now).ID
	}
	actor := func(sid int64, r account.Role, email string) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: string(r) + " " + name, StructureID: sid, Role: r}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, sid)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	coordID := newStructure("Coordination " + name)
	if err := st.SetTerritoryCoordinator(ctx, terr.ID, coordID); err != nil {
		t.Fatal(err)
	}
	lower := strings.ToLower(name)
	coord := actor(coordID, account.RoleCoordination, "coord@"+lower+".fr")
	var staff []*account.Actor
	for i, r := range roles {
		n := "CCAS " + name
		if i > 0 {
			n = "Association " + string(rune('A'+i)) + " " + name
		}
		staff = append(staff, actor(newStructure(n), r, string(r)+string(rune('a'+i))+"@"+lower+".fr"))
	}
	return coord, staff
}

var pdf = []byte("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

func TestLibrary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := resourcesvc.New(resourcestore.New(st), func() time.Time { return now })
		coord, staff := territory(t, st, "Rochefort", account.RoleMediation, account.RolePartner)
		otherCoord, other := territory(t, st, "Royan", account.RoleMediation)
		mediator, partner, stranger := staff[0], staff[1], other[0]

		in := resource.Resource{Title: "  Créer son adresse   e-mail ", Themes: []string{"email"}, Level: "debutant", Audiences: []string{"seniors"}, Licence: "cc_by"}
		_, err := svc.Create(ctx, mediator, in, resourcesvc.Upload{Name: "fiche.exe", Data: []byte("MZ\x90\x00 not a document")})
		if e, ok := apperr.As(err); !ok || e.FieldMap()["fichier"] == "" {
			t.Fatalf("an executable is accepted: %v", err)
		}
		_, err = svc.Create(ctx, mediator, resource.Resource{Licence: "gpl"}, resourcesvc.Upload{})
		if e, ok := apperr.As(err); !ok || e.FieldMap()["titre"] == "" || e.FieldMap()["fichier"] == "" || e.FieldMap()["themes"] == "" ||
			e.FieldMap()["publics"] == "" || e.FieldMap()["licence"] == "" {
			t.Fatalf("an empty resource: %v", err)
		}
		r, err := svc.Create(ctx, mediator, in, resourcesvc.Upload{Name: `C:\Documents\fiche e-mail.pdf`, Data: pdf})
		if err != nil || r.Title != "Créer son adresse e-mail" || r.FileType != resource.TypePDF || r.StructureName != "CCAS Rochefort" || resource.DownloadName(r) != "fiche e-mail.pdf" {
			t.Fatalf("created %+v, %v", r, err)
		}

		// The territory's staff read it; another territory never does.
		for _, a := range []*account.Actor{partner, coord} {
			if got, b, err := svc.File(ctx, a, r.ID); err != nil || got.ID != r.ID || string(b) != string(pdf) {
				t.Fatalf("%s downloads: %v", a.Role(), err)
			}
		}
		for _, a := range []*account.Actor{stranger, otherCoord} {
			if _, err := svc.Get(ctx, a, r.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("%s of another territory reads the resource: %v", a.Role(), err)
			}
			if list, err := svc.Search(ctx, a, resourcesvc.Query{Words: "adresse"}); err != nil || len(list) != 0 {
				t.Fatalf("%s of another territory finds the resource: %+v %v", a.Role(), list, err)
			}
			if _, err := svc.Update(ctx, a, r.ID, in, resourcesvc.Upload{}); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("%s of another territory changes the resource: %v", a.Role(), err)
			}
			if err := svc.Delete(ctx, a, r.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("%s of another territory deletes the resource: %v", a.Role(), err)
			}
		}
		if list, err := svc.Search(ctx, partner, resourcesvc.Query{Words: "ADRESSE e-mail", Level: "debutant"}); err != nil || len(list) != 1 {
			t.Fatalf("search = %+v, %v", list, err)
		}
		if _, err := svc.Search(ctx, partner, resourcesvc.Query{Theme: "cuisine"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("an unknown theme is searched: %v", err)
		}

		// Another structure of the territory reads but does not change; the coordination does.
		if resourcesvc.CanChange(partner, r) || !resourcesvc.CanChange(mediator, r) || !resourcesvc.CanChange(coord, r) {
			t.Fatal("who may change the resource is wrong")
		}
		theirs, err := svc.Create(ctx, coord, resource.Resource{Title: "Charte du réseau", Themes: []string{"culture_numerique"}, Audiences: []string{"professionnels"},
			Licence: "cc_by_sa", Link: "https://www.exemple.fr/charte"}, resourcesvc.Upload{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Update(ctx, mediator, theirs.ID, resource.Resource{Title: "x"}, resourcesvc.Upload{}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a structure changes another's resource: %v", err)
		}
		if err := svc.Delete(ctx, mediator, theirs.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a structure deletes another's resource: %v", err)
		}
		in.Title, in.Level = "Créer et sécuriser son adresse e-mail", ""
		up, err := svc.Update(ctx, coord, r.ID, in, resourcesvc.Upload{})
		if err != nil || up.Title != in.Title || up.Level != "" || up.FileType != resource.TypePDF || up.StructureID != r.StructureID {
			t.Fatalf("the coordination changes the resource: %+v %v", up, err)
		}
		// A link becomes a file; a file stays a file.
		asFile, err := svc.Update(ctx, coord, theirs.ID, resource.Resource{Title: "Charte du réseau", Themes: []string{"culture_numerique"},
			Audiences: []string{"professionnels"}, Licence: "cc_by_sa"}, resourcesvc.Upload{Name: "charte.pdf", Data: pdf})
		if err != nil || !asFile.IsFile() || asFile.Link != "" {
			t.Fatalf("a link becomes a file: %+v %v", asFile, err)
		}

		// Every change is journaled in the author structure's journal.
		entries, _, err := st.ListJournal(ctx, mediator.Scope(), store.JournalFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var created, updated bool
		for _, e := range entries {
			created = created || (e.Action == "creation" && strings.Contains(e.What, "Créer son adresse e-mail"))
			updated = updated || (e.Action == "modification" && e.ActorStructureID == coord.StructureID())
		}
		if !created || !updated {
			t.Fatalf("journal = %+v", entries)
		}
		if err := svc.Delete(ctx, mediator, r.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Get(ctx, partner, r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a deleted resource is read: %v", err)
		}
	})
}
