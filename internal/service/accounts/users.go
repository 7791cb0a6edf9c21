package accounts

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
)

// Users lists the accounts the actor administers, with their roles, by name.
func (s *Service) Users(ctx context.Context, a *account.Actor) ([]account.UserRoles, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return nil, err
	}
	ts, _ := a.TerritoryScope()
	return s.st.ListUsersInTerritory(ctx, ts)
}

// User returns one account with its roles.
func (s *Service) User(ctx context.Context, a *account.Actor, id int64) (account.UserRoles, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return account.UserRoles{}, err
	}
	u, err := s.st.User(ctx, id)
	if err != nil {
		return account.UserRoles{}, err
	}
	ms, err := s.st.Memberships(ctx, id)
	return account.UserRoles{User: u, Memberships: ms}, err
}

// Invite creates an account with one role and returns the one-time link
// with which its holder chooses a password (valid 7 days), in one
// transaction.
func (s *Service) Invite(ctx context.Context, a *account.Actor, n account.NewUser) (OneTimeLink, error) {
	if err := s.validateNewUser(ctx, a, &n); err != nil {
		return OneTimeLink{}, err
	}
	secret, hash := account.NewSecret()
	now := s.now()
	expires := now.Add(account.InvitationValidity)
	id, err := s.st.InviteUser(ctx, n, hash, a.User.ID, now, expires)
	if err != nil {
		return OneTimeLink{}, err
	}
	u, err := s.st.User(ctx, id)
	return OneTimeLink{User: u, Purpose: account.PurposeInvitation, Secret: secret, Expires: expires}, err
}

// CreateWithPassword creates an account with one role and its password:
// the console does it for an operator who types the password.
func (s *Service) CreateWithPassword(ctx context.Context, a *account.Actor, n account.NewUser, password string) (account.User, error) {
	if err := s.validateNewUser(ctx, a, &n); err != nil {
		return account.User{}, err
	}
	if msg := account.ValidatePassword(password, n.Email); msg != "" {
		return account.User{}, fieldError("password", msg)
	}
	hash, err := account.HashPassword(ctx, password)
	if err != nil {
		return account.User{}, err
	}
	id, err := s.st.CreateUser(ctx, n, hash, s.now())
	if err != nil {
		return account.User{}, err
	}
	return s.st.User(ctx, id)
}

// validateNewUser checks the actor may create accounts and the account's
// fields (email, name, structure, role).
func (s *Service) validateNewUser(ctx context.Context, a *account.Actor, n *account.NewUser) error {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return err
	}
	if err := n.Validate(); err != nil {
		return err
	}
	if _, err := s.st.Structure(ctx, n.StructureID); apperr.Is(err, apperr.NotFound) {
		return fieldError("structure", "Choisissez une structure de la liste.")
	} else if err != nil {
		return err
	}
	return nil
}

// SetRole gives an account a role in a structure, or changes it. An
// administrator cannot give up the administration role they act with.
func (s *Service) SetRole(ctx context.Context, a *account.Actor, userID, structureID int64, role account.Role) error {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return err
	}
	if err := a.RequireFreshFactor(s.now()); err != nil {
		return err // a role change is a sensitive action
	}
	switch {
	case !role.Valid():
		return fieldError("role", "Choisissez un rôle.")
	case structureID <= 0:
		return fieldError("structure", "Choisissez une structure.")
	case userID == a.User.ID && structureID == a.StructureID() && role != account.RoleAdmin:
		return fieldError("role", "Vous ne pouvez pas retirer votre propre rôle d'administration : demandez à une autre personne administratrice.")
	}
	if _, err := s.st.User(ctx, userID); err != nil {
		return err
	}
	ts, _ := a.TerritoryScope()
	err := s.st.SetMembershipInTerritory(ctx, ts, userID, structureID, role, s.now())
	if apperr.Is(err, apperr.NotFound) {
		return fieldError("structure", "Choisissez une structure de la liste.")
	}
	return err
}

// SetManager makes an account the manager of a structure where it has a
// role (« responsable de la structure »), or no longer: the role keeps its
// authorizations, and the manager may also correct and delete the
// activities of their colleagues there. Only a platform administrator does
// it, with a fresh second factor as for a role; the structure's journal
// keeps who did it.
func (s *Service) SetManager(ctx context.Context, a *account.Actor, userID, structureID int64, manager bool) error {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return err
	}
	if err := a.RequireFreshFactor(s.now()); err != nil {
		return err // like a role change, a sensitive action
	}
	u, err := s.st.User(ctx, userID)
	if err != nil {
		return err
	}
	what := u.Name + " (" + u.Email + ") est désormais responsable de la structure"
	if !manager {
		what = u.Name + " (" + u.Email + ") n'est plus responsable de la structure"
	}
	ts, _ := a.TerritoryScope()
	now := s.now()
	err = s.st.SetManagerInTerritory(ctx, ts, userID, structureID, manager, journal.By(a, journal.Update, what), now)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.New(apperr.NotFound, "Ce compte n'a pas de rôle dans cette structure.")
	}
	return err
}

// RemoveRole takes a role away from an account, which keeps at least one.
// An administrator cannot remove the role they act with.
func (s *Service) RemoveRole(ctx context.Context, a *account.Actor, userID, structureID int64) error {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return err
	}
	if err := a.RequireFreshFactor(s.now()); err != nil {
		return err // a role change is a sensitive action
	}
	if userID == a.User.ID && structureID == a.StructureID() {
		return apperr.New(apperr.Invalid, "Vous ne pouvez pas retirer le rôle avec lequel vous êtes connecté·e.")
	}
	ts, _ := a.TerritoryScope()
	return s.st.RemoveMembershipInTerritory(ctx, ts, userID, structureID)
}

// SetActive deactivates an account, ending its sessions and stopping its
// API tokens, or reactivates it. Nobody deactivates their own account.
func (s *Service) SetActive(ctx context.Context, a *account.Actor, userID int64, active bool) error {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return err
	}
	if !active && userID == a.User.ID {
		return apperr.New(apperr.Invalid, "Vous ne pouvez pas désactiver votre propre compte.")
	}
	return s.st.SetUserActive(ctx, userID, active, s.now())
}

// ActAs returns the actor of an account acting through its role in a
// structure: the console creates a token for an account this way, as the
// account would from its own page.
func (s *Service) ActAs(ctx context.Context, a *account.Actor, email string, structureID int64) (*account.Actor, error) {
	if err := a.Require(account.PermManagePlatform); err != nil {
		return nil, err
	}
	u, err := s.st.UserByEmail(ctx, email)
	if apperr.Is(err, apperr.NotFound) {
		return nil, apperr.New(apperr.NotFound, "Aucun compte avec l'adresse "+account.NormalizeEmail(email)+".")
	}
	if err != nil {
		return nil, err
	}
	ms, err := s.st.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.StructureID == structureID {
			return &account.Actor{User: u, Membership: m, Memberships: ms, Via: a.Via}, nil
		}
	}
	return nil, apperr.New(apperr.NotFound, "Ce compte n'a pas de rôle dans cette structure.")
}
