package web

import "context"

// RefreshPlaceIndex brings the search index in step with the store now,
// for tests that change places after a first search (in production a
// search starts this check in the background, at most every 2 s).
func (s *Server) RefreshPlaceIndex(ctx context.Context) error {
	return s.app.PlaceFinder.Refresh(ctx)
}
