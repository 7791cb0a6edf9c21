package accounts

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
)

// OneTimeLink is a link to choose a password, shown once to the
// administrator who hands it over: only its hash is stored.
type OneTimeLink struct {
	User    account.User
	Purpose string // account.PurposeInvitation or account.PurposeReset
	Secret  string // the link's last segment: /compte/mot-de-passe/{Secret}
	Expires time.Time
}

// Path is where the link leads on the site.
func (l OneTimeLink) Path() string { return "/compte/mot-de-passe/" + l.Secret }

// errLinkUsed answers a link that does not exist, expired or already served.
var errLinkUsed = apperr.New(apperr.NotFound, "Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien à l'administration de Parcours.")

// newLink stores a one-time link for u, created by a.
func (s *Service) newLink(ctx context.Context, a *account.Actor, u account.User, purpose string) (OneTimeLink, error) {
	validity := account.InvitationValidity
	if purpose == account.PurposeReset {
		validity = account.ResetValidity
	}
	secret, hash := account.NewSecret()
	now := s.now()
	if err := s.st.CreateOneTimeToken(ctx, hash, u.ID, purpose, a.User.ID, now, now.Add(validity)); err != nil {
		return OneTimeLink{}, err
	}
	return OneTimeLink{User: u, Purpose: purpose, Secret: secret, Expires: now.Add(validity)}, nil
}

// errDeactivated answers a link of an account that was deactivated since.
var errDeactivated = apperr.New(apperr.Forbidden, "Ce compte est désactivé : il ne peut plus choisir de mot de passe. Adressez-vous à l'administration de Parcours.")

// LinkPublic reads a one-time link, for the page where its holder chooses
// a password: the account it is for and its purpose.
func (s *Service) LinkPublic(ctx context.Context, secret string) (account.User, string, error) {
	hash := account.HashSecret(secret)
	for _, purpose := range []string{account.PurposeInvitation, account.PurposeReset} {
		id, err := s.st.OneTimeTokenUser(ctx, hash, purpose, s.now())
		if err == nil {
			u, err := s.st.User(ctx, id)
			if err == nil && !u.Active {
				err = errDeactivated
			}
			return u, purpose, err
		}
		if !apperr.Is(err, apperr.NotFound) {
			return account.User{}, "", err
		}
	}
	return account.User{}, "", errLinkUsed
}

// SetPasswordPublic sets the password of a one-time link's account: the
// link then stops working, with every older one, and every open session
// of the account ends.
func (s *Service) SetPasswordPublic(ctx context.Context, secret, password, confirm string) error {
	u, purpose, err := s.LinkPublic(ctx, secret)
	if err != nil {
		return err
	}
	var v apperr.Validation
	if msg := account.ValidatePassword(password, u.Email); msg != "" {
		v.Add("password", msg)
	} else if confirm != password {
		v.Add("confirm", "Les deux mots de passe ne sont pas identiques.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := account.HashPassword(ctx, password)
	if err != nil {
		return err
	}
	_, err = s.st.UseOneTimeToken(ctx, account.HashSecret(secret), purpose, hash, s.now())
	switch {
	case apperr.Is(err, apperr.NotFound):
		return errLinkUsed
	case apperr.Is(err, apperr.Forbidden):
		return errDeactivated
	}
	return err
}

// ResetLink gives a new one-time link to an account: a reset link, or an
// invitation when the account never had a password.
func (s *Service) ResetLink(ctx context.Context, a *account.Actor, userID int64) (OneTimeLink, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return OneTimeLink{}, err
	}
	u, err := s.st.User(ctx, userID)
	if err != nil {
		return OneTimeLink{}, err
	}
	purpose := account.PurposeReset
	if !u.HasPassword() {
		purpose = account.PurposeInvitation
	}
	return s.newLink(ctx, a, u, purpose)
}

// SetPassword sets an account's password directly: the console does it for
// its operator, who types it; every open session of the account ends.
func (s *Service) SetPassword(ctx context.Context, a *account.Actor, email, password string) (account.User, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return account.User{}, err
	}
	u, err := s.st.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		return u, apperr.New(apperr.NotFound, "Aucun compte avec l'adresse "+account.NormalizeEmail(email)+".")
	}
	if err != nil {
		return u, err
	}
	if msg := account.ValidatePassword(password, u.Email); msg != "" {
		return u, fieldError("password", msg)
	}
	hash, err := account.HashPassword(ctx, password)
	if err != nil {
		return u, err
	}
	return u, s.st.SetPassword(ctx, u.ID, hash, s.now())
}

// fieldError is an Invalid error on one field.
func fieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}
