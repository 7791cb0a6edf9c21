package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestSafeDemo: the demo person's safe holds a residence permit expiring
// in three months, whose SMS reminder is due at once.
func TestSafeDemo(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	now := time.Now()
	tr, err := demo.Load(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := docsafe.NewTerritoryKey()
	ap := app.New(st, app.Config{Now: func() time.Time { return now }, Safe: safe.Config{Key: k, Dir: t.TempDir()}})
	if err := demo.LoadSafe(ctx, st, ap.Safe, tr); err != nil {
		t.Fatal(err)
	}
	n, err := ap.Safe.SendReminders(ctx)
	if err != nil || n != 1 {
		t.Fatalf("%d reminders due in the demo (%v), want the residence permit's", n, err)
	}
	off := app.New(st, app.Config{})
	if err := demo.LoadSafe(ctx, st, off.Safe, tr); err != nil {
		t.Fatalf("without a key the demo adds no safe: %v", err)
	}
}
