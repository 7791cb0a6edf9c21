package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// UserViewData is an account's page: its roles and what can be changed.
type UserViewData struct {
	User        account.User
	Memberships []account.Membership
	IsSelf      bool
	UserFormData
}

// UserView is an account's page.
func (h *Handlers) UserView(w http.ResponseWriter, r *http.Request) {
	h.renderUserView(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderUserView(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	ur, err := h.accounts.User(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	fd, err := h.userFormData(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := UserViewData{User: ur.User, Memberships: ur.Memberships, IsSelf: ur.User.ID == a.User.ID, UserFormData: fd}
	h.site.Render(w, r, status, "admin_user_view", ui.Page{Title: ur.User.Name, Form: f, Data: d})
}

// userAction runs an action on the account of the path, then comes back
// to its page with a message; a refusal shows the page again with it.
func (h *Handlers) userAction(w http.ResponseWriter, r *http.Request, done string, action func(id int64) error) {
	id, ok := ui.PathID(r, "id")
	if !ok || !h.parseForm(w, r) {
		if !ok {
			h.site.NotFound(w, r)
		}
		return
	}
	if err := action(id); err != nil {
		if f := h.refused(w, r, err); f != nil {
			h.renderUserView(w, r, http.StatusUnprocessableEntity, f)
		}
		return
	}
	h.site.Flash(r, done)
	ui.Redirect(w, r, "/espace/admin/comptes/"+ui.Itoa(id))
}

// UserSetRole gives the account a role in a structure, or changes it.
func (h *Handlers) UserSetRole(w http.ResponseWriter, r *http.Request) {
	h.userAction(w, r, "Le rôle est enregistré.", func(id int64) error {
		return h.accounts.SetRole(r.Context(), ui.Actor(r), id, formID(r, "structure"), account.Role(r.PostForm.Get("role")))
	})
}

// UserRemoveRole takes a role away from the account.
func (h *Handlers) UserRemoveRole(w http.ResponseWriter, r *http.Request) {
	sid, ok := ui.PathID(r, "structure")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	h.userAction(w, r, "Le rôle est retiré.", func(id int64) error {
		return h.accounts.RemoveRole(r.Context(), ui.Actor(r), id, sid)
	})
}

// UserSetManager makes the account the manager of a structure where it has
// a role, or no longer.
func (h *Handlers) UserSetManager(w http.ResponseWriter, r *http.Request) {
	sid, ok := ui.PathID(r, "structure")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	manager := r.PostFormValue("responsable") == "1"
	done := "Le compte est désormais responsable de la structure."
	if !manager {
		done = "Le compte n'est plus responsable de la structure."
	}
	h.userAction(w, r, done, func(id int64) error {
		return h.accounts.SetManager(r.Context(), ui.Actor(r), id, sid, manager)
	})
}

// UserSetActive deactivates or reactivates the account.
func (h *Handlers) UserSetActive(w http.ResponseWriter, r *http.Request) {
	active := r.PostFormValue("active") == "1"
	done := "Le compte est désactivé : ses sessions sont fermées."
	if active {
		done = "Le compte est réactivé."
	}
	h.userAction(w, r, done, func(id int64) error {
		return h.accounts.SetActive(r.Context(), ui.Actor(r), id, active)
	})
}

// UserReset shows a one-time link to choose a new password.
func (h *Handlers) UserReset(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	link, err := h.accounts.ResetLink(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.showLink(w, r, link)
}
