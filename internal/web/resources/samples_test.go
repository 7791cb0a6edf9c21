package resources

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/resource"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

var (
	sampleAt   = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	sampleFile = resource.Resource{ID: 1, StructureID: 3, StructureName: "CCAS de <b>Rochefort</b>", Title: "Créer son <b>adresse</b> e-mail",
		Summary: "Fiche pas à pas.\nPour un atelier d'une heure.", Themes: []string{"email", "securite_numerique"}, Level: "debutant",
		Audiences: []string{"seniors"}, Licence: "cc_by_sa", FileName: "fiche.pdf", FileType: resource.TypePDF, FileSize: 123456, CreatedAt: sampleAt, UpdatedAt: sampleAt.Add(time.Hour)}
	sampleLink = resource.Resource{ID: 2, StructureID: 4, StructureName: "Médiathèque", Title: "Les arnaques en ligne", Themes: []string{"securite_numerique"},
		Audiences: []string{"habitants", "jeunes"}, Licence: resource.AllRightsReserved, Link: "https://www.exemple.fr/arnaques?a=1&b=<2>", CreatedAt: sampleAt, UpdatedAt: sampleAt}
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site, nil); err != nil {
		t.Fatal(err)
	}
	opts := []ui.Option{{Value: "", Label: "Tous"}, {Value: "email", Label: "E-mail"}}
	uitest.RenderAll(t, site, map[string]any{
		"resource_list": listData{Resources: []resource.Resource{sampleFile, sampleLink}, Themes: opts, Levels: opts, Audiences: opts, Filtered: true},
		"resource_view": viewData{Resource: sampleFile, CanChange: true},
		"resource_form": newFormData(1, sampleFile),
		"error":         ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
	}, map[string]bool{"error": true})
}
