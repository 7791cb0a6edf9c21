package account

import (
	"net/http"

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
	f.Set("retour", ui.SafeReturn(r.URL.Query().Get("retour")))
	var notice string
	switch {
	case r.URL.Query().Has("deconnecte"):
		notice = "Vous êtes déconnecté·e sur tous vos appareils."
	case r.URL.Query().Has("mot-de-passe"):
		notice = "Votre mot de passe est enregistré. Vous pouvez vous connecter."
	}
	h.site.Render(w, r, http.StatusOK, "account_login", ui.Page{Title: "Se connecter", Form: f, Data: LoginData{Notice: notice}})
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
	var device string
	if c, err := r.Cookie(DeviceCookie); err == nil {
		device = c.Value
	}
	sess, err := h.accounts.LoginPublic(ctx, accounts.Credentials{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"), ClientIP: h.cfg.ClientIP(r), Device: device})
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
	if sess.Device != "" {
		http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: sess.Device, Path: "/connexion", MaxAge: int(accounts.DeviceValidity.Seconds()),
			HttpOnly: true, Secure: h.site.Sessions.Cookie.Secure, SameSite: http.SameSiteStrictMode})
	}
	if err := h.startSession(w, r, sess, ui.SafeReturn(r.PostForm.Get("retour"))); err != nil {
		h.site.ServerError(w, r, err)
	}
}

// DeviceCookie is kept by a browser that logged in successfully: its login
// attempts are throttled apart from anybody else's (internal/account).
const DeviceCookie = "parcours_appareil"

// startSession writes sess into the browser's session, on a new token (a
// token planted before is worth nothing), and goes on: to the second
// factor's page while the session is pending, to target (the staff home
// when empty) once it is open.
func (h *Handlers) startSession(w http.ResponseWriter, r *http.Request, sess accounts.Session, target string) error {
	ctx := r.Context()
	sm := h.site.Sessions
	if err := sm.RenewToken(ctx); err != nil {
		return err
	}
	sm.Put(ctx, ui.SessionUserID, sess.UserID)
	sm.Put(ctx, ui.SessionEpoch, sess.Epoch)
	sm.Put(ctx, ui.SessionStructure, sess.StructureID)
	sm.Put(ctx, ui.SessionStep, sess.Step)
	sm.Put(ctx, ui.SessionSince, sess.Since.Unix())
	if sess.FactorAt.IsZero() {
		sm.Remove(ctx, ui.SessionFactorAt) // nothing carried over from an earlier login in this browser
	} else {
		sm.Put(ctx, ui.SessionFactorAt, sess.FactorAt.Unix())
	}
	switch sess.Step {
	case accounts.StepFactor, accounts.StepEnrol:
		sm.Put(ctx, ui.SessionReturn, target)
		ui.Redirect(w, r, "/connexion/"+sess.Step)
		return nil
	}
	if target == "" {
		target = "/espace"
	}
	ui.Redirect(w, r, target)
	return nil
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
