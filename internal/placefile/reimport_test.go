package placefile_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placefile"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// A file imported again finds its places stored: unchanged rows counted
// as such, changed rows written; duplicates of stored places are named
// once, a stored place a row updated only as that row.
func TestReimportComparesWithStoredPlaces(t *testing.T) {
	file := `[
		{"id": "d1", "nom": "Médiathèque François Mitterrand", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue A", "pivot": "21170299100017", "date_maj": "2022-01-01", "source": "reseau"},
		{"id": "d2", "nom": "Mediatheque Francois-Mitterand", "commune": "Rochefort", "code_postal": "17300", "adresse": "9 rue Z", "pivot": "00000000000000", "date_maj": "2022-01-01", "source": "reseau"},
		{"id": "d3", "nom": "Point numérique", "commune": "Rochefort", "code_postal": "17300", "adresse": "1, rue A", "pivot": "21170299100017", "date_maj": "2022-01-01", "source": "reseau"},
		{"id": "d4", "nom": "Espace public numérique", "commune": "Fouras", "code_postal": "17450", "adresse": "2 rue B", "pivot": "00000000000000", "date_maj": "2022-01-01", "source": "reseau"}
	]`
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		ctx := context.Background()
		st := placestore.New(db)
		// A place stored by another source, near d4.
		other := &place.Place{Source: "autre", SourceID: "e1", Pivot: place.UnknownPivot, Name: "Espace public numerique", Commune: "Fouras",
			PostalCode: "17450", InseeCode: "17168", Address: "5 rue C", UpdatedOn: now}
		other.Normalize()
		if err := st.CreatePlace(ctx, other, now); err != nil {
			t.Fatal(err)
		}
		first, err := placefile.Import(ctx, st, []byte(file), placefile.Options{Now: now})
		if err != nil || first.Imported != 4 {
			t.Fatalf("%v %s", err, first.Summary())
		}
		if w := warningsOf(first, "d4"); !strings.Contains(w, "« Espace public numerique » (lieu déjà enregistré n° "+strconv.FormatInt(other.ID, 10)+", id e1)") {
			t.Errorf("a stored place near a row: %s", w)
		}

		// Again, unchanged but d3 renamed: d1 names stored d2 and d3 (no
		// row read them yet); d2 and d3 name row 1, not the place d1 was.
		again := strings.Replace(file, "Point numérique", "Point numérique rénové", 1)
		for _, dry := range []bool{true, false} {
			rep, err := placefile.Import(ctx, st, []byte(again), placefile.Options{Now: now.Add(time.Hour), DryRun: dry})
			if err != nil || rep.Imported != 0 || rep.Updated != 4 || len(rep.Rejected) != 0 {
				t.Fatalf("dry run %v: %v %s", dry, err, rep.Summary())
			}
			if !dry && rep.Unchanged != 3 {
				t.Errorf("unchanged: %s", rep.Summary())
			}
			ids := stored(t, db)
			if w := warningsOf(rep, "d1"); strings.Count(w, "Doublon") != 2 || !strings.Contains(w, "même SIRET et même adresse que « Point numérique » (lieu déjà enregistré n° "+strconv.FormatInt(ids["d3"].ID, 10)+", id d3)") ||
				!strings.Contains(w, "nom presque identique, dans la même commune, à « Mediatheque Francois-Mitterand » (lieu déjà enregistré n° "+strconv.FormatInt(ids["d2"].ID, 10)+", id d2)") {
				t.Errorf("dry run %v, d1: %s", dry, w)
			}
			for _, id := range []string{"d2", "d3"} {
				if w := warningsOf(rep, id); strings.Count(w, "Doublon") != 1 || !strings.Contains(w, "(ligne 1 du fichier, id d1)") {
					t.Errorf("dry run %v, %s: %s", dry, id, w)
				}
			}
			if w := warningsOf(rep, "d4"); strings.Count(w, "Doublon") != 1 || !strings.Contains(w, "id e1)") {
				t.Errorf("dry run %v, d4: %s", dry, w)
			}
		}
		ids := stored(t, db)
		if ids["d3"].Name != "Point numérique rénové" || !ids["d3"].ModifiedAt.Equal(now.Add(time.Hour)) || !ids["d1"].ModifiedAt.Equal(now) || len(ids) != 5 {
			t.Fatalf("%+v", ids)
		}

		// A row naming d1 as the export does when ids collide ("source-id")
		// updates it, and gives it that id; a row naming it "d1" further in
		// the file (read after the places of another few hundred rows)
		// still finds it, as it was when the import began.
		var renamed strings.Builder
		renamed.WriteString(`[{"id": "reseau-d1", "nom": "Médiathèque", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue A", "pivot": "21170299100017", "date_maj": "2022-01-01", "source": "reseau"},`)
		for i := range 300 {
			renamed.WriteString(`{"id": "n` + strconv.Itoa(i) + `", "nom": "Lieu ` + strconv.Itoa(i) + `", "commune": "Fouras", "code_postal": "17450", "adresse": "3 rue D", "date_maj": "2022-01-01", "source": "reseau"},`)
		}
		renamed.WriteString(`{"id": "d1", "nom": "Médiathèque municipale", "commune": "Rochefort", "code_postal": "17300", "adresse": "1 rue A", "pivot": "21170299100017", "date_maj": "2022-01-01", "source": "reseau"}]`)
		rep, err := placefile.Import(ctx, st, []byte(renamed.String()), placefile.Options{Now: now.Add(2 * time.Hour)})
		if err != nil || rep.Updated != 2 || rep.Imported != 300 || rep.Unchanged != 0 {
			t.Fatalf("%v %s", err, rep.Summary())
		}
		if ps := stored(t, db); len(ps) != 305 || ps["d1"].ID != ids["d1"].ID || ps["d1"].Name != "Médiathèque municipale" {
			t.Fatalf("%d places, d1 %+v", len(ps), ps["d1"])
		}
	})
}
