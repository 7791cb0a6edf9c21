package account

import (
	"crypto/rand"
	"crypto/subtle"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// Second factor: a TOTP application (6 digits every 30 seconds) and, for
// the day the telephone is lost, single-use recovery codes.
const (
	FactorIssuer      = "Parcours"
	FactorPeriod      = 30 // seconds per code
	FactorIdle        = 15 * time.Minute
	RecoveryCodeCount = 10
)

// factorPermissions are the permissions whose holders must log in with a
// second factor: running the platform, piloting a territory (and, when it
// comes, acting for a person under a mandate).
var factorPermissions = []Permission{PermManagePlatform, PermViewTerritory}

// RequiresFactor reports whether one of the memberships grants a
// permission that demands a second factor.
func RequiresFactor(ms []Membership) bool {
	for _, m := range ms {
		for _, p := range factorPermissions {
			if m.Role.Can(p) {
				return true
			}
		}
	}
	return false
}

// NewFactorKey draws a TOTP secret for the account; its URL goes in the QR
// code the application scans.
func NewFactorKey(email string) (*otp.Key, error) {
	return totp.Generate(totp.GenerateOpts{Issuer: FactorIssuer, AccountName: NormalizeEmail(email), Period: FactorPeriod, SecretSize: 20})
}

// FactorKeyURL is the otpauth:// URL of a stored secret, for the QR code.
func FactorKeyURL(email, secret string) string {
	q := url.Values{"secret": {secret}, "issuer": {FactorIssuer}, "period": {strconv.Itoa(FactorPeriod)}, "digits": {"6"}, "algorithm": {"SHA1"}}
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + FactorIssuer + ":" + NormalizeEmail(email), RawQuery: q.Encode()}
	return u.String()
}

var factorOpts = totp.ValidateOpts{Period: FactorPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// FactorCode is the code of secret at t (tests and the demo compute codes
// as an application would).
func FactorCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, factorOpts)
}

// CheckFactorCode compares a typed code with those of the step of now and
// its two neighbours (clocks drift); it returns the step of the code that
// matched, so that it can be used only once.
func CheckFactorCode(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.Join(strings.Fields(code), "")
	if len(code) != 6 {
		return 0, false
	}
	for _, d := range []int64{0, -1, 1} {
		t := now.Add(time.Duration(d*FactorPeriod) * time.Second)
		want, err := FactorCode(secret, t)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / FactorPeriod, true
		}
	}
	return 0, false
}

// recoveryAlphabet has no letters read alike (0/o, 1/l/i).
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// NewRecoveryCodes draws single-use recovery codes ("abcd-efgh-jkmn", about
// 59 bits each) to show once.
func NewRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	b := make([]byte, 12)
	for i := range codes {
		if _, err := rand.Read(b); err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		var sb strings.Builder
		for j, c := range b {
			if j > 0 && j%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
		}
		codes[i] = sb.String()
	}
	return codes
}

// HashRecoveryCode is the stored form of a recovery code, whatever its case
// or spacing when typed.
func HashRecoveryCode(userID int64, code string) string {
	code = strings.ToLower(strings.NewReplacer(" ", "", "-", "").Replace(code))
	return HashSecret(strconv.FormatInt(userID, 10) + ":" + code)
}

// ErrFactorNotFresh answers a sensitive action asked without a second
// factor confirmed in the last FactorIdle of activity.
var ErrFactorNotFresh = apperr.New(apperr.Forbidden, "Par sécurité, confirmez votre code de double authentification avant cette action.")

// RequireFreshFactor returns ErrFactorNotFresh unless the actor confirmed a
// second factor and has not stayed idle FactorIdle since. Sensitive actions
// (export of personal data, erasure, mandate, role change) call it after
// Require. An API token is itself created behind a fresh factor, and the
// console is the server's operator: both pass.
func (a *Actor) RequireFreshFactor(now time.Time) error {
	if a == nil {
		return apperr.New(apperr.Unauthorized, "Connectez-vous pour continuer.")
	}
	if a.Via == ViaAPI || a.Via == ViaConsole {
		return nil
	}
	if a.FactorAt.IsZero() || now.Sub(a.FactorAt) > FactorIdle {
		return ErrFactorNotFresh
	}
	return nil
}
