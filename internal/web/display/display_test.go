package display

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/i18n"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPageRenders(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site); err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, map[string]any{
		"display": formData{Sizes: []ui.Option{{Value: "100", Label: "100 % (normale)"}, {Value: "200", Label: "200 %"}}, Return: "/lieux", Saved: true},
		"error":   ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"},
		"language": languageData{Return: "/lieux", Langs: []langChoice{{Lang: i18n.Get("fr"), Href: "/langue?l=fr&retour=%2Flieux", Current: true},
			{Lang: i18n.Get("ar"), Href: "/langue?l=ar&retour=%2Flieux"}}},
	}, map[string]bool{"display": true, "error": true, "language": true})
}
