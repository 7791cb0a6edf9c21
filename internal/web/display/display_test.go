package display

import (
	"testing"

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
	}, map[string]bool{"display": true, "error": true})
}
