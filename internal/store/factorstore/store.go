// Package factorstore holds the SQL of second factors: an account's TOTP secret, its recovery codes and the browsers it trusts.
package factorstore

import "github.com/parcours-numerique/parcours/internal/store"

// Store reads and writes second factors; the core's methods (structures, persons,
// journal…) stay reachable through the embedded *store.Store.
type Store struct{ *store.Store }

// New builds the second factors store on the core store.
func New(s *store.Store) *Store { return &Store{s} }
