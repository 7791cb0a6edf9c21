package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

type passwordSetData struct {
	Email   string
	Purpose string
}

// oneTimeLink finds the purpose and user of a one-time link.
func (s *Server) oneTimeLink(r *http.Request) (account.User, string, error) {
	hash := account.HashSecret(r.PathValue("token"))
	now := s.cfg.Now()
	for _, purpose := range []string{account.PurposeInvitation, account.PurposeReset} {
		id, err := s.store.OneTimeTokenUser(r.Context(), hash, purpose, now)
		if err == nil {
			u, err := s.store.User(r.Context(), id)
			return u, purpose, err
		}
		if !apperr.Is(err, apperr.NotFound) {
			return account.User{}, "", err
		}
	}
	return account.User{}, "", apperr.New(apperr.NotFound, "Ce lien n'est plus valable.")
}

func (s *Server) passwordSetForm(w http.ResponseWriter, r *http.Request) {
	u, purpose, err := s.oneTimeLink(r)
	if apperr.Is(err, apperr.NotFound) {
		s.renderError(w, r, http.StatusNotFound, "Lien expiré ou déjà utilisé",
			"Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien à l'administration de Parcours.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password_set", page{Title: "Choisir votre mot de passe", Data: passwordSetData{Email: u.Email, Purpose: purpose}})
}

func (s *Server) passwordSetSubmit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, purpose, err := s.oneTimeLink(r)
	if apperr.Is(err, apperr.NotFound) {
		s.renderError(w, r, http.StatusNotFound, "Lien expiré ou déjà utilisé",
			"Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien à l'administration de Parcours.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "Formulaire illisible", "Le formulaire envoyé est illisible.")
		return
	}
	f := newForm(r)
	password, confirm := r.PostForm.Get("password"), r.PostForm.Get("confirm")
	var v apperr.Validation
	if msg := account.ValidatePassword(password, u.Email); msg != "" {
		v.Add("password", msg)
	} else if confirm != password {
		v.Add("confirm", "Les deux mots de passe ne sont pas identiques.")
	}
	if err := v.Err(); err != nil {
		f.Fail(err)
		f.Values.Del("password")
		f.Values.Del("confirm")
		s.render(w, r, http.StatusUnprocessableEntity, "password_set", page{Title: "Choisir votre mot de passe", Form: f, Data: passwordSetData{Email: u.Email, Purpose: purpose}})
		return
	}
	hash, err := account.HashPassword(ctx, password)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if _, err := s.store.UseOneTimeToken(ctx, account.HashSecret(r.PathValue("token")), purpose, hash, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, "/connexion?mot-de-passe=enregistre")
}
