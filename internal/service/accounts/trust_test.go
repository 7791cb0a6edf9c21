package accounts_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// parallelWrongPasswords sends n wrong passwords for one account at once,
// spread over the services (one per server instance), from ip(i), and
// returns how many were checked against the hash (the others waited).
func parallelWrongPasswords(t *testing.T, svcs []*accounts.Service, email string, n int, ip func(i int) string) int {
	t.Helper()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		verified int
		errs     []error
	)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, err := svcs[i%len(svcs)].LoginPublic(context.Background(), accounts.Credentials{Email: email, Password: "pas le bon mot de passe", ClientIP: ip(i)})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case apperr.Is(err, apperr.Unauthorized):
				verified++
			case !apperr.Is(err, apperr.TooManyRequests):
				errs = append(errs, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("%d attempts failed otherwise: %v", len(errs), errs[0])
	}
	return verified
}

func oneIP(int) string { return "192.0.2.50" }

func manyIPs(i int) string { return fmt.Sprintf("198.51.100.%d", i+1) }

// 40 wrong passwords at once for one account: the check and the count are
// one transaction, so no more are checked than the throttle allows (3 free
// failures and the one that sets the lock, from one address; 10 and one
// from as many addresses).
func TestLoginThrottleHoldsInParallel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		if got := parallelWrongPasswords(t, []*accounts.Service{f.svc}, f.mediatorEmail, 40, oneIP); got > 4 {
			t.Fatalf("one address: %d of 40 wrong passwords were checked, want at most 4", got)
		} else {
			t.Logf("one instance, one address: %d/40 checked", got)
		}
		if got := parallelWrongPasswords(t, []*accounts.Service{f.svc}, f.adminEmail, 40, manyIPs); got > 11 {
			t.Fatalf("40 addresses: %d of 40 wrong passwords were checked, want at most 11", got)
		} else {
			t.Logf("one instance, 40 addresses: %d/40 checked", got)
		}
	})
}

// Two servers on one PostgreSQL database share the throttle.
func TestLoginThrottleHoldsAcrossInstances(t *testing.T) {
	if storetest.PostgresURL(t) == "" {
		return
	}
	dbURL := storetest.PostgresDatabaseURL(t)
	var svcs []*accounts.Service
	var f *fixture
	for i := range 2 {
		st, err := store.Open(context.Background(), store.Config{DatabaseURL: dbURL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			f = newFixture(t, st)
			svcs = append(svcs, f.svc)
			continue
		}
		svcs = append(svcs, accounts.New(st, f.clock.Now))
	}
	if got := parallelWrongPasswords(t, svcs, f.mediatorEmail, 40, oneIP); got > 4 {
		t.Fatalf("two instances, one address: %d of 40 wrong passwords were checked, want at most 4", got)
	} else {
		t.Logf("two instances, one address: %d/40 checked", got)
	}
	if got := parallelWrongPasswords(t, svcs, f.adminEmail, 40, manyIPs); got > 11 {
		t.Fatalf("two instances, 40 addresses: %d of 40 wrong passwords were checked, want at most 11", got)
	} else {
		t.Logf("two instances, 40 addresses: %d/40 checked", got)
	}
}

// An attacker failing on purpose cannot keep a conseillère out: failures
// from one address lock that address only, and a browser that logged in
// before keeps its own counter even when the account is attacked from
// everywhere.
func TestLockoutIsNoWeapon(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		login := func(pw, ip, device string) (accounts.Session, error) {
			return f.svc.LoginPublic(ctx, accounts.Credentials{Email: f.mediatorEmail, Password: pw, ClientIP: ip, Device: device})
		}
		// Her browser logged in yesterday: it holds a device cookie.
		first, err := login(password, "203.0.113.7", "")
		if err != nil || first.Device == "" {
			t.Fatalf("a first login gives a device cookie: %+v %v", first, err)
		}
		// One attacker, one address.
		for range 30 {
			_, _ = login("devine", "192.0.2.66", "")
		}
		if _, err := login(password, "192.0.2.66", ""); !apperr.Is(err, apperr.TooManyRequests) {
			t.Fatalf("the attacker's address is locked: %v", err)
		}
		if _, err := login(password, "203.0.113.8", ""); err != nil {
			t.Fatalf("another address still logs in: %v", err)
		}
		// Many addresses: browsers that never logged in wait; hers does not.
		for i := range 30 {
			_, _ = login("devine", manyIPs(i), "")
		}
		if _, err := login(password, "203.0.113.9", ""); !apperr.Is(err, apperr.TooManyRequests) {
			t.Fatalf("an unknown browser waits while the account is attacked: %v", err)
		}
		sess, err := login(password, "203.0.113.9", first.Device)
		if err != nil {
			t.Fatalf("her browser keeps a way in: %v", err)
		}
		if sess.Device != "" {
			t.Fatal("a trusted browser keeps its cookie")
		}
		// The device cookie is hers only, and is throttled too.
		if _, err := f.svc.LoginPublic(ctx, accounts.Credentials{Email: f.adminEmail, Password: "devine", ClientIP: "203.0.113.9", Device: first.Device}); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("another account: %v", err)
		}
		for range 4 {
			_, _ = login("devine", "203.0.113.9", first.Device)
		}
		if _, err := login(password, "203.0.113.9", first.Device); !apperr.Is(err, apperr.TooManyRequests) {
			t.Fatalf("failures from the trusted browser lock it: %v", err)
		}
	})
}

// "Se déconnecter partout" and a new password end every session and revoke
// every API token; a token can be created again afterwards.
func TestLogoutEverywhereRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		bearer := func(tok accounts.NewToken) error {
			_, err := f.svc.TokenActor(ctx, "Bearer "+tok.Secret)
			return err
		}
		for name, end := range map[string]func() error{
			"logout everywhere": func() error { return f.svc.LogoutEverywhere(ctx, f.mediator) },
			"console password": func() error {
				_, err := f.svc.SetPassword(ctx, account.Console(), f.mediatorEmail, password)
				return err
			},
			"reset link": func() error {
				link, err := f.svc.ResetLink(ctx, f.admin, f.mediator.User.ID)
				if err != nil {
					return err
				}
				return f.svc.SetPasswordPublic(ctx, link.Secret, password, password)
			},
		} {
			tok, err := f.svc.CreateToken(ctx, f.mediator, "Tableur")
			if err != nil {
				t.Fatal(err)
			}
			if err := bearer(tok); err != nil {
				t.Fatal(err)
			}
			if err := end(); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if err := bearer(tok); !apperr.Is(err, apperr.Unauthorized) {
				t.Fatalf("%s: the token still works: %v", name, err)
			}
		}
		tok, err := f.svc.CreateToken(ctx, f.mediator, "Nouveau")
		if err != nil || bearer(tok) != nil {
			t.Fatalf("a token can be created again: %v", err)
		}
	})
}

// Administration must set up a second factor before its session opens;
// then every login asks it, a code works once, recovery codes work once,
// wrong codes are throttled, and turning it off needs the factor or an
// administrator with a fresh one, and is journaled.
func TestSecondFactor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if _, err := f.svc.SetPassword(ctx, account.Console(), f.adminEmail, password); err != nil {
			t.Fatal(err)
		}
		login := func() accounts.Session {
			t.Helper()
			sess, err := f.svc.LoginPublic(ctx, accounts.Credentials{Email: f.adminEmail, Password: password, ClientIP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			return sess
		}
		pending := login()
		if pending.Step != accounts.StepEnrol {
			t.Fatalf("an administrator without a second factor must set one up: %+v", pending)
		}
		if _, err := f.svc.SessionActor(ctx, pending); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("a pending session is no session: %v", err)
		}
		e, err := f.svc.StartLoginEnrolment(ctx, pending)
		if err != nil || !strings.HasPrefix(e.URL, "otpauth://totp/Parcours:admin@a.fr?") {
			t.Fatalf("enrolment %+v %v", e, err)
		}
		if _, _, err := f.svc.ConfirmLoginEnrolment(ctx, pending, "000000"); !hasField(err, "code") {
			t.Fatalf("a wrong code: %v", err)
		}
		code, _ := account.FactorCode(e.Secret, f.clock.Now())
		open, recovery, err := f.svc.ConfirmLoginEnrolment(ctx, pending, code)
		if err != nil || open.Step != accounts.StepOpen || !open.FactorAt.Equal(f.clock.Now()) || len(recovery) != account.RecoveryCodeCount {
			t.Fatalf("confirmed: %+v %v %v", open, recovery, err)
		}
		admin, err := f.svc.SessionActor(ctx, open)
		if err != nil || admin.RequireFreshFactor(f.clock.Now()) != nil {
			t.Fatalf("the session opens with a fresh factor: %v", err)
		}

		// Next login: the code is asked, and works once.
		f.clock.Advance(time.Minute)
		pending = login()
		if pending.Step != accounts.StepFactor {
			t.Fatalf("the code is asked: %+v", pending)
		}
		code, _ = account.FactorCode(e.Secret, f.clock.Now())
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, code); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, code); !hasField(err, "code") {
			t.Fatalf("a code works once: %v", err)
		}
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, recovery[0]); err != nil {
			t.Fatalf("a recovery code: %v", err)
		}
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, recovery[0]); !hasField(err, "code") {
			t.Fatalf("a recovery code works once: %v", err)
		}
		f.clock.Advance(accounts.PendingValidity + time.Second)
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, recovery[1]); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("a pending login expires: %v", err)
		}

		// Wrong codes are throttled like passwords.
		pending = login()
		for range 4 {
			_, _ = f.svc.VerifyLoginFactor(ctx, pending, "123456")
		}
		code, _ = account.FactorCode(e.Secret, f.clock.Now())
		if _, err := f.svc.VerifyLoginFactor(ctx, pending, code); !apperr.Is(err, apperr.TooManyRequests) {
			t.Fatalf("the right code waits after failures: %v", err)
		}

		// The mediator turns on hers, and off with her code.
		f.clock.Advance(time.Hour)
		me, err := f.svc.StartEnrolment(ctx, f.mediator)
		if err != nil {
			t.Fatal(err)
		}
		code, _ = account.FactorCode(me.Secret, f.clock.Now())
		if _, err := f.svc.ConfirmEnrolment(ctx, f.mediator, code); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DisableFactor(ctx, f.mediator, f.mediator.User.ID, "111111"); !hasField(err, "code") {
			t.Fatalf("turning it off needs the factor: %v", err)
		}
		// An administrator may turn it off for her, with a fresh factor.
		admin.FactorAt = f.clock.Now().Add(-account.FactorIdle - time.Second)
		if err := f.svc.DisableFactor(ctx, admin, f.mediator.User.ID, ""); err != account.ErrFactorNotFresh {
			t.Fatalf("an idle administrator confirms first: %v", err)
		}
		if err := f.svc.DisableFactor(ctx, f.partner, f.mediator.User.ID, ""); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("only an administrator: %v", err)
		}
		admin.FactorAt = f.clock.Now()
		if err := f.svc.DisableFactor(ctx, admin, f.mediator.User.ID, ""); err != nil {
			t.Fatal(err)
		}
		if u, _ := st.User(ctx, f.mediator.User.ID); u.HasFactor() {
			t.Fatal("still on")
		}
		entries, _, err := st.ListJournal(ctx, admin.Scope(), store.JournalFilter{Limit: 10})
		if err != nil || len(entries) != 1 || entries[0].Action != journal.Update || !strings.Contains(entries[0].What, f.mediatorEmail) {
			t.Fatalf("journal %+v %v", entries, err)
		}
	})
}
