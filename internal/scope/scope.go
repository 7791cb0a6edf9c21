// Package scope says whose rows a query may touch. Every store method that
// reads or writes rows owned by a structure takes one of these values; none
// of them has a meaning "everything" when left empty: a zero scope is refused.
package scope

import "errors"

// ErrMissing is returned by a store method given a zero scope: a programming
// error that must never reach users as data from another structure.
var ErrMissing = errors.New("scope: no structure or territory given")

// Structure limits a query to the rows of one structure.
type Structure struct{ id int64 }

// OfStructure returns the scope of structure id. A non-positive id gives a
// zero scope, which every store method refuses.
func OfStructure(id int64) Structure {
	if id <= 0 {
		return Structure{}
	}
	return Structure{id: id}
}

// ID returns the structure's id, or ErrMissing for a zero scope.
func (s Structure) ID() (int64, error) {
	if s.id <= 0 {
		return 0, ErrMissing
	}
	return s.id, nil
}

// Valid reports whether the scope names a structure.
func (s Structure) Valid() bool { return s.id > 0 }

// Territory widens a read to the structures of one territory (coordination),
// or to every structure (platform administration). Store methods that take it
// say so in their names (…InTerritory).
type Territory struct {
	id  int64
	all bool
}

// OfTerritory returns the scope of the structures of territory id.
func OfTerritory(id int64) Territory {
	if id <= 0 {
		return Territory{}
	}
	return Territory{id: id}
}

// Platform returns the scope of every structure, for administrators only.
func Platform() Territory { return Territory{all: true} }

// ID returns the territory's id (0 with all=true for the whole platform), or
// ErrMissing for a zero scope.
func (t Territory) ID() (id int64, all bool, err error) {
	switch {
	case t.all:
		return 0, true, nil
	case t.id > 0:
		return t.id, false, nil
	}
	return 0, false, ErrMissing
}

// Valid reports whether the scope names a territory or the platform.
func (t Territory) Valid() bool { return t.all || t.id > 0 }
