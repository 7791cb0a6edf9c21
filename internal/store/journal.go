package store

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// insertJournal appends one entry; the journal is never updated nor deleted.
func insertJournal(ctx context.Context, db execer, e journal.Entry, now time.Time) error {
	if e.At.IsZero() {
		e.At = now
	}
	_, err := db.ExecContext(ctx, `INSERT INTO journal (structure_id, actor_structure_id, user_id, who, person_id, action, what, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		e.StructureID, nullInt(e.ActorStructureID), nullInt(e.UserID), e.Who, nullInt(e.PersonID), e.Action, e.What, ts(e.At))
	return err
}

// AddJournal appends an entry to the journal of the scope's structure.
func (s *Store) AddJournal(ctx context.Context, sc scope.Structure, e journal.Entry) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	e.StructureID = sid
	return insertJournal(ctx, s.w, e, e.At)
}

// JournalFilter narrows a journal listing.
type JournalFilter struct {
	PersonID int64 // 0: every entry
	Limit    int
	Offset   int
}

// ListJournal returns a structure's journal, newest first, and the total.
func (s *Store) ListJournal(ctx context.Context, sc scope.Structure, f JournalFilter) ([]journal.Entry, int, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, 0, err
	}
	where := "structure_id = $1"
	args := []any{structureID}
	if f.PersonID != 0 {
		where += " AND person_id = $2"
		args = append(args, f.PersonID)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM journal WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	q := "SELECT id, structure_id, actor_structure_id, user_id, who, person_id, action, what, at FROM journal WHERE " + where + " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + itoa(f.Limit) + " OFFSET " + itoa(f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []journal.Entry
	for rows.Next() {
		var e journal.Entry
		var actor, user, person nullInt64
		var at time.Time
		if err := rows.Scan(&e.ID, &e.StructureID, &actor, &user, &e.Who, &person, &e.Action, &e.What, &at); err != nil {
			return nil, 0, err
		}
		e.ActorStructureID, e.UserID, e.PersonID, e.At = actor.v(), user.v(), person.v(), at.UTC()
		out = append(out, e)
	}
	return out, total, rows.Err()
}
