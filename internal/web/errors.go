package web

import (
	"net/http"
	"net/url"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

type errorPage struct {
	Heading   string
	Message   string
	Reference string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, heading, message string) {
	s.render(w, r, status, "error", page{Title: heading, Data: errorPage{Heading: heading, Message: message}})
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusNotFound, "Page introuvable",
		"Cette page n'existe pas ou n'existe plus. Si vous avez tapé l'adresse, vérifiez-la. Si vous avez suivi un lien, il est peut-être ancien.")
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.renderError(w, r, http.StatusForbidden, "Accès non autorisé",
		"Votre rôle ne permet pas d'ouvrir cette page. Si vous pensez en avoir besoin, demandez à l'administration de votre structure.")
}

// serverError logs err with a reference and shows only the reference.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	ref := newReference()
	s.log.Error("erreur interne", "référence", ref, "méthode", r.Method, "chemin", logPath(r.URL.Path), "err", err)
	p := page{Title: apperr.InternalMessage, Data: errorPage{
		Heading:   apperr.InternalMessage,
		Message:   "Un problème nous empêche d'afficher cette page. Réessayez dans quelques minutes. Si le problème continue, donnez ce numéro à l'équipe technique :",
		Reference: ref,
	}}
	t := s.views.pages["error"]
	s.fillPage(r, &p)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	if t == nil || t.ExecuteTemplate(w, "layout", p) != nil {
		w.Write([]byte("Erreur interne. Référence : " + ref))
	}
}

// fail answers with the page matching an application error.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch apperr.CodeOf(err) {
	case apperr.NotFound:
		s.notFound(w, r)
	case apperr.Forbidden:
		s.forbidden(w, r)
	case apperr.Invalid, apperr.Conflict:
		s.renderError(w, r, http.StatusUnprocessableEntity, "Demande impossible", apperr.MessageOf(err))
	case apperr.TooManyRequests:
		s.renderError(w, r, http.StatusTooManyRequests, "Trop de demandes", apperr.MessageOf(err))
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) redirectToLogin(w http.ResponseWriter, r *http.Request) {
	target := "/connexion"
	if r.Method == http.MethodGet {
		target += "?retour=" + url.QueryEscape(r.URL.RequestURI())
	}
	redirect(w, r, target)
}
