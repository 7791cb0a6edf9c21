// Package placefinder finds the places near a resident: the open places held
// in memory (an R-tree index, rebuilt by itself when the stored places
// change or the day turns), searched by distance, services, publics, fees
// and opening hours, and the printable guide of a commune. Every use case
// is public: residents search without an account.
package placefinder

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/placesearch"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// SearchRadii are the distances a search offers, in km; DefaultRadius is
// preselected.
var SearchRadii = []int{5, 10, 20, 30, 50, 100}

// GuideRadii are the distances the guide offers, in km: beyond 30 km it
// would no longer be a local guide.
var GuideRadii = []int{5, 10, 20, 30}

// DefaultRadius is the distance of a first search, in km.
const DefaultRadius = 10

// GuideMaxPlaces bounds a guide (the nearest first).
const GuideMaxPlaces = 300

// Service is the search of places.
type Service struct {
	st    *placestore.Store
	now   func() time.Time
	index *placesearch.Searcher
}

// New returns the service; the index is built on the first search.
func New(st *placestore.Store, now func() time.Time, log *slog.Logger) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now, index: placesearch.NewSearcher(st, now, log)}
}

// SearchPublic runs a resident's search; Now is the service's clock. Field
// errors name the schema's fields, or "rayon".
func (s *Service) SearchPublic(ctx context.Context, q placesearch.Query) (placesearch.Result, error) {
	if !slices.Contains(SearchRadii, int(q.RadiusKm)) || float64(int(q.RadiusKm)) != q.RadiusKm {
		return placesearch.Result{}, radiusError(SearchRadii)
	}
	ix, err := s.index.Index(ctx)
	if err != nil {
		return placesearch.Result{}, fmt.Errorf("index des lieux indisponible : %w", err)
	}
	q.Now = s.now()
	return ix.Search(q)
}

// Generation identifies the snapshot of the places that searches answer
// from now: a page derived from a search may be reused while it is the
// same. Like a search, it may start a background check of the store.
func (s *Service) Generation(ctx context.Context) (uint64, error) {
	ix, err := s.index.Index(ctx)
	if err != nil {
		return 0, fmt.Errorf("index des lieux indisponible : %w", err)
	}
	return ix.Generation(), nil
}

func radiusError(radii []int) error {
	msg := fmt.Sprintf("Choisissez une distance dans la liste : de %d à %d km.", radii[0], radii[len(radii)-1])
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: "rayon", Message: msg}}}
}

// Refresh brings the index in step with the store now (a search otherwise
// checks the store in the background, at most every placesearch.CheckInterval).
func (s *Service) Refresh(ctx context.Context) error { return s.index.Refresh(ctx) }

// GuidePlace is a place of a guide with its distance from the commune.
type GuidePlace struct {
	place.Place
	DistanceKm float64
}

// Guide is what the printable guide of a commune lists.
type Guide struct {
	Commune  commune.Commune
	RadiusKm int
	Places   []GuidePlace // nearest first, at most GuideMaxPlaces
	Total    int          // places within the radius, beyond GuideMaxPlaces too
	Now      time.Time
}

// GuidePublic gathers the open places within radiusKm of a commune for its
// printable guide.
func (s *Service) GuidePublic(ctx context.Context, c commune.Commune, radiusKm int) (Guide, error) {
	if !slices.Contains(GuideRadii, radiusKm) {
		return Guide{}, radiusError(GuideRadii)
	}
	ix, err := s.index.Index(ctx)
	if err != nil {
		return Guide{}, err
	}
	g := Guide{Commune: c, RadiusKm: radiusKm, Now: s.now()}
	res, err := ix.Search(placesearch.Query{Lat: c.Lat, Lon: c.Lon, RadiusKm: float64(radiusKm), Now: g.Now, Limit: GuideMaxPlaces})
	if err != nil {
		return g, err
	}
	g.Total = res.Total
	for _, h := range res.Hits {
		p, err := s.st.Place(ctx, h.ID)
		if apperr.CodeOf(err) == apperr.NotFound || (err == nil && !p.Open()) {
			continue // closed or removed since the index was built
		}
		if err != nil {
			return g, err
		}
		g.Places = append(g.Places, GuidePlace{Place: p, DistanceKm: h.DistanceKm})
	}
	return g, nil
}
