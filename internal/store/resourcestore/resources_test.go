package resourcestore_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/resourcestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/store/workshopstore"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

var now = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

func territory(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	terr := structure.Territory{Name: name}
	if err := st.CreateTerritory(context.Background(), &terr, now); err != nil {
		t.Fatal(err)
	}
	return terr.ID
}

// workshopOf creates a workshop of the structure, published or not.
func workshopOf(t *testing.T, st *store.Store, structureID int64, published bool) int64 {
	t.Helper()
	ctx := context.Background()
	p := &place.Place{StructureID: structureID, Source: place.SourceParcours, Pivot: "21170299700017", Name: "Médiathèque", Commune: "Rochefort",
		PostalCode: "17300", InseeCode: "17299", Address: "1 rue Test", UpdatedOn: now}
	p.Normalize()
	if err := placestore.New(st).CreatePlace(ctx, p, now); err != nil {
		t.Fatal(err)
	}
	w := workshop.Workshop{PlaceID: p.ID, Title: "Premiers pas", Themes: []string{"email"}, Level: "debutant", Audience: workshop.AudienceSeniors, Capacity: 8,
		Published: published, Sessions: []workshop.Session{{Start: now.AddDate(0, 0, 7), End: now.AddDate(0, 0, 7).Add(2 * time.Hour)}}}
	if err := workshopstore.New(st).CreateWorkshop(ctx, scope.OfStructure(structureID), &w, now); err != nil {
		t.Fatal(err)
	}
	return w.ID
}

func TestLibraryStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, core *store.Store) {
		ctx := context.Background()
		st := resourcestore.New(core)
		here, elsewhere := territory(t, core, "Rochefort"), territory(t, core, "Royan")
		ccas := storetest.Structure(t, core, "CCAS de Rochefort", here, now)
		media := storetest.Structure(t, core, "Médiathèque", here, now)
		far := storetest.Structure(t, core, "CCAS de Royan", elsewhere, now)
		tHere, tFar := scope.OfTerritory(here), scope.OfTerritory(elsewhere)
		j := journal.Entry{Who: "Test", Action: journal.Create, What: "test"}

		pdf := []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
		sheet := resource.Resource{Title: "Sécuriser son compte Ameli", Summary: "Fiche pas à pas : le code reçu par SMS.", Themes: []string{"sante", "securite_numerique"},
			Level: "debutant", Audiences: []string{"seniors", "allophones"}, Licence: "cc_by_sa", FileName: "ameli.pdf", FileType: resource.TypePDF, FileSize: int64(len(pdf))}
		if err := st.Create(ctx, scope.OfStructure(ccas.ID), &sheet, pdf, 0, j, now); err != nil {
			t.Fatal(err)
		}
		link := resource.Resource{Title: "Les arnaques au faux conseiller", Themes: []string{"securite_numerique"}, Audiences: []string{"habitants"},
			Licence: resource.AllRightsReserved, Link: "https://www.exemple.fr/arnaques"}
		if err := st.Create(ctx, scope.OfStructure(media.ID), &link, nil, 0, j, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		mine := resource.Resource{Title: "Ameli à Royan", Themes: []string{"sante"}, Audiences: []string{"seniors"}, Licence: "cc_by", Link: "https://royan.example/ameli"}
		if err := st.Create(ctx, scope.OfStructure(far.ID), &mine, nil, 0, j, now); err != nil {
			t.Fatal(err)
		}

		// Words ignore case and accents; a resource for every level matches every level.
		for _, c := range []struct {
			f    resourcestore.Filter
			want []int64
		}{
			{resourcestore.Filter{}, []int64{link.ID, sheet.ID}},
			{resourcestore.Filter{Words: "SECURISER améli"}, []int64{sheet.ID}},
			{resourcestore.Filter{Words: "code sms"}, []int64{sheet.ID}},
			{resourcestore.Filter{Words: "ameli royan"}, nil},
			{resourcestore.Filter{Theme: "securite_numerique", Level: "avance"}, []int64{link.ID}},
			{resourcestore.Filter{Audience: "allophones"}, []int64{sheet.ID}},
			{resourcestore.Filter{Theme: "sante", Audience: "habitants"}, nil},
		} {
			got, err := st.SearchInTerritory(ctx, tHere, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, r := range got {
				ids = append(ids, r.ID)
			}
			if len(ids) != len(c.want) || (len(ids) > 0 && (ids[0] != c.want[0] || ids[len(ids)-1] != c.want[len(c.want)-1])) {
				t.Errorf("search %+v = %v, want %v", c.f, ids, c.want)
			}
		}
		if got, err := st.SearchInTerritory(ctx, tFar, resourcestore.Filter{}); err != nil || len(got) != 1 || got[0].ID != mine.ID {
			t.Fatalf("another territory's library = %+v, %v", got, err)
		}
		if _, err := st.InTerritory(ctx, tFar, sheet.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory reads the resource: %v", err)
		}
		if _, _, err := st.FileInTerritory(ctx, tFar, sheet.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory downloads the file: %v", err)
		}
		got, b, err := st.FileInTerritory(ctx, tHere, sheet.ID)
		if err != nil || !bytes.Equal(b, pdf) || got.StructureName != "CCAS de Rochefort" || got.Level != "debutant" || len(got.Audiences) != 2 {
			t.Fatalf("file = %+v %q %v", got, b, err)
		}
		if _, _, err := st.FileInTerritory(ctx, tHere, link.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a link has a file: %v", err)
		}
		if _, err := st.SearchInTerritory(ctx, scope.Territory{}, resourcestore.Filter{}); err == nil {
			t.Fatal("a search without a territory runs")
		}

		// Only the author structure's scope writes.
		sheet.Title = "Sécuriser son compte Ameli (2027)"
		if err := st.Update(ctx, scope.OfStructure(media.ID), &sheet, nil, j, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure changes the resource: %v", err)
		}
		if err := st.Delete(ctx, scope.OfStructure(far.ID), sheet.ID, j, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure deletes the resource: %v", err)
		}
		if err := st.Update(ctx, scope.OfStructure(ccas.ID), &sheet, nil, j, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, b, err := st.FileInTerritory(ctx, tHere, sheet.ID); err != nil || !bytes.Equal(b, pdf) {
			t.Fatalf("the file is lost by an update without a file: %q %v", b, err)
		}
		if got, _ := st.SearchInTerritory(ctx, tHere, resourcestore.Filter{Words: "2027"}); len(got) != 1 {
			t.Fatalf("the search key is not updated: %+v", got)
		}

		// Material: a workshop of the structure uses resources of its territory.
		open, closed := workshopOf(t, core, ccas.ID, true), workshopOf(t, core, ccas.ID, false)
		sc := scope.OfStructure(ccas.ID)
		for _, id := range []int64{sheet.ID, link.ID, sheet.ID} {
			if err := st.Attach(ctx, sc, tHere, open, id, now); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Attach(ctx, sc, tHere, closed, sheet.ID, now); err != nil {
			t.Fatal(err)
		}
		if err := st.Attach(ctx, sc, tHere, open, mine.ID, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("a resource of another territory attached: %v", err)
		}
		if err := st.Attach(ctx, scope.OfStructure(media.ID), tHere, open, link.ID, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure attaches to the workshop: %v", err)
		}
		if list, err := st.Material(ctx, sc, open); err != nil || len(list) != 2 {
			t.Fatalf("material = %+v, %v", list, err)
		}
		if list, _ := st.Material(ctx, scope.OfStructure(media.ID), open); len(list) != 0 {
			t.Fatalf("another structure reads the material: %+v", list)
		}
		// The public page offers the openly licensed resources of a published workshop only.
		if list, err := st.PublicMaterial(ctx, open); err != nil || len(list) != 1 || list[0].ID != sheet.ID {
			t.Fatalf("public material = %+v, %v", list, err)
		}
		if list, _ := st.PublicMaterial(ctx, closed); len(list) != 0 {
			t.Fatalf("an unpublished workshop shows its material: %+v", list)
		}
		if _, b, err := st.PublicMaterialFile(ctx, open, sheet.ID); err != nil || !bytes.Equal(b, pdf) {
			t.Fatalf("public file: %v", err)
		}
		if _, _, err := st.PublicMaterialFile(ctx, closed, sheet.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("an unpublished workshop's file: %v", err)
		}
		if err := st.Detach(ctx, scope.OfStructure(media.ID), open, link.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another structure detaches: %v", err)
		}
		if err := st.Detach(ctx, sc, open, link.ID); err != nil {
			t.Fatal(err)
		}

		// Deleting a resource removes it from the workshops.
		if err := st.Delete(ctx, sc, sheet.ID, j, now); err != nil {
			t.Fatal(err)
		}
		if list, _ := st.Material(ctx, sc, open); len(list) != 0 {
			t.Fatalf("a deleted resource stays as material: %+v", list)
		}
		if _, err := st.InTerritory(ctx, tHere, sheet.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("deleted resource read: %v", err)
		}
	})
}
