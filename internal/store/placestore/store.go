// Package placestore holds the SQL of places: the directory of places, its imports and uploads, and the reports residents send about a place.
package placestore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes places; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the places store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
