package api

// Agenda (issue 5): permanences, appointments, workshops, notifications.

// agendaRoutes lists this capability's API operations.
func (a *API) agendaRoutes() []Route {
	return nil
}
