package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
)

// route is one entry of the site map. perm is empty for public pages; a
// staff route needs a signed-in user whose current role grants perm.
type route struct {
	pattern string
	perm    account.Permission
	handler http.HandlerFunc
}

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
		{"GET /{$}", "", s.home},
		{"GET /healthz", "", s.healthz},
		{"GET /connexion", "", s.loginForm},
		{"POST /connexion", "", s.loginSubmit},
		{"POST /deconnexion", "", s.logout},
		{"GET /compte/mot-de-passe/{token}", "", s.passwordSetForm},
		{"POST /compte/mot-de-passe/{token}", "", s.passwordSetSubmit},
		{"GET /accessibilite", "", s.accessibilityPage},
		{"GET /mentions-legales", "", s.legalPage},
		{"GET /confidentialite", "", s.privacyPage},

		// Staff area.
		{"GET /espace", account.PermStaffArea, s.staffHome},
		{"POST /espace/structure-active", account.PermStaffArea, s.switchStructure},
		{"POST /espace/deconnexion-partout", account.PermStaffArea, s.logoutEverywhere},
		{"GET /espace/structures/{id}", account.PermViewOwnStructure, s.structureView},
		{"GET /espace/territoire", account.PermViewTerritory, s.territoryView},
		{"GET /espace/jetons", account.PermManageTokens, s.apiTokens},
		{"POST /espace/jetons", account.PermManageTokens, s.apiTokenCreate},
		{"POST /espace/jetons/{id}/revocation", account.PermManageTokens, s.apiTokenRevoke},

		// Platform administration.
		{"GET /espace/admin/structures", account.PermManagePlatform, s.adminStructureList},
		{"GET /espace/admin/structures/nouvelle", account.PermManagePlatform, s.adminStructureNew},
		{"POST /espace/admin/structures", account.PermManagePlatform, s.adminStructureCreate},
		{"GET /espace/admin/structures/{id}/modifier", account.PermManagePlatform, s.adminStructureEdit},
		{"POST /espace/admin/structures/{id}", account.PermManagePlatform, s.adminStructureUpdate},
		{"GET /espace/admin/territoires", account.PermManagePlatform, s.adminTerritoryList},
		{"GET /espace/admin/territoires/nouveau", account.PermManagePlatform, s.adminTerritoryNew},
		{"POST /espace/admin/territoires", account.PermManagePlatform, s.adminTerritoryCreate},
		{"GET /espace/admin/territoires/{id}/modifier", account.PermManagePlatform, s.adminTerritoryEdit},
		{"POST /espace/admin/territoires/{id}", account.PermManagePlatform, s.adminTerritoryUpdate},
		{"GET /espace/admin/comptes", account.PermManagePlatform, s.adminUserList},
		{"GET /espace/admin/comptes/nouveau", account.PermManagePlatform, s.adminUserNew},
		{"POST /espace/admin/comptes", account.PermManagePlatform, s.adminUserCreate},
		{"GET /espace/admin/comptes/{id}", account.PermManagePlatform, s.adminUserView},
		{"POST /espace/admin/comptes/{id}/roles", account.PermManagePlatform, s.adminUserSetRole},
		{"POST /espace/admin/comptes/{id}/roles/{structure}/retrait", account.PermManagePlatform, s.adminUserRemoveRole},
		{"POST /espace/admin/comptes/{id}/activation", account.PermManagePlatform, s.adminUserSetActive},
		{"POST /espace/admin/comptes/{id}/reinitialisation", account.PermManagePlatform, s.adminUserReset},
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
		if rt.perm != "" {
			out = append(out, RoutePermission{rt.pattern, rt.perm})
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
	if rt.perm == "" {
		return rt.handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := actorFrom(r)
		if a == nil {
			s.redirectToLogin(w, r)
			return
		}
		if !a.Can(rt.perm) {
			s.forbidden(w, r)
			return
		}
		rt.handler(w, r)
	})
}
