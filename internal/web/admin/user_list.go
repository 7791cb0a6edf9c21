package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// UserList lists the accounts with their roles.
func (h *Handlers) UserList(w http.ResponseWriter, r *http.Request) {
	users, err := h.accounts.Users(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "admin_user_list", ui.Page{Title: "Comptes", Data: users})
}
