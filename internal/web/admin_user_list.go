package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/store"
)

func (s *Server) adminUserList(w http.ResponseWriter, r *http.Request) {
	users, err := s.store.ListUsers(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_user_list", page{Title: "Comptes", Data: struct{ Users []store.UserListItem }{users}})
}
