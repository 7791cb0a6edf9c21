package web

// Keeping places true (issue 3 §5): owners edit, error reports and moderation, stale places.

// placeEditMenu holds this capability's staff menu entries.
var placeEditMenu []menuItem

// placeEditRoutes lists this capability's pages.
func (s *Server) placeEditRoutes() []route {
	return nil
}
