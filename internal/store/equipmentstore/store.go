// Package equipmentstore holds the SQL of equipment: the devices a structure lends, their loans and the requests for one.
package equipmentstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes equipment; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the equipment store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
