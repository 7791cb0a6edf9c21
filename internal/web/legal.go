package web

import "net/http"

func (s *Server) accessibilityPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "accessibility", page{Title: "Accessibilité"})
}

func (s *Server) legalPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "legal", page{Title: "Mentions légales"})
}

func (s *Server) privacyPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "privacy", page{Title: "Données personnelles"})
}
