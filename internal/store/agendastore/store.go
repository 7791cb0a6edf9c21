// Package agendastore holds the SQL of the agenda: motives, permanences, appointments, staff absences and calendar feeds.
package agendastore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes the agenda; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the the agenda store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
