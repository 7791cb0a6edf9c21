package account

import (
	"html/template"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// StaffHomeData is the staff home: what the role opens, and the sections
// other capabilities add.
type StaffHomeData struct {
	Menu   []ui.NavItem
	Panels []template.HTML
}

// StaffHome is the landing page of the staff area: the structure one acts
// for, the role and what that role opens.
func (h *Handlers) StaffHome(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	var d StaffHomeData
	for _, m := range h.site.MenuFor(a) {
		if m.Href != "/espace" {
			d.Menu = append(d.Menu, ui.NavItem{Label: m.Label, Href: m.Href})
		}
	}
	d.Menu = append(d.Menu, ui.NavItem{Label: "Ma structure", Href: "/espace/structures/" + strconv.FormatInt(a.StructureID(), 10)})
	if a.Can(account.PermManageTokens) {
		d.Menu = append(d.Menu, ui.NavItem{Label: "Jetons d'API", Href: "/espace/jetons"})
	}
	for _, panel := range h.cfg.HomePanels {
		html, err := panel(r)
		if err != nil {
			h.site.ServerError(w, r, err)
			return
		}
		if html != "" {
			d.Panels = append(d.Panels, html)
		}
	}
	h.site.Render(w, r, http.StatusOK, "account_staff_home", ui.Page{Title: "Mon espace", Data: d})
}

// SwitchStructure changes the membership the user acts through.
func (h *Handlers) SwitchStructure(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PostFormValue("structure"), 10, 64)
	if err != nil {
		h.site.NotFound(w, r)
		return
	}
	m, err := h.accounts.SwitchStructure(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Sessions.Put(r.Context(), ui.SessionStructure, m.StructureID)
	h.site.Flash(r, "Vous agissez maintenant pour « "+m.StructureName+" » ("+m.Role.Label()+").")
	ui.Redirect(w, r, "/espace")
}
