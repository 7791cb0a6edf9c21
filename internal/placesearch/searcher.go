package placesearch

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Source is where the places come from: the store.
type Source interface {
	PlacesVersion(ctx context.Context) (time.Time, int, error)
	EachPlace(ctx context.Context, f placestore.PlaceFilter, fn func(place.Place) error) error
}

// CheckInterval is how often, at most, a Searcher asks the store whether
// the places changed.
const CheckInterval = 2 * time.Second

// Searcher keeps an Index in step with the store without knowing who
// changes the places: every CheckInterval at most, a search triggers a
// background check of the store's version (latest modification, count);
// when it moved, or when the day changed, a new index is built and swapped
// in atomically. Searches never wait for a rebuild, except the very first.
type Searcher struct {
	src Source
	now func() time.Time
	log *slog.Logger

	cur       atomic.Pointer[Index]
	build     sync.Mutex // one build at a time
	checking  atomic.Bool
	lastCheck atomic.Int64 // UnixNano of the last check started, by now()

	backgroundDone func() // tests: called when a background check ends
}

// NewSearcher returns a Searcher over src; now is the clock (injected in
// tests), log receives rebuild errors.
func NewSearcher(src Source, now func() time.Time, log *slog.Logger) *Searcher {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.Default()
	}
	return &Searcher{src: src, now: now, log: log}
}

// Index returns the current index, building it on first use. It may start
// a background check of the store, never waited for.
func (s *Searcher) Index(ctx context.Context) (*Index, error) {
	ix := s.cur.Load()
	if ix == nil {
		if err := s.Refresh(ctx); err != nil {
			return nil, err
		}
		return s.cur.Load(), nil
	}
	now := s.now()
	if now.UnixNano()-s.lastCheck.Load() >= int64(CheckInterval) || now.UnixNano() < s.lastCheck.Load() {
		if s.checking.CompareAndSwap(false, true) {
			s.lastCheck.Store(now.UnixNano())
			go func() {
				defer func() {
					s.checking.Store(false)
					if s.backgroundDone != nil {
						s.backgroundDone()
					}
				}()
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				if err := s.Refresh(ctx); err != nil {
					s.log.Error("index des lieux : mise à jour impossible", "err", err)
				}
			}()
		}
	}
	return ix, nil
}

// Refresh checks the store now and, if the places or the day changed,
// builds and swaps in a new index before returning.
func (s *Searcher) Refresh(ctx context.Context) error {
	s.build.Lock()
	defer s.build.Unlock()
	now, start := s.now(), time.Now()
	modified, count, err := s.src.PlacesVersion(ctx)
	if err != nil {
		return err
	}
	v := Version{Modified: modified, Count: count}
	if cur := s.cur.Load(); cur != nil && cur.version.Modified.Equal(v.Modified) && cur.version.Count == v.Count && cur.day == dayOf(now) {
		return nil
	}
	b := NewBuilder(now)
	err = s.src.EachPlace(ctx, placestore.PlaceFilter{}, func(p place.Place) error {
		b.Add(&p)
		return nil
	})
	if err != nil {
		return err
	}
	ix := b.Build(v)
	s.cur.Store(ix)
	s.lastCheck.Store(now.UnixNano())
	s.log.Debug("index des lieux reconstruit", "lieux", ix.Len(), "sans_position", ix.Unplaced(), "durée", time.Since(start))
	return nil
}
