package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/web/ui"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", page{Title: ui.LangOf(r).T("nav.home")})
}
