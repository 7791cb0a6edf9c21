// Package activitystore holds the SQL of activities: the accompaniments and workshops recorded by mediators, and their figures.
package activitystore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes activities; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the activities store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
