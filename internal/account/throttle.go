package account

import (
	"strconv"
	"strings"
	"time"
)

// Login throttling: each attempt is counted before the password is checked,
// and after a few failures each new one doubles the wait before the next
// attempt is even checked. Failures are counted per account AND source, so
// failing from one address locks that address out of that account only.
// An account attacked from many addresses is locked for every browser that
// never logged into it; a browser that did (it keeps a device cookie) is
// throttled on its own counter, so an attacker cannot deny a conseillère her
// morning. IP addresses are shared (public computers in a library, a CCAS
// behind one NAT) so they get more room.
const (
	freeFailuresSource  = 3  // one account from one address
	freeFailuresAccount = 10 // one account from every address without a device cookie
	freeFailuresIP      = 20 // every account from one address
	freeFailuresDevice  = 3  // one account from a browser that logged into it before
	freeFailuresFactor  = 3  // second-factor codes of one account
	freeFailuresResume  = 5  // resume codes of questionnaires tried from one address
	freeFailuresSafe    = 5  // document safe codes tried from one address, or for one phone
	freeSafeCodesSent   = 3  // document safe codes sent to one phone, or asked from one address
	maxLockout          = 15 * time.Minute
)

// Prefixes of the throttle keys.
const (
	keySource  = "source:"
	keyAccount = "compte:"
	keyIP      = "ip:"
	keyDevice  = "appareil:"
	keyFactor  = "facteur:"
	keyResume  = "reprise:"
	keySafe    = "coffre:"
	keySafeSMS = "coffre-envoi:"
)

// ThrottleKeyAccount is the key of an account tried from browsers without a
// device cookie.
func ThrottleKeyAccount(email string) string { return keyAccount + NormalizeEmail(email) }

// ThrottleKeySource is the key of one account tried from one address.
func ThrottleKeySource(email, ip string) string {
	return keySource + ip + " " + NormalizeEmail(email)
}

// ThrottleKeyIP is the key of a client address.
func ThrottleKeyIP(ip string) string { return keyIP + ip }

// ThrottleKeyDevice is the key of a browser that logged in before, named by
// the stored hash of its device cookie.
func ThrottleKeyDevice(deviceHash string) string { return keyDevice + deviceHash }

// ThrottleKeyFactor is the key of the second-factor codes of a user.
func ThrottleKeyFactor(userID int64) string { return keyFactor + strconv.FormatInt(userID, 10) }

// ThrottleKeyResume is the key of the questionnaire resume codes tried from
// one address: a code opens someone's answers in progress.
func ThrottleKeyResume(ip string) string { return keyResume + ip }

// ThrottleKeysSafeCode are the keys of the document safe's codes tried
// from one address and for one phone: a code opens someone's papers.
func ThrottleKeysSafeCode(ip, phone string) []string {
	return []string{keySafe + "ip:" + ip, keySafe + "tel:" + phone}
}

// ThrottleKeysSafeSMS are the keys of the document safe's codes sent to
// one phone and asked from one address: each one is an SMS paid for and
// received by someone.
func ThrottleKeysSafeSMS(ip, phone string) []string {
	return []string{keySafeSMS + "ip:" + ip, keySafeSMS + "tel:" + phone}
}

// LoginKeys are the keys one login attempt counts against: the device's
// own when the browser shows a valid device cookie for this account, the
// account's, the account-and-source's and the address's otherwise.
func LoginKeys(email, ip, deviceHash string) []string {
	if deviceHash != "" {
		return []string{ThrottleKeyDevice(deviceHash)}
	}
	return []string{ThrottleKeySource(email, ip), ThrottleKeyAccount(email), ThrottleKeyIP(ip)}
}

// LockoutAfter returns how long to refuse attempts after the given number of
// consecutive failures for key.
func LockoutAfter(key string, failures int) time.Duration {
	free := freeFailuresSource
	switch {
	case strings.HasPrefix(key, keyAccount):
		free = freeFailuresAccount
	case strings.HasPrefix(key, keyIP):
		free = freeFailuresIP
	case strings.HasPrefix(key, keyDevice):
		free = freeFailuresDevice
	case strings.HasPrefix(key, keyFactor):
		free = freeFailuresFactor
	case strings.HasPrefix(key, keyResume):
		free = freeFailuresResume
	case strings.HasPrefix(key, keySafeSMS):
		free = freeSafeCodesSent
	case strings.HasPrefix(key, keySafe):
		free = freeFailuresSafe
	}
	if failures <= free {
		return 0
	}
	d := time.Second << min(failures-free-1, 20)
	return min(d, maxLockout)
}
