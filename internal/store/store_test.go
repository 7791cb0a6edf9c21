package store_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func TestMigrationVersionsMatchAcrossDialects(t *testing.T) {
	lite, err := store.MigrationVersions(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := store.MigrationVersions(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || !reflect.DeepEqual(lite, pg) {
		t.Fatalf("migration versions differ: sqlite %v, postgres %v", lite, pg)
	}
}

func TestGoModPinsLibc(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "modernc.org/libc v1.77.1") || !strings.Contains(string(b), "modernc.org/sqlite v1.60.1") {
		t.Fatal("go.mod must pin modernc.org/sqlite v1.60.1 with modernc.org/libc v1.77.1")
	}
}

func newStructure(t *testing.T, st *store.Store, name string, territory int64) structure.Structure {
	t.Helper()
	s := structure.Structure{Name: name, Typology: "CCAS", RNA: "W179999999", CommuneCode: "17299", Address: "1 rue Test", TerritoryID: territory}
	s.Normalize()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateStructure(context.Background(), &s, t0); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestStructures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		terr := structure.Territory{Name: "Pays test", CommuneCodes: []string{"17299", "17449", "17299"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		a := newStructure(t, st, "CCAS d'Éragny", terr.ID)
		b := newStructure(t, st, "Médiathèque 100% numérique_", 0)

		t.Run("OK", func(t *testing.T) {
			got, err := st.Structure(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != a.Name || got.TerritoryID != terr.ID || !got.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
				t.Fatalf("got %+v", got)
			}
		})
		t.Run("ErrNotFound", func(t *testing.T) {
			if _, err := st.Structure(ctx, 999999); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("err = %v", err)
			}
		})
		t.Run("SearchIsAccentAndCaseInsensitive", func(t *testing.T) {
			list, err := st.ListStructures(ctx, store.StructureFilter{Query: "eragny"})
			if err != nil || len(list) != 1 || list[0].ID != a.ID {
				t.Fatalf("list %v err %v", list, err)
			}
			list, err = st.ListStructures(ctx, store.StructureFilter{Query: "100%"})
			if err != nil || len(list) != 1 || list[0].ID != b.ID {
				t.Fatalf("LIKE wildcards must be literal: %v err %v", list, err)
			}
			list, err = st.ListStructures(ctx, store.StructureFilter{TerritoryID: terr.ID})
			if err != nil || len(list) != 1 {
				t.Fatalf("territory filter: %v err %v", list, err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			a.Name = "CCAS de Rochefort"
			if err := st.UpdateStructure(ctx, a, t0.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Structure(ctx, a.ID)
			if got.Name != "CCAS de Rochefort" || !got.UpdatedAt.After(got.CreatedAt) {
				t.Fatalf("got %+v", got)
			}
			if err := st.UpdateStructure(ctx, structure.Structure{ID: 424242, Name: "x"}, t0); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("update of a missing structure: %v", err)
			}
		})
		t.Run("Territory", func(t *testing.T) {
			if err := st.SetTerritoryCoordinator(ctx, terr.ID, a.ID); err != nil {
				t.Fatal(err)
			}
			got, err := st.Territory(ctx, terr.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.CoordinatorStructureID != a.ID || !reflect.DeepEqual(got.CommuneCodes, []string{"17299", "17449"}) {
				t.Fatalf("got %+v", got)
			}
			other := structure.Territory{Name: "Autre", CommuneCodes: []string{"75056"}, CoordinatorStructureID: a.ID}
			if err := st.CreateTerritory(ctx, &other, t0); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("a structure coordinates one territory only: %v", err)
			}
		})
	})
}

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
		id, err := st.CreateUser(ctx, account.NewUser{Email: " Agent@Exemple.FR ", Name: "Agent", StructureID: a.ID, Role: account.RoleCoordination}, "", t0)
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
		})
		t.Run("Memberships", func(t *testing.T) {
			if err := st.SetMembership(ctx, id, b.ID, account.RoleReception, t0); err != nil {
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
			if err := st.SetMembership(ctx, id, b.ID, account.RolePartner, t0); err != nil {
				t.Fatal(err)
			}
			ms, _ = st.Memberships(ctx, id)
			if ms[1].Role != account.RolePartner {
				t.Fatalf("role change not saved: %+v", ms[1])
			}
			if err := st.RemoveMembership(ctx, id, b.ID); err != nil {
				t.Fatal(err)
			}
			if err := st.RemoveMembership(ctx, id, a.ID); !apperr.Is(err, apperr.Conflict) {
				t.Fatalf("the last membership must stay: %v", err)
			}
			members, err := st.StructureMembers(ctx, a.ID)
			if err != nil || len(members) != 1 || members[0].User.ID != id {
				t.Fatalf("members %v err %v", members, err)
			}
			list, err := st.ListUsers(ctx)
			if err != nil || len(list) != 1 || len(list[0].Memberships) != 1 {
				t.Fatalf("list %v err %v", list, err)
			}
		})
		t.Run("SessionsEndOnPasswordAndDeactivation", func(t *testing.T) {
			u0, _ := st.User(ctx, id)
			if err := st.SetPassword(ctx, id, "$argon2id$x", t0); err != nil {
				t.Fatal(err)
			}
			u1, _ := st.User(ctx, id)
			epoch, err := st.EndAllSessions(ctx, id)
			if err != nil || u1.SessionEpoch <= u0.SessionEpoch || epoch <= u1.SessionEpoch {
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
	})
}

func TestLoginThrottle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		acc := account.ThrottleKeyAccount("x@y.fr")
		ip := account.ThrottleKeyIP("192.0.2.1")
		for i := 0; i < 5; i++ {
			if err := st.RecordLoginFailure(ctx, t0, acc, ip); err != nil {
				t.Fatal(err)
			}
		}
		until, err := st.ThrottleLockedUntil(ctx, acc, ip)
		if err != nil {
			t.Fatal(err)
		}
		if want := t0.Add(account.LockoutAfter(acc, 5)); !until.Equal(want.Truncate(time.Microsecond)) {
			t.Fatalf("locked until %v, want %v", until, want)
		}
		if err := st.ResetLoginFailures(ctx, acc, ip); err != nil {
			t.Fatal(err)
		}
		until, _ = st.ThrottleLockedUntil(ctx, acc, ip)
		if !until.IsZero() {
			t.Fatalf("reset did not clear the lock: %v", until)
		}
		if err := st.PruneLoginThrottle(ctx, t0); err != nil {
			t.Fatal(err)
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

func TestMigrateTwiceConcurrently(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		url := storetest.PostgresURL(t)
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for i := 0; i < 2; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, err := store.Open(context.Background(), store.Config{DatabaseURL: url})
				if err != nil {
					errs <- err
					return
				}
				defer st.Close()
				errs <- st.Migrate(context.Background())
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

func TestBackupSQLite(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	s := newStructure(t, st, "Sauvegardée", 0)
	dest := filepath.Join(t.TempDir(), "copie", store.SQLiteFile)
	if err := st.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(ctx, dest); err == nil {
		t.Fatal("backup must refuse to overwrite a file")
	}
	copyStore, err := store.Open(ctx, store.Config{DataDir: filepath.Dir(dest)})
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	got, err := copyStore.Structure(ctx, s.ID)
	if err != nil || got.Name != "Sauvegardée" {
		t.Fatalf("copy holds %+v err %v", got, err)
	}
}

func TestUnreachablePostgres(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_, err := store.Open(ctx, store.Config{DatabaseURL: "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"})
	if err == nil || !strings.Contains(err.Error(), "impossible de joindre PostgreSQL") || strings.Contains(err.Error(), "secret") {
		t.Fatalf("err = %v", err)
	}
}
