// Package signedlink makes the links sent to people without an account (a
// resident's appointment page, a place answering an orientation): the link
// carries a purpose, an object id and an optional expiry, authenticated with
// HMAC-SHA256 under a server secret. A forged, altered, expired or
// other-purpose link is refused the same way.
package signedlink

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// ErrInvalid is returned for a forged, altered or other-purpose token.
var ErrInvalid = errors.New("signedlink: invalid token")

// ErrExpired is returned for a genuine token past its expiry.
var ErrExpired = errors.New("signedlink: expired token")

// b64 refuses non-zero padding bits, so one token has one spelling.
var b64 = base64.RawURLEncoding.Strict()

// macLen is the length kept of the HMAC (160 bits).
const macLen = 20

// Signer signs and verifies the tokens of one purpose ("orientation",
// "rendez-vous", …) under one secret.
type Signer struct {
	key     []byte
	purpose string
}

// New returns a Signer; the secret should hold at least 32 random bytes.
func New(secret []byte, purpose string) Signer { return Signer{key: secret, purpose: purpose} }

// Sign returns the token for id; a zero expires makes a link that never expires.
func (s Signer) Sign(id int64, expires time.Time) string {
	payload := make([]byte, 16)
	binary.BigEndian.PutUint64(payload, uint64(id))
	if !expires.IsZero() {
		binary.BigEndian.PutUint64(payload[8:], uint64(expires.Unix()))
	}
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(s.mac(payload))
}

// Verify returns the id and expiry carried by a token.
func (s Signer) Verify(token string, now time.Time) (id int64, expires time.Time, err error) {
	dot := -1
	for i := 0; i < len(token); i++ {
		if token[i] == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return 0, time.Time{}, ErrInvalid
	}
	payload, err1 := b64.DecodeString(token[:dot])
	sig, err2 := b64.DecodeString(token[dot+1:])
	if err1 != nil || err2 != nil || len(payload) != 16 || !hmac.Equal(sig, s.mac(payload)) {
		return 0, time.Time{}, ErrInvalid
	}
	id = int64(binary.BigEndian.Uint64(payload))
	if id <= 0 {
		return 0, time.Time{}, ErrInvalid
	}
	if e := int64(binary.BigEndian.Uint64(payload[8:])); e != 0 {
		expires = time.Unix(e, 0).UTC()
		if !now.Before(expires) {
			return id, expires, ErrExpired
		}
	}
	return id, expires, nil
}

func (s Signer) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("parcours-link-v1\x00" + s.purpose + "\x00"))
	m.Write(payload)
	return m.Sum(nil)[:macLen]
}
