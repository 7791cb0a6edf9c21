package networkstore_test

import (
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/store/networkstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

func newStructure(t *testing.T, st *networkstore.Store, name string, territory int64) structure.Structure {
	t.Helper()
	return storetest.Structure(t, st.Store, name, territory, t0)
}
