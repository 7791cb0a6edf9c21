package web

import (
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

const loginFailedMessage = "Adresse e-mail ou mot de passe incorrect."

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if actorFrom(r) != nil {
		redirect(w, r, "/espace")
		return
	}
	f := &form{}
	f.Set("retour", safeReturn(r.URL.Query().Get("retour")))
	var notice string
	switch {
	case r.URL.Query().Has("deconnecte"):
		notice = "Vous êtes déconnecté·e sur tous vos appareils."
	case r.URL.Query().Has("mot-de-passe"):
		notice = "Votre mot de passe est enregistré. Vous pouvez vous connecter."
	}
	s.render(w, r, http.StatusOK, "login", page{Title: "Se connecter", Form: f, Data: loginData{Notice: notice}})
}

type loginData struct {
	Notice string
}

// safeReturn keeps only a local path, so the login cannot send users elsewhere.
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return ""
	}
	return p
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible. Revenez en arrière et recommencez.")
		return
	}
	f := newForm(r)
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	var v apperr.Validation
	if email == "" {
		v.Add("email", "Saisissez votre adresse e-mail.")
	}
	if password == "" {
		v.Add("password", "Saisissez votre mot de passe.")
	}
	if err := v.Err(); err != nil {
		f.Fail(err)
		s.render(w, r, http.StatusUnprocessableEntity, "login", page{Title: "Se connecter", Form: f})
		return
	}

	now := s.cfg.Now()
	keys := []string{account.ThrottleKeyAccount(email), account.ThrottleKeyIP(s.clientIP(r))}
	until, err := s.store.ThrottleLockedUntil(ctx, keys...)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if until.After(now) {
		f.Message = fmt.Sprintf("Trop de tentatives de connexion. Patientez %s avant de réessayer.", waitText(until.Sub(now)))
		f.Values.Del("password")
		s.render(w, r, http.StatusTooManyRequests, "login", page{Title: "Se connecter", Form: f})
		return
	}

	// The same work happens whether or not the account exists.
	u, err := s.store.UserByEmail(ctx, email)
	ok := false
	switch {
	case err == nil && u.Active && u.HasPassword():
		ok, err = account.VerifyPassword(ctx, u.PasswordHash, password)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	case err == nil || apperr.Is(err, apperr.NotFound):
		account.VerifyAgainstNothing(ctx, password)
	default:
		s.serverError(w, r, err)
		return
	}
	if !ok {
		if err := s.store.RecordLoginFailure(ctx, now, keys...); err != nil {
			s.serverError(w, r, err)
			return
		}
		f.Message = loginFailedMessage
		f.Values.Del("password")
		s.render(w, r, http.StatusUnauthorized, "login", page{Title: "Se connecter", Form: f})
		return
	}

	ms, err := s.store.Memberships(ctx, u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(ms) == 0 {
		f.Message = "Votre compte n'est rattaché à aucune structure. Demandez à l'administration de vous donner un rôle."
		s.render(w, r, http.StatusForbidden, "login", page{Title: "Se connecter", Form: f})
		return
	}
	if err := s.store.ResetLoginFailures(ctx, keys[0]); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.store.RecordLogin(ctx, u.ID, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	// A new token at login: a token planted before login is worth nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, ui.SessionUserID, u.ID)
	s.sessions.Put(ctx, ui.SessionEpoch, u.SessionEpoch)
	s.sessions.Put(ctx, ui.SessionStructure, ms[0].StructureID)
	target := safeReturn(r.PostForm.Get("retour"))
	if target == "" {
		target = "/espace"
	}
	redirect(w, r, target)
}

// waitText says a wait in minutes or seconds, in French.
func waitText(d time.Duration) string {
	if d >= time.Minute {
		m := int(math.Ceil(d.Minutes()))
		if m == 1 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", m)
	}
	sec := int(math.Ceil(d.Seconds()))
	if sec <= 1 {
		return "1 seconde"
	}
	return fmt.Sprintf("%d secondes", sec)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, "/")
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	if _, err := s.store.EndAllSessions(r.Context(), a.User.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, "/connexion?deconnecte=partout")
}
