package web

// Finding a place (issue 3 §4): public search, place page, printable guide, map.

// placeSearchRoutes lists this capability's pages.
func (s *Server) placeSearchRoutes() []route {
	return nil
}
