package account

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// TokensData lists the user's tokens and, right after its creation, the
// secret of a new one, shown this once.
type TokensData struct {
	Tokens   []account.APIToken
	NewToken string
}

// Tokens lists the user's personal API tokens.
func (h *Handlers) Tokens(w http.ResponseWriter, r *http.Request) {
	h.renderTokens(w, r, http.StatusOK, nil, "")
}

func (h *Handlers) renderTokens(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, secret string) {
	tokens, err := h.accounts.Tokens(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "account_api_tokens", ui.Page{Title: "Jetons d'API", Form: f, Data: TokensData{Tokens: tokens, NewToken: secret}})
}

// TokenCreate creates a token acting through the membership the user acts
// through, and shows its secret once.
func (h *Handlers) TokenCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.badForm(w, r)
		return
	}
	tok, err := h.accounts.CreateToken(r.Context(), ui.Actor(r), r.PostForm.Get("name"))
	if err != nil {
		f := ui.NewForm(r)
		if !f.Fail(err) {
			h.site.ServerError(w, r, err)
			return
		}
		h.renderTokens(w, r, http.StatusUnprocessableEntity, f, "")
		return
	}
	h.renderTokens(w, r, http.StatusOK, nil, tok.Secret)
}

// TokenRevoke revokes one of the user's tokens.
func (h *Handlers) TokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if err := h.accounts.RevokeToken(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Le jeton n° "+strconv.FormatInt(id, 10)+" est révoqué : il ne fonctionne plus.")
	ui.Redirect(w, r, "/espace/jetons")
}
