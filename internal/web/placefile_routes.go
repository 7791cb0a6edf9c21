package web

// Place files (issue 3 §3): web import with its report, open-data CSV.

// placeFileMenu holds this capability's staff menu entries.
var placeFileMenu []menuItem

// placeFileRoutes lists this capability's pages.
func (s *Server) placeFileRoutes() []route {
	return nil
}
