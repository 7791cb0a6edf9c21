package ui

import (
	"crypto/rand"
	"encoding/base32"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// ErrorPage is the data of the error template.
type ErrorPage struct {
	Heading   string
	Message   string
	Reference string
}

// RenderError shows an error page with a heading and a plain message.
func (s *Site) RenderError(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.Render(w, r, status, "error", Page{Title: heading, Data: ErrorPage{Heading: heading, Message: message}})
}

// NotFound is the page for a missing object or one of another structure.
func (s *Site) NotFound(w http.ResponseWriter, r *http.Request) {
	l := LangOf(r)
	s.Render(w, r, http.StatusNotFound, "error", Page{Title: l.T("error.not_found"), Translated: true,
		Data: ErrorPage{Heading: l.T("error.not_found"), Message: l.T("error.not_found_text")}})
}

// Forbidden is the page for a role that may not open a page.
func (s *Site) Forbidden(w http.ResponseWriter, r *http.Request) {
	s.RenderError(w, r, http.StatusForbidden, "Accès non autorisé",
		"Votre rôle ne permet pas d'ouvrir cette page. Si vous pensez en avoir besoin, demandez à l'administration de votre structure.")
}

// ServerError logs err with a reference and shows only the reference.
// While the database cannot be reached it answers 503 with Retry-After and
// a plain message instead: nothing is broken, the visitor retries.
func (s *Site) ServerError(w http.ResponseWriter, r *http.Request, err error) {
	if s.Config.Unavailable != nil && s.Config.Unavailable(err) {
		s.Log.Warn("base de données injoignable", "méthode", r.Method, "chemin", LogPath(r.URL.Path), "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(s.Config.RetryAfter))
		s.RenderError(w, r, http.StatusServiceUnavailable, LangOf(r).T("error.unavailable"), s.Config.UnavailableMessage)
		return
	}
	ref := NewReference()
	s.Log.Error("erreur interne", "référence", ref, "méthode", r.Method, "chemin", LogPath(r.URL.Path), "err", err)
	l := LangOf(r)
	p := Page{Title: l.T("error.server"), Data: ErrorPage{
		Heading:   l.T("error.server"),
		Message:   l.T("error.server_text"),
		Reference: ref,
	}}
	t := s.pages["error"]
	s.fill(r, &p)
	p.Translated = true
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	if t == nil || t.ExecuteTemplate(w, "layout", p) != nil {
		w.Write([]byte("Erreur interne. Référence : " + ref))
	}
}

// Fail answers with the page matching an application error.
func (s *Site) Fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		s.NotFound(w, r)
	case apperr.Forbidden:
		s.Forbidden(w, r)
	case apperr.Unauthorized:
		s.RedirectToLogin(w, r)
	case apperr.Invalid, apperr.Conflict:
		s.RenderError(w, r, http.StatusUnprocessableEntity, "Demande impossible", apperr.MessageOf(err))
	case apperr.TooManyRequests:
		s.RenderError(w, r, http.StatusTooManyRequests, "Trop de demandes", apperr.MessageOf(err))
	default:
		s.ServerError(w, r, err)
	}
}

// RedirectToLogin sends a visitor to the login page, coming back afterwards.
func (s *Site) RedirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := "/connexion"
	if r.Method == http.MethodGet {
		target += "?retour=" + url.QueryEscape(r.URL.RequestURI())
	}
	Redirect(w, r, target)
}

// NewReference returns a short code a user can read out on the phone.
func NewReference() string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	s := base32.StdEncoding.EncodeToString(b)
	return s[:4] + "-" + s[4:8]
}

// secretPaths carry a secret in the path: logs keep only the prefix.
var secretPaths = []string{"/compte/mot-de-passe/", "/orientation/"}

// LogPath is the path as written in the logs.
func LogPath(p string) string {
	for _, prefix := range secretPaths {
		if strings.HasPrefix(p, prefix) {
			return prefix + "…"
		}
	}
	return p
}
