package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
)

// routeTable is the whole site map: the foundation's routes here, then
// each capability's table from its own file.
func (s *Server) routeTable() []route {
	var rs []route
	for _, table := range [][]route{s.foundationRoutes(), s.placeSearchRoutes(), s.placeFileRoutes(), s.placeEditRoutes(), s.receptionRoutes(), s.agendaRoutes(), s.diagnosticRoutes()} {
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
