package account

import (
	"net/http"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// LoginData is what the login page shows above the form.
type LoginData struct {
	Notice string
}

// LoginForm is the login page; a signed-in user goes to the staff home.
func (h *Handlers) LoginForm(w http.ResponseWriter, r *http.Request) {
	if ui.Actor(r) != nil {
		ui.Redirect(w, r, "/espace")
		return
	}
	f := &ui.Form{}
	f.Set("retour", safeReturn(r.URL.Query().Get("retour")))
	var notice string
	switch {
	case r.URL.Query().Has("deconnecte"):
		notice = "Vous êtes déconnecté·e sur tous vos appareils."
	case r.URL.Query().Has("mot-de-passe"):
		notice = "Votre mot de passe est enregistré. Vous pouvez vous connecter."
	}
	h.site.Render(w, r, http.StatusOK, "account_login", ui.Page{Title: "Se connecter", Form: f, Data: LoginData{Notice: notice}})
}

// safeReturn keeps only a local path, so the login cannot send users elsewhere.
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return ""
	}
	return p
}

// loginStatus is the answer to each refusal of the login form.
var loginStatus = map[apperr.Code]int{
	apperr.Invalid:         http.StatusUnprocessableEntity,
	apperr.Unauthorized:    http.StatusUnauthorized,
	apperr.Forbidden:       http.StatusForbidden,
	apperr.TooManyRequests: http.StatusTooManyRequests,
}

// LoginSubmit checks the password and opens a session on a new token: a
// token planted before the login is worth nothing.
func (h *Handlers) LoginSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	ctx := r.Context()
	sess, err := h.accounts.LoginPublic(ctx, accounts.Credentials{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"), ClientIP: h.cfg.ClientIP(r)})
	if err != nil {
		status, ok := loginStatus[apperr.CodeOf(err)]
		f := ui.NewForm(r)
		if !ok || !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		f.Values.Del("password")
		h.site.Render(w, r, status, "account_login", ui.Page{Title: "Se connecter", Form: f})
		return
	}
	sm := h.site.Sessions
	if err := sm.RenewToken(ctx); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	sm.Put(ctx, ui.SessionUserID, sess.UserID)
	sm.Put(ctx, ui.SessionEpoch, sess.Epoch)
	sm.Put(ctx, ui.SessionStructure, sess.StructureID)
	target := safeReturn(r.PostForm.Get("retour"))
	if target == "" {
		target = "/espace"
	}
	ui.Redirect(w, r, target)
}

// Logout ends this browser's session.
func (h *Handlers) Logout(w http.ResponseWriter, r *http.Request) {
	if err := h.site.Sessions.Destroy(r.Context()); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	ui.Redirect(w, r, "/")
}

// LogoutEverywhere ends every session of the account, this one included.
func (h *Handlers) LogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := h.accounts.LogoutEverywhere(r.Context(), ui.Actor(r)); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if err := h.site.Sessions.Destroy(r.Context()); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	ui.Redirect(w, r, "/connexion?deconnecte=partout")
}
