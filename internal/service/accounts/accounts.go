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
	"github.com/parcours-numerique/parcours/internal/store/factorstore"
)

// Service is the accounts' use cases.
type Service struct {
	st      *store.Store
	factors *factorstore.Store // second factors and trusted browsers
	now     func() time.Time
}

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, factors: factorstore.New(st), now: now}
}

// Credentials is what the login form sends, and where it comes from.
type Credentials struct {
	Email    string
	Password string
	ClientIP string // throttled too: one address trying many accounts
	Device   string // the device cookie the browser shows; "" when none
}

// Steps of a login.
const (
	StepOpen   = ""           // the session is open
	StepFactor = "code"       // the password was right; the second factor is awaited
	StepEnrol  = "activation" // the password was right; the role demands a second factor the user has not set up yet
)

// Session is what a signed-in browser keeps: the user, the epoch that
// "se déconnecter partout" and deactivation move on, the structure the
// user acts for, and the second factor's state.
type Session struct {
	UserID      int64
	Epoch       int64
	StructureID int64
	// Step is StepOpen for an open session; a pending one only leads to
	// the second factor's page, for PendingValidity after Since.
	Step  string
	Since time.Time
	// FactorAt is the last activity covered by a confirmed second factor.
	FactorAt time.Time
	// Device is not kept in the session: it is the device cookie to give
	// the browser after a right password ("" to keep the one it has).
	Device string
}

// PendingValidity is how long the second factor may be typed after the password.
const PendingValidity = 10 * time.Minute

// DeviceValidity is how long a browser stays trusted after its last login.
const DeviceValidity = 180 * 24 * time.Hour

// LoginFailedMessage is the one answer to a wrong e-mail or password.
const LoginFailedMessage = "Adresse e-mail ou mot de passe incorrect."

func tooManyAttempts(until, now time.Time) error {
	return apperr.New(apperr.TooManyRequests, "Trop de tentatives de connexion. Patientez "+waitText(until.Sub(now))+" avant de réessayer.")
}

// LoginPublic checks a password. Each attempt is counted (account and
// source, account, address; or the browser's own counter when it shows the
// device cookie of a former login to this account) before the password is
// checked, in one transaction: after a few failures every attempt waits
// (TooManyRequests), however many arrive at once. An unknown account costs
// the same time as a known one. The session returned is open, or pending
// the second factor (StepFactor) or its set-up (StepEnrol).
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
	u, err := s.st.UserByEmail(ctx, email)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return Session{}, err
	}
	known := err == nil
	device := ""
	if c.Device != "" && known {
		h := account.HashSecret(c.Device)
		owner, err := s.factors.DeviceUser(ctx, h, now.Add(-DeviceValidity))
		if err != nil {
			return Session{}, err
		}
		if owner == u.ID {
			device = h
		}
	}
	keys := account.LoginKeys(email, c.ClientIP, device)
	until, err := s.st.ThrottleAttempt(ctx, now, keys...)
	if err != nil {
		return Session{}, err
	}
	if !until.IsZero() {
		return Session{}, tooManyAttempts(until, now)
	}
	ok := false
	if known && u.Active && u.HasPassword() {
		if ok, err = account.VerifyPassword(ctx, u.PasswordHash, c.Password); err != nil {
			return Session{}, err
		}
	} else {
		account.VerifyAgainstNothing(ctx, c.Password)
	}
	if !ok {
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
	if err := s.st.ForgiveAttempt(ctx, keys[1:]...); err != nil {
		return Session{}, err
	}
	sess := Session{UserID: u.ID, Epoch: u.SessionEpoch, StructureID: ms[0].StructureID, Since: now}
	if device == "" {
		var h string
		sess.Device, h = account.NewSecret()
		device = h
	}
	if err := s.factors.TrustDevice(ctx, u.ID, device, now); err != nil {
		return Session{}, err
	}
	switch {
	case u.HasFactor():
		sess.Step = StepFactor
	case account.RequiresFactor(ms):
		sess.Step = StepEnrol
	default:
		if err := s.st.RecordLogin(ctx, u.ID, now); err != nil {
			return Session{}, err
		}
	}
	return sess, nil
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
	if !u.Active || u.SessionEpoch != sess.Epoch || sess.Step != StepOpen {
		return nil, errSessionEnded
	}
	ms, err := s.st.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if len(ms) == 0 {
		return nil, errSessionEnded
	}
	a := &account.Actor{User: u, Membership: ms[0], Memberships: ms, Via: account.ViaWeb, FactorAt: sess.FactorAt}
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
// device, and revokes every API token ("se déconnecter partout").
func (s *Service) LogoutEverywhere(ctx context.Context, a *account.Actor) error {
	if err := a.Require(account.PermStaffArea); err != nil {
		return err
	}
	_, err := s.st.EndAllSessions(ctx, a.User.ID, s.now())
	return err
}

// RunChores deletes expired sessions and forgets login failures older than
// a day (background job); it returns how many sessions it deleted.
func (s *Service) RunChores(ctx context.Context) (int64, error) {
	n, err := s.st.Sessions(s.now).DeleteExpired(ctx)
	if err != nil {
		return n, err
	}
	if err := s.factors.PruneDevices(ctx, s.now().Add(-DeviceValidity)); err != nil {
		return n, err
	}
	return n, s.st.PruneLoginThrottle(ctx, s.now())
}
