// Package networkstore holds the SQL of the network of actors: its listings and its newsletter, with subscribers and issues.
package networkstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes the network; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the the network store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
