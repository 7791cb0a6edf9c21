package web

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/api"
	"github.com/parcours-numerique/parcours/internal/store"
)

type apiTokensData struct {
	Tokens   []store.APIToken
	NewToken string // shown once, right after creation
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) {
	s.renderAPITokens(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderAPITokens(w http.ResponseWriter, r *http.Request, status int, f *form, secret string) {
	tokens, err := s.store.APITokens(r.Context(), actorFrom(r).User.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "api_tokens", page{Title: "Jetons d'API", Form: f, Data: apiTokensData{Tokens: tokens, NewToken: secret}})
}

// apiTokenCreate creates a token for the membership the user acts through
// and shows its secret once.
func (s *Server) apiTokenCreate(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	name := strings.Join(strings.Fields(r.PostFormValue("name")), " ")
	if name == "" || utf8.RuneCountInString(name) > 100 {
		f := newForm(r)
		f.Fail(fieldError("name", "Donnez un nom au jeton (100 caractères au plus), par exemple « Tableur de suivi »."))
		s.renderAPITokens(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	secret, hash, prefix := api.NewToken()
	if _, err := s.store.CreateAPIToken(r.Context(), a.User.ID, a.StructureID(), name, hash, prefix, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAPITokens(w, r, http.StatusOK, nil, secret)
}

func (s *Server) apiTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.store.RevokeAPIToken(r.Context(), actorFrom(r).User.ID, id, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Le jeton n° "+strconv.FormatInt(id, 10)+" est révoqué : il ne fonctionne plus.")
	redirect(w, r, "/espace/jetons")
}
