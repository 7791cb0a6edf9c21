// Package itinerantstore holds the SQL of itinerant services: the services
// that come to residents, their stops and the stops' cancelled dates.
package itinerantstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes itinerant services; the core's methods stay
// reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the itinerant store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
