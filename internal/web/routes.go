package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
)

// routeTable is the whole site map: the foundation's routes here, then
// each capability's table from its own file.
func (s *Server) routeTable() []route {
	var rs []route
	for _, table := range [][]route{s.foundationRoutes(), s.placeSearchRoutes(), s.placeFileRoutes(), s.placeEditRoutes(), s.receptionRoutes(), s.agendaRoutes()} {
		rs = append(rs, table...)
	}
	return rs
}

func (s *Server) foundationRoutes() []route {
	return []route{
		// Public pages.
		{Pattern: "GET /{$}", Perm: "", Handler: s.home},
		{Pattern: "GET /healthz", Perm: "", Handler: s.healthz},
		{Pattern: "GET /connexion", Perm: "", Handler: s.loginForm},
		{Pattern: "POST /connexion", Perm: "", Handler: s.loginSubmit},
		{Pattern: "POST /deconnexion", Perm: "", Handler: s.logout},
		{Pattern: "GET /compte/mot-de-passe/{token}", Perm: "", Handler: s.passwordSetForm},
		{Pattern: "POST /compte/mot-de-passe/{token}", Perm: "", Handler: s.passwordSetSubmit},
		{Pattern: "GET /accessibilite", Perm: "", Handler: s.legal.Accessibility},
		{Pattern: "GET /mentions-legales", Perm: "", Handler: s.legal.Legal},
		{Pattern: "GET /confidentialite", Perm: "", Handler: s.legal.Privacy},

		// Staff area.
		{Pattern: "GET /espace", Perm: account.PermStaffArea, Handler: s.staffHome},
		{Pattern: "POST /espace/structure-active", Perm: account.PermStaffArea, Handler: s.switchStructure},
		{Pattern: "POST /espace/deconnexion-partout", Perm: account.PermStaffArea, Handler: s.logoutEverywhere},
		{Pattern: "GET /espace/structures/{id}", Perm: account.PermViewOwnStructure, Handler: s.structureView},
		{Pattern: "GET /espace/territoire", Perm: account.PermViewTerritory, Handler: s.territoryView},
		{Pattern: "GET /espace/jetons", Perm: account.PermManageTokens, Handler: s.apiTokens},
		{Pattern: "POST /espace/jetons", Perm: account.PermManageTokens, Handler: s.apiTokenCreate},
		{Pattern: "POST /espace/jetons/{id}/revocation", Perm: account.PermManageTokens, Handler: s.apiTokenRevoke},

		// Platform administration.
		{Pattern: "GET /espace/admin/structures", Perm: account.PermManagePlatform, Handler: s.adminStructureList},
		{Pattern: "GET /espace/admin/structures/nouvelle", Perm: account.PermManagePlatform, Handler: s.adminStructureNew},
		{Pattern: "POST /espace/admin/structures", Perm: account.PermManagePlatform, Handler: s.adminStructureCreate},
		{Pattern: "GET /espace/admin/structures/{id}/modifier", Perm: account.PermManagePlatform, Handler: s.adminStructureEdit},
		{Pattern: "POST /espace/admin/structures/{id}", Perm: account.PermManagePlatform, Handler: s.adminStructureUpdate},
		{Pattern: "GET /espace/admin/territoires", Perm: account.PermManagePlatform, Handler: s.adminTerritoryList},
		{Pattern: "GET /espace/admin/territoires/nouveau", Perm: account.PermManagePlatform, Handler: s.adminTerritoryNew},
		{Pattern: "POST /espace/admin/territoires", Perm: account.PermManagePlatform, Handler: s.adminTerritoryCreate},
		{Pattern: "GET /espace/admin/territoires/{id}/modifier", Perm: account.PermManagePlatform, Handler: s.adminTerritoryEdit},
		{Pattern: "POST /espace/admin/territoires/{id}", Perm: account.PermManagePlatform, Handler: s.adminTerritoryUpdate},
		{Pattern: "GET /espace/admin/comptes", Perm: account.PermManagePlatform, Handler: s.adminUserList},
		{Pattern: "GET /espace/admin/comptes/nouveau", Perm: account.PermManagePlatform, Handler: s.adminUserNew},
		{Pattern: "POST /espace/admin/comptes", Perm: account.PermManagePlatform, Handler: s.adminUserCreate},
		{Pattern: "GET /espace/admin/comptes/{id}", Perm: account.PermManagePlatform, Handler: s.adminUserView},
		{Pattern: "POST /espace/admin/comptes/{id}/roles", Perm: account.PermManagePlatform, Handler: s.adminUserSetRole},
		{Pattern: "POST /espace/admin/comptes/{id}/roles/{structure}/retrait", Perm: account.PermManagePlatform, Handler: s.adminUserRemoveRole},
		{Pattern: "POST /espace/admin/comptes/{id}/activation", Perm: account.PermManagePlatform, Handler: s.adminUserSetActive},
		{Pattern: "POST /espace/admin/comptes/{id}/reinitialisation", Perm: account.PermManagePlatform, Handler: s.adminUserReset},
	}
}

// RoutePermission describes a route for the authorization matrix test.
type RoutePermission struct {
	Pattern    string
	Permission account.Permission
}

// StaffRoutes lists every route, pages and API, that needs a signed-in user.
func (s *Server) StaffRoutes() []RoutePermission {
	var out []RoutePermission
	for _, rt := range s.routes {
		if rt.Perm != "" {
			out = append(out, RoutePermission{rt.Pattern, rt.Perm})
		}
	}
	for _, rt := range s.api.Routes() {
		if rt.Perm != "" {
			out = append(out, RoutePermission{rt.Pattern, rt.Perm})
		}
	}
	return out
}

// guard enforces the route's permission before the handler runs.
func (s *Server) guard(rt route) http.Handler {
	if rt.Perm == "" {
		return rt.Handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := actorFrom(r)
		if a == nil {
			s.redirectToLogin(w, r)
			return
		}
		if !a.Can(rt.Perm) {
			s.forbidden(w, r)
			return
		}
		rt.Handler(w, r)
	})
}

// agendaRoutes lists the agenda's and the workshops' pages (internal/web/agenda, internal/web/workshops).
func (s *Server) agendaRoutes() []route {
	return []route{
		// Staff agenda across the structure's sites.
		{Pattern: "GET /espace/agenda", Perm: account.PermAgenda, Handler: s.agendaWeb.Week},
		{Pattern: "GET /espace/agenda/permanences", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.PermanenceList},
		{Pattern: "GET /espace/agenda/permanences/nouvelle", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.PermanenceNew},
		{Pattern: "POST /espace/agenda/permanences", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.PermanenceCreate)},
		{Pattern: "GET /espace/agenda/permanences/{id}", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.PermanenceEdit},
		{Pattern: "POST /espace/agenda/permanences/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.PermanenceUpdate)},
		{Pattern: "POST /espace/agenda/permanences/{id}/annulations", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.PermanenceCancelDate)},
		{Pattern: "POST /espace/agenda/permanences/{id}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.PermanenceDelete)},
		{Pattern: "GET /espace/agenda/motifs", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.MotiveList},
		{Pattern: "GET /espace/agenda/motifs/nouveau", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.MotiveNew},
		{Pattern: "POST /espace/agenda/motifs", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.MotiveCreate)},
		{Pattern: "GET /espace/agenda/motifs/{id}", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.MotiveEdit},
		{Pattern: "POST /espace/agenda/motifs/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.MotiveUpdate)},
		{Pattern: "GET /espace/agenda/absences", Perm: account.PermAgendaOrganize, Handler: s.agendaWeb.AbsenceList},
		{Pattern: "POST /espace/agenda/absences", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.AbsenceCreate)},
		{Pattern: "POST /espace/agenda/absences/{id}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.agendaWeb.AbsenceDelete)},

		// Appointments booked by staff.
		{Pattern: "GET /espace/agenda/rendez-vous/nouveau", Perm: account.PermAgenda, Handler: s.agendaWeb.BookForm},
		{Pattern: "POST /espace/agenda/rendez-vous", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.Book)},
		{Pattern: "GET /espace/agenda/rendez-vous/{id}", Perm: account.PermAgenda, Handler: s.agendaWeb.Appointment},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/statut", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.AppointmentStatus)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/annulation", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.AppointmentCancel)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/deplacement", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.AppointmentMove)},
		{Pattern: "POST /espace/agenda/rendez-vous/{id}/arret-messages", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.AppointmentStopMessages)},
		{Pattern: "GET /espace/agenda/rendez-vous/{id}/rendez-vous.ics", Perm: account.PermAgenda, Handler: s.agendaWeb.AppointmentICS},

		// A partner books in another structure's agenda for a person it orients.
		{Pattern: "GET /espace/agenda/orienter", Perm: account.PermAgendaPartner, Handler: s.agendaWeb.PartnerMotives},
		{Pattern: "GET /espace/agenda/orienter/{id}", Perm: account.PermAgendaPartner, Handler: s.agendaWeb.PartnerForm},
		{Pattern: "POST /espace/agenda/orienter/{id}", Perm: account.PermAgendaPartner, Handler: parsed(s.agendaWeb.PartnerBook)},
		{Pattern: "GET /espace/agenda/reservations", Perm: account.PermAgendaPartner, Handler: s.agendaWeb.Reservations},
		{Pattern: "POST /espace/agenda/reservations/{id}/annulation", Perm: account.PermAgendaPartner, Handler: parsed(s.agendaWeb.ReservationCancel)},

		// Messages and calendars.
		{Pattern: "GET /espace/agenda/envois", Perm: account.PermAgenda, Handler: s.agendaWeb.Outbox},
		{Pattern: "POST /espace/agenda/envois/arret", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.OutboxStop)},
		{Pattern: "GET /espace/agenda/calendriers", Perm: account.PermAgenda, Handler: s.agendaWeb.Calendars},
		{Pattern: "POST /espace/agenda/calendriers", Perm: account.PermAgenda, Handler: parsed(s.agendaWeb.CalendarAddress)},

		// Workshops.
		{Pattern: "GET /espace/ateliers", Perm: account.PermAgenda, Handler: s.workshopsWeb.List},
		{Pattern: "GET /espace/ateliers/nouveau", Perm: account.PermAgendaOrganize, Handler: s.workshopsWeb.New},
		{Pattern: "POST /espace/ateliers", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.Create)},
		{Pattern: "GET /espace/ateliers/{id}", Perm: account.PermAgenda, Handler: s.workshopsWeb.View},
		{Pattern: "GET /espace/ateliers/{id}/modifier", Perm: account.PermAgendaOrganize, Handler: s.workshopsWeb.Edit},
		{Pattern: "POST /espace/ateliers/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.Update)},
		{Pattern: "POST /espace/ateliers/{id}/seances", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.SessionAdd)},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.SessionDelete)},
		{Pattern: "GET /espace/ateliers/{id}/seances/{session}", Perm: account.PermAgendaOrganize, Handler: s.workshopsWeb.Attendance},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.AttendanceRecord)},
		{Pattern: "GET /espace/ateliers/{id}/seances/{session}/compte-rendu", Perm: account.PermAgendaOrganize, Handler: s.workshopsWeb.Report},
		{Pattern: "POST /espace/ateliers/{id}/seances/{session}/compte-rendu", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.ReportRecord)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions", Perm: account.PermAgenda, Handler: parsed(s.workshopsWeb.Register)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/annulation", Perm: account.PermAgenda, Handler: parsed(s.workshopsWeb.RegistrationCancel)},
		{Pattern: "POST /espace/ateliers/{id}/inscriptions/{reg}/confirmation", Perm: account.PermAgenda, Handler: parsed(s.workshopsWeb.RegistrationConfirm)},

		// Public pages: booking, the programme, the resident's own pages, feeds.
		{Pattern: "GET /rendez-vous", Perm: "", Handler: s.agendaWeb.PublicIndex},
		{Pattern: "GET /rendez-vous/motifs/{id}", Perm: "", Handler: s.agendaWeb.PublicSlots},
		{Pattern: "GET /rendez-vous/motifs/{id}/reserver", Perm: "", Handler: s.agendaWeb.PublicBookForm},
		{Pattern: "POST /rendez-vous/motifs/{id}/reserver", Perm: "", Handler: parsed(s.agendaWeb.PublicBook)},
		{Pattern: "GET /mon-rendez-vous/{token}", Perm: "", Handler: s.agendaWeb.Mine},
		{Pattern: "POST /mon-rendez-vous/{token}/annulation", Perm: "", Handler: parsed(s.agendaWeb.MineCancel)},
		{Pattern: "GET /mon-rendez-vous/{token}/rendez-vous.ics", Perm: "", Handler: s.agendaWeb.MineICS},
		{Pattern: "GET /ateliers", Perm: "", Handler: s.workshopsWeb.Programme},
		{Pattern: "GET /ateliers/programme", Perm: "", Handler: s.workshopsWeb.Print},
		{Pattern: "GET /ateliers/programme.pdf", Perm: "", Handler: s.workshopsWeb.PrintPDF},
		{Pattern: "GET /ateliers/{id}", Perm: "", Handler: s.workshopsWeb.PublicView},
		{Pattern: "POST /ateliers/{id}/inscription", Perm: "", Handler: parsed(s.workshopsWeb.PublicRegister)},
		{Pattern: "GET /mon-inscription/{token}", Perm: "", Handler: s.workshopsWeb.Mine},
		{Pattern: "POST /mon-inscription/{token}/confirmation", Perm: "", Handler: parsed(s.workshopsWeb.MineConfirm)},
		{Pattern: "POST /mon-inscription/{token}/annulation", Perm: "", Handler: parsed(s.workshopsWeb.MineCancel)},
		{Pattern: "GET /mon-inscription/{token}/atelier.ics", Perm: "", Handler: s.workshopsWeb.MineICS},
		{Pattern: "GET /messages/arret/{token}", Perm: "", Handler: s.agendaWeb.OptOutForm},
		{Pattern: "POST /messages/arret/{token}", Perm: "", Handler: parsed(s.agendaWeb.OptOut)},
		{Pattern: "GET /agenda/lieux/{id}/calendrier.ics", Perm: "", Handler: s.agendaWeb.SiteFeed},
		{Pattern: "GET /agenda/agents/{token}/calendrier.ics", Perm: "", Handler: s.agendaWeb.StaffFeed},
	}
}
