// Package shown journals the screens and API answers that show residents'
// identities without opening one file: an agenda week, a workshop's
// registrations or attendance sheet, the outbox. Each shows names, so each
// is journaled: who, for which structure, when, why, and which person
// files appeared.
package shown

import (
	"context"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Journal records that a was shown why: one list entry, and one read entry
// per person file among personIDs (zeros and repeats ignored).
func Journal(ctx context.Context, st *store.Store, a *account.Actor, at time.Time, why string, personIDs []int64) error {
	e := journal.By(a, journal.List, why)
	e.At = at
	if err := st.AddJournal(ctx, a.Scope(), e); err != nil {
		return err
	}
	ids := slices.Clone(personIDs)
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		if id == 0 {
			continue
		}
		e := journal.By(a, journal.Read, why)
		e.PersonID, e.At = id, at
		if err := st.AddJournal(ctx, a.Scope(), e); err != nil {
			return err
		}
	}
	return nil
}
