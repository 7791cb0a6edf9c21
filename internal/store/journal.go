package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// lockJournalChain takes the head of the journal's hash chain for the rest
// of the transaction and returns the position and hash of the last entry:
// updating the one head row locks it on PostgreSQL (a second instance's
// append waits for the commit, then reads the new head) and SQLite writes
// one transaction at a time, so every append extends one chain.
func lockJournalChain(ctx context.Context, db Execer) (seq int64, hash string, err error) {
	err = db.QueryRowContext(ctx, "UPDATE journal_chain SET last_seq = last_seq WHERE id = 1 RETURNING last_seq, last_hash").Scan(&seq, &hash)
	return seq, hash, err
}

// insertJournal appends one entry at the head of the hash chain; the
// application never updates an entry, and deletes them only by retention,
// from the oldest, leaving an anchor.
func InsertJournal(ctx context.Context, db Execer, e journal.Entry, now time.Time) error {
	if e.At.IsZero() {
		e.At = now
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	last, prev, err := lockJournalChain(ctx, db)
	if err != nil {
		return err
	}
	seq := last + 1
	h := journal.Hash(prev, seq, e)
	if _, err := db.ExecContext(ctx, `INSERT INTO journal (structure_id, actor_structure_id, user_id, who, person_id, action, what, at, seq, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.StructureID, NullInt(e.ActorStructureID), NullInt(e.UserID), e.Who, NullInt(e.PersonID), e.Action, e.What, DBTime(e.At), seq, prev, h); err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, "UPDATE journal_chain SET last_seq = $1, last_hash = $2 WHERE id = 1", seq, h)
	return err
}

// AddJournal appends an entry to the journal of the scope's structure.
func (s *Store) AddJournal(ctx context.Context, sc scope.Structure, e journal.Entry) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	e.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error { return InsertJournal(ctx, tx, e, e.At) })
}

// sealJournal chains the entries written before the journal was a chain
// (they have no position yet), in the order they were written.
func (s *Store) sealJournal(ctx context.Context) error {
	var n int
	if err := s.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM journal WHERE seq IS NULL").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		seq, prev, err := lockJournalChain(ctx, tx)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, "SELECT "+journalColumns+" FROM journal WHERE seq IS NULL ORDER BY id")
		if err != nil {
			return err
		}
		var entries []journal.Entry
		for rows.Next() {
			e, err := scanJournal(rows)
			if err != nil {
				rows.Close()
				return err
			}
			entries = append(entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, e := range entries {
			seq++
			h := journal.Hash(prev, seq, e)
			if _, err := tx.ExecContext(ctx, "UPDATE journal SET seq = $1, prev_hash = $2, hash = $3 WHERE id = $4", seq, prev, h, e.ID); err != nil {
				return err
			}
			prev = h
		}
		_, err = tx.ExecContext(ctx, "UPDATE journal_chain SET last_seq = $1, last_hash = $2 WHERE id = 1", seq, prev)
		return err
	})
}

const journalColumns = "id, structure_id, actor_structure_id, user_id, who, person_id, action, what, at"

func scanJournal(row interface{ Scan(...any) error }, extra ...any) (journal.Entry, error) {
	var e journal.Entry
	var actor, user, person nullInt64
	var at time.Time
	if err := row.Scan(append([]any{&e.ID, &e.StructureID, &actor, &user, &e.Who, &person, &e.Action, &e.What, &at}, extra...)...); err != nil {
		return e, err
	}
	e.ActorStructureID, e.UserID, e.PersonID, e.At = actor.v(), user.v(), person.v(), at.UTC()
	return e, nil
}

// JournalCheck is the outcome of a walk along the whole journal.
type JournalCheck struct {
	Entries int64          // entries whose link and hash hold
	Break   *journal.Break // the first break, nil when the chain holds
}

// VerifyJournal walks the journal of every structure in chain order from the
// retention anchor and names the first entry altered, missing or added
// outside the application. It is a platform operation (the command line).
func (s *Store) VerifyJournal(ctx context.Context) (JournalCheck, error) {
	var c JournalCheck
	var headSeq, anchorSeq int64
	var headHash, anchorHash string
	if err := s.r.QueryRowContext(ctx, "SELECT last_seq, last_hash, purged_seq, purged_hash FROM journal_chain WHERE id = 1").
		Scan(&headSeq, &headHash, &anchorSeq, &anchorHash); err != nil {
		return c, err
	}
	var orphan sql.NullInt64
	if err := s.r.QueryRowContext(ctx, "SELECT MIN(id) FROM journal WHERE seq IS NULL").Scan(&orphan); err != nil {
		return c, err
	}
	if orphan.Valid {
		c.Break = &journal.Break{ID: orphan.Int64, Reason: "entrée ajoutée hors de l'application (sans place dans la chaîne)"}
		return c, nil
	}
	v := journal.NewVerifier(anchorSeq, anchorHash)
	rows, err := s.r.QueryContext(ctx, "SELECT "+journalColumns+", seq, prev_hash, hash FROM journal ORDER BY seq")
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var prev, h string
		e, err := scanJournal(rows, &seq, &prev, &h)
		if err != nil {
			return c, err
		}
		if b := v.Next(seq, prev, h, e); b != nil {
			c.Break = b
			c.Entries = v.Checked()
			return c, nil
		}
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	c.Entries, c.Break = v.End(headSeq, headHash)
	return c, nil
}

// purgeJournal removes the oldest entries written before cutoff, as a prefix
// of the chain (an older entry after a newer one stays until everything
// before it goes), and records the last one removed as the anchor from
// which verification starts.
func purgeJournal(ctx context.Context, tx *sql.Tx, cutoff time.Time) (int64, error) {
	if _, _, err := lockJournalChain(ctx, tx); err != nil {
		return 0, err
	}
	var first sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT MIN(seq) FROM journal WHERE at >= $1", DBTime(cutoff)).Scan(&first); err != nil {
		return 0, err
	}
	bound := "seq IS NOT NULL"
	args := []any{}
	if first.Valid {
		bound, args = "seq < $1", []any{first.Int64}
	}
	var last sql.NullInt64
	var n int64
	if err := tx.QueryRowContext(ctx, "SELECT MAX(seq), COUNT(*) FROM journal WHERE "+bound, args...).Scan(&last, &n); err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	var h string
	if err := tx.QueryRowContext(ctx, "SELECT hash FROM journal WHERE seq = $1", last.Int64).Scan(&h); err != nil {
		return 0, err
	}
	// The anchor moves first: the database refuses to delete an entry that
	// is not behind it.
	if _, err := tx.ExecContext(ctx, "UPDATE journal_chain SET purged_seq = $1, purged_hash = $2 WHERE id = 1", last.Int64, h); err != nil {
		return 0, err
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM journal WHERE "+bound, args...)
	return n, err
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
	q := "SELECT " + journalColumns + " FROM journal WHERE " + where + " ORDER BY id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + Itoa(f.Limit) + " OFFSET " + Itoa(f.Offset)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []journal.Entry
	for rows.Next() {
		e, err := scanJournal(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
