package account

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters (RFC 9106 second recommendation, at least OWASP's).
// Memory and passes are variables only for UseLowHashCostForTests.
var (
	argonMemoryKiB uint32 = 64 * 1024
	argonTime      uint32 = 3
)

const (
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32

	// MinPasswordLength is the shortest password accepted.
	MinPasswordLength = 12
	maxPasswordLength = 256
)

// UseLowHashCostForTests makes the hashes made from now on cost 1 MiB and
// one pass instead of 64 MiB and three: the same Argon2id, salt and encoding,
// verified the same way (a hash carries its own parameters), about a hundred
// times cheaper. For the test suites that hash and verify hundreds of
// passwords (logins, lockouts, throttling): call it from TestMain before
// any test runs. A program never calls it; the parameters' own test keeps
// the real ones.
func UseLowHashCostForTests() {
	argonMemoryKiB, argonTime = 1024, 1
}

// hashSlots caps concurrent hashes: each holds 64 MiB, and a login storm
// must not exhaust memory.
var hashSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

func acquireHashSlot(ctx context.Context) error {
	select {
	case hashSlots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func releaseHashSlot() { <-hashSlots }

// HashPassword returns the PHC string of an Argon2id hash of password.
func HashPassword(ctx context.Context, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	if err := acquireHashSlot(ctx); err != nil {
		return "", err
	}
	defer releaseHashSlot()
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemoryKiB, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("account: malformed password hash")

type phc struct {
	memory  uint32
	time    uint32
	threads uint8
	salt    []byte
	key     []byte
}

func parsePHC(s string) (phc, error) {
	var p phc
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &p.threads); err != nil {
		return p, errBadHash
	}
	if p.memory == 0 || p.time == 0 || p.threads == 0 || p.memory > 1<<22 || p.time > 64 {
		return p, errBadHash
	}
	var err error
	if p.salt, err = base64.RawStdEncoding.DecodeString(parts[4]); err != nil || len(p.salt) < 8 {
		return p, errBadHash
	}
	if p.key, err = base64.RawStdEncoding.DecodeString(parts[5]); err != nil || len(p.key) < 16 || len(p.key) > 128 {
		return p, errBadHash
	}
	return p, nil
}

// VerifyPassword reports whether password matches the PHC hash, in constant time.
func VerifyPassword(ctx context.Context, hash, password string) (bool, error) {
	p, err := parsePHC(hash)
	if err != nil {
		return false, err
	}
	if err := acquireHashSlot(ctx); err != nil {
		return false, err
	}
	defer releaseHashSlot()
	key := argon2.IDKey([]byte(password), p.salt, p.time, p.memory, p.threads, uint32(len(p.key)))
	return subtle.ConstantTimeCompare(key, p.key) == 1, nil
}

// dummyHash is verified against when the account does not exist, so that
// answering takes the same time either way.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword(context.Background(), "parcours-compte-inexistant")
	if err != nil {
		panic(err)
	}
	return h
})

// VerifyAgainstNothing spends the time of one verification without a user.
func VerifyAgainstNothing(ctx context.Context, password string) {
	_, _ = VerifyPassword(ctx, dummyHash(), password)
}

//go:embed common-passwords.txt.gz
var commonPasswordsGz []byte

var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		panic(err)
	}
	set := make(map[string]struct{}, 30000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		panic(err)
	}
	return set
})

// IsCommonPassword reports whether password is, or is a common password
// followed by digits or symbols ("motdepasse2024!").
func IsCommonPassword(password string) bool {
	set := commonPasswords()
	p := strings.ToLower(password)
	if _, ok := set[p]; ok {
		return true
	}
	stem := strings.TrimRightFunc(p, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	stem = strings.TrimLeftFunc(stem, func(r rune) bool { return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) })
	if utf8.RuneCountInString(stem) >= 4 {
		if _, ok := set[stem]; ok {
			return true
		}
	}
	return isMonotonous(p)
}

// isMonotonous catches "aaaaaaaaaaaa" and "123456789012"-like sequences.
func isMonotonous(p string) bool {
	rs := []rune(p)
	if len(rs) < 2 {
		return true
	}
	same, up, down := true, true, true
	for i := 1; i < len(rs); i++ {
		d := rs[i] - rs[i-1]
		same = same && d == 0
		up = up && (d == 1 || (rs[i-1] == '9' && rs[i] == '0'))
		down = down && (d == -1 || (rs[i-1] == '0' && rs[i] == '9'))
	}
	return same || up || down
}

// ValidatePassword returns a French message when password cannot be used.
func ValidatePassword(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return fmt.Sprintf("Le mot de passe doit contenir au moins %d caractères.", MinPasswordLength)
	case len(password) > maxPasswordLength:
		return "Le mot de passe est trop long (256 caractères au plus)."
	case email != "" && strings.Contains(strings.ToLower(password), strings.ToLower(strings.SplitN(email, "@", 2)[0])) && len(strings.SplitN(email, "@", 2)[0]) >= 4:
		return "Le mot de passe ne doit pas contenir votre adresse e-mail."
	case IsCommonPassword(password):
		return "Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots."
	}
	return ""
}
