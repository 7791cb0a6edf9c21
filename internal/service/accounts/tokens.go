package accounts

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

// NewToken is a token just created: its secret is shown this once.
type NewToken struct {
	ID     int64
	Secret string
}

// CreateToken creates a personal API token acting through the membership
// the actor acts through now.
func (s *Service) CreateToken(ctx context.Context, a *account.Actor, name string) (NewToken, error) {
	if err := a.Require(account.PermManageTokens); err != nil {
		return NewToken{}, err
	}
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return NewToken{}, fieldError("name", "Donnez un nom au jeton (100 caractères au plus), par exemple « Tableur de suivi ».")
	}
	secret, hash, prefix := account.NewAPIToken()
	id, err := s.st.CreateAPIToken(ctx, a.User.ID, a.StructureID(), name, hash, prefix, s.now())
	if err != nil {
		return NewToken{}, err
	}
	return NewToken{ID: id, Secret: secret}, nil
}

// Tokens lists the actor's own tokens, newest first, revoked ones included.
func (s *Service) Tokens(ctx context.Context, a *account.Actor) ([]account.APIToken, error) {
	if err := a.Require(account.PermManageTokens); err != nil {
		return nil, err
	}
	return s.st.APITokens(ctx, a.User.ID)
}

// RevokeToken revokes one of the actor's own tokens; anybody else's is not found.
func (s *Service) RevokeToken(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermManageTokens); err != nil {
		return err
	}
	return s.st.RevokeAPIToken(ctx, a.User.ID, id, s.now())
}

// TokenActor resolves an "Authorization: Bearer prc_…" header into the
// actor the token acts as. It returns nil, nil for a request without a
// bearer token, and Unauthorized for any other header or a token unknown,
// revoked, of a deactivated account or of a role the account lost.
func (s *Service) TokenActor(ctx context.Context, header string) (*account.Actor, error) {
	if header == "" {
		return nil, nil
	}
	secret, ok := strings.CutPrefix(header, "Bearer ")
	if !ok {
		return nil, apperr.New(apperr.Unauthorized, "En-tête Authorization illisible : attendu « Bearer prc_… ».")
	}
	tokenID, userID, structureID, last, err := s.st.APITokenOwner(ctx, account.HashSecret(strings.TrimSpace(secret)))
	if err != nil {
		return nil, err
	}
	// Recording every use would write on every request: once a minute is enough.
	if now := s.now(); now.Sub(last) > time.Minute {
		if err := s.st.TouchAPIToken(ctx, tokenID, now); err != nil {
			return nil, err
		}
	}
	a, err := s.st.ActorForMembership(ctx, userID, structureID)
	if err != nil {
		return nil, err
	}
	a.Via = account.ViaAPI
	return a, nil
}
