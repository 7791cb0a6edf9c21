package web

import (
	"html/template"
	"sync"

	"github.com/parcours-numerique/parcours/internal/placesearch"
)

// Finding a place (issue 3 §4): public search, place page, printable guide, map.

// placeFinder is what the search pages keep between requests.
type placeFinder struct {
	// index holds the open places in memory; it is built on the first
	// search and follows the store by itself.
	index *placesearch.Searcher

	mu      sync.Mutex
	filters map[string]template.HTML // rendered filters by choices (filtersHTML)
}

// placeSearchRoutes lists this capability's pages, all public.
func (s *Server) placeSearchRoutes() []route {
	s.placeFinder = &placeFinder{
		index:   placesearch.NewSearcher(s.store, s.cfg.Now, s.log),
		filters: map[string]template.HTML{},
	}
	return []route{
		{"GET /lieux", "", s.placeSearch},
		{"GET /lieux/communes", "", s.placeCommuneSuggestions},
		{"GET /lieux/guide.pdf", "", s.placeGuide},
		{"GET /lieux/{id}", "", s.placeView},
	}
}
