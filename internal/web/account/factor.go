package account

import (
	"html/template"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// FactorData is what the second factor's pages show: the QR code and secret
// of a set-up, the recovery codes just drawn (shown once), how many are
// left, and where the form goes.
type FactorData struct {
	Action        string // where the code form posts
	Next          string // where "Continuer" leads after the recovery codes
	QR            template.HTML
	Secret        string
	RecoveryCodes []string
	CodesLeft     int
	Enabled       bool
	Mandatory     bool
}

// pending reads the session of a login waiting at step; ok is false (and
// the browser is sent back to the login) when there is none.
func (h *Handlers) pending(w http.ResponseWriter, r *http.Request, step string) (accounts.Session, bool) {
	sm := h.site.Sessions
	ctx := r.Context()
	sess := accounts.Session{UserID: sm.GetInt64(ctx, ui.SessionUserID), Epoch: sm.GetInt64(ctx, ui.SessionEpoch),
		StructureID: sm.GetInt64(ctx, ui.SessionStructure), Step: sm.GetString(ctx, ui.SessionStep), Since: time.Unix(sm.GetInt64(ctx, ui.SessionSince), 0)}
	if sess.UserID == 0 || sess.Step != step {
		ui.Redirect(w, r, "/connexion")
		return sess, false
	}
	return sess, true
}

// failPending answers an error of a pending login: the login page again
// when the session ended, the form with its message otherwise.
func (h *Handlers) failPending(w http.ResponseWriter, r *http.Request, err error, render func(status int, f *ui.Form)) {
	if apperr.Is(err, apperr.Unauthorized) {
		_ = h.site.Sessions.Destroy(r.Context())
		ui.Redirect(w, r, "/connexion")
		return
	}
	f := ui.NewForm(r)
	if !f.Fail(err) {
		h.site.ServerError(w, r, err)
		return
	}
	f.Values.Del("code")
	render(formStatus(err), f)
}

// formStatus is the status of a form answered again with its message.
func formStatus(err error) int {
	if status, ok := loginStatus[apperr.CodeOf(err)]; ok {
		return status
	}
	return http.StatusUnprocessableEntity
}

// LoginFactorForm asks the second factor after a right password.
func (h *Handlers) LoginFactorForm(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.pending(w, r, accounts.StepFactor); ok {
		h.renderCode(w, r, http.StatusOK, nil, "/connexion/code")
	}
}

func (h *Handlers) renderCode(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, action string) {
	h.site.Render(w, r, status, "account_factor_code", ui.Page{Title: "Double authentification", Form: f, Data: FactorData{Action: action}})
}

// LoginFactorSubmit checks the code and opens the session.
func (h *Handlers) LoginFactorSubmit(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.pending(w, r, accounts.StepFactor)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	open, err := h.accounts.VerifyLoginFactor(r.Context(), sess, r.PostForm.Get("code"))
	if err != nil {
		h.failPending(w, r, err, func(status int, f *ui.Form) { h.renderCode(w, r, status, f, "/connexion/code") })
		return
	}
	if err := h.startSession(w, r, open, h.site.Sessions.PopString(r.Context(), ui.SessionReturn)); err != nil {
		h.site.ServerError(w, r, err)
	}
}

// LoginEnrolForm sets up the second factor a role demands, between the
// password and the session: a new secret each time the page is opened.
func (h *Handlers) LoginEnrolForm(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.pending(w, r, accounts.StepEnrol)
	if !ok {
		return
	}
	e, err := h.accounts.StartLoginEnrolment(r.Context(), sess)
	if apperr.Is(err, apperr.Unauthorized) {
		_ = h.site.Sessions.Destroy(r.Context())
		ui.Redirect(w, r, "/connexion")
		return
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderEnrol(w, r, http.StatusOK, nil, e, "/connexion/activation", true)
}

func (h *Handlers) renderEnrol(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, e accounts.Enrolment, action string, mandatory bool) {
	qr, err := referral.QRCodeSVG(e.URL, "Code QR à scanner avec votre application d'authentification")
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	h.site.Render(w, r, status, "account_factor_enrol", ui.Page{Title: "Activer la double authentification", Form: f,
		Data: FactorData{Action: action, QR: template.HTML(qr), Secret: e.Secret, Mandatory: mandatory}})
}

// LoginEnrolSubmit confirms the set-up, opens the session and shows the
// recovery codes once.
func (h *Handlers) LoginEnrolSubmit(w http.ResponseWriter, r *http.Request) {
	sess, ok := h.pending(w, r, accounts.StepEnrol)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	ctx := r.Context()
	open, codes, err := h.accounts.ConfirmLoginEnrolment(ctx, sess, r.PostForm.Get("code"))
	if err != nil {
		h.failPending(w, r, err, func(status int, f *ui.Form) {
			e, err := h.accounts.PendingLoginEnrolment(ctx, sess)
			if err != nil {
				h.site.Fail(w, r, err)
				return
			}
			h.renderEnrol(w, r, status, f, e, "/connexion/activation", true)
		})
		return
	}
	next := h.site.Sessions.PopString(ctx, ui.SessionReturn)
	if next == "" {
		next = "/espace"
	}
	// The session opens now; the page shows the codes instead of redirecting.
	sm := h.site.Sessions
	if err := sm.RenewToken(ctx); err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	sm.Put(ctx, ui.SessionStep, open.Step)
	sm.Put(ctx, ui.SessionFactorAt, open.FactorAt.Unix())
	h.site.Render(w, r, http.StatusOK, "account_factor_codes", ui.Page{Title: "Vos codes de secours", Data: FactorData{RecoveryCodes: codes, Next: next}})
}

// Factor is the second factor's page of the staff area: its state, and the
// forms to set it up or turn it off.
func (h *Handlers) Factor(w http.ResponseWriter, r *http.Request) {
	h.renderFactor(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderFactor(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	left, err := h.accounts.RecoveryCodesLeft(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "account_factor", ui.Page{Title: "Double authentification", Form: f,
		Data: FactorData{Enabled: a.User.HasFactor(), CodesLeft: left, Mandatory: account.RequiresFactor(a.Memberships)}})
}

// FactorStart draws a secret and shows its QR code.
func (h *Handlers) FactorStart(w http.ResponseWriter, r *http.Request) {
	e, err := h.accounts.StartEnrolment(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderEnrol(w, r, http.StatusOK, nil, e, "/espace/double-authentification/confirmation", false)
}

// FactorConfirm turns the second factor on and shows the recovery codes once.
func (h *Handlers) FactorConfirm(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	ctx := r.Context()
	a := ui.Actor(r)
	codes, err := h.accounts.ConfirmEnrolment(ctx, a, r.PostForm.Get("code"))
	if err != nil {
		f := ui.NewForm(r)
		e, perr := h.accounts.PendingEnrolment(ctx, a.User)
		if perr != nil || !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Values.Del("code")
		h.renderEnrol(w, r, formStatus(err), f, e, "/espace/double-authentification/confirmation", false)
		return
	}
	h.site.Sessions.Put(ctx, ui.SessionFactorAt, h.site.Now().Unix())
	h.site.Render(w, r, http.StatusOK, "account_factor_codes", ui.Page{Title: "Vos codes de secours", Data: FactorData{RecoveryCodes: codes, Next: "/espace/double-authentification"}})
}

// FactorDisable turns one's own second factor off with its current code.
func (h *Handlers) FactorDisable(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	a := ui.Actor(r)
	if err := h.accounts.DisableFactor(r.Context(), a, a.User.ID, r.PostForm.Get("code")); err != nil {
		f := ui.NewForm(r)
		if apperr.Is(err, apperr.Forbidden) || !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Values.Del("code")
		h.renderFactor(w, r, formStatus(err), f)
		return
	}
	h.site.Sessions.Remove(r.Context(), ui.SessionFactorAt)
	h.site.Flash(r, "La double authentification est désactivée sur votre compte.")
	ui.Redirect(w, r, "/espace/double-authentification")
}

// FactorDisableFor lets a platform administrator turn off the second factor
// of a user who lost their telephone and their recovery codes.
func (h *Handlers) FactorDisableFor(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if err := h.accounts.DisableFactor(r.Context(), ui.Actor(r), id, ""); err != nil {
		if err == account.ErrFactorNotFresh {
			h.site.RequireFreshFactor(w, r)
			return
		}
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "La double authentification de ce compte est désactivée : la personne la réactivera à sa prochaine connexion.")
	ui.Redirect(w, r, "/espace/admin/comptes/"+r.PathValue("id"))
}

// VerifyForm asks the second factor again before a sensitive action.
func (h *Handlers) VerifyForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("retour", ui.SafeReturn(r.URL.Query().Get("retour")))
	h.renderVerify(w, r, http.StatusOK, f)
}

func (h *Handlers) renderVerify(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	h.site.Render(w, r, status, "account_factor_verify", ui.Page{Title: "Confirmer votre identité", Form: f, Data: FactorData{Enabled: ui.Actor(r).User.HasFactor(), Action: ui.FreshFactorPath}})
}

// VerifySubmit checks the code, marks the session fresh and goes back.
func (h *Handlers) VerifySubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	at, err := h.accounts.ConfirmFactor(r.Context(), ui.Actor(r), r.PostForm.Get("code"))
	if err != nil {
		f := ui.NewForm(r)
		if apperr.Is(err, apperr.Forbidden) || !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		f.Values.Del("code")
		h.renderVerify(w, r, formStatus(err), f)
		return
	}
	h.site.Sessions.Put(r.Context(), ui.SessionFactorAt, at.Unix())
	target := ui.SafeReturn(r.PostForm.Get("retour"))
	if target == "" {
		target = "/espace"
	}
	ui.Redirect(w, r, target)
}
