package accounts_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/frtime/frtimetest"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/accounts"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

const password = "trois chats roux dorment au soleil"

type clock = frtimetest.Clock

// fixture is two structures, A and B, an administrator and a mediator in A
// (the mediator with a password), and a partner in B.
type fixture struct {
	svc                       *accounts.Service
	st                        *store.Store
	clock                     *clock
	a, b                      structure.Structure
	admin, mediator, partner  *account.Actor
	mediatorEmail, adminEmail string
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	clk := frtimetest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	f := &fixture{svc: accounts.New(st, clk.Now), st: st, clock: clk, mediatorEmail: "agent@a.fr", adminEmail: "admin@a.fr"}
	f.a = structure.Structure{Name: "A", Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299"}
	f.b = structure.Structure{Name: "B", Typology: "ASSO", RNA: "W179999998", CommuneCode: "17299"}
	for _, s := range []*structure.Structure{&f.a, &f.b} {
		if err := st.CreateStructure(ctx, s, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	hash, err := account.HashPassword(ctx, password)
	if err != nil {
		t.Fatal(err)
	}
	actor := func(email string, sid int64, role account.Role, hash string) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: email, StructureID: sid, Role: role}, hash, clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		u, _ := st.User(ctx, id)
		ms, _ := st.Memberships(ctx, id)
		return &account.Actor{User: u, Membership: ms[0], Memberships: ms}
	}
	f.admin = actor(f.adminEmail, f.a.ID, account.RoleAdmin, "")
	f.admin.FactorAt = clk.Now() // signed in with a fresh second factor
	f.mediator = actor(f.mediatorEmail, f.a.ID, account.RoleMediation, hash)
	f.partner = actor("partenaire@b.fr", f.b.ID, account.RolePartner, "")
	return f
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		login := func(email, pw, ip string) (accounts.Session, error) {
			return f.svc.LoginPublic(ctx, accounts.Credentials{Email: email, Password: pw, ClientIP: ip})
		}
		t.Run("EmptyFields", func(t *testing.T) {
			_, err := login(" ", "", "192.0.2.1")
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Invalid || e.FieldMap()["email"] == "" || e.FieldMap()["password"] == "" {
				t.Fatalf("err %v", err)
			}
		})
		t.Run("OK", func(t *testing.T) {
			sess, err := login(" AGENT@a.fr ", password, "192.0.2.1")
			if err != nil || sess.UserID != f.mediator.User.ID || sess.StructureID != f.a.ID || sess.Epoch != f.mediator.User.SessionEpoch {
				t.Fatalf("session %+v err %v", sess, err)
			}
			u, _ := st.User(ctx, f.mediator.User.ID)
			if u.LastLoginAt.IsZero() {
				t.Fatal("the login is not recorded")
			}
		})
		t.Run("WrongPasswordAndUnknownAccountAnswerAlike", func(t *testing.T) {
			_, wrong := login(f.mediatorEmail, "pas le bon mot de passe", "192.0.2.2")
			_, unknown := login("personne@nulle-part.fr", "pas le bon mot de passe", "192.0.2.2")
			_, noPassword := login(f.adminEmail, "pas le bon mot de passe", "192.0.2.2")
			for _, err := range []error{wrong, unknown, noPassword} {
				if !apperr.Is(err, apperr.Unauthorized) || apperr.MessageOf(err) != accounts.LoginFailedMessage {
					t.Fatalf("err %v", err)
				}
			}
			if _, err := login(f.mediatorEmail, password, "192.0.2.2"); err != nil {
				t.Fatalf("a success forgets the account's failures: %v", err)
			}
		})
		t.Run("Throttle", func(t *testing.T) {
			for i := 0; i < 4; i++ {
				if _, err := login(f.mediatorEmail, "pas le bon mot de passe", "192.0.2.3"); !apperr.Is(err, apperr.Unauthorized) {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			_, err := login(f.mediatorEmail, password, "192.0.2.3")
			if !apperr.Is(err, apperr.TooManyRequests) || apperr.MessageOf(err) != "Trop de tentatives de connexion. Patientez 1 seconde avant de réessayer." {
				t.Fatalf("the right password must wait after failures from that address: %v", err)
			}
			if _, err := login(f.mediatorEmail, password, "192.0.2.4"); err != nil {
				t.Fatalf("failures from one address do not lock the account elsewhere: %v", err)
			}
			f.clock.Advance(time.Hour)
			if _, err := login(f.mediatorEmail, password, "192.0.2.3"); err != nil {
				t.Fatalf("after the wait the right password works: %v", err)
			}
		})
		t.Run("DeactivatedAccount", func(t *testing.T) {
			if err := st.SetUserActive(ctx, f.mediator.User.ID, false, f.clock.Now()); err != nil {
				t.Fatal(err)
			}
			defer st.SetUserActive(ctx, f.mediator.User.ID, true, f.clock.Now())
			if _, err := login(f.mediatorEmail, password, "192.0.2.5"); !apperr.Is(err, apperr.Unauthorized) {
				t.Fatalf("a deactivated account cannot log in: %v", err)
			}
		})
	})
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		sess, err := f.svc.LoginPublic(ctx, accounts.Credentials{Email: f.mediatorEmail, Password: password, ClientIP: "192.0.2.1"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.SessionActor(ctx, sess)
		if err != nil || a.User.ID != f.mediator.User.ID || a.StructureID() != f.a.ID || a.Via != account.ViaWeb {
			t.Fatalf("actor %+v err %v", a, err)
		}

		// A second role: the session acts for the chosen structure.
		if err := f.svc.SetRole(ctx, f.admin, f.mediator.User.ID, f.b.ID, account.RoleReception); err != nil {
			t.Fatal(err)
		}
		a, _ = f.svc.SessionActor(ctx, sess)
		m, err := f.svc.SwitchStructure(ctx, a, f.b.ID)
		if err != nil || m.Role != account.RoleReception {
			t.Fatalf("switch: %+v %v", m, err)
		}
		sess.StructureID = m.StructureID
		if a, _ := f.svc.SessionActor(ctx, sess); a.StructureID() != f.b.ID || a.Role() != account.RoleReception {
			t.Fatalf("acting for %d as %s", a.StructureID(), a.Role())
		}
		if _, err := f.svc.SwitchStructure(ctx, a, 999999); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("one acts only through one's own memberships: %v", err)
		}

		// Logging out everywhere ends this session.
		if err := f.svc.LogoutEverywhere(ctx, a); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SessionActor(ctx, sess); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("the session must be over: %v", err)
		}
		if _, err := f.svc.SessionActor(ctx, accounts.Session{UserID: 999999}); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("unknown user: %v", err)
		}
		if err := f.svc.LogoutEverywhere(ctx, nil); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("no actor: %v", err)
		}

		// Chores: expired sessions and old failures go.
		if err := st.Sessions(f.clock.Now).CommitCtx(ctx, "vieux", []byte{1}, f.clock.Now().Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Hour)
		if n, err := f.svc.RunChores(ctx); err != nil || n != 1 {
			t.Fatalf("chores: %d %v", n, err)
		}
	})
}

func TestTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		if _, err := f.svc.CreateToken(ctx, f.mediator, "  "); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a token needs a name: %v", err)
		}
		if _, err := f.svc.CreateToken(ctx, nil, "Tableur"); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("no actor: %v", err)
		}
		tok, err := f.svc.CreateToken(ctx, f.mediator, "  Tableur   de suivi ")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateToken(ctx, f.partner, "Autre"); err != nil {
			t.Fatal(err)
		}
		list, err := f.svc.Tokens(ctx, f.mediator)
		if err != nil || len(list) != 1 || list[0].Name != "Tableur de suivi" || list[0].StructureID != f.a.ID {
			t.Fatalf("the actor's own tokens only: %+v err %v", list, err)
		}

		a, err := f.svc.TokenActor(ctx, "Bearer "+tok.Secret)
		if err != nil || a.User.ID != f.mediator.User.ID || a.StructureID() != f.a.ID || a.Via != account.ViaAPI || a.Who() != "agent@a.fr (Médiation numérique, API)" {
			t.Fatalf("actor %+v err %v", a, err)
		}
		if list, _ := f.svc.Tokens(ctx, f.mediator); list[0].LastUsedAt.IsZero() {
			t.Fatal("the use is not recorded")
		}
		if a, err := f.svc.TokenActor(ctx, ""); a != nil || err != nil {
			t.Fatal("no header, no actor, no error")
		}
		for _, header := range []string{"Basic YTpi", "Bearer prc_inconnu"} {
			if _, err := f.svc.TokenActor(ctx, header); !apperr.Is(err, apperr.Unauthorized) {
				t.Fatalf("%q: %v", header, err)
			}
		}

		if err := f.svc.RevokeToken(ctx, f.partner, tok.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("someone else's token: %v", err)
		}
		if err := f.svc.SetActive(ctx, f.admin, f.mediator.User.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TokenActor(ctx, "Bearer "+tok.Secret); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("deactivated account: %v", err)
		}
		if err := f.svc.SetActive(ctx, f.admin, f.mediator.User.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RevokeToken(ctx, f.mediator, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.TokenActor(ctx, "Bearer "+tok.Secret); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
	})
}

func TestInvitationAndPasswords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		_, err := f.svc.Invite(ctx, f.admin, account.NewUser{Email: "pas-une-adresse", Name: "", StructureID: f.b.ID, Role: "accueil"})
		if e, ok := apperr.As(err); !ok || e.FieldMap()["email"] == "" || e.FieldMap()["name"] == "" {
			t.Fatalf("invalid invitation: %v", err)
		}
		if _, err := f.svc.Invite(ctx, f.admin, account.NewUser{Email: "x@b.fr", Name: "X", StructureID: 999999, Role: "accueil"}); !hasField(err, "structure") {
			t.Fatalf("unknown structure: %v", err)
		}
		if _, err := f.svc.Invite(ctx, f.mediator, account.NewUser{Email: "x@b.fr", Name: "X", StructureID: f.b.ID, Role: "accueil"}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("only the administration invites: %v", err)
		}
		link, err := f.svc.Invite(ctx, f.admin, account.NewUser{Email: "Lea@B.fr", Name: "Léa", StructureID: f.b.ID, Role: "mediation"})
		if err != nil || link.Purpose != account.PurposeInvitation || link.User.Email != "lea@b.fr" || !link.Expires.Equal(f.clock.Now().Add(account.InvitationValidity)) || link.Path() != "/compte/mot-de-passe/"+link.Secret {
			t.Fatalf("link %+v err %v", link, err)
		}
		u, purpose, err := f.svc.LinkPublic(ctx, link.Secret)
		if err != nil || u.ID != link.User.ID || purpose != account.PurposeInvitation {
			t.Fatalf("link page: %+v %s %v", u, purpose, err)
		}
		if err := f.svc.SetPasswordPublic(ctx, link.Secret, "motdepasse2024", "motdepasse2024"); !hasField(err, "password") {
			t.Fatalf("a common password must be refused: %v", err)
		}
		if err := f.svc.SetPasswordPublic(ctx, link.Secret, password, password+"!"); !hasField(err, "confirm") {
			t.Fatalf("the confirmation must match: %v", err)
		}
		if err := f.svc.SetPasswordPublic(ctx, link.Secret, password, password); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetPasswordPublic(ctx, link.Secret, password, password); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a link works once: %v", err)
		}
		if _, _, err := f.svc.LinkPublic(ctx, link.Secret); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a used link: %v", err)
		}
		if _, err := f.svc.LoginPublic(ctx, accounts.Credentials{Email: "lea@b.fr", Password: password, ClientIP: "192.0.2.9"}); err != nil {
			t.Fatalf("the invited person logs in: %v", err)
		}

		reset, err := f.svc.ResetLink(ctx, f.admin, link.User.ID)
		if err != nil || reset.Purpose != account.PurposeReset || !reset.Expires.Equal(f.clock.Now().Add(account.ResetValidity)) {
			t.Fatalf("reset %+v err %v", reset, err)
		}
		again, _ := f.svc.ResetLink(ctx, f.admin, f.partner.User.ID)
		if again.Purpose != account.PurposeInvitation {
			t.Fatal("an account that never had a password gets an invitation again")
		}
		if err := f.svc.SetActive(ctx, f.admin, f.partner.User.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.LinkPublic(ctx, again.Secret); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the link of a deactivated account: %v", err)
		}
		if err := f.svc.SetPasswordPublic(ctx, again.Secret, password, password); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the link of a deactivated account: %v", err)
		}
		f.clock.Advance(account.ResetValidity + time.Minute)
		if err := f.svc.SetPasswordPublic(ctx, reset.Secret, password, password); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an expired link: %v", err)
		}

		// The console sets a password directly.
		console := account.Console()
		if _, err := f.svc.SetPassword(ctx, console, "personne@b.fr", password); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown account: %v", err)
		}
		if _, err := f.svc.SetPassword(ctx, console, "LEA@b.fr", "court"); !hasField(err, "password") {
			t.Fatalf("a short password: %v", err)
		}
		if u, err := f.svc.SetPassword(ctx, console, "LEA@b.fr", "une autre phrase assez longue"); err != nil || u.ID != link.User.ID {
			t.Fatalf("set password: %v", err)
		}
		if _, err := f.svc.SetPassword(ctx, f.mediator, "lea@b.fr", password); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("only the administration: %v", err)
		}
		created, err := f.svc.CreateWithPassword(ctx, console, account.NewUser{Email: "nina@a.fr", Name: "Nina", StructureID: f.a.ID, Role: account.RoleReception}, password)
		if err != nil || !created.HasPassword() {
			t.Fatalf("created %+v err %v", created, err)
		}
		if _, err := f.svc.CreateWithPassword(ctx, console, account.NewUser{Email: "nono@a.fr", Name: "Nono", StructureID: f.a.ID, Role: account.RoleReception}, "court"); !hasField(err, "password") {
			t.Fatalf("a short password: %v", err)
		}
	})
}

func TestUsersAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		for _, err := range []error{
			second(f.svc.Users(ctx, f.mediator)),
			second(f.svc.User(ctx, f.partner, f.admin.User.ID)),
			f.svc.SetRole(ctx, f.mediator, f.mediator.User.ID, f.a.ID, account.RoleAdmin),
			f.svc.RemoveRole(ctx, f.mediator, f.partner.User.ID, f.b.ID),
			f.svc.SetActive(ctx, f.mediator, f.partner.User.ID, false),
			second(f.svc.ResetLink(ctx, f.mediator, f.partner.User.ID)),
		} {
			if !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("only the administration administers accounts: %v", err)
			}
		}
		users, err := f.svc.Users(ctx, f.admin)
		if err != nil || len(users) != 3 {
			t.Fatalf("users %+v err %v", users, err)
		}
		for _, tc := range []struct {
			user, structure int64
			role            account.Role
			field           string
		}{
			{f.partner.User.ID, f.a.ID, "chef", "role"},
			{f.partner.User.ID, 0, account.RoleReception, "structure"},
			{f.partner.User.ID, 999999, account.RoleReception, "structure"},
			{f.admin.User.ID, f.a.ID, account.RoleReception, "role"}, // one's own administration role
		} {
			if err := f.svc.SetRole(ctx, f.admin, tc.user, tc.structure, tc.role); !hasField(err, tc.field) {
				t.Errorf("%+v: %v", tc, err)
			}
		}
		if err := f.svc.SetRole(ctx, f.admin, 999999, f.a.ID, account.RoleReception); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown account: %v", err)
		}
		if err := f.svc.SetRole(ctx, f.admin, f.partner.User.ID, f.a.ID, account.RoleReception); err != nil {
			t.Fatal(err)
		}
		ur, err := f.svc.User(ctx, f.admin, f.partner.User.ID)
		if err != nil || len(ur.Memberships) != 2 {
			t.Fatalf("user %+v err %v", ur, err)
		}
		if err := f.svc.RemoveRole(ctx, f.admin, f.admin.User.ID, f.a.ID); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("the role one acts with stays: %v", err)
		}
		if err := f.svc.RemoveRole(ctx, f.admin, f.partner.User.ID, f.a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RemoveRole(ctx, f.admin, f.partner.User.ID, f.b.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("the last role stays: %v", err)
		}
		if err := f.svc.SetActive(ctx, f.admin, f.admin.User.ID, false); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("nobody deactivates their own account: %v", err)
		}
		if err := f.svc.SetActive(ctx, f.admin, f.partner.User.ID, false); err != nil {
			t.Fatal(err)
		}
		if u, _ := f.svc.User(ctx, f.admin, f.partner.User.ID); u.User.Active {
			t.Fatal("the account is still active")
		}

		// The console acts as an account through one of its roles.
		console := account.Console()
		as, err := f.svc.ActAs(ctx, console, "AGENT@a.fr", f.a.ID)
		if err != nil || as.User.ID != f.mediator.User.ID || as.Role() != account.RoleMediation || as.Via != account.ViaConsole {
			t.Fatalf("act as %+v err %v", as, err)
		}
		if _, err := f.svc.ActAs(ctx, console, f.mediatorEmail, f.b.ID); !apperr.Is(err, apperr.NotFound) || !strings.Contains(apperr.MessageOf(err), "pas de rôle") {
			t.Fatalf("no role there: %v", err)
		}
		if _, err := f.svc.ActAs(ctx, console, "personne@a.fr", f.a.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown account: %v", err)
		}
		if _, err := f.svc.ActAs(ctx, f.mediator, f.adminEmail, f.a.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("only the administration acts as another account: %v", err)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func hasField(err error, field string) bool {
	e, ok := apperr.As(err)
	return ok && e.Code == apperr.Invalid && e.FieldMap()[field] != ""
}
