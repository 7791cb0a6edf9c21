package web

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type staffHomeData struct {
	Menu     []ui.NavItem
	FollowUp template.HTML // followed / finished / waiting counts (reception.HomeFigures)
}

// staffHome is the landing page of the staff area: the user's structures,
// current role and what that role opens.
func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	var menu []ui.NavItem
	for _, m := range staffMenu {
		if m.Href != "/espace" && a.Can(m.Perm) {
			menu = append(menu, ui.NavItem{Label: m.Label, Href: m.Href})
		}
	}
	menu = append(menu, ui.NavItem{Label: "Ma structure", Href: "/espace/structures/" + strconv.FormatInt(a.StructureID(), 10)})
	followUp, err := s.reception.HomeFigures(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_home", page{Title: "Mon espace", Data: staffHomeData{Menu: menu, FollowUp: followUp}})
}

// switchStructure changes the membership the user acts through.
func (s *Server) switchStructure(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	id, err := strconv.ParseInt(r.PostFormValue("structure"), 10, 64)
	if err != nil {
		s.notFound(w, r)
		return
	}
	var chosen *account.Membership
	for i := range a.Memberships {
		if a.Memberships[i].StructureID == id {
			chosen = &a.Memberships[i]
		}
	}
	if chosen == nil {
		s.notFound(w, r)
		return
	}
	s.sessions.Put(r.Context(), ui.SessionStructure, id)
	s.flash(r, "Vous agissez maintenant pour « "+chosen.StructureName+" » ("+chosen.Role.Label()+").")
	redirect(w, r, "/espace")
}
