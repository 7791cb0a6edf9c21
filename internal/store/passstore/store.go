// Package passstore holds the SQL of the digital-inclusion passes: carnets, their cheques and redemptions.
package passstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes passes; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the passes store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
