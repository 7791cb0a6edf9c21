// Package places serves the public pages of the cartography: the search of
// places near a commune or a position (with its map), a place's page, the
// printable guide of a commune, "signaler une erreur" and the open-data file.
package places

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"sync"

	"github.com/parcours-numerique/parcours/internal/respcache"

	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	itinerantsvc "github.com/parcours-numerique/parcours/internal/service/itinerant"
	"github.com/parcours-numerique/parcours/internal/service/placefiles"
	"github.com/parcours-numerique/parcours/internal/service/placefinder"
	"github.com/parcours-numerique/parcours/internal/service/places"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

//go:embed templates
var templates embed.FS

// Config is what the pages need beyond the site's.
type Config struct {
	TileURL  string                       // map tiles ({z}, {x}, {y}); empty: DefaultTileURL
	ClientIP func(r *http.Request) string // the address limits of reports count
	// Agenda and Workshops give a place's page what can be booked there;
	// nil: the page says nothing of it.
	Agenda    *agendasvc.Service
	Workshops *workshops.Service
	// Itinerant says when an itinerant service next passes in a commune or
	// at a place, and which motives come to residents at home or by video;
	// nil: the pages say nothing of it.
	Itinerant *itinerantsvc.Service
}

// Handlers serves the pages.
type Handlers struct {
	site   *ui.Site
	cfg    Config
	places *places.Service
	finder *placefinder.Service
	files  *placefiles.Service
	log    *slog.Logger

	mu      sync.Mutex
	filters map[string]template.HTML // rendered filters by choices (filtersHTML)

	pages *respcache.Cache[searchKey] // anonymous /lieux pages (Search)
}

// New registers the pages' templates with the site.
func New(site *ui.Site, cfg Config, pl *places.Service, finder *placefinder.Service, files *placefiles.Service) (*Handlers, error) {
	if err := site.AddPages(templates, "templates/*.html"); err != nil {
		return nil, err
	}
	site.Translated("placesearch_list", "placesearch_view", "placesearch_closed", "placeedit_report_public", "placeedit_report_thanks")
	if cfg.TileURL == "" {
		cfg.TileURL = DefaultTileURL
	}
	return &Handlers{site: site, cfg: cfg, places: pl, finder: finder, files: files, log: site.Log, filters: map[string]template.HTML{},
		pages: respcache.New[searchKey](pageCacheSize, pageTTL)}, nil
}
