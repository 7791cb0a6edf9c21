package web

// Agenda (issue 5): permanences, appointments, workshops, notifications.

// agendaMenu holds this capability's staff menu entries.
var agendaMenu []menuItem

// agendaRoutes lists this capability's pages.
func (s *Server) agendaRoutes() []route {
	return nil
}
