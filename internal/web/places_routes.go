package web

// Cartography (issue 3): places, search, import, moderation.

// placeMenu holds this capability's staff menu entries.
var placeMenu []menuItem

// placeRoutes lists this capability's pages.
func (s *Server) placeRoutes() []route {
	return nil
}
