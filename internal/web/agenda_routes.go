package web

// Agenda (issue 5): permanences, appointments, workshops, notifications.

import "github.com/parcours-numerique/parcours/internal/account"

// agendaMenu holds this capability's staff menu entries; the agenda's other
// pages (permanences, motives, absences, messages, calendars) are linked
// from the agenda itself.
var agendaMenu = []menuItem{
	{"Agenda", "/espace/agenda", account.PermAgenda},
	{"Ateliers", "/espace/ateliers", account.PermAgenda},
	{"Rendez-vous chez un partenaire", "/espace/agenda/orienter", account.PermAgendaPartner},
}

// agendaRoutes lists this capability's pages.
func (s *Server) agendaRoutes() []route {
	return []route{
		// Staff agenda across the structure's sites.
		{"GET /espace/agenda", account.PermAgenda, s.agendaWeek},
		{"GET /espace/agenda/permanences", account.PermAgendaOrganize, s.agendaPermanenceList},
		{"GET /espace/agenda/permanences/nouvelle", account.PermAgendaOrganize, s.agendaPermanenceNew},
		{"POST /espace/agenda/permanences", account.PermAgendaOrganize, parsed(s.agendaPermanenceCreate)},
		{"GET /espace/agenda/permanences/{id}", account.PermAgendaOrganize, s.agendaPermanenceEdit},
		{"POST /espace/agenda/permanences/{id}", account.PermAgendaOrganize, parsed(s.agendaPermanenceUpdate)},
		{"POST /espace/agenda/permanences/{id}/annulations", account.PermAgendaOrganize, parsed(s.agendaPermanenceCancelDate)},
		{"POST /espace/agenda/permanences/{id}/suppression", account.PermAgendaOrganize, parsed(s.agendaPermanenceDelete)},
		{"GET /espace/agenda/motifs", account.PermAgendaOrganize, s.agendaMotiveList},
		{"GET /espace/agenda/motifs/nouveau", account.PermAgendaOrganize, s.agendaMotiveNew},
		{"POST /espace/agenda/motifs", account.PermAgendaOrganize, parsed(s.agendaMotiveCreate)},
		{"GET /espace/agenda/motifs/{id}", account.PermAgendaOrganize, s.agendaMotiveEdit},
		{"POST /espace/agenda/motifs/{id}", account.PermAgendaOrganize, parsed(s.agendaMotiveUpdate)},
		{"GET /espace/agenda/absences", account.PermAgendaOrganize, s.agendaAbsenceList},
		{"POST /espace/agenda/absences", account.PermAgendaOrganize, parsed(s.agendaAbsenceCreate)},
		{"POST /espace/agenda/absences/{id}/suppression", account.PermAgendaOrganize, parsed(s.agendaAbsenceDelete)},

		// Appointments booked by staff.
		{"GET /espace/agenda/rendez-vous/nouveau", account.PermAgenda, s.agendaBookForm},
		{"POST /espace/agenda/rendez-vous", account.PermAgenda, parsed(s.agendaBookSubmit)},
		{"GET /espace/agenda/rendez-vous/{id}", account.PermAgenda, s.agendaAppointmentView},
		{"POST /espace/agenda/rendez-vous/{id}/statut", account.PermAgenda, parsed(s.agendaAppointmentStatus)},
		{"POST /espace/agenda/rendez-vous/{id}/annulation", account.PermAgenda, parsed(s.agendaAppointmentCancel)},
		{"POST /espace/agenda/rendez-vous/{id}/deplacement", account.PermAgenda, parsed(s.agendaAppointmentMove)},
		{"POST /espace/agenda/rendez-vous/{id}/arret-messages", account.PermAgenda, parsed(s.agendaAppointmentOptOut)},
		{"GET /espace/agenda/rendez-vous/{id}/rendez-vous.ics", account.PermAgenda, s.agendaAppointmentICS},

		// A partner books in another structure's agenda for a person it orients.
		{"GET /espace/agenda/orienter", account.PermAgendaPartner, s.agendaPartnerMotives},
		{"GET /espace/agenda/orienter/{id}", account.PermAgendaPartner, s.agendaPartnerForm},
		{"POST /espace/agenda/orienter/{id}", account.PermAgendaPartner, parsed(s.agendaPartnerSubmit)},
		{"GET /espace/agenda/reservations", account.PermAgendaPartner, s.agendaReservations},
		{"POST /espace/agenda/reservations/{id}/annulation", account.PermAgendaPartner, parsed(s.agendaReservationCancel)},

		// Messages and calendars.
		{"GET /espace/agenda/envois", account.PermAgenda, s.agendaOutbox},
		{"POST /espace/agenda/envois/arret", account.PermAgenda, parsed(s.agendaOutboxOptOut)},
		{"GET /espace/agenda/calendriers", account.PermAgenda, s.agendaCalendars},
		{"POST /espace/agenda/calendriers", account.PermAgenda, parsed(s.agendaCalendarToken)},

		// Workshops.
		{"GET /espace/ateliers", account.PermAgenda, s.workshopList},
		{"GET /espace/ateliers/nouveau", account.PermAgendaOrganize, s.workshopNew},
		{"POST /espace/ateliers", account.PermAgendaOrganize, parsed(s.workshopCreate)},
		{"GET /espace/ateliers/{id}", account.PermAgenda, s.workshopView},
		{"GET /espace/ateliers/{id}/modifier", account.PermAgendaOrganize, s.workshopEdit},
		{"POST /espace/ateliers/{id}", account.PermAgendaOrganize, parsed(s.workshopUpdate)},
		{"POST /espace/ateliers/{id}/seances", account.PermAgendaOrganize, parsed(s.workshopSessionAdd)},
		{"POST /espace/ateliers/{id}/seances/{session}/suppression", account.PermAgendaOrganize, parsed(s.workshopSessionDelete)},
		{"GET /espace/ateliers/{id}/seances/{session}", account.PermAgendaOrganize, s.workshopAttendanceForm},
		{"POST /espace/ateliers/{id}/seances/{session}", account.PermAgendaOrganize, parsed(s.workshopAttendanceSubmit)},
		{"GET /espace/ateliers/{id}/seances/{session}/compte-rendu", account.PermAgendaOrganize, s.workshopReportForm},
		{"POST /espace/ateliers/{id}/seances/{session}/compte-rendu", account.PermAgendaOrganize, parsed(s.workshopReportSubmit)},
		{"POST /espace/ateliers/{id}/inscriptions", account.PermAgenda, parsed(s.workshopRegister)},
		{"POST /espace/ateliers/{id}/inscriptions/{reg}/annulation", account.PermAgenda, parsed(s.workshopRegistrationCancel)},
		{"POST /espace/ateliers/{id}/inscriptions/{reg}/confirmation", account.PermAgenda, parsed(s.workshopRegistrationConfirm)},

		// Public pages: booking, the programme, the resident's own pages, feeds.
		{"GET /rendez-vous", "", s.agendaPublicIndex},
		{"GET /rendez-vous/motifs/{id}", "", s.agendaPublicSlots},
		{"GET /rendez-vous/motifs/{id}/reserver", "", s.agendaPublicBookForm},
		{"POST /rendez-vous/motifs/{id}/reserver", "", parsed(s.agendaPublicBookSubmit)},
		{"GET /mon-rendez-vous/{token}", "", s.agendaPublicAppointment},
		{"POST /mon-rendez-vous/{token}/annulation", "", parsed(s.agendaPublicCancel)},
		{"GET /mon-rendez-vous/{token}/rendez-vous.ics", "", s.agendaPublicICS},
		{"GET /ateliers", "", s.workshopProgramme},
		{"GET /ateliers/programme", "", s.workshopPrint},
		{"GET /ateliers/programme.pdf", "", s.workshopPrintPDF},
		{"GET /ateliers/{id}", "", s.workshopPublicView},
		{"POST /ateliers/{id}/inscription", "", parsed(s.workshopPublicRegister)},
		{"GET /mon-inscription/{token}", "", s.workshopPublicRegistration},
		{"POST /mon-inscription/{token}/confirmation", "", parsed(s.workshopPublicConfirm)},
		{"POST /mon-inscription/{token}/annulation", "", parsed(s.workshopPublicCancel)},
		{"GET /mon-inscription/{token}/atelier.ics", "", s.workshopPublicICS},
		{"GET /messages/arret/{token}", "", s.agendaOptOutForm},
		{"POST /messages/arret/{token}", "", parsed(s.agendaOptOutSubmit)},
		{"GET /agenda/lieux/{id}/calendrier.ics", "", s.agendaSiteFeed},
		{"GET /agenda/agents/{token}/calendrier.ics", "", s.agendaStaffFeed},
	}
}
