// Package accounts holds the use cases of staff accounts: logging in (with
// its throttle) and out everywhere, resolving a session or a bearer token
// into an actor, one-time links to set or reset a password, personal API
// tokens, and the platform administration of accounts and their roles.
// Web pages, the API middleware and the commands call these methods.
package accounts

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Service is the accounts' use cases.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// Credentials is what the login form sends, and where it comes from.
type Credentials struct {
	Email    string
	Password string
	ClientIP string // throttled too: one address trying many accounts
}

// Session is what a signed-in browser keeps: the user, the epoch that
// "se déconnecter partout" and deactivation move on, and the structure the
// user acts for.
type Session struct {
	UserID      int64
	Epoch       int64
	StructureID int64
}

// LoginFailedMessage is the one answer to a wrong e-mail or password.
const LoginFailedMessage = "Adresse e-mail ou mot de passe incorrect."

// LoginPublic checks a password and opens a session acting for the user's
// first structure. After a few failures for the account or the address,
// every attempt waits (TooManyRequests) before the password is even
// checked; an unknown account costs the same time as a known one.
func (s *Service) LoginPublic(ctx context.Context, c Credentials) (Session, error) {
	email := strings.TrimSpace(c.Email)
	var v apperr.Validation
	if email == "" {
		v.Add("email", "Saisissez votre adresse e-mail.")
	}
	if c.Password == "" {
		v.Add("password", "Saisissez votre mot de passe.")
	}
	if err := v.Err(); err != nil {
		return Session{}, err
	}
	now := s.now()
	keys := []string{account.ThrottleKeyAccount(email), account.ThrottleKeyIP(c.ClientIP)}
	until, err := s.st.ThrottleLockedUntil(ctx, keys...)
	if err != nil {
		return Session{}, err
	}
	if until.After(now) {
		return Session{}, apperr.New(apperr.TooManyRequests, "Trop de tentatives de connexion. Patientez "+waitText(until.Sub(now))+" avant de réessayer.")
	}
	u, err := s.st.UserByEmail(ctx, email)
	ok := false
	switch {
	case err == nil && u.Active && u.HasPassword():
		if ok, err = account.VerifyPassword(ctx, u.PasswordHash, c.Password); err != nil {
			return Session{}, err
		}
	case err == nil || apperr.Is(err, apperr.NotFound):
		account.VerifyAgainstNothing(ctx, c.Password)
	default:
		return Session{}, err
	}
	if !ok {
		if err := s.st.RecordLoginFailure(ctx, now, keys...); err != nil {
			return Session{}, err
		}
		return Session{}, apperr.New(apperr.Unauthorized, LoginFailedMessage)
	}
	ms, err := s.st.Memberships(ctx, u.ID)
	if err != nil {
		return Session{}, err
	}
	if len(ms) == 0 {
		return Session{}, apperr.New(apperr.Forbidden, "Votre compte n'est rattaché à aucune structure. Demandez à l'administration de vous donner un rôle.")
	}
	if err := s.st.ResetLoginFailures(ctx, keys[0]); err != nil {
		return Session{}, err
	}
	if err := s.st.RecordLogin(ctx, u.ID, now); err != nil {
		return Session{}, err
	}
	return Session{UserID: u.ID, Epoch: u.SessionEpoch, StructureID: ms[0].StructureID}, nil
}

// waitText says a wait in minutes or seconds, in French.
func waitText(d time.Duration) string {
	if d >= time.Minute {
		m := int(math.Ceil(d.Minutes()))
		if m == 1 {
			return "1 minute"
		}
		return fmt.Sprintf("%d minutes", m)
	}
	sec := int(math.Ceil(d.Seconds()))
	if sec <= 1 {
		return "1 seconde"
	}
	return fmt.Sprintf("%d secondes", sec)
}

// errSessionEnded answers a session whose user was deactivated, logged out
// everywhere, or lost every role.
var errSessionEnded = apperr.New(apperr.Unauthorized, "Votre session a pris fin : connectez-vous à nouveau.")

// SessionActor resolves a session into its actor, acting for the session's
// structure when the user still has a role there, their first one
// otherwise. An ended session answers Unauthorized.
func (s *Service) SessionActor(ctx context.Context, sess Session) (*account.Actor, error) {
	u, err := s.st.User(ctx, sess.UserID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, errSessionEnded
	}
	if err != nil {
		return nil, err
	}
	if !u.Active || u.SessionEpoch != sess.Epoch {
		return nil, errSessionEnded
	}
	ms, err := s.st.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errSessionEnded
	}
	a := &account.Actor{User: u, Membership: ms[0], Memberships: ms, Via: account.ViaWeb}
	for _, m := range ms {
		if m.StructureID == sess.StructureID {
			a.Membership = m
		}
	}
	return a, nil
}

// SwitchStructure returns the membership through which the actor will act
// for structureID; one acts only through one's own memberships.
func (s *Service) SwitchStructure(_ context.Context, a *account.Actor, structureID int64) (account.Membership, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return account.Membership{}, err
	}
	for _, m := range a.Memberships {
		if m.StructureID == structureID {
			return m, nil
		}
	}
	return account.Membership{}, apperr.NotFoundError()
}

// LogoutEverywhere ends every session of the actor's account, on every
// device ("se déconnecter partout").
func (s *Service) LogoutEverywhere(ctx context.Context, a *account.Actor) error {
	if err := a.Require(account.PermStaffArea); err != nil {
		return err
	}
	_, err := s.st.EndAllSessions(ctx, a.User.ID)
	return err
}

// RunChores deletes expired sessions and forgets login failures older than
// a day (background job); it returns how many sessions it deleted.
func (s *Service) RunChores(ctx context.Context) (int64, error) {
	n, err := s.st.Sessions(s.now).DeleteExpired(ctx)
	if err != nil {
		return n, err
	}
	return n, s.st.PruneLoginThrottle(ctx, s.now())
}
