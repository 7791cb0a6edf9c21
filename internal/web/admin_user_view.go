package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
)

type adminUserViewData struct {
	User        account.User
	Memberships []account.Membership
	IsSelf      bool
	userFormData
}

func (s *Server) adminUserView(w http.ResponseWriter, r *http.Request) {
	s.renderUserView(w, r, http.StatusOK, nil)
}

func (s *Server) renderUserView(w http.ResponseWriter, r *http.Request, status int, f *form) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	u, err := s.store.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.store.Memberships(r.Context(), id)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	fd, err := s.userFormData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := adminUserViewData{User: u, Memberships: ms, IsSelf: u.ID == actorFrom(r).User.ID, userFormData: fd}
	s.render(w, r, status, "admin_user_view", page{Title: u.Name, Form: f, Data: d})
}

func (s *Server) adminUserSetRole(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if _, err := s.store.User(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	sid, _ := strconv.ParseInt(r.PostForm.Get("structure"), 10, 64)
	role := account.Role(r.PostForm.Get("role"))
	var err error
	switch {
	case !role.Valid():
		err = fieldError("role", "Choisissez un rôle.")
	case sid <= 0:
		err = fieldError("structure", "Choisissez une structure.")
	}
	if err == nil {
		if _, serr := s.store.Structure(r.Context(), sid); serr != nil {
			err = fieldError("structure", "Choisissez une structure de la liste.")
		}
	}
	if err == nil && id == actorFrom(r).User.ID && sid == actorFrom(r).StructureID() && role != account.RoleAdmin {
		err = fieldError("role", "Vous ne pouvez pas retirer votre propre rôle d'administration : demandez à une autre personne administratrice.")
	}
	if err == nil {
		err = s.store.SetMembership(r.Context(), id, sid, role, s.cfg.Now())
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		s.renderUserView(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	s.flash(r, "Le rôle est enregistré.")
	redirect(w, r, "/espace/admin/comptes/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminUserRemoveRole(w http.ResponseWriter, r *http.Request) {
	id, ok1 := pathID(r, "id")
	sid, ok2 := pathID(r, "structure")
	if !ok1 || !ok2 {
		s.notFound(w, r)
		return
	}
	if id == actorFrom(r).User.ID && sid == actorFrom(r).StructureID() {
		s.renderError(w, r, http.StatusUnprocessableEntity, "Action impossible", "Vous ne pouvez pas retirer le rôle avec lequel vous êtes connecté·e.")
		return
	}
	if err := s.store.RemoveMembership(r.Context(), id, sid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Le rôle est retiré.")
	redirect(w, r, "/espace/admin/comptes/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminUserSetActive(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	active := r.PostFormValue("active") == "1"
	if !active && id == actorFrom(r).User.ID {
		s.renderError(w, r, http.StatusUnprocessableEntity, "Action impossible", "Vous ne pouvez pas désactiver votre propre compte.")
		return
	}
	if err := s.store.SetUserActive(r.Context(), id, active, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	if active {
		s.flash(r, "Le compte est réactivé.")
	} else {
		s.flash(r, "Le compte est désactivé : ses sessions sont fermées.")
	}
	redirect(w, r, "/espace/admin/comptes/"+strconv.FormatInt(id, 10))
}

// adminUserReset shows a one-time link to choose a new password.
func (s *Server) adminUserReset(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	u, err := s.store.User(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	purpose := account.PurposeReset
	if !u.HasPassword() {
		purpose = account.PurposeInvitation
	}
	s.showOneTimeLink(w, r, id, purpose)
}
