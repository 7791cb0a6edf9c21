package accounts

import (
	"context"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
)

// Enrolment is a second factor being set up: the secret to type by hand
// and the otpauth:// URL the QR code carries.
type Enrolment struct {
	Secret string
	URL    string
}

var errWrongCode = fieldError("code", "Code incorrect ou déjà utilisé. Saisissez le code à 6 chiffres affiché maintenant par votre application, ou un code de secours.")

// pendingUser returns the user of a session waiting for its second factor
// (step), refused once it is older than PendingValidity or its user was
// deactivated or logged out everywhere.
func (s *Service) pendingUser(ctx context.Context, sess Session, step string) (account.User, error) {
	if sess.UserID == 0 || sess.Step != step || s.now().Sub(sess.Since) > PendingValidity {
		return account.User{}, errSessionEnded
	}
	u, err := s.st.User(ctx, sess.UserID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && (!u.Active || u.SessionEpoch != sess.Epoch)) {
		return account.User{}, errSessionEnded
	}
	return u, err
}

// StartEnrolment draws a new secret for a signed-in user without a second
// factor (any staff account may set one up).
func (s *Service) StartEnrolment(ctx context.Context, a *account.Actor) (Enrolment, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return Enrolment{}, err
	}
	return s.startEnrolment(ctx, a.User)
}

// StartLoginEnrolment draws a new secret for a user whose role demands a
// second factor, between the password and the opening of the session.
func (s *Service) StartLoginEnrolment(ctx context.Context, sess Session) (Enrolment, error) {
	u, err := s.pendingUser(ctx, sess, StepEnrol)
	if err != nil {
		return Enrolment{}, err
	}
	return s.startEnrolment(ctx, u)
}

func (s *Service) startEnrolment(ctx context.Context, u account.User) (Enrolment, error) {
	if u.HasFactor() {
		return Enrolment{}, apperr.New(apperr.Conflict, "La double authentification est déjà activée sur ce compte.")
	}
	key, err := account.NewFactorKey(u.Email)
	if err != nil {
		return Enrolment{}, err
	}
	if err := s.factors.SetPendingFactor(ctx, u.ID, key.Secret()); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL()}, nil
}

// PendingEnrolment returns the secret being set up, to show again after a
// wrong code.
func (s *Service) PendingEnrolment(ctx context.Context, u account.User) (Enrolment, error) {
	secret, err := s.factors.FactorSecret(ctx, u.ID)
	if err != nil {
		return Enrolment{}, err
	}
	if secret == "" || u.HasFactor() {
		return Enrolment{}, apperr.NotFoundError()
	}
	return Enrolment{Secret: secret, URL: account.FactorKeyURL(u.Email, secret)}, nil
}

// PendingLoginEnrolment is PendingEnrolment for a session pending its set-up.
func (s *Service) PendingLoginEnrolment(ctx context.Context, sess Session) (Enrolment, error) {
	u, err := s.pendingUser(ctx, sess, StepEnrol)
	if err != nil {
		return Enrolment{}, err
	}
	return s.PendingEnrolment(ctx, u)
}

// ConfirmEnrolment turns the pending secret on when code proves the
// application computes it, and returns the recovery codes to show once.
func (s *Service) ConfirmEnrolment(ctx context.Context, a *account.Actor, code string) ([]string, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return nil, err
	}
	return s.confirmEnrolment(ctx, a.User, code)
}

// ConfirmLoginEnrolment is ConfirmEnrolment between the password and the
// session: the session opens, with a fresh second factor.
func (s *Service) ConfirmLoginEnrolment(ctx context.Context, sess Session, code string) (Session, []string, error) {
	u, err := s.pendingUser(ctx, sess, StepEnrol)
	if err != nil {
		return Session{}, nil, err
	}
	codes, err := s.confirmEnrolment(ctx, u, code)
	if err != nil {
		return Session{}, nil, err
	}
	sess, err = s.openAfterFactor(ctx, sess)
	return sess, codes, err
}

func (s *Service) confirmEnrolment(ctx context.Context, u account.User, code string) ([]string, error) {
	if u.HasFactor() {
		return nil, apperr.New(apperr.Conflict, "La double authentification est déjà activée sur ce compte.")
	}
	secret, err := s.factors.FactorSecret(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	if secret == "" {
		return nil, apperr.NotFoundError()
	}
	if err := s.throttleFactor(ctx, u.ID); err != nil {
		return nil, err
	}
	step, ok := account.CheckFactorCode(secret, code, s.now())
	if !ok {
		return nil, fieldError("code", "Code incorrect. Saisissez le code à 6 chiffres affiché maintenant par votre application.")
	}
	codes := account.NewRecoveryCodes()
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = account.HashRecoveryCode(u.ID, c)
	}
	if err := s.factors.EnableFactor(ctx, u.ID, step, hashes, s.now()); err != nil {
		return nil, err
	}
	return codes, s.st.ResetLoginFailures(ctx, account.ThrottleKeyFactor(u.ID))
}

// throttleFactor counts one more second-factor attempt of the user before
// it is checked, as passwords are.
func (s *Service) throttleFactor(ctx context.Context, userID int64) error {
	now := s.now()
	until, err := s.st.ThrottleAttempt(ctx, now, account.ThrottleKeyFactor(userID))
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return tooManyAttempts(until, now)
	}
	return nil
}

// checkFactor accepts the current code of the user's application (once) or
// one of their unused recovery codes (spent), counting the attempt first.
func (s *Service) checkFactor(ctx context.Context, u account.User, code string) error {
	if !u.HasFactor() {
		return apperr.New(apperr.Conflict, "La double authentification n'est pas activée sur ce compte.")
	}
	if strings.TrimSpace(code) == "" {
		return fieldError("code", "Saisissez le code à 6 chiffres affiché par votre application.")
	}
	if err := s.throttleFactor(ctx, u.ID); err != nil {
		return err
	}
	secret, err := s.factors.FactorSecret(ctx, u.ID)
	if err != nil {
		return err
	}
	ok := false
	if step, match := account.CheckFactorCode(secret, code, s.now()); match {
		if ok, err = s.factors.UseFactorStep(ctx, u.ID, step); err != nil {
			return err
		}
	} else if ok, err = s.factors.UseRecoveryCode(ctx, u.ID, account.HashRecoveryCode(u.ID, code), s.now()); err != nil {
		return err
	}
	if !ok {
		return errWrongCode
	}
	return s.st.ResetLoginFailures(ctx, account.ThrottleKeyFactor(u.ID))
}

// VerifyLoginFactor checks the second factor of a session pending it and
// opens the session.
func (s *Service) VerifyLoginFactor(ctx context.Context, sess Session, code string) (Session, error) {
	u, err := s.pendingUser(ctx, sess, StepFactor)
	if err != nil {
		return Session{}, err
	}
	if err := s.checkFactor(ctx, u, code); err != nil {
		return Session{}, err
	}
	return s.openAfterFactor(ctx, sess)
}

// openAfterFactor opens a pending session with a fresh second factor.
func (s *Service) openAfterFactor(ctx context.Context, sess Session) (Session, error) {
	now := s.now()
	if err := s.st.RecordLogin(ctx, sess.UserID, now); err != nil {
		return Session{}, err
	}
	sess.Step, sess.FactorAt, sess.Device = StepOpen, now, ""
	return sess, nil
}

// ConfirmFactor checks the signed-in actor's second factor again before a
// sensitive action; the caller then marks the session fresh.
func (s *Service) ConfirmFactor(ctx context.Context, a *account.Actor, code string) (time.Time, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return time.Time{}, err
	}
	if err := s.checkFactor(ctx, a.User, code); err != nil {
		return time.Time{}, err
	}
	return s.now(), nil
}

// RecoveryCodesLeft counts the actor's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, a *account.Actor) (int, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return 0, err
	}
	return s.factors.RecoveryCodesLeft(ctx, a.User.ID)
}

// DisableFactor removes a user's second factor: one's own with its current
// code (or a recovery code), anybody's for a platform administrator, who
// then needs a fresh factor. A user whose role demands a second factor is
// asked to set one up again at the next login. It is journaled in the
// actor's structure.
func (s *Service) DisableFactor(ctx context.Context, a *account.Actor, userID int64, code string) error {
	if err := a.Require(account.PermStaffArea); err != nil {
		return err
	}
	u, err := s.st.User(ctx, userID)
	if err != nil {
		return err
	}
	if userID == a.User.ID {
		if err := s.checkFactor(ctx, u, code); err != nil {
			return err
		}
	} else {
		if err := a.Require(account.PermManagePlatform); err != nil {
			return err
		}
		if err := a.RequireFreshFactor(s.now()); err != nil {
			return err
		}
	}
	if !u.HasFactor() {
		return apperr.New(apperr.Conflict, "La double authentification n'est pas activée sur ce compte.")
	}
	if a.StructureID() == 0 {
		return s.factors.DisableFactor(ctx, userID, a.Scope(), nil) // the console: the server's operator keeps its own logs
	}
	e := journal.By(a, journal.Update, "Double authentification désactivée pour le compte "+u.Email)
	e.At = s.now()
	return s.factors.DisableFactor(ctx, userID, a.Scope(), &e)
}
