package network

import (
	"reflect"
	"testing"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestListingInputNormalize(t *testing.T) {
	got, err := ListingInput{Function: "  conseillère   numérique ", Phone: "05 46 00 00 01", ShowEmail: true}.Normalize()
	if err != nil || got.Function != "conseillère numérique" || got.Phone != "+33546000001" || !got.ShowEmail {
		t.Fatalf("got %+v err %v", got, err)
	}
	_, err = ListingInput{Function: string(make([]rune, 81)), Phone: "appelez-moi"}.Normalize()
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		t.Fatalf("err %v", err)
	}
	fields := e.FieldMap()
	if fields["fonction"] == "" || fields["telephone"] == "" {
		t.Fatalf("each wrong field gets its message: %v", fields)
	}
	if got, err := (ListingInput{}).Normalize(); err != nil || got != (ListingInput{}) {
		t.Fatalf("an empty listing is allowed: %+v %v", got, err)
	}
}

func TestBuildGroupsAndSearches(t *testing.T) {
	structures := []structure.Structure{{ID: 1, Name: "CCAS de Rochefort", CommuneCode: "17299"}, {ID: 2, Name: "Médiathèque", CommuneCode: "17449"}}
	places := []place.Place{
		{ID: 10, StructureID: 1, Name: "Espace numérique", Services: []string{"Aide aux démarches administratives"}},
		{ID: 11, StructureID: 2, Name: "Salle multimédia", Services: []string{"Loisirs et créations numériques", "Accès internet et matériel informatique"}},
		{ID: 12, StructureID: 3, Name: "Lieu d'une structure hors du territoire"},
		{ID: 13, Name: "Lieu sans structure"},
	}
	listings := []Listing{{UserID: 5, StructureID: 2, Name: "Élodie Martin", Function: "médiatrice"}, {UserID: 6, StructureID: 3, Name: "Hors territoire"}}
	all := Build(structures, places, listings, "")
	if len(all) != 2 || len(all[0].Places) != 1 || len(all[1].Places) != 1 || len(all[1].Staff) != 1 || len(all[0].Staff) != 0 {
		t.Fatalf("grouping %+v", all)
	}
	if got := all[1].Services(); !reflect.DeepEqual(got, []string{"Accès internet et matériel informatique", "Loisirs et créations numériques"}) {
		t.Fatalf("services %v", got)
	}
	for query, want := range map[string]int64{"elodie": 2, "MEDIATRICE": 2, "démarches": 1, "rochefort": 1, "salle multi": 2} {
		got := Build(structures, places, listings, query)
		if len(got) != 1 || got[0].Structure.ID != want {
			t.Errorf("search %q found %+v, want structure %d", query, got, want)
		}
	}
	if got := Build(structures, places, listings, "hors territoire"); len(got) != 0 {
		t.Errorf("a listing outside the territory was searched: %+v", got)
	}
}
