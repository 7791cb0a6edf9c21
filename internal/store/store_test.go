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
	return storetest.Structure(t, st, name, territory, t0)
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
