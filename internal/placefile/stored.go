package placefile

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// storedKey is what an import needs to know of a stored place a row names:
// its upsert key, its owner, its status and its name.
type storedKey struct {
	ID          int64
	StructureID int64
	Source      string
	SourceID    string
	Status      place.Status
	Name        string
}

func keyOf(p *place.Place) storedKey {
	return storedKey{ID: p.ID, StructureID: p.StructureID, Source: p.Source, SourceID: p.SourceID, Status: p.Status, Name: p.Name}
}

// storedPlaces are the places stored before the import began (ID at most
// upTo), as the import sees them: read from the database for each few
// hundred rows (the places they name, those they may duplicate), never
// all at once, so that the import's memory follows its file, not the
// database. A row compares to the stored places as they were when the
// import began, except for what earlier rows of the file changed.
type storedPlaces struct {
	ctx         context.Context
	st          *placestore.Store
	upTo        int64 // 0: nothing stored, nothing to read
	structureID int64

	// The stored places this import gave another source or id, by ID and
	// by the key they had: rows still find them by that key.
	movedByID  map[int64]storedKey
	movedByKey map[sourceKey]int64
	// updated are the stored places rows read so far update (unchanged
	// or not): those rows stand for them in duplicate detection.
	updated idSet

	// The pending rows': the stored places they name, by key and by ID;
	// whole, those the import may update (read inside its transaction);
	// the open places they may duplicate.
	bySource map[sourceKey]*storedKey
	byID     map[int64]*storedKey
	olds     map[int64]place.Place
	near     *dupIndex
}

// load reads the stored places rows name or may duplicate, inside batch's
// transaction when there is one.
func (s *storedPlaces) load(ctx context.Context, batch *placestore.PlaceBatch, rows []convertedRow) error {
	s.bySource, s.byID, s.olds, s.near = nil, nil, nil, nil
	if s.st == nil || s.upTo == 0 {
		return nil
	}
	named := placestore.ImportLookup{UpTo: s.upTo}
	near := placestore.NeighbourLookup{UpTo: s.upTo}
	insee, postal, siret := map[string]bool{}, map[string]bool{}, map[[2]string]bool{}
	for i := range rows {
		if len(rows[i].o.errs) > 0 {
			continue
		}
		p := &rows[i].o.p
		key := sourceKey{p.Source, p.SourceID}
		named.SourceIDs = append(named.SourceIDs, p.SourceID)
		if id, ok := s.movedByKey[key]; ok {
			named.IDs = append(named.IDs, id)
		}
		if rest, ok := restOf(key); ok {
			named.SourceIDs = append(named.SourceIDs, rest)
			if id, ok := s.movedByKey[sourceKey{key.source, rest}]; ok {
				named.IDs = append(named.IDs, id)
			}
		}
		if id, ok := parcoursID(p.SourceID); ok && s.structureID != 0 {
			named.IDs = append(named.IDs, id)
		}
		// What duplicate detection compares (see dupIndex.check).
		if p.InseeCode != "" {
			if !insee[p.InseeCode] {
				insee[p.InseeCode] = true
				near.InseeCodes = append(near.InseeCodes, p.InseeCode)
			}
		} else if !postal[p.PostalCode] {
			postal[p.PostalCode] = true
			near.PostalCodes = append(near.PostalCodes, p.PostalCode)
		}
		if sp := [2]string{p.Pivot, p.PostalCode}; siretAddrKey(p.Pivot, p.Address, p.PostalCode) != "" && !siret[sp] {
			siret[sp] = true
			near.SiretPostal = append(near.SiretPostal, sp)
		}
	}
	var cands []place.Place
	var ns []placestore.PlaceNeighbour
	var err error
	if batch != nil {
		if cands, err = batch.ImportCandidates(ctx, named); err == nil {
			ns, err = batch.OpenNeighbours(ctx, near)
		}
	} else {
		if cands, err = s.st.ImportCandidates(ctx, named); err == nil {
			ns, err = s.st.OpenNeighbours(ctx, near)
		}
	}
	if err != nil {
		return err
	}
	s.bySource, s.byID = make(map[sourceKey]*storedKey, len(cands)), make(map[int64]*storedKey, len(cands))
	if batch != nil {
		s.olds = make(map[int64]place.Place, len(cands))
	}
	keys := make([]storedKey, len(cands))
	for i := range cands {
		c := &cands[i]
		k := &keys[i]
		*k = keyOf(c)
		if m, ok := s.movedByID[c.ID]; ok {
			*k = m
		}
		s.byID[k.ID] = k
		if k.SourceID != "" {
			s.bySource[sourceKey{k.Source, k.SourceID}] = k
		}
		if s.olds != nil && c.StructureID == s.structureID {
			s.olds[c.ID] = *c
		}
	}
	if len(ns) > 0 {
		s.near = newDupIndex(ns)
	}
	return nil
}

// name reads the name and schema id of a stored place a warning names.
// The place is one no row has updated yet: as the import began.
func (s *storedPlaces) name(id int64) (name, schemaID string, err error) {
	p, err := s.st.Place(s.ctx, id)
	return p.Name, p.SourceID, err
}

// rekeyed notes that an update gave old another source or id.
func (s *storedPlaces) rekeyed(old, p *place.Place) {
	if old.Source == p.Source && old.SourceID == p.SourceID {
		return
	}
	if _, ok := s.movedByID[old.ID]; ok {
		return // keeps the key it had when the import began
	}
	if s.movedByID == nil {
		s.movedByID, s.movedByKey = map[int64]storedKey{}, map[sourceKey]int64{}
	}
	k := keyOf(old)
	s.movedByID[old.ID] = k
	if k.SourceID != "" {
		s.movedByKey[sourceKey{k.Source, k.SourceID}] = old.ID
	}
}

// idSet is a set of place IDs: a bit each up to a few million, a map
// beyond.
type idSet struct {
	bits []uint64
	more map[int64]bool
}

func (s *idSet) add(id int64) {
	if id >= 0 && id < 1<<26 {
		if w := int(id / 64); w >= len(s.bits) {
			s.bits = append(s.bits, make([]uint64, w+1-len(s.bits))...)
		}
		s.bits[id/64] |= 1 << (id % 64)
		return
	}
	if s.more == nil {
		s.more = map[int64]bool{}
	}
	s.more[id] = true
}

func (s *idSet) has(id int64) bool {
	if id >= 0 && id < 1<<26 {
		w := int(id / 64)
		return w < len(s.bits) && s.bits[w]&(1<<(id%64)) != 0
	}
	return s.more[id]
}
