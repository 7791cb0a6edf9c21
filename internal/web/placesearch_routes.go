package web

import (
	"html/template"
	"sync"

	"github.com/parcours-numerique/parcours/internal/placesearch"
)

// Finding a place: public search, place page, printable guide, map.

// placeFinder is what the search pages keep between requests.
type placeFinder struct {
	// index holds the open places in memory; it is built on the first
	// search and follows the store by itself.
	index *placesearch.Searcher

	mu      sync.Mutex
	filters map[string]template.HTML // rendered filters by choices (filtersHTML)
}

// newPlaceFinder prepares what the search pages keep between requests.
func (s *Server) newPlaceFinder() *placeFinder {
	return &placeFinder{
		index:   placesearch.NewSearcher(s.store, s.cfg.Now, s.log),
		filters: map[string]template.HTML{},
	}
}
