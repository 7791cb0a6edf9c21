package web

// Agenda: permanences, appointments, workshops, notifications.

import "github.com/parcours-numerique/parcours/internal/account"

// agendaMenu holds this capability's staff menu entries; the agenda's other
// pages (permanences, motives, absences, messages, calendars) are linked
// from the agenda itself.
var agendaMenu = []menuItem{
	{Label: "Agenda", Href: "/espace/agenda", Perm: account.PermAgenda},
	{Label: "Ateliers", Href: "/espace/ateliers", Perm: account.PermAgenda},
	{Label: "Rendez-vous chez un partenaire", Href: "/espace/agenda/orienter", Perm: account.PermAgendaPartner},
}
