package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestImportActivitiesByFullBatches: imported activities are saved by
// statements of 500 rows (the full ones prepared once and reused) and one
// for the rest; a key repeated in the same batch or a later one, or
// imported again, is a duplicate — on both databases.
func TestImportActivitiesByFullBatches(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		d, err := demo.Load(ctx, st, now)
		if err != nil {
			t.Fatal(err)
		}
		ccas := scope.OfStructure(d.Structures[demo.CCAS])
		as := activitystore.New(st)
		const n = 1001
		acts := make([]activity.Activity, n)
		keys := make([]string, n)
		for i := range acts {
			acts[i] = activity.Activity{Type: activity.TypeIndividual, Date: now.Format(activity.DateLayout), Duration: 30 + i%60, Canal: "a_distance",
				Themes: []string{"email"}, AnonGender: "feminin"}
			keys[i] = "batch:" + strconv.Itoa(i)
		}
		keys[10] = keys[3]   // the same batch
		keys[600] = keys[7]  // a later full batch
		keys[1000] = keys[8] // the last, partial batch
		done, err := as.ImportActivities(ctx, ccas, acts, keys, now)
		if err != nil {
			t.Fatal(err)
		}
		saved := 0
		for i, ok := range done {
			if ok {
				saved++
				if acts[i].ID == 0 {
					t.Fatalf("activity %d saved without its id", i)
				}
			}
		}
		if saved != n-3 || done[10] || done[600] || done[1000] || !done[3] || !done[7] || !done[8] {
			t.Fatalf("%d saved, want %d (duplicates 10, 600, 1000: %v %v %v)", saved, n-3, done[10], done[600], done[1000])
		}
		var rows int
		if err := st.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM activities WHERE source_key LIKE 'batch:%'").Scan(&rows); err != nil || rows != n-3 {
			t.Fatalf("%v: %d rows", err, rows)
		}
		again, err := as.ImportActivities(ctx, ccas, acts, keys, now)
		if err != nil {
			t.Fatal(err)
		}
		for i, ok := range again {
			if ok {
				t.Fatalf("activity %d imported twice", i)
			}
		}
	})
}
