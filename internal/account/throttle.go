package account

import "time"

// Login throttling: after a few failures, each new failure doubles the wait
// before the next attempt is even checked. IP addresses are shared (public
// computers in a library, a CCAS behind one NAT) so they get more room.
const (
	freeFailuresAccount = 3
	freeFailuresIP      = 20
	maxLockout          = 15 * time.Minute
)

// ThrottleKey names what is throttled: an account or an address.
func ThrottleKeyAccount(email string) string { return "compte:" + NormalizeEmail(email) }

// ThrottleKeyIP is the key of a client address.
func ThrottleKeyIP(ip string) string { return "ip:" + ip }

// LockoutAfter returns how long to refuse attempts after the given number of
// consecutive failures for key.
func LockoutAfter(key string, failures int) time.Duration {
	free := freeFailuresAccount
	if len(key) > 3 && key[:3] == "ip:" {
		free = freeFailuresIP
	}
	if failures <= free {
		return 0
	}
	d := time.Second << min(failures-free-1, 20)
	return min(d, maxLockout)
}
