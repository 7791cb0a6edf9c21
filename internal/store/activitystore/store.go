// Package activitystore holds the SQL of activities: the accompaniments and workshops recorded by mediators, and their figures.
package activitystore

import (
	"database/sql"
	"sync"

	"github.com/parcours-numerique/parcours/internal/store"
)

// Store reads and writes activities; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct {
	*store.Store
	full *fullImport
}

// fullImport is the statement inserting a full batch of imported
// activities, prepared once on the writer and reused by every batch.
type fullImport struct {
	mu   sync.Mutex
	stmt *sql.Stmt
}

// New builds the activities store on the core store.
func New(s *store.Store) *Store { return &Store{Store: s, full: &fullImport{}} }
