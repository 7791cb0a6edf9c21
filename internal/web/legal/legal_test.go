package legal

import (
	"testing"

	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/web/ui/uitest"
)

func TestPagesRender(t *testing.T) {
	site := uitest.Site(t)
	if _, err := New(site); err != nil {
		t.Fatal(err)
	}
	uitest.RenderAll(t, site, map[string]any{"accessibility": nil, "legal": nil, "privacy": nil, "error": ui.ErrorPage{Heading: "Oups", Message: "Message", Reference: "ABCD-EFGH"}},
		map[string]bool{"accessibility": true, "legal": true, "privacy": true, "error": true})
}
