package web

// Welcome, orient, follow (issue 4): persons, evaluations, referrals, activities.

// receptionMenu holds this capability's staff menu entries.
var receptionMenu []menuItem

// receptionRoutes lists this capability's pages.
func (s *Server) receptionRoutes() []route {
	return nil
}
