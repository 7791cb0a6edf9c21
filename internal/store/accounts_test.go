package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestUsersAndMemberships(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		terr := structure.Territory{Name: "T", CommuneCodes: []string{"17299"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		a := newStructure(t, st, "A", terr.ID)
		b := newStructure(t, st, "B", 0)
		if err := st.SetTerritoryCoordinator(ctx, terr.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		inTerritory, platform := scope.OfTerritory(terr.ID), scope.Platform()
		id, err := st.CreateUser(ctx, account.NewUser{Email: " Agent@Exemple.FR ", Name: "Agent", StructureID: a.ID, Role: account.RoleCoordination}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		outsider, err := st.CreateUser(ctx, account.NewUser{Email: "b@exemple.fr", Name: "Bénévole", StructureID: b.ID, Role: account.RolePartner}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("EmailIsCaseInsensitiveAndUnique", func(t *testing.T) {
			u, err := st.UserByEmail(ctx, "agent@exemple.fr")
			if err != nil || u.ID != id || !u.Active || u.HasPassword() {
				t.Fatalf("u %+v err %v", u, err)
			}
			_, err = st.CreateUser(ctx, account.NewUser{Email: "AGENT@exemple.fr", Name: "Double", StructureID: b.ID, Role: account.RoleReception}, "", t0)
			e, ok := apperr.As(err)
			if !ok || e.Code != apperr.Conflict || e.FieldMap()["email"] == "" {
				t.Fatalf("duplicate e-mail: %v", err)
			}
			if _, err := st.UserByEmail(ctx, "personne@exemple.fr"); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("unknown e-mail: %v", err)
			}
			if _, err := st.User(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("unknown user: %v", err)
			}
		})
		t.Run("Memberships", func(t *testing.T) {
			if err := st.SetMembershipInTerritory(ctx, platform, id, b.ID, account.RoleReception, t0); err != nil {
				t.Fatal(err)
			}
			ms, err := st.Memberships(ctx, id)
			if err != nil || len(ms) != 2 {
				t.Fatalf("ms %v err %v", ms, err)
			}
			if ms[0].StructureID != a.ID || ms[0].CoordinatedTerritoryID != terr.ID || ms[0].StructureTerritoryID != terr.ID || ms[0].Role != account.RoleCoordination {
				t.Fatalf("membership A: %+v", ms[0])
			}
			if ms[1].CoordinatedTerritoryID != 0 || ms[1].Role != account.RoleReception {
				t.Fatalf("membership B: %+v", ms[1])
			}
			if err := st.SetMembershipInTerritory(ctx, platform, id, b.ID, account.RolePartner, t0); err != nil {
				t.Fatal(err)
			}
			ms, _ = st.Memberships(ctx, id)
			if ms[1].Role != account.RolePartner {
				t.Fatalf("role change not saved: %+v", ms[1])
			}
			if err := st.SetMembershipInTerritory(ctx, platform, 999999, b.ID, account.RolePartner, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("unknown user: %v", err)
			}
			if err := st.RemoveMembershipInTerritory(ctx, platform, id, b.ID); err != nil {
				t.Fatal(err)
			}
			if err := st.RemoveMembershipInTerritory(ctx, platform, id, a.ID); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("the last membership must stay: %v", err)
			}
		})
		t.Run("MembershipsStayInTheirScope", func(t *testing.T) {
			if err := st.SetMembershipInTerritory(ctx, inTerritory, id, b.ID, account.RoleReception, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure outside the territory: %v", err)
			}
			if err := st.RemoveMembershipInTerritory(ctx, inTerritory, outsider, b.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure outside the territory: %v", err)
			}
			if err := st.SetMembershipInTerritory(ctx, scope.Territory{}, id, a.ID, account.RoleReception, t0); err != scope.ErrMissing {
				t.Fatalf("a zero scope must be refused: %v", err)
			}
			if ms, _ := st.Memberships(ctx, id); len(ms) != 1 || ms[0].Role != account.RoleCoordination {
				t.Fatalf("refused changes changed memberships: %+v", ms)
			}
		})
		t.Run("ManagerFlagStaysInItsScopeAndSurvivesARoleChange", func(t *testing.T) {
			j := journal.Entry{Who: "Admin (Administration)", Action: journal.Update, What: "Bénévole est désormais responsable de la structure"}
			if err := st.SetManagerInTerritory(ctx, inTerritory, outsider, b.ID, true, j, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure outside the territory: %v", err)
			}
			if err := st.SetManagerInTerritory(ctx, platform, outsider, a.ID, true, j, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure where the account has no role: %v", err)
			}
			if err := st.SetManagerInTerritory(ctx, scope.Territory{}, outsider, b.ID, true, j, t0); err != scope.ErrMissing {
				t.Fatalf("a zero scope must be refused: %v", err)
			}
			if ms, _ := st.Memberships(ctx, outsider); len(ms) != 1 || ms[0].Manager {
				t.Fatalf("refused namings changed the membership: %+v", ms)
			}
			if err := st.SetManagerInTerritory(ctx, platform, outsider, b.ID, true, j, t0); err != nil {
				t.Fatal(err)
			}
			if err := st.SetMembershipInTerritory(ctx, platform, outsider, b.ID, account.RoleMediation, t0); err != nil {
				t.Fatal(err)
			}
			ms, _ := st.Memberships(ctx, outsider)
			members, err := st.StructureMembersInTerritory(ctx, platform, b.ID)
			if err != nil || len(ms) != 1 || !ms[0].Manager || ms[0].Role != account.RoleMediation || len(members) != 1 || !members[0].Manager {
				t.Fatalf("the manager after a role change: %+v, members %+v, err %v", ms, members, err)
			}
			entries, _, err := st.ListJournal(ctx, scope.OfStructure(b.ID), store.JournalFilter{Limit: 5})
			if err != nil || len(entries) != 1 || entries[0].What != j.What || entries[0].StructureID != b.ID {
				t.Fatalf("the naming is journaled once in the structure: %+v, err %v", entries, err)
			}
			if err := st.SetManagerInTerritory(ctx, platform, outsider, b.ID, false, j, t0); err != nil {
				t.Fatal(err)
			}
			if err := st.SetMembershipInTerritory(ctx, platform, outsider, b.ID, account.RolePartner, t0); err != nil {
				t.Fatal(err)
			}
			if ms, _ := st.Memberships(ctx, outsider); ms[0].Manager {
				t.Fatalf("unnamed: %+v", ms)
			}
		})
		t.Run("StructureMembers", func(t *testing.T) {
			members, err := st.StructureMembers(ctx, scope.OfStructure(a.ID))
			if err != nil || len(members) != 1 || members[0].User.ID != id || members[0].Role != account.RoleCoordination {
				t.Fatalf("members %v err %v", members, err)
			}
			if _, err := st.StructureMembers(ctx, scope.Structure{}); err != scope.ErrMissing {
				t.Fatalf("a zero scope must be refused: %v", err)
			}
			members, err = st.StructureMembersInTerritory(ctx, platform, b.ID)
			if err != nil || len(members) != 1 || members[0].User.ID != outsider {
				t.Fatalf("the platform sees every structure's members: %v err %v", members, err)
			}
			if _, err := st.StructureMembersInTerritory(ctx, inTerritory, b.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("a structure outside the territory: %v", err)
			}
		})
		t.Run("ListUsers", func(t *testing.T) {
			list, err := st.ListUsersInTerritory(ctx, platform)
			if err != nil || len(list) != 2 || list[0].User.ID != id || len(list[0].Memberships) != 1 || list[1].User.ID != outsider {
				t.Fatalf("list %+v err %v", list, err)
			}
			list, err = st.ListUsersInTerritory(ctx, inTerritory)
			if err != nil || len(list) != 1 || list[0].User.ID != id || len(list[0].Memberships) != 1 || list[0].Memberships[0].StructureID != a.ID {
				t.Fatalf("the territory's accounts only: %+v err %v", list, err)
			}
		})
		t.Run("SessionsEndOnPasswordAndDeactivation", func(t *testing.T) {
			u0, _ := st.User(ctx, id)
			if err := st.SetPassword(ctx, id, "$argon2id$x", t0); err != nil {
				t.Fatal(err)
			}
			u1, _ := st.User(ctx, id)
			epoch, err := st.EndAllSessions(ctx, id, t0)
			if err != nil || u1.SessionEpoch <= u0.SessionEpoch || epoch <= u1.SessionEpoch || u1.PasswordHash != "$argon2id$x" {
				t.Fatalf("epochs %d %d %d err %v", u0.SessionEpoch, u1.SessionEpoch, epoch, err)
			}
			if err := st.SetUserActive(ctx, id, false, t0); err != nil {
				t.Fatal(err)
			}
			u2, _ := st.User(ctx, id)
			if u2.Active || u2.SessionEpoch <= epoch {
				t.Fatalf("deactivated user %+v", u2)
			}
			if err := st.RecordLogin(ctx, id, t0); err != nil {
				t.Fatal(err)
			}
			if u3, _ := st.User(ctx, id); !u3.LastLoginAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Fatalf("last login %v", u3.LastLoginAt)
			}
			for _, err := range []error{st.SetPassword(ctx, 999999, "x", t0), st.SetUserActive(ctx, 999999, true, t0)} {
				if !apperr.Is(err, apperr.NotFound) {
					t.Fatalf("unknown user: %v", err)
				}
			}
			if _, err := st.EndAllSessions(ctx, 999999, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("unknown user: %v", err)
			}
		})
	})
}

func TestOneTimeTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		s := newStructure(t, st, "S", 0)
		id, err := st.CreateUser(ctx, account.NewUser{Email: "a@b.fr", Name: "A", StructureID: s.ID, Role: account.RoleMediation}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		_, old := account.NewSecret()
		_, h := account.NewSecret()
		for _, hash := range []string{old, h} {
			if err := st.CreateOneTimeToken(ctx, hash, id, account.PurposeInvitation, 0, t0, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		if got, err := st.OneTimeTokenUser(ctx, h, account.PurposeInvitation, t0); err != nil || got != id {
			t.Fatalf("valid link: %d %v", got, err)
		}
		if _, err := st.OneTimeTokenUser(ctx, h, account.PurposeReset, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("wrong purpose accepted: %v", err)
		}
		if _, err := st.UseOneTimeToken(ctx, h, account.PurposeInvitation, "hash", t0.Add(2*time.Hour)); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("expired token accepted: %v", err)
		}
		got, err := st.UseOneTimeToken(ctx, h, account.PurposeInvitation, "hash", t0.Add(time.Minute))
		if err != nil || got != id {
			t.Fatalf("got %d err %v", got, err)
		}
		if _, err := st.UseOneTimeToken(ctx, h, account.PurposeInvitation, "hash2", t0.Add(time.Minute)); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a token works once: %v", err)
		}
		if _, err := st.OneTimeTokenUser(ctx, old, account.PurposeInvitation, t0.Add(time.Minute)); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("older links must stop working once one is used: %v", err)
		}
		u, _ := st.User(ctx, id)
		if u.PasswordHash != "hash" {
			t.Fatalf("password not set: %+v", u)
		}

		// An invitation creates the account and its link together, or neither.
		_, invitation := account.NewSecret()
		invited, err := st.InviteUser(ctx, account.NewUser{Email: "Invite@B.fr", Name: "Invitée", StructureID: s.ID, Role: account.RoleReception}, invitation, id, t0, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got, err := st.OneTimeTokenUser(ctx, invitation, account.PurposeInvitation, t0); err != nil || got != invited {
			t.Fatalf("invitation link: %d %v", got, err)
		}
		if u, _ := st.User(ctx, invited); u.Email != "invite@b.fr" || u.HasPassword() {
			t.Fatalf("invited %+v", u)
		}
		_, again := account.NewSecret()
		if _, err := st.InviteUser(ctx, account.NewUser{Email: "invite@b.fr", Name: "Double", StructureID: s.ID, Role: account.RoleReception}, again, id, t0, t0.Add(time.Hour)); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		if _, err := st.OneTimeTokenUser(ctx, again, account.PurposeInvitation, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a refused invitation must leave no link: %v", err)
		}

		// A deactivated account cannot set a password through a link.
		_, reset := account.NewSecret()
		if err := st.CreateOneTimeToken(ctx, reset, id, account.PurposeReset, id, t0, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := st.SetUserActive(ctx, id, false, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := st.UseOneTimeToken(ctx, reset, account.PurposeReset, "hash3", t0); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("deactivated account: %v", err)
		}
		if u, _ := st.User(ctx, id); u.PasswordHash != "hash" {
			t.Fatal("a refused link must not change the password")
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src := account.ThrottleKeySource("x@y.fr", "192.0.2.1")
		ip := account.ThrottleKeyIP("192.0.2.1")
		// Each allowed attempt is counted in advance: the fourth sets a lock,
		// the fifth is refused without being counted.
		for i := 0; i < 4; i++ {
			if until, err := st.ThrottleAttempt(ctx, t0, src, ip); err != nil || !until.IsZero() {
				t.Fatalf("attempt %d: %v %v", i+1, until, err)
			}
		}
		until, err := st.ThrottleAttempt(ctx, t0, src, ip)
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(account.LockoutAfter(src, 4)); !until.Equal(want.Truncate(time.Microsecond)) {
			t.Fatalf("locked until %v, want %v", until, want)
		}
		if err := st.ResetLoginFailures(ctx, src); err != nil {
			t.Fatal(err)
		}
		if until, _ := st.ThrottleAttempt(ctx, t0, src); !until.IsZero() {
			t.Fatalf("reset did not clear the lock: %v", until)
		}

		// Pruning forgets day-old failures whose lock is over, and only those.
		later := t0.Add(25 * time.Hour)
		for i := 0; i < 25; i++ {
			if _, err := st.ThrottleAttempt(ctx, later, ip); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.PruneLoginThrottle(ctx, later); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			if until, _ := st.ThrottleAttempt(ctx, later, src); !until.IsZero() {
				t.Fatalf("the old failures must be forgotten (3 new ones lock nothing): %v", until)
			}
		}
		if until, _ := st.ThrottleAttempt(ctx, later, ip); !until.After(later) {
			t.Fatalf("recent failures must stay: %v", until)
		}
		// A success gives the address its room back.
		if err := st.ForgiveAttempt(ctx, src); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 2; i++ {
			if until, _ := st.ThrottleAttempt(ctx, later, src); !until.IsZero() {
				t.Fatalf("forgiven attempt still counted: %v", until)
			}
		}
	})
}

func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := newStructure(t, st, "A", 0)
		b := newStructure(t, st, "B", 0)
		uid, err := st.CreateUser(ctx, account.NewUser{Email: "a@b.fr", Name: "A", StructureID: a.ID, Role: account.RoleMediation}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		other, err := st.CreateUser(ctx, account.NewUser{Email: "o@b.fr", Name: "O", StructureID: b.ID, Role: account.RoleMediation}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		secret, hash, prefix := account.NewAPIToken()
		if _, err := st.CreateAPIToken(ctx, uid, b.ID, "Ailleurs", hash, prefix, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a token acts only through one's own membership: %v", err)
		}
		id, err := st.CreateAPIToken(ctx, uid, a.ID, "Tableur", hash, prefix, t0)
		if err != nil {
			t.Fatal(err)
		}
		tokenID, owner, structureID, last, err := st.APITokenOwner(ctx, account.HashSecret(secret))
		if err != nil || tokenID != id || owner != uid || structureID != a.ID || !last.IsZero() {
			t.Fatalf("owner %d %d %d %v err %v", tokenID, owner, structureID, last, err)
		}
		if err := st.TouchAPIToken(ctx, id, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		list, err := st.APITokens(ctx, uid)
		if err != nil || len(list) != 1 || list[0].Name != "Tableur" || list[0].StructureName != "A" || !list[0].LastUsedAt.Equal(t0.Add(time.Hour).Truncate(time.Microsecond)) {
			t.Fatalf("list %+v err %v", list, err)
		}
		if list, _ := st.APITokens(ctx, other); len(list) != 0 {
			t.Fatalf("another user's tokens: %+v", list)
		}
		actor, err := st.ActorForMembership(ctx, uid, a.ID)
		if err != nil || actor.User.ID != uid || actor.StructureID() != a.ID || actor.Role() != account.RoleMediation || len(actor.Memberships) != 1 {
			t.Fatalf("actor %+v err %v", actor, err)
		}
		if _, err := st.ActorForMembership(ctx, uid, b.ID); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("no membership, no actor: %v", err)
		}

		if err := st.SetUserActive(ctx, uid, false, t0); err != nil {
			t.Fatal(err)
		}
		if _, _, _, _, err := st.APITokenOwner(ctx, hash); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("deactivated account: %v", err)
		}
		if err := st.SetUserActive(ctx, uid, true, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIToken(ctx, other, id, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("someone else's token: %v", err)
		}
		if err := st.RevokeAPIToken(ctx, uid, id, t0); err != nil {
			t.Fatal(err)
		}
		if err := st.RevokeAPIToken(ctx, uid, id, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a token is revoked once: %v", err)
		}
		if _, _, _, _, err := st.APITokenOwner(ctx, hash); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
		if list, _ := st.APITokens(ctx, uid); len(list) != 1 || list[0].RevokedAt.IsZero() {
			t.Fatalf("a revoked token stays listed as revoked: %+v", list)
		}
	})
}

func TestSessionStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := t0
		ss := st.Sessions(func() time.Time { return now })
		if err := ss.CommitCtx(ctx, "tok", []byte{1, 2, 3}, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := ss.CommitCtx(ctx, "tok", []byte{4}, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		b, found, err := ss.FindCtx(ctx, "tok")
		if err != nil || !found || !reflect.DeepEqual(b, []byte{4}) {
			t.Fatalf("b %v found %v err %v", b, found, err)
		}
		if err := ss.Commit("sans-contexte", []byte{5}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, found, err := ss.Find("sans-contexte"); err != nil || !found || !reflect.DeepEqual(b, []byte{5}) {
			t.Fatalf("b %v found %v err %v", b, found, err)
		}
		if err := ss.Delete("sans-contexte"); err != nil {
			t.Fatal(err)
		}
		if _, found, _ := ss.Find("sans-contexte"); found {
			t.Fatal("a deleted session must not be found")
		}
		now = now.Add(2 * time.Minute)
		if _, found, _ := ss.FindCtx(ctx, "tok"); found {
			t.Fatal("an expired session must not be found")
		}
		if n, err := ss.DeleteExpired(ctx); err != nil || n != 1 {
			t.Fatalf("deleted %d err %v", n, err)
		}
		if err := ss.DeleteCtx(ctx, "tok"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if v, err := st.Setting(ctx, "x"); err != nil || v != "" {
			t.Fatalf("v %q err %v", v, err)
		}
		for _, v := range []string{"1", "2"} {
			if err := st.SetSetting(ctx, "x", v); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := st.Setting(ctx, "x"); v != "2" {
			t.Fatalf("v %q", v)
		}
	})
}

// Sessions are stored under the hash of their token: the keys a copy of the
// database shows open no session.
func TestSessionTokensStoredHashed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		ss := st.Sessions(func() time.Time { return t0 })
		token := "jeton-de-session-de-test-0123456789"
		if err := ss.CommitCtx(ctx, token, []byte("donnees"), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, ok, err := ss.FindCtx(ctx, token); err != nil || !ok || string(b) != "donnees" {
			t.Fatalf("the token finds its session: %q %v %v", b, ok, err)
		}
		keys, err := st.SessionKeysForTest(ctx)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %v %v", keys, err)
		}
		if keys[0] == token || len(keys[0]) != 64 {
			t.Fatalf("the token is stored as it is: %q", keys[0])
		}
		if _, ok, _ := ss.FindCtx(ctx, keys[0]); ok {
			t.Fatal("a stored key opens the session")
		}
		if err := ss.DeleteCtx(ctx, token); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := ss.FindCtx(ctx, token); ok {
			t.Fatal("deleted")
		}
	})
}
