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

// HashSecret is the stored form of a secret (tokens have full entropy, so a
// plain SHA-256 is enough).
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
