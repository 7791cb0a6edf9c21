package account

import (
	"net/mail"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// User is a staff account. Residents never have one.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string // PHC string; empty until the user sets a password
	Active       bool
	SessionEpoch int64 // bumped to end every session of the user at once
	CreatedAt    time.Time
	LastLoginAt  time.Time
	// FactorEnabledAt is when the user confirmed a second factor (TOTP);
	// zero while they have none.
	FactorEnabledAt time.Time
}

// HasFactor reports whether the user logs in with a second factor.
func (u User) HasFactor() bool { return !u.FactorEnabledAt.IsZero() }

// HasPassword reports whether the user can log in with a password.
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Membership is one role of a user in one structure.
type Membership struct {
	UserID                 int64
	StructureID            int64
	StructureName          string
	StructureTerritoryID   int64 // the territory the structure belongs to (0: none)
	CoordinatedTerritoryID int64 // the territory the structure coordinates (0: none)
	Role                   Role
	// Manager marks the manager of the structure (« responsable de la
	// structure »): a flag on the membership, not a role, set by a platform
	// administrator; see Actor.MayAmendActivity.
	Manager bool
}

// Member is a user seen from a structure: its team page.
type Member struct {
	User    User
	Role    Role
	Manager bool // the manager of the structure
}

// UserRoles is a user with every role they hold, for the administration.
type UserRoles struct {
	User        User
	Memberships []Membership
}

// NormalizeEmail lowercases and trims an e-mail address for storage and lookup.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateEmail checks that s is one plain address (no display name).
func ValidateEmail(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "Saisissez une adresse e-mail."
	case len(s) > 254:
		return "L'adresse e-mail est trop longue."
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."
	}
	return ""
}

// NewUser is what an admin fills to invite someone.
type NewUser struct {
	Email       string
	Name        string
	StructureID int64
	Role        Role
}

// Validate returns the field errors of an invitation.
func (n *NewUser) Validate() error {
	var v apperr.Validation
	n.Email = NormalizeEmail(n.Email)
	n.Name = strings.TrimSpace(n.Name)
	if msg := ValidateEmail(n.Email); msg != "" {
		v.Add("email", msg)
	}
	if n.Name == "" {
		v.Add("name", "Saisissez le prénom et le nom.")
	} else if len([]rune(n.Name)) > 120 {
		v.Add("name", "Le nom ne doit pas dépasser 120 caractères.")
	}
	if n.StructureID <= 0 {
		v.Add("structure", "Choisissez une structure.")
	}
	if !n.Role.Valid() {
		v.Add("role", "Choisissez un rôle.")
	}
	return v.Err()
}
