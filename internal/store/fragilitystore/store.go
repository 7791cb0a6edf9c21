// Package fragilitystore holds the SQL of the fragility index: the indicators of each commune of a territory and the offer that answers them.
package fragilitystore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes the fragility index; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the the fragility index store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
