// Package workshopstore holds the SQL of workshops: their sessions, registrations, waiting lists and attendance.
package workshopstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes workshops; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the workshops store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
