package web

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/store"
)

type userFormData struct {
	Structures []option
	Roles      []option
}

func (s *Server) userFormData(r *http.Request) (userFormData, error) {
	d := userFormData{Structures: []option{{Value: "", Label: "Choisir une structure"}}}
	sts, err := s.store.ListStructures(r.Context(), store.StructureFilter{})
	if err != nil {
		return d, err
	}
	for _, st := range sts {
		d.Structures = append(d.Structures, option{Value: strconv.FormatInt(st.ID, 10), Label: st.Name})
	}
	for _, role := range account.Roles {
		d.Roles = append(d.Roles, option{Value: string(role), Label: role.Label(), Hint: role.Description()})
	}
	return d, nil
}

func (s *Server) adminUserNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.userFormData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{}
	if sid := r.URL.Query().Get("structure"); sid != "" {
		f.Set("structure", sid)
	}
	s.render(w, r, http.StatusOK, "admin_user_new", page{Title: "Inviter une personne", Form: f, Data: d})
}

type oneTimeLinkData struct {
	User    account.User
	Link    string
	Purpose string
	Expires string
}

// adminUserCreate creates the account and shows the invitation link once:
// until e-mail exists, the admin hands it over.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	sid, _ := strconv.ParseInt(r.PostForm.Get("structure"), 10, 64)
	n := account.NewUser{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), StructureID: sid, Role: account.Role(r.PostForm.Get("role"))}
	err := n.Validate()
	if err == nil {
		if _, serr := s.store.Structure(ctx, sid); serr != nil {
			err = fieldError("structure", "Choisissez une structure de la liste.")
		}
	}
	var id int64
	if err == nil {
		id, err = s.store.CreateUser(ctx, n, "", s.cfg.Now())
	}
	if err != nil {
		f := newForm(r)
		if !f.Fail(err) {
			s.serverError(w, r, err)
			return
		}
		d, derr := s.userFormData(r)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "admin_user_new", page{Title: "Inviter une personne", Form: f, Data: d})
		return
	}
	s.showOneTimeLink(w, r, id, account.PurposeInvitation)
}

func (s *Server) showOneTimeLink(w http.ResponseWriter, r *http.Request, userID int64, purpose string) {
	ctx := r.Context()
	u, err := s.store.User(ctx, userID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	validity := account.InvitationValidity
	if purpose == account.PurposeReset {
		validity = account.ResetValidity
	}
	secret, hash := account.NewSecret()
	now := s.cfg.Now()
	if err := s.store.CreateOneTimeToken(ctx, hash, u.ID, purpose, actorFrom(r).User.ID, now, now.Add(validity)); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_one_time_link", page{Title: "Lien à transmettre", Data: oneTimeLinkData{
		User: u, Link: s.absoluteURL(r, "/compte/mot-de-passe/"+secret), Purpose: purpose, Expires: frenchDateTime(now.Add(validity)),
	}})
}
