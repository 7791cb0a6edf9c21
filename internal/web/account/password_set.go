package account

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// PasswordSetData names the account a one-time link is for.
type PasswordSetData struct {
	Email   string
	Purpose string // account.PurposeInvitation or account.PurposeReset
}

// linkRefused answers a one-time link that expired, already served, or is
// for an account deactivated since.
func (h *Handlers) linkRefused(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		h.site.RenderError(w, r, http.StatusNotFound, "Lien expiré ou déjà utilisé", apperr.MessageOf(err))
	case apperr.Forbidden:
		h.site.RenderError(w, r, http.StatusForbidden, "Compte désactivé", apperr.MessageOf(err))
	default:
		h.site.Fail(w, r, err)
	}
}

// PasswordSetForm is the page of a one-time link: choose a password.
func (h *Handlers) PasswordSetForm(w http.ResponseWriter, r *http.Request) {
	u, purpose, err := h.accounts.LinkPublic(r.Context(), r.PathValue("token"))
	if err != nil {
		h.linkRefused(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "account_password_set", ui.Page{Title: "Choisir votre mot de passe", Data: PasswordSetData{Email: u.Email, Purpose: purpose}})
}

// PasswordSetSubmit sets the password; the link then stops working.
func (h *Handlers) PasswordSetSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	secret := r.PathValue("token")
	u, purpose, err := h.accounts.LinkPublic(ctx, secret)
	if err != nil {
		h.linkRefused(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	err = h.accounts.SetPasswordPublic(ctx, secret, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if apperr.Is(err, apperr.Invalid) {
		f := ui.NewForm(r)
		f.Fail(err)
		f.Values.Del("password")
		f.Values.Del("confirm")
		h.site.Render(w, r, http.StatusUnprocessableEntity, "account_password_set", ui.Page{Title: "Choisir votre mot de passe", Form: f, Data: PasswordSetData{Email: u.Email, Purpose: purpose}})
		return
	}
	if err != nil {
		h.linkRefused(w, r, err)
		return
	}
	ui.Redirect(w, r, "/connexion?mot-de-passe=enregistre")
}
