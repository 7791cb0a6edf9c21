package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// routeTable is the whole site map: every page of every capability, each
// URL with the permission it needs and its handler, grouped by capability.
// The JSON API under /api/v1 lists its operations in internal/api.
func (s *Server) routeTable() []route {
	return []route{
		// Server: the home page and the load balancers' check (home.go, health.go).
		{Pattern: "GET /{$}", Perm: "", Handler: s.home},
		{Pattern: "GET /healthz", Perm: "", Handler: s.healthz},

		// Display settings: text size, contrast, spacing, animations, kept by a cookie (internal/web/display).
		{Pattern: "GET /affichage", Perm: "", Handler: s.display.Form},
		{Pattern: "POST /affichage", Perm: "", Handler: parsed(s.display.Save)},
		{Pattern: "GET /langue", Perm: "", Handler: s.display.Language},

		// Legal pages (internal/web/legal).
		{Pattern: "GET /accessibilite", Perm: "", Handler: s.legal.Accessibility},
		{Pattern: "GET /mentions-legales", Perm: "", Handler: s.legal.Legal},
		{Pattern: "GET /confidentialite", Perm: "", Handler: s.legal.Privacy},

		// Own account: login, password links, staff home, API tokens (internal/web/account).
		{Pattern: "GET /connexion", Perm: "", Handler: s.account.LoginForm},
		{Pattern: "POST /connexion", Perm: "", Handler: s.account.LoginSubmit},
		{Pattern: "GET /connexion/code", Perm: "", Handler: s.account.LoginFactorForm},
		{Pattern: "POST /connexion/code", Perm: "", Handler: s.account.LoginFactorSubmit},
		{Pattern: "GET /connexion/activation", Perm: "", Handler: s.account.LoginEnrolForm},
		{Pattern: "POST /connexion/activation", Perm: "", Handler: s.account.LoginEnrolSubmit},
		{Pattern: "POST /deconnexion", Perm: "", Handler: s.account.Logout},
		{Pattern: "GET /compte/mot-de-passe/{token}", Perm: "", Handler: s.account.PasswordSetForm},
		{Pattern: "POST /compte/mot-de-passe/{token}", Perm: "", Handler: s.account.PasswordSetSubmit},
		{Pattern: "GET /espace", Perm: account.PermStaffArea, Handler: s.account.StaffHome},
		{Pattern: "POST /espace/structure-active", Perm: account.PermStaffArea, Handler: s.account.SwitchStructure},
		{Pattern: "POST /espace/deconnexion-partout", Perm: account.PermStaffArea, Handler: s.account.LogoutEverywhere},
		{Pattern: "GET /espace/jetons", Perm: account.PermManageTokens, Handler: s.account.Tokens},
		{Pattern: "POST /espace/jetons", Perm: account.PermManageTokens, Handler: s.account.TokenCreate},
		{Pattern: "POST /espace/jetons/{id}/revocation", Perm: account.PermManageTokens, Handler: s.account.TokenRevoke},
		{Pattern: "GET /espace/double-authentification", Perm: account.PermStaffArea, Handler: s.account.Factor},
		{Pattern: "POST /espace/double-authentification/activation", Perm: account.PermStaffArea, Handler: s.account.FactorStart},
		{Pattern: "POST /espace/double-authentification/confirmation", Perm: account.PermStaffArea, Handler: s.account.FactorConfirm},
		{Pattern: "POST /espace/double-authentification/desactivation", Perm: account.PermStaffArea, Handler: s.account.FactorDisable},
		{Pattern: "GET " + ui.FreshFactorPath, Perm: account.PermStaffArea, Handler: s.account.VerifyForm},
		{Pattern: "POST " + ui.FreshFactorPath, Perm: account.PermStaffArea, Handler: s.account.VerifySubmit},

		// Structures: a structure's page, the territory page, the platform administration (internal/web/admin).
		{Pattern: "GET /espace/structures/{id}", Perm: account.PermViewOwnStructure, Handler: s.admin.StructurePage},
		{Pattern: "GET /espace/territoire", Perm: account.PermViewTerritory, Handler: s.admin.TerritoryPage},
		{Pattern: "GET /espace/admin/structures", Perm: account.PermManagePlatform, Handler: s.admin.StructureList},
		{Pattern: "GET /espace/admin/structures/nouvelle", Perm: account.PermManagePlatform, Handler: s.admin.StructureNew},
		{Pattern: "POST /espace/admin/structures", Perm: account.PermManagePlatform, Handler: s.admin.StructureCreate},
		{Pattern: "GET /espace/admin/structures/{id}/modifier", Perm: account.PermManagePlatform, Handler: s.admin.StructureEdit},
		{Pattern: "POST /espace/admin/structures/{id}", Perm: account.PermManagePlatform, Handler: s.admin.StructureUpdate},
		{Pattern: "GET /espace/admin/territoires", Perm: account.PermManagePlatform, Handler: s.admin.TerritoryList},
		{Pattern: "GET /espace/admin/territoires/nouveau", Perm: account.PermManagePlatform, Handler: s.admin.TerritoryNew},
		{Pattern: "POST /espace/admin/territoires", Perm: account.PermManagePlatform, Handler: s.admin.TerritoryCreate},
		{Pattern: "GET /espace/admin/territoires/{id}/modifier", Perm: account.PermManagePlatform, Handler: s.admin.TerritoryEdit},
		{Pattern: "POST /espace/admin/territoires/{id}", Perm: account.PermManagePlatform, Handler: s.admin.TerritoryUpdate},
		{Pattern: "GET /espace/admin/comptes", Perm: account.PermManagePlatform, Handler: s.admin.UserList},
		{Pattern: "GET /espace/admin/comptes/nouveau", Perm: account.PermManagePlatform, Handler: s.admin.UserNew},
		{Pattern: "POST /espace/admin/comptes", Perm: account.PermManagePlatform, Handler: s.admin.UserCreate},
		{Pattern: "GET /espace/admin/comptes/{id}", Perm: account.PermManagePlatform, Handler: s.admin.UserView},
		{Pattern: "POST /espace/admin/comptes/{id}/roles", Perm: account.PermManagePlatform, Handler: s.admin.UserSetRole, Fresh: true},
		{Pattern: "POST /espace/admin/comptes/{id}/roles/{structure}/retrait", Perm: account.PermManagePlatform, Handler: s.admin.UserRemoveRole, Fresh: true},
		{Pattern: "POST /espace/admin/comptes/{id}/roles/{structure}/responsable", Perm: account.PermManagePlatform, Handler: s.admin.UserSetManager, Fresh: true},
		{Pattern: "POST /espace/admin/comptes/{id}/double-authentification/desactivation", Perm: account.PermManagePlatform, Handler: s.account.FactorDisableFor},
		{Pattern: "POST /espace/admin/comptes/{id}/activation", Perm: account.PermManagePlatform, Handler: s.admin.UserSetActive},
		{Pattern: "POST /espace/admin/comptes/{id}/reinitialisation", Perm: account.PermManagePlatform, Handler: s.admin.UserReset},

		// Places: public search, place page, guide, error reports, open data; keeping places true; import (internal/web/places, internal/web/placeadmin).
		// Public: search, place page, printable guide, "signaler une erreur", open data.
		{Pattern: "GET /lieux", Perm: "", Handler: s.places.Search},
		{Pattern: "GET /lieux/communes", Perm: "", Handler: s.places.CommuneSuggestions},
		{Pattern: "GET /lieux/guide.pdf", Perm: "", Handler: s.places.Guide},
		{Pattern: "GET /lieux/{id}", Perm: "", Handler: s.places.View},
		{Pattern: "GET /lieux/{id}/signaler", Perm: "", Handler: s.places.ReportForm},
		{Pattern: "POST /lieux/{id}/signaler", Perm: "", Handler: s.places.ReportSubmit},
		{Pattern: "GET /lieux/{id}/signaler/merci", Perm: "", Handler: s.places.ReportThanks},
		{Pattern: "GET /donnees/lieux.csv", Perm: "", Handler: s.places.OpenDataCSV},

		// A structure's places.
		{Pattern: "GET /espace/lieux", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceList},
		{Pattern: "GET /espace/lieux/nouveau", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceNew},
		{Pattern: "POST /espace/lieux", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceCreate},
		{Pattern: "GET /espace/lieux/{id}/modifier", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceEdit},
		{Pattern: "POST /espace/lieux/{id}", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceUpdate},
		{Pattern: "POST /espace/lieux/{id}/confirmation", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceConfirm},
		{Pattern: "POST /espace/lieux/{id}/fermeture", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceClose},
		{Pattern: "POST /espace/lieux/{id}/reouverture", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceReopen},
		// A place's texts in the residents' languages, by the structure's translators.
		{Pattern: "GET /espace/lieux/{id}/traductions", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceTranslations},
		{Pattern: "POST /espace/lieux/{id}/traductions/{langue}", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceTranslate},
		{Pattern: "POST /espace/lieux/{id}/traductions/{langue}/relecture", Perm: account.PermEditPlaces, Handler: s.placeAdmin.PlaceTranslationReview},
		{Pattern: "GET /espace/lieux/traducteurs", Perm: account.PermEditPlaces, Handler: s.placeAdmin.Translators},
		{Pattern: "POST /espace/lieux/traducteurs", Perm: account.PermEditPlaces, Handler: s.placeAdmin.TranslatorSet},

		// Error reports: the structure's, and the territory's for the coordination.
		{Pattern: "GET /espace/signalements", Perm: account.PermEditPlaces, Handler: s.placeAdmin.ReportQueue},
		{Pattern: "GET /espace/signalements/{id}", Perm: account.PermEditPlaces, Handler: s.placeAdmin.ReportView},
		{Pattern: "POST /espace/signalements/{id}", Perm: account.PermEditPlaces, Handler: s.placeAdmin.ReportDecide},

		// The coordination's review of the territory's places.
		{Pattern: "GET /espace/territoire/lieux", Perm: account.PermReviewTerritoryPlaces, Handler: s.placeAdmin.TerritoryPlaces},
		{Pattern: "POST /espace/territoire/lieux/{id}/attribution", Perm: account.PermReviewTerritoryPlaces, Handler: s.placeAdmin.PlaceAssign},

		// Import: upload and check, read the report, confirm or abandon.
		{Pattern: "GET /espace/lieux/import", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportForm},
		{Pattern: "POST /espace/lieux/import", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportUpload},
		{Pattern: "GET /espace/lieux/import/fichiers/{id}", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportReport},
		{Pattern: "GET /espace/lieux/import/fichiers/{id}/rapport.json", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportReportJSON},
		{Pattern: "POST /espace/lieux/import/fichiers/{id}/confirmation", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportConfirm},
		{Pattern: "POST /espace/lieux/import/fichiers/{id}/abandon", Perm: account.PermImportPlaces, Handler: s.placeAdmin.ImportCancel},

		// Activity figures: dashboard, bilans, public statistics (internal/web/figures).
		{Pattern: "GET /espace/tableau-de-bord", Perm: account.PermReadActivities, Handler: s.figures.Dashboard},
		{Pattern: "GET /espace/tableau-de-bord/orientations", Perm: account.PermReadActivities, Handler: s.figures.ReferralPairRows},
		{Pattern: "GET /espace/coordination/activites", Perm: account.PermNetworkAnimate, Handler: s.figures.Coordination},
		{Pattern: "POST /espace/coordination/activites", Perm: account.PermNetworkAnimate, Handler: parsed(s.figures.CoordinationCreate)},
		{Pattern: "GET /espace/bilans/bilan.pdf", Perm: account.PermReadActivities, Handler: s.figures.BilanPDF},
		{Pattern: "GET /espace/bilans/bilan.xlsx", Perm: account.PermReadActivities, Handler: s.figures.BilanXLSX},
		{Pattern: "GET /statistiques", Perm: "", Handler: s.figures.Public},
		{Pattern: "GET /statistiques.csv", Perm: "", Handler: s.figures.PublicCSV},
		{Pattern: "GET /statistiques.json", Perm: "", Handler: s.figures.PublicJSON},

		// Welcome, orient, follow: persons, evaluations, referrals, activities (internal/web/reception).
		{Pattern: "GET /espace/accueil", Perm: account.PermPersons, Handler: s.reception.FirstEvaluationForm},
		{Pattern: "POST /espace/accueil", Perm: account.PermPersons, Handler: parsed(s.reception.FirstEvaluationSubmit)},
		{Pattern: "GET /espace/personnes", Perm: account.PermPersons, Handler: s.reception.PersonList},
		{Pattern: "GET /espace/personnes/{id}", Perm: account.PermPersons, Handler: s.reception.PersonView},
		{Pattern: "GET /espace/personnes/{id}/modifier", Perm: account.PermPersons, Handler: s.reception.PersonEditForm},
		{Pattern: "POST /espace/personnes/{id}", Perm: account.PermPersons, Handler: parsed(s.reception.PersonEditSubmit)},
		{Pattern: "POST /espace/personnes/{id}/statut", Perm: account.PermPersons, Handler: parsed(s.reception.PersonSetStatus)},
		{Pattern: "POST /espace/personnes/{id}/suppression", Perm: account.PermPersons, Handler: parsed(s.reception.PersonDelete), Fresh: true},
		// Privacy: a person's whole file handed over (right of access), PDF or JSON.
		{Pattern: "GET /espace/personnes/{id}/dossier", Perm: account.PermPersons, Handler: s.reception.PersonAccessFile, Fresh: true},
		{Pattern: "POST /espace/personnes/{id}/fusion", Perm: account.PermPersons, Handler: parsed(s.reception.PersonMerge)},
		{Pattern: "POST /espace/personnes/{id}/consentements", Perm: account.PermPersons, Handler: parsed(s.reception.PersonConsentAdd)},
		{Pattern: "POST /espace/personnes/{id}/consentements/{consent}/retrait", Perm: account.PermPersons, Handler: parsed(s.reception.PersonConsentWithdraw)},
		{Pattern: "GET /espace/personnes/{id}/evaluation", Perm: account.PermPersons, Handler: s.reception.EvaluationForm},
		{Pattern: "POST /espace/personnes/{id}/evaluation", Perm: account.PermPersons, Handler: parsed(s.reception.EvaluationSubmit)},
		{Pattern: "GET /espace/evaluations", Perm: account.PermPersons, Handler: s.figures.EvaluationRows},
		{Pattern: "GET /espace/evaluations/{id}", Perm: account.PermPersons, Handler: s.reception.EvaluationView},
		{Pattern: "GET /espace/evaluations/{id}/modifier", Perm: account.PermPersons, Handler: s.reception.EvaluationEditForm},
		{Pattern: "POST /espace/evaluations/{id}", Perm: account.PermPersons, Handler: parsed(s.reception.EvaluationEditSubmit)},
		{Pattern: "GET /espace/attente", Perm: account.PermPersons, Handler: s.reception.WaitingList},

		{Pattern: "GET /espace/orientations", Perm: account.PermReceiveReferrals, Handler: s.reception.ReferralList},
		{Pattern: "GET /espace/orientations/nouvelle", Perm: account.PermSendReferrals, Handler: s.reception.ReferralNewForm},
		{Pattern: "POST /espace/orientations", Perm: account.PermSendReferrals, Handler: parsed(s.reception.ReferralCreate)},
		{Pattern: "GET /espace/orientations/{id}", Perm: account.PermReceiveReferrals, Handler: s.reception.ReferralView},
		{Pattern: "POST /espace/orientations/{id}/decision", Perm: account.PermReceiveReferrals, Handler: parsed(s.reception.ReferralDecide)},
		{Pattern: "GET /espace/orientations/{id}/fiche", Perm: account.PermSendReferrals, Handler: s.reception.ReferralSheet},
		{Pattern: "POST /espace/orientations/{id}/lien", Perm: account.PermSendReferrals, Handler: parsed(s.reception.ReferralLinkRenew)},
		{Pattern: "GET /orientation/{token}", Perm: "", Handler: s.reception.ReferralLinkView},
		{Pattern: "POST /orientation/{token}", Perm: "", Handler: parsed(s.reception.ReferralLinkDecide)},

		{Pattern: "GET /espace/activites", Perm: account.PermReadActivities, Handler: s.reception.ActivityList},
		{Pattern: "GET /espace/activites/nouvelle", Perm: account.PermActivities, Handler: s.reception.ActivityNewForm},
		{Pattern: "POST /espace/activites", Perm: account.PermActivities, Handler: parsed(s.reception.ActivityCreate)},
		{Pattern: "GET /espace/activites/export.xlsx", Perm: account.PermReadActivities, Handler: s.reception.ActivityExportXLSX},
		{Pattern: "GET /espace/activites/export.csv", Perm: account.PermReadActivities, Handler: s.reception.ActivityExportCSV},
		{Pattern: "GET /espace/activites/import", Perm: account.PermActivities, Handler: s.reception.ActivityImportForm},
		{Pattern: "POST /espace/activites/import", Perm: account.PermActivities, Handler: s.reception.ActivityImport},
		{Pattern: "GET /espace/activites/{id}", Perm: account.PermActivities, Handler: s.reception.ActivityView},
		{Pattern: "GET /espace/activites/{id}/modifier", Perm: account.PermActivities, Handler: s.reception.ActivityEditForm},
		{Pattern: "POST /espace/activites/{id}/modifier", Perm: account.PermActivities, Handler: parsed(s.reception.ActivityUpdate)},
		{Pattern: "POST /espace/activites/{id}/suppression", Perm: account.PermActivities, Handler: parsed(s.reception.ActivityDelete)},

		{Pattern: "GET /espace/suivi", Perm: account.PermFollowUpFigures, Handler: s.reception.FollowUpDashboard},
		{Pattern: "GET /espace/journal", Perm: account.PermReadJournal, Handler: s.reception.JournalView},
		{Pattern: "GET /espace/journal/personnes/{id}", Perm: account.PermReadJournal, Handler: s.reception.JournalPersonExport, Fresh: true},

		// Agenda and workshops: permanences, appointments, workshops, messages (internal/web/agenda, internal/web/workshops).
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
		{Pattern: "GET /espace/agenda/rendez-vous", Perm: account.PermAgenda, Handler: s.agendaWeb.AppointmentList},
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
		{Pattern: "GET /espace/ateliers/seances", Perm: account.PermAgenda, Handler: s.figures.WorkshopRows},
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
		{Pattern: "POST /rendez-vous/motifs/{id}/reserver", Perm: "", Handler: parsed(s.agendaWeb.PublicBook), TextChecked: true},
		{Pattern: "GET /mon-rendez-vous/{token}", Perm: "", Handler: s.agendaWeb.Mine},
		{Pattern: "POST /mon-rendez-vous/{token}/annulation", Perm: "", Handler: parsed(s.agendaWeb.MineCancel)},
		{Pattern: "GET /mon-rendez-vous/{token}/rendez-vous.ics", Perm: "", Handler: s.agendaWeb.MineICS},
		{Pattern: "GET /ateliers", Perm: "", Handler: s.workshopsWeb.Programme},
		{Pattern: "GET /ateliers/programme", Perm: "", Handler: s.workshopsWeb.Print},
		{Pattern: "GET /ateliers/programme.pdf", Perm: "", Handler: s.workshopsWeb.PrintPDF},
		{Pattern: "GET /ateliers/{id}", Perm: "", Handler: s.workshopsWeb.PublicView},
		{Pattern: "POST /ateliers/{id}/inscription", Perm: "", Handler: parsed(s.workshopsWeb.PublicRegister), TextChecked: true},
		{Pattern: "GET /mon-inscription/{token}", Perm: "", Handler: s.workshopsWeb.Mine},
		{Pattern: "POST /mon-inscription/{token}/confirmation", Perm: "", Handler: parsed(s.workshopsWeb.MineConfirm)},
		{Pattern: "POST /mon-inscription/{token}/annulation", Perm: "", Handler: parsed(s.workshopsWeb.MineCancel)},
		{Pattern: "GET /mon-inscription/{token}/atelier.ics", Perm: "", Handler: s.workshopsWeb.MineICS},
		{Pattern: "GET /messages/arret/{token}", Perm: "", Handler: s.agendaWeb.OptOutForm},
		{Pattern: "POST /messages/arret/{token}", Perm: "", Handler: parsed(s.agendaWeb.OptOut)},
		{Pattern: "GET /agenda/lieux/{id}/calendrier.ics", Perm: "", Handler: s.agendaWeb.SiteFeed},
		{Pattern: "GET /agenda/agents/{token}/calendrier.ics", Perm: "", Handler: s.agendaWeb.StaffFeed},

		// Diagnostic of the territory: questionnaires, answers, reports, benchmarks, fragility (internal/web/diagnostic).
		// Public answering, without an account.
		{Pattern: "GET /enquetes/{token}", Perm: "", Handler: s.diagnostic.PublicStart},
		{Pattern: "POST /enquetes/{token}", Perm: "", Handler: s.diagnostic.PublicBegin},
		{Pattern: "POST /enquetes/{token}/reprise", Perm: "", Handler: s.diagnostic.PublicResume},
		{Pattern: "GET /enquetes/{token}/questions", Perm: "", Handler: s.diagnostic.PublicScreen},
		{Pattern: "POST /enquetes/{token}/questions", Perm: "", Handler: s.diagnostic.PublicSave},
		{Pattern: "GET /enquetes/{token}/pause", Perm: "", Handler: s.diagnostic.PublicPause},
		{Pattern: "GET /enquetes/{token}/merci", Perm: "", Handler: s.diagnostic.PublicThanks},

		// Questionnaires and their versions.
		{Pattern: "GET /espace/diagnostic", Perm: account.PermDiagnostic, Handler: s.diagnostic.Index},
		{Pattern: "POST /espace/diagnostic/questionnaires", Perm: account.PermDiagnostic, Handler: s.diagnostic.Create},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}", Perm: account.PermDiagnostic, Handler: s.diagnostic.Questionnaire},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/parametres", Perm: account.PermDiagnostic, Handler: s.diagnostic.Settings},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/publication", Perm: account.PermDiagnostic, Handler: s.diagnostic.Publish},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon", Perm: account.PermDiagnostic, Handler: s.diagnostic.Draft},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/textes", Perm: account.PermDiagnostic, Handler: s.diagnostic.TextsForm},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/textes", Perm: account.PermDiagnostic, Handler: s.diagnostic.TextsSave},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/sections", Perm: account.PermDiagnostic, Handler: s.diagnostic.SectionAdd},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/sections/{key}", Perm: account.PermDiagnostic, Handler: s.diagnostic.SectionSave},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/questions/nouvelle", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionNew},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionCreate},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionEdit},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionUpdate},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}/deplacement", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionMove},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/brouillon/questions/{key}/suppression", Perm: account.PermDiagnostic, Handler: s.diagnostic.QuestionDelete},

		// Answers: paper entry (the reception desk too), disagreements, imports, the list.
		{Pattern: "GET /espace/diagnostic/saisie", Perm: account.PermDiagnosticEntry, Handler: s.diagnostic.EntryList},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/saisie", Perm: account.PermDiagnosticEntry, Handler: s.diagnostic.EntryForm},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/saisie", Perm: account.PermDiagnosticEntry, Handler: s.diagnostic.EntrySubmit},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/papier", Perm: account.PermDiagnosticEntry, Handler: s.diagnostic.Paper},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/desaccords", Perm: account.PermDiagnostic, Handler: s.diagnostic.Disagreements},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/desaccords/{ref}", Perm: account.PermDiagnostic, Handler: s.diagnostic.Resolve},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/import", Perm: account.PermDiagnostic, Handler: s.diagnostic.ImportForm},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/import", Perm: account.PermDiagnostic, Handler: s.diagnostic.ImportSubmit},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/imports/{import}", Perm: account.PermDiagnostic, Handler: s.diagnostic.ImportReport},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/reponses", Perm: account.PermDiagnostic, Handler: s.diagnostic.Responses},

		// Analysis and report.
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport", Perm: account.PermDiagnostic, Handler: s.diagnostic.Report},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport.pdf", Perm: account.PermDiagnostic, Handler: s.diagnostic.ReportPDF},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/rapport.xlsx", Perm: account.PermDiagnostic, Handler: s.diagnostic.ReportXLSX},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/synthese", Perm: account.PermDiagnostic, Handler: s.diagnostic.Summary},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/synthese.pdf", Perm: account.PermDiagnostic, Handler: s.diagnostic.SummaryPDF},
		{Pattern: "GET /espace/diagnostic/questionnaires/{id}/analyse", Perm: account.PermDiagnostic, Handler: s.diagnostic.Analysis},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/croisements", Perm: account.PermDiagnostic, Handler: s.diagnostic.Crosstabs},
		{Pattern: "POST /espace/diagnostic/questionnaires/{id}/marges", Perm: account.PermDiagnostic, Handler: s.diagnostic.Margins},

		// National benchmarks.
		{Pattern: "GET /espace/diagnostic/reperes", Perm: account.PermDiagnostic, Handler: s.diagnostic.Benchmarks},
		{Pattern: "GET /espace/diagnostic/reperes/nouveau", Perm: account.PermDiagnostic, Handler: s.diagnostic.BenchmarkNew},
		{Pattern: "POST /espace/diagnostic/reperes", Perm: account.PermDiagnostic, Handler: s.diagnostic.BenchmarkCreate},
		{Pattern: "GET /espace/diagnostic/reperes/{id}", Perm: account.PermDiagnostic, Handler: s.diagnostic.BenchmarkEdit},
		{Pattern: "POST /espace/diagnostic/reperes/{id}", Perm: account.PermDiagnostic, Handler: s.diagnostic.BenchmarkUpdate},
		{Pattern: "POST /espace/diagnostic/reperes/{id}/suppression", Perm: account.PermDiagnostic, Handler: s.diagnostic.BenchmarkDelete},

		// Fragility of the territory.
		{Pattern: "GET /espace/fragilite", Perm: account.PermFragility, Handler: s.diagnostic.Fragility},

		// Pass numérique: the funder's dashboard, a qualified place's redemptions and statements (internal/web/passes).
		{Pattern: "GET /espace/pass", Perm: account.PermPassFund, Handler: s.passesWeb.Dashboard},
		{Pattern: "GET /espace/pass/encaissement", Perm: account.PermPassRedeem, Handler: s.passesWeb.RedeemForm},
		{Pattern: "POST /espace/pass/encaissement", Perm: account.PermPassRedeem, Handler: s.passesWeb.Redeem},
		{Pattern: "GET /espace/pass/releves/{mois}", Perm: account.PermPassRedeem, Handler: s.passesWeb.Statement},
		{Pattern: "GET /espace/pass/remise", Perm: account.PermPassDistribute, Handler: s.passesWeb.HandoverForm},
		{Pattern: "POST /espace/pass/remise", Perm: account.PermPassDistribute, Handler: s.passesWeb.Handover},
		{Pattern: "GET /espace/pass/import", Perm: account.PermPassFund, Handler: s.passesWeb.ImportForm},
		{Pattern: "POST /espace/pass/import", Perm: account.PermPassFund, Handler: s.passesWeb.Import},

		// Itinerant services and their stops (internal/web/itinerant); the public page of a service.
		{Pattern: "GET /espace/itinerance", Perm: account.PermAgenda, Handler: s.itinerantWeb.ServiceList},
		{Pattern: "GET /espace/itinerance/nouveau", Perm: account.PermAgendaOrganize, Handler: s.itinerantWeb.ServiceNew},
		{Pattern: "POST /espace/itinerance", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.ServiceCreate)},
		{Pattern: "GET /espace/itinerance/{id}", Perm: account.PermAgenda, Handler: s.itinerantWeb.ServiceEdit},
		{Pattern: "POST /espace/itinerance/{id}", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.ServiceUpdate)},
		{Pattern: "GET /espace/itinerance/{id}/arrets/nouveau", Perm: account.PermAgendaOrganize, Handler: s.itinerantWeb.StopNew},
		{Pattern: "POST /espace/itinerance/{id}/arrets", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.StopCreate)},
		{Pattern: "GET /espace/itinerance/{id}/arrets/{stop}", Perm: account.PermAgendaOrganize, Handler: s.itinerantWeb.StopEdit},
		{Pattern: "POST /espace/itinerance/{id}/arrets/{stop}", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.StopUpdate)},
		{Pattern: "POST /espace/itinerance/{id}/arrets/{stop}/annulations", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.StopCancelDate)},
		{Pattern: "POST /espace/itinerance/{id}/arrets/{stop}/suppression", Perm: account.PermAgendaOrganize, Handler: parsed(s.itinerantWeb.StopDelete)},
		{Pattern: "GET /itinerance/{id}", Perm: "", Handler: s.itinerantWeb.Public},

		// Library of the territory's teaching resources (internal/web/resources); a workshop's material (internal/web/workshops).
		{Pattern: "GET /espace/ressources", Perm: account.PermResources, Handler: s.resourcesWeb.List},
		{Pattern: "GET /espace/ressources/nouvelle", Perm: account.PermResources, Handler: s.resourcesWeb.New},
		{Pattern: "POST /espace/ressources", Perm: account.PermResources, Handler: s.resourcesWeb.Create},
		{Pattern: "GET /espace/ressources/{id}", Perm: account.PermResources, Handler: s.resourcesWeb.View},
		{Pattern: "GET /espace/ressources/{id}/fichier", Perm: account.PermResources, Handler: s.resourcesWeb.Download},
		{Pattern: "GET /espace/ressources/{id}/modifier", Perm: account.PermResources, Handler: s.resourcesWeb.Edit},
		{Pattern: "POST /espace/ressources/{id}", Perm: account.PermResources, Handler: s.resourcesWeb.Update},
		{Pattern: "POST /espace/ressources/{id}/suppression", Perm: account.PermResources, Handler: parsed(s.resourcesWeb.Delete)},
		{Pattern: "POST /espace/ateliers/{id}/supports", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.MaterialAttach)},
		{Pattern: "POST /espace/ateliers/{id}/supports/{res}/retrait", Perm: account.PermAgendaOrganize, Handler: parsed(s.workshopsWeb.MaterialDetach)},
		{Pattern: "GET /ateliers/{id}/supports/{res}", Perm: "", Handler: s.workshopsWeb.MaterialDownload},

		// Equipment: inventory and loans, the explained priority list, loan agreements (internal/web/equipment).
		{Pattern: "GET /espace/materiel", Perm: account.PermEquipment, Handler: s.equipmentWeb.Inventory},
		{Pattern: "GET /espace/materiel/appareils/nouveau", Perm: account.PermEquipment, Handler: s.equipmentWeb.DeviceNew},
		{Pattern: "POST /espace/materiel/appareils", Perm: account.PermEquipment, Handler: s.equipmentWeb.DeviceCreate},
		{Pattern: "GET /espace/materiel/appareils/{id}/modifier", Perm: account.PermEquipment, Handler: s.equipmentWeb.DeviceEdit},
		{Pattern: "POST /espace/materiel/appareils/{id}", Perm: account.PermEquipment, Handler: s.equipmentWeb.DeviceUpdate},
		{Pattern: "GET /espace/materiel/prets/nouveau", Perm: account.PermEquipment, Handler: s.equipmentWeb.LendForm},
		{Pattern: "POST /espace/materiel/prets", Perm: account.PermEquipment, Handler: s.equipmentWeb.Lend},
		{Pattern: "GET /espace/materiel/demandes/nouvelle", Perm: account.PermEquipment, Handler: s.equipmentWeb.RequestNew},
		{Pattern: "POST /espace/materiel/demandes", Perm: account.PermEquipment, Handler: s.equipmentWeb.RequestCreate},
		{Pattern: "GET /espace/materiel/prets/{id}", Perm: account.PermEquipment, Handler: s.equipmentWeb.LoanView},
		{Pattern: "POST /espace/materiel/prets/{id}/signature", Perm: account.PermEquipment, Handler: s.equipmentWeb.LoanSign},
		{Pattern: "GET /espace/materiel/prets/{id}/convention-signee", Perm: account.PermEquipment, Handler: s.equipmentWeb.LoanScan},
		{Pattern: "POST /espace/materiel/prets/{id}/retour", Perm: account.PermEquipment, Handler: s.equipmentWeb.LoanReturn},
		{Pattern: "GET /espace/materiel/priorite", Perm: account.PermEquipmentCommittee, Handler: s.equipmentWeb.Priority},
		{Pattern: "GET /espace/materiel/criteres", Perm: account.PermEquipmentCommittee, Handler: s.equipmentWeb.CriteriaForm},
		{Pattern: "POST /espace/materiel/criteres", Perm: account.PermEquipmentCommittee, Handler: s.equipmentWeb.CriteriaSave},
		{Pattern: "GET /espace/materiel/prets/{id}/convention.pdf", Perm: account.PermEquipment, Handler: s.equipmentWeb.Agreement},
		{Pattern: "GET /espace/materiel/demandes/{id}/decision", Perm: account.PermEquipmentCommittee, Handler: s.equipmentWeb.DecisionForm},
		{Pattern: "POST /espace/materiel/demandes/{id}/decision", Perm: account.PermEquipmentCommittee, Handler: s.equipmentWeb.Decide},
		{Pattern: "POST /espace/materiel/demandes/{id}/remise", Perm: account.PermEquipment, Handler: s.equipmentWeb.HandOver},
		// Network of the territory's actors: the directory and one's own listing in it (internal/web/network).
		{Pattern: "GET /espace/reseau/annuaire", Perm: account.PermNetwork, Handler: s.network.Directory},
		{Pattern: "GET /espace/reseau/annuaire.pdf", Perm: account.PermNetwork, Handler: s.network.DirectoryPDF},
		{Pattern: "GET /espace/reseau/ma-fiche", Perm: account.PermNetwork, Handler: s.network.ListingForm},
		{Pattern: "POST /espace/reseau/ma-fiche", Perm: account.PermNetwork, Handler: s.network.ListingSave},
		// The monthly letter: news, subscribers, review and sending; its public archive, feed and one-click unsubscribe.
		{Pattern: "GET /espace/reseau/lettre", Perm: account.PermNetworkAnimate, Handler: s.network.Letters},
		{Pattern: "POST /espace/reseau/actualites", Perm: account.PermNetworkAnimate, Handler: s.network.NewsCreate},
		{Pattern: "POST /espace/reseau/abonnes", Perm: account.PermNetworkAnimate, Handler: s.network.SubscribersAdd},
		{Pattern: "POST /espace/reseau/lettres", Perm: account.PermNetworkAnimate, Handler: s.network.IssueCreate},
		{Pattern: "GET /espace/reseau/lettres/{id}", Perm: account.PermNetworkAnimate, Handler: s.network.Issue},
		{Pattern: "POST /espace/reseau/lettres/{id}", Perm: account.PermNetworkAnimate, Handler: s.network.IssueUpdate},
		{Pattern: "POST /espace/reseau/lettres/{id}/envoi", Perm: account.PermNetworkAnimate, Handler: s.network.IssueSend},
		// Network meetings (internal/web/meetings): the coordination plans them, invites, records
		// who came (its coordination activity) and writes the minutes; invited structures read them.
		{Pattern: "GET /espace/reseau/reunions", Perm: account.PermNetwork, Handler: s.meetingsWeb.List},
		{Pattern: "GET /espace/reseau/reunions/nouvelle", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.New},
		{Pattern: "POST /espace/reseau/reunions", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.Create)},
		{Pattern: "GET /espace/reseau/reunions/{id}", Perm: account.PermNetwork, Handler: s.meetingsWeb.View},
		{Pattern: "GET /espace/reseau/reunions/{id}/compte-rendu.pdf", Perm: account.PermNetwork, Handler: s.meetingsWeb.MinutesPDF},
		{Pattern: "GET /espace/reseau/reunions/{id}/modifier", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.Edit},
		{Pattern: "POST /espace/reseau/reunions/{id}", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.Update)},
		{Pattern: "GET /espace/reseau/reunions/{id}/annuler", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.Cancel},
		{Pattern: "POST /espace/reseau/reunions/{id}/annuler", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.CancelSave)},
		{Pattern: "GET /espace/reseau/reunions/{id}/retirer", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.Withdraw},
		{Pattern: "POST /espace/reseau/reunions/{id}/retirer", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.WithdrawSave)},
		{Pattern: "GET /espace/reseau/reunions/{id}/presences", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.Attendance},
		{Pattern: "POST /espace/reseau/reunions/{id}/presences", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.AttendanceSave)},
		{Pattern: "POST /espace/reseau/reunions/{id}/sans-invitation", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.WalkInAdd)},
		{Pattern: "POST /espace/reseau/reunions/{id}/sans-invitation/{venue}/retirer", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.WalkInRemove)},
		{Pattern: "GET /espace/reseau/reunions/{id}/compte-rendu", Perm: account.PermNetworkAnimate, Handler: s.meetingsWeb.Minutes},
		{Pattern: "POST /espace/reseau/reunions/{id}/compte-rendu", Perm: account.PermNetworkAnimate, Handler: parsed(s.meetingsWeb.MinutesSave)},
		{Pattern: "GET /lettres", Perm: "", Handler: s.network.Archive},
		{Pattern: "GET /lettres.atom", Perm: "", Handler: s.network.Atom},
		{Pattern: "GET /lettres/{id}", Perm: "", Handler: s.network.PublicIssue},
		{Pattern: "GET /lettres/desabonnement/{token}", Perm: "", Handler: s.network.UnsubscribeForm},
		{Pattern: "POST /lettres/desabonnement/{token}", Perm: "", Handler: s.network.Unsubscribe},

		// Conventions with partners and the territory's action plan (internal/web/partnerships): the
		// coordination records them; every structure reads what concerns it (the service narrows it).
		{Pattern: "GET /espace/reseau/conventions", Perm: account.PermNetwork, Handler: s.partnerships.Agreements},
		{Pattern: "GET /espace/reseau/conventions/nouvelle", Perm: account.PermPartnerships, Handler: s.partnerships.AgreementNew},
		{Pattern: "POST /espace/reseau/conventions", Perm: account.PermPartnerships, Handler: s.partnerships.AgreementCreate},
		{Pattern: "GET /espace/reseau/conventions/{id}", Perm: account.PermNetwork, Handler: s.partnerships.Agreement},
		{Pattern: "POST /espace/reseau/conventions/{id}", Perm: account.PermPartnerships, Handler: s.partnerships.AgreementUpdate},
		{Pattern: "GET /espace/reseau/conventions/{id}/convention.pdf", Perm: account.PermNetwork, Handler: s.partnerships.AgreementPDF},
		{Pattern: "GET /espace/reseau/charte", Perm: account.PermNetwork, Handler: s.partnerships.Charter},
		{Pattern: "POST /espace/reseau/charte/versions", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.CharterPublish)},
		{Pattern: "POST /espace/reseau/charte/versions/{id}/signatures", Perm: account.PermCharterSign, Handler: parsed(s.partnerships.CharterSign)},
		{Pattern: "GET /reseau/charte", Perm: "", Handler: s.partnerships.PublicCharter},
		{Pattern: "GET /espace/plan-action", Perm: account.PermNetwork, Handler: s.partnerships.Plan},
		{Pattern: "POST /espace/plan-action/propositions", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.ProposalCreate)},
		{Pattern: "GET /espace/plan-action/propositions/{id}", Perm: account.PermNetwork, Handler: s.partnerships.Proposal},
		{Pattern: "POST /espace/plan-action/propositions/{id}/actions", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.ActionCreate)},
		{Pattern: "GET /espace/plan-action/actions/{id}", Perm: account.PermNetwork, Handler: s.partnerships.Action},
		{Pattern: "POST /espace/plan-action/actions/{id}/indicateurs", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.IndicatorCreate)},
		{Pattern: "POST /espace/plan-action/actions/{id}/indicateurs/{ind}", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.IndicatorUpdate)},
		{Pattern: "POST /espace/plan-action/actions/{id}/points", Perm: account.PermPartnerships, Handler: parsed(s.partnerships.ReviewCreate)},

		// Training record of the territory's professionals (internal/web/mandates).
		{Pattern: "GET /espace/formations", Perm: account.PermTraining, Handler: s.mandatesWeb.Courses},
		{Pattern: "POST /espace/formations", Perm: account.PermTraining, Handler: s.mandatesWeb.CourseCreate},
		{Pattern: "GET /espace/formations/{id}", Perm: account.PermTraining, Handler: s.mandatesWeb.Course},
		{Pattern: "POST /espace/formations/{id}/participants", Perm: account.PermTraining, Handler: s.mandatesWeb.CompletionCreate},

		// Mandates: the aidant's charter, paper mandates in easy French, their use, renewal and revocation (internal/web/mandates).
		{Pattern: "GET /espace/mandats", Perm: account.PermMandates, Handler: s.mandatesWeb.Index},
		{Pattern: "POST /espace/mandats/categories", Perm: account.PermMandates, Handler: s.mandatesWeb.Restrict, Fresh: true},
		{Pattern: "GET /espace/mandats/charte", Perm: account.PermMandates, Handler: s.mandatesWeb.Charter},
		{Pattern: "POST /espace/mandats/charte", Perm: account.PermMandates, Handler: s.mandatesWeb.CharterSign, Fresh: true},
		{Pattern: "GET /espace/mandats/charte.pdf", Perm: account.PermMandates, Handler: s.mandatesWeb.CharterPDF},
		{Pattern: "GET /espace/mandats/nouveau", Perm: account.PermMandates, Handler: s.mandatesWeb.New, Fresh: true},
		{Pattern: "POST /espace/mandats", Perm: account.PermMandates, Handler: s.mandatesWeb.Create, Fresh: true},
		{Pattern: "GET /espace/mandats/{id}", Perm: account.PermMandates, Handler: s.mandatesWeb.View},
		{Pattern: "GET /espace/mandats/{id}/mandat.pdf", Perm: account.PermMandates, Handler: s.mandatesWeb.PDF},
		{Pattern: "GET /espace/mandats/{id}/attestation.pdf", Perm: account.PermMandates, Handler: s.mandatesWeb.Attestation},
		{Pattern: "GET /espace/mandats/{id}/scan", Perm: account.PermMandates, Handler: s.mandatesWeb.Scan},
		{Pattern: "POST /espace/mandats/{id}/signature", Perm: account.PermMandates, Handler: s.mandatesWeb.Sign, Fresh: true},
		{Pattern: "POST /espace/mandats/{id}/utilisation", Perm: account.PermMandates, Handler: s.mandatesWeb.Use, Fresh: true},
		{Pattern: "POST /espace/mandats/{id}/revocation", Perm: account.PermMandates, Handler: s.mandatesWeb.Revoke, Fresh: true},
		{Pattern: "POST /espace/mandats/{id}/renouvellement", Perm: account.PermMandates, Handler: s.mandatesWeb.Renew, Fresh: true},
		// Public: the page a mandate's QR code opens, without login.
		{Pattern: "GET /mandats/verification/{token}", Perm: "", Handler: s.mandatesWeb.Verify},

		// Document safe: a followed person's safe on their page, with their consent (internal/web/safe).
		{Pattern: "GET /espace/personnes/{id}/coffre", Perm: account.PermPersons, Handler: s.safeWeb.Person},
		{Pattern: "POST /espace/personnes/{id}/coffre", Perm: account.PermPersons, Handler: parsed(s.safeWeb.Open)},
		{Pattern: "POST /espace/personnes/{id}/coffre/documents", Perm: account.PermPersons, Handler: s.safeWeb.Upload},
		{Pattern: "POST /espace/personnes/{id}/coffre/retrait", Perm: account.PermPersons, Handler: parsed(s.safeWeb.Withdraw)},
		{Pattern: "GET /espace/coffre/documents/{doc}", Perm: account.PermPersons, Handler: s.safeWeb.Download},
		{Pattern: "POST /espace/coffre/documents/{doc}/suppression", Perm: account.PermPersons, Handler: parsed(s.safeWeb.Delete)},
		{Pattern: "POST /espace/coffre/documents/{doc}/partage", Perm: account.PermPersons, Handler: parsed(s.safeWeb.Share)},
		{Pattern: "POST /espace/coffre/documents/{doc}/partages/{share}/retrait", Perm: account.PermPersons, Handler: parsed(s.safeWeb.Revoke)},
		// The person's own safe, opened with a code sent by SMS; a share link.
		{Pattern: "GET /coffre", Perm: "", Handler: s.safeWeb.Entry},
		{Pattern: "POST /coffre", Perm: "", Handler: parsed(s.safeWeb.SendCode)},
		{Pattern: "GET /coffre/code", Perm: "", Handler: s.safeWeb.CodeForm},
		{Pattern: "POST /coffre/code", Perm: "", Handler: parsed(s.safeWeb.CheckCode)},
		{Pattern: "POST /coffre/sortie", Perm: "", Handler: parsed(s.safeWeb.Leave)},
		{Pattern: "GET /coffre/documents", Perm: "", Handler: s.safeWeb.List},
		{Pattern: "GET /coffre/documents/{doc}", Perm: "", Handler: s.safeWeb.HolderDownload},
		{Pattern: "POST /coffre/documents/{doc}/suppression", Perm: "", Handler: parsed(s.safeWeb.HolderDelete)},
		{Pattern: "POST /coffre/documents/{doc}/partage", Perm: "", Handler: parsed(s.safeWeb.HolderShare)},
		{Pattern: "POST /coffre/documents/{doc}/partages/{share}/retrait", Perm: "", Handler: parsed(s.safeWeb.HolderRevoke)},
		{Pattern: "GET /coffre/partage/{token}", Perm: "", Handler: s.safeWeb.Shared},
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
		if rt.Fresh && !s.site.RequireFreshFactor(w, r) {
			return
		}
		rt.Handler(w, r)
	})
}

// parsed reads a posted form (1 MB at most) before the handler runs.
func parsed(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); err != nil {
			http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
			return
		}
		h(w, r)
	}
}
