package admin

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// UserFormData is what the account forms offer to choose.
type UserFormData struct {
	Structures []ui.Option
	Roles      []ui.Option
}

func (h *Handlers) userFormData(r *http.Request) (UserFormData, error) {
	opts, err := h.structureOptions(r, "Choisir une structure")
	return UserFormData{Structures: opts, Roles: ui.Choices(account.RoleChoices)}, err
}

// UserNew is the invitation form; ?structure= preselects a structure.
func (h *Handlers) UserNew(w http.ResponseWriter, r *http.Request) {
	h.renderUserNew(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderUserNew(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	d, err := h.userFormData(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f == nil {
		f = &ui.Form{}
		if sid := r.URL.Query().Get("structure"); sid != "" {
			f.Set("structure", sid)
		}
	}
	h.site.Render(w, r, status, "admin_user_new", ui.Page{Title: "Inviter une personne", Form: f, Data: d})
}

// OneTimeLinkData is the page showing a one-time link once.
type OneTimeLinkData struct {
	User    account.User
	Link    string
	Purpose string
	Expires string
}

// UserCreate creates the account and shows the invitation link once: the
// administrator hands it over.
func (h *Handlers) UserCreate(w http.ResponseWriter, r *http.Request) {
	if !h.parseForm(w, r) {
		return
	}
	n := account.NewUser{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), StructureID: formID(r, "structure"), Role: account.Role(r.PostForm.Get("role"))}
	link, err := h.accounts.Invite(r.Context(), ui.Actor(r), n)
	if err != nil {
		if f := h.refused(w, r, err); f != nil {
			h.renderUserNew(w, r, http.StatusUnprocessableEntity, f)
		}
		return
	}
	h.showLink(w, r, link)
}

func (h *Handlers) showLink(w http.ResponseWriter, r *http.Request, link accounts.OneTimeLink) {
	h.site.Render(w, r, http.StatusOK, "admin_one_time_link", ui.Page{Title: "Lien à transmettre", Data: OneTimeLinkData{
		User: link.User, Link: h.site.AbsoluteURL(r, link.Path()), Purpose: link.Purpose, Expires: frtime.DateTime(link.Expires),
	}})
}
