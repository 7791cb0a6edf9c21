// Package coordinationstore keeps the coordinators' own activities
// (animations, events, partnerships of the network).
package coordinationstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Store is the coordination activities' storage.
type Store struct{ *store.Store }

// New returns the store.
func New(s *store.Store) *Store { return &Store{s} }

// Create saves a validated coordination activity of the scope's structure
// and journals it.
func (s *Store) Create(ctx context.Context, sc scope.Structure, c *activity.Coordination, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	c.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO coordination_activities (structure_id, author_id, type, date, duree, intitule, participants,
			type_animation, initiative, thematiques_animation, type_evenement, organisateurs, echelon, natures_partenariat, notes, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			sid, store.NullInt(c.AuthorID), c.Type, c.Date, c.Duration, c.Title, c.Participants, c.AnimationType, c.Initiative,
			store.JoinList(c.Themes), c.EventType, store.JoinList(c.Organizers), c.Scale, store.JoinList(c.Natures), c.Notes, store.DBTime(now)).Scan(&c.ID); err != nil {
			return err
		}
		c.CreatedAt = now.UTC().Truncate(time.Microsecond)
		e := j
		e.StructureID = sid
		return store.InsertJournal(ctx, tx, e, now)
	})
}

// Filter narrows a list of coordination activities.
type Filter struct {
	From, To    string // dates, inclusive
	StructureID int64  // in a territory: this structure only
	AuthorID    int64
}

const selectSQL = `SELECT c.id, c.structure_id, c.author_id, COALESCE(u.name, ''), c.type, c.date, c.duree, c.intitule, c.participants,
	c.type_animation, c.initiative, c.thematiques_animation, c.type_evenement, c.organisateurs, c.echelon, c.natures_partenariat, c.notes, c.created_at
	FROM coordination_activities c LEFT JOIN users u ON u.id = c.author_id`

// List returns the structure's coordination activities, newest first.
func (s *Store) List(ctx context.Context, sc scope.Structure, f Filter) ([]activity.Coordination, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.list(ctx, "c.structure_id = $1", []any{sid}, f)
}

// ListInTerritory returns the coordination activities of the territory's
// structures, newest first.
func (s *Store) ListInTerritory(ctx context.Context, t scope.Territory, f Filter) ([]activity.Coordination, error) {
	cond, args, err := store.TerritoryCondition(t, "c.structure_id", 1)
	if err != nil {
		return nil, err
	}
	return s.list(ctx, cond, args, f)
}

func (s *Store) list(ctx context.Context, where string, args []any, f Filter) ([]activity.Coordination, error) {
	arg := func(v any) string {
		args = append(args, v)
		return "$" + store.Itoa(len(args))
	}
	if f.From != "" {
		where += " AND c.date >= " + arg(f.From)
	}
	if f.To != "" {
		where += " AND c.date <= " + arg(f.To)
	}
	if f.StructureID != 0 {
		where += " AND c.structure_id = " + arg(f.StructureID)
	}
	if f.AuthorID != 0 {
		where += " AND c.author_id = " + arg(f.AuthorID)
	}
	var out []activity.Coordination
	err := s.EachRow(ctx, selectSQL+" WHERE "+where+" ORDER BY c.date DESC, c.id DESC", args, func(row *sql.Rows) error {
		var c activity.Coordination
		var author sql.NullInt64
		var themes, orgs, natures string
		if err := row.Scan(&c.ID, &c.StructureID, &author, &c.AuthorName, &c.Type, &c.Date, &c.Duration, &c.Title, &c.Participants,
			&c.AnimationType, &c.Initiative, &themes, &c.EventType, &orgs, &c.Scale, &natures, &c.Notes, &c.CreatedAt); err != nil {
			return err
		}
		c.AuthorID, c.CreatedAt = author.Int64, c.CreatedAt.UTC()
		c.Themes, c.Organizers, c.Natures = store.SplitList(themes), store.SplitList(orgs), store.SplitList(natures)
		out = append(out, c)
		return nil
	})
	return out, err
}

// Save records the scope's coordination activity of a source (another
// capability's object, such as a network meeting) once: the first call
// creates it, the next ones update it in place, keeping its author. It
// journals what it did.
func (s *Store) Save(ctx context.Context, sc scope.Structure, source string, c *activity.Coordination, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	if source == "" {
		return apperr.New(apperr.Invalid, "Activité sans origine.")
	}
	c.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		var author sql.NullInt64
		err := tx.QueryRowContext(ctx, "SELECT id, author_id, created_at FROM coordination_activities WHERE structure_id = $1 AND source = $2", sid, source).
			Scan(&c.ID, &author, &c.CreatedAt)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if err := tx.QueryRowContext(ctx, `INSERT INTO coordination_activities (structure_id, author_id, type, date, duree, intitule, participants,
				type_animation, initiative, thematiques_animation, type_evenement, organisateurs, echelon, natures_partenariat, notes, source, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
				ON CONFLICT (structure_id, source) WHERE source <> '' DO NOTHING RETURNING id`,
				sid, store.NullInt(c.AuthorID), c.Type, c.Date, c.Duration, c.Title, c.Participants, c.AnimationType, c.Initiative,
				store.JoinList(c.Themes), c.EventType, store.JoinList(c.Organizers), c.Scale, store.JoinList(c.Natures), c.Notes, source, store.DBTime(now)).Scan(&c.ID); err != nil {
				if errors.Is(err, sql.ErrNoRows) {
					return apperr.New(apperr.Conflict, "Cette activité vient d'être enregistrée par une autre demande : recommencez.")
				}
				return err
			}
			c.CreatedAt = now.UTC().Truncate(time.Microsecond)
		case err != nil:
			return err
		default:
			c.AuthorID, c.CreatedAt = author.Int64, c.CreatedAt.UTC()
			if _, err := tx.ExecContext(ctx, `UPDATE coordination_activities SET type = $1, date = $2, duree = $3, intitule = $4, participants = $5,
				type_animation = $6, initiative = $7, thematiques_animation = $8, type_evenement = $9, organisateurs = $10, echelon = $11,
				natures_partenariat = $12, notes = $13 WHERE id = $14`,
				c.Type, c.Date, c.Duration, c.Title, c.Participants, c.AnimationType, c.Initiative, store.JoinList(c.Themes), c.EventType,
				store.JoinList(c.Organizers), c.Scale, store.JoinList(c.Natures), c.Notes, c.ID); err != nil {
				return err
			}
			j.Action = journal.Update
		}
		e := j
		e.StructureID = sid
		return store.InsertJournal(ctx, tx, e, now)
	})
}
