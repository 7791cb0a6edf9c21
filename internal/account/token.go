package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"
)

// Purposes of one-time links.
const (
	PurposeInvitation = "invitation"
	PurposeReset      = "reinitialisation"
)

// Validity of one-time links.
const (
	InvitationValidity = 7 * 24 * time.Hour
	ResetValidity      = 24 * time.Hour
)

// NewSecret returns a random URL-safe secret and the hash to store: the
// secret itself is shown once and never stored.
func NewSecret() (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// APIToken is a personal API token as listed to its owner: never the secret.
type APIToken struct {
	ID            int64
	UserID        int64
	StructureID   int64 // the membership the token acts through
	StructureName string
	Name          string
	Prefix        string // the first characters, to recognise it
	CreatedAt     time.Time
	LastUsedAt    time.Time
	RevokedAt     time.Time
}

// TokenPrefix starts every personal API token, so leaked ones are recognisable.
const TokenPrefix = "prc_"

// NewAPIToken returns a personal API token to show once, its stored hash and
// the short prefix shown in lists.
func NewAPIToken() (secret, hash, display string) {
	s, _ := NewSecret()
	secret = TokenPrefix + s
	return secret, HashSecret(secret), secret[:len(TokenPrefix)+6]
}

// HashSecret is the stored form of a secret (tokens have full entropy, so a
// plain SHA-256 is enough).
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
