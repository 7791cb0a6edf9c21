package web

// Agenda (issue 5): permanences, appointments, workshops, notifications.

// agendaSamples gives this capability's templates their sample data.
var agendaSamples = map[string]any{}

// agendaPublic names this capability's templates that visitors see.
var agendaPublic = map[string]bool{}
