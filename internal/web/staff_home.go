package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
)

type staffHomeData struct {
	Menu     []navItem
	FollowUp *followUpData // issue 4: followed / finished / waiting counts (reception_followup.go)
}

// staffHome is the landing page of the staff area: the user's structures,
// current role and what that role opens.
func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	var menu []navItem
	for _, m := range staffMenu {
		if m.href != "/espace" && a.Can(m.perm) {
			menu = append(menu, navItem{Label: m.label, Href: m.href})
		}
	}
	menu = append(menu, navItem{Label: "Ma structure", Href: "/espace/structures/" + strconv.FormatInt(a.StructureID(), 10)})
	followUp, err := s.homeFollowUp(r)
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
	s.sessions.Put(r.Context(), sessionStructure, id)
	s.flash(r, "Vous agissez maintenant pour « "+chosen.StructureName+" » ("+chosen.Role.Label()+").")
	redirect(w, r, "/espace")
}

// pathID reads a numeric path parameter; a malformed id is simply not found.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}
