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

// agendaRoutes lists this capability's pages.
func (s *Server) agendaRoutes() []route {
	return []route{
		// Staff agenda across the structure's sites.
		{Pattern: "GET /espace/agenda", Perm: account.PermAgenda, Handler: s.agendaWeek},
		{Pattern: "GET /espace/agenda/permanences", Perm: account.PermAgendaOrganize, Handler: s.agendaPermanenceList},
		{Pattern: "GET /espace/agenda/permanences/nouvelle", Perm: account.PermAgendaOrganize, Handler: s.agendaPermanenceNew},
		{Pattern: "POST /espace/agenda/permanences", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaPermanenceCreate)},
		{Pattern: "GET /espace/agenda/permanences/{id}", Perm: account.PermAgendaOrganize, Handler: s.agendaPermanenceEdit},
		{Pattern: "POST /espace/agenda/permanences/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaPermanenceUpdate)},
		{Pattern: "POST /espace/agenda/permanences/{id}/annulations", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaPermanenceCancelDate)},
		{Pattern: "POST /espace/agenda/permanences/{id}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaPermanenceDelete)},
		{Pattern: "GET /espace/agenda/motifs", Perm: account.PermAgendaOrganize, Handler: s.agendaMotiveList},
		{Pattern: "GET /espace/agenda/motifs/nouveau", Perm: account.PermAgendaOrganize, Handler: s.agendaMotiveNew},
		{Pattern: "POST /espace/agenda/motifs", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaMotiveCreate)},
		{Pattern: "GET /espace/agenda/motifs/{id}", Perm: account.PermAgendaOrganize, Handler: s.agendaMotiveEdit},
		{Pattern: "POST /espace/agenda/motifs/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaMotiveUpdate)},
		{Pattern: "GET /espace/agenda/absences", Perm: account.PermAgendaOrganize, Handler: s.agendaAbsenceList},
		{Pattern: "POST /espace/agenda/absences", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaAbsenceCreate)},
		{Pattern: "POST /espace/agenda/absences/{id}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaAbsenceDelete)},

		// Appointments booked by staff.
		{Pattern: "GET /espace/agenda/rendez-vous/nouveau", Perm: account.PermAgenda, Handler: s.agendaBookForm},
		{Pattern: "POST /espace/agenda/rendez-vous", Perm: account.PermAgenda, Handler: parsed(s.agendaBookSubmit)},
		{Pattern: "GET /espace/agenda/rendez-vous/{id}", Perm: account.PermAgenda, Handler: s.agendaAppointmentView},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/statut", Perm: account.PermAgenda, Handler: parsed(s.agendaAppointmentStatus)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/annulation", Perm: account.PermAgenda, Handler: parsed(s.agendaAppointmentCancel)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/deplacement", Perm: account.PermAgenda, Handler: parsed(s.agendaAppointmentMove)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/arret-messages", Perm: account.PermAgenda, Handler: parsed(s.agendaAppointmentOptOut)},
		{Pattern: "GET /espace/agenda/rendez-vous/{id}/rendez-vous.ics", Perm: account.PermAgenda, Handler: s.agendaAppointmentICS},

		// A partner books in another structure's agenda for a person it orients.
		{Pattern: "GET /espace/agenda/orienter", Perm: account.PermAgendaPartner, Handler: s.agendaPartnerMotives},
		{Pattern: "GET /espace/agenda/orienter/{id}", Perm: account.PermAgendaPartner, Handler: s.agendaPartnerForm},
		{Pattern: "POST /espace/agenda/orienter/{id}", Perm: account.PermAgendaPartner, Handler: parsed(s.agendaPartnerSubmit)},
		{Pattern: "GET /espace/agenda/reservations", Perm: account.PermAgendaPartner, Handler: s.agendaReservations},
		{Pattern: "POST /espace/agenda/reservations/{id}/annulation", Perm: account.PermAgendaPartner, Handler: parsed(s.agendaReservationCancel)},

		// Messages and calendars.
		{Pattern: "GET /espace/agenda/envois", Perm: account.PermAgenda, Handler: s.agendaOutbox},
		{Pattern: "POST /espace/agenda/envois/arret", Perm: account.PermAgenda, Handler: parsed(s.agendaOutboxOptOut)},
		{Pattern: "GET /espace/agenda/calendriers", Perm: account.PermAgenda, Handler: s.agendaCalendars},
		{Pattern: "POST /espace/agenda/calendriers", Perm: account.PermAgenda, Handler: parsed(s.agendaCalendarToken)},

		// Workshops.
		{Pattern: "GET /espace/ateliers", Perm: account.PermAgenda, Handler: s.workshopList},
		{Pattern: "GET /espace/ateliers/nouveau", Perm: account.PermAgendaOrganize, Handler: s.workshopNew},
		{Pattern: "POST /espace/ateliers", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopCreate)},
		{Pattern: "GET /espace/ateliers/{id}", Perm: account.PermAgenda, Handler: s.workshopView},
		{Pattern: "GET /espace/ateliers/{id}/modifier", Perm: account.PermAgendaOrganize, Handler: s.workshopEdit},
		{Pattern: "POST /espace/ateliers/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopUpdate)},
		{Pattern: "POST /espace/ateliers/{id}/seances", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopSessionAdd)},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopSessionDelete)},
		{Pattern: "GET /espace/ateliers/{id}/seances/{session}", Perm: account.PermAgendaOrganize, Handler: s.workshopAttendanceForm},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopAttendanceSubmit)},
		{Pattern: "GET /espace/ateliers/{id}/seances/{session}/compte-rendu", Perm: account.PermAgendaOrganize, Handler: s.workshopReportForm},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}/compte-rendu", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopReportSubmit)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions", Perm: account.PermAgenda, Handler: parsed(s.workshopRegister)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/annulation", Perm: account.PermAgenda, Handler: parsed(s.workshopRegistrationCancel)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/confirmation", Perm: account.PermAgenda, Handler: parsed(s.workshopRegistrationConfirm)},

		// Public pages: booking, the programme, the resident's own pages, feeds.
		{Pattern: "GET /rendez-vous", Perm: "", Handler: s.agendaPublicIndex},
		{Pattern: "GET /rendez-vous/motifs/{id}", Perm: "", Handler: s.agendaPublicSlots},
		{Pattern: "GET /rendez-vous/motifs/{id}/reserver", Perm: "", Handler: s.agendaPublicBookForm},
		{Pattern: "POST /rendez-vous/motifs/{id}/reserver", Perm: "", Handler: parsed(s.agendaPublicBookSubmit)},
		{Pattern: "GET /mon-rendez-vous/{token}", Perm: "", Handler: s.agendaPublicAppointment},
		{Pattern: "POST /mon-rendez-vous/{token}/annulation", Perm: "", Handler: parsed(s.agendaPublicCancel)},
		{Pattern: "GET /mon-rendez-vous/{token}/rendez-vous.ics", Perm: "", Handler: s.agendaPublicICS},
		{Pattern: "GET /ateliers", Perm: "", Handler: s.workshopProgramme},
		{Pattern: "GET /ateliers/programme", Perm: "", Handler: s.workshopPrint},
		{Pattern: "GET /ateliers/programme.pdf", Perm: "", Handler: s.workshopPrintPDF},
		{Pattern: "GET /ateliers/{id}", Perm: "", Handler: s.workshopPublicView},
		{Pattern: "POST /ateliers/{id}/inscription", Perm: "", Handler: parsed(s.workshopPublicRegister)},
		{Pattern: "GET /mon-inscription/{token}", Perm: "", Handler: s.workshopPublicRegistration},
		{Pattern: "POST /mon-inscription/{token}/confirmation", Perm: "", Handler: parsed(s.workshopPublicConfirm)},
		{Pattern: "POST /mon-inscription/{token}/annulation", Perm: "", Handler: parsed(s.workshopPublicCancel)},
		{Pattern: "GET /mon-inscription/{token}/atelier.ics", Perm: "", Handler: s.workshopPublicICS},
		{Pattern: "GET /messages/arret/{token}", Perm: "", Handler: s.agendaOptOutForm},
		{Pattern: "POST /messages/arret/{token}", Perm: "", Handler: parsed(s.agendaOptOutSubmit)},
		{Pattern: "GET /agenda/lieux/{id}/calendrier.ics", Perm: "", Handler: s.agendaSiteFeed},
		{Pattern: "GET /agenda/agents/{token}/calendrier.ics", Perm: "", Handler: s.agendaStaffFeed},
	}
}
