// Package surveystore holds the SQL of surveys: questionnaires, their versions, responses, imports and benchmarks.
package surveystore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes surveys; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the surveys store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
