package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
)

const evaluationSelect = `SELECT e.id, e.structure_id, e.person_id, e.themes, e.demarches, e.deadline, e.equipment, e.answers,
	e.questions_version, e.score, e.profile, e.next_step, e.created_by, COALESCE(u.name, ''), e.created_at, e.updated_at
	FROM evaluations e LEFT JOIN users u ON u.id = e.created_by`

func scanEvaluation(row interface{ Scan(...any) error }) (evaluation.Evaluation, error) {
	var e evaluation.Evaluation
	var themes, procs, equip, answers, profile, step string
	var by nullInt64
	err := row.Scan(&e.ID, &e.StructureID, &e.PersonID, &themes, &procs, &e.Deadline, &equip, &answers,
		&e.Version, &e.Score, &profile, &step, &by, &e.CreatorName, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return e, err
	}
	e.Themes, e.Procedures, e.Equipment = SplitList(themes), SplitList(procs), SplitList(equip)
	e.Answers, e.Profile, e.NextStep = evaluation.ParseAnswers(answers), evaluation.Profile(profile), evaluation.NextStep(step)
	e.CreatedBy, e.CreatedAt, e.UpdatedAt = by.v(), e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

// insertEvaluation saves an evaluation of a current person of its structure;
// the person's deadline follows it and their follow-up status moves as
// evaluation.FollowStatusAfter says.
func insertEvaluation(ctx context.Context, tx *sql.Tx, e *evaluation.Evaluation, j journal.Entry, now time.Time) error {
	var status string
	err := tx.QueryRowContext(ctx, "SELECT follow_status FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
		e.PersonID, e.StructureID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError()
	}
	if err != nil {
		return err
	}
	accompanied, err := HasAccompaniment(ctx, tx, e.StructureID, e.PersonID)
	if err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO evaluations (structure_id, person_id, themes, demarches, deadline, equipment,
		answers, questions_version, score, profile, next_step, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		e.StructureID, e.PersonID, JoinList(e.Themes), JoinList(e.Procedures), e.Deadline, JoinList(e.Equipment),
		e.AnswersString(), e.Version, e.Score, string(e.Profile), string(e.NextStep), NullInt(e.CreatedBy), DBTime(now)).Scan(&e.ID); err != nil {
		return err
	}
	e.CreatedAt = now.UTC().Truncate(time.Microsecond)
	e.UpdatedAt = e.CreatedAt
	next := evaluation.FollowStatusAfter(person.FollowStatus(status), e.NextStep, accompanied)
	if _, err := tx.ExecContext(ctx, `UPDATE persons SET deadline = $3, follow_status = $4,
		waiting_since = CASE WHEN $4 = 'en_attente' THEN COALESCE(waiting_since, $5) ELSE NULL END, updated_at = $5
		WHERE id = $1 AND structure_id = $2`, e.PersonID, e.StructureID, e.Deadline, string(next), DBTime(now)); err != nil {
		return err
	}
	j.StructureID, j.PersonID = e.StructureID, e.PersonID
	return InsertJournal(ctx, tx, j, now)
}

// CreateEvaluation saves an evaluation of a current person of the structure,
// with the person's new deadline and follow-up status, in one transaction.
func (s *Store) CreateEvaluation(ctx context.Context, sc scope.Structure, e *evaluation.Evaluation, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	e.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error { return insertEvaluation(ctx, tx, e, j, now) })
}

// Welcome saves a new person of the structure, the consents they gave and
// their first evaluation, in one transaction: jp journals the file, je the
// evaluation.
func (s *Store) Welcome(ctx context.Context, sc scope.Structure, p *person.Person, consents []person.Consent, e *evaluation.Evaluation, jp, je journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	p.StructureID, e.StructureID = sid, sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := insertPerson(ctx, tx, p, consents, jp, now); err != nil {
			return err
		}
		e.PersonID = p.ID
		if err := insertEvaluation(ctx, tx, e, je, now); err != nil {
			return err
		}
		// The evaluation may have moved the follow-up status: read it back.
		var status string
		var waiting sql.NullTime
		if err := tx.QueryRowContext(ctx, "SELECT follow_status, waiting_since FROM persons WHERE id = $1", p.ID).Scan(&status, &waiting); err != nil {
			return err
		}
		p.Status, p.WaitingSince, p.Deadline = person.FollowStatus(status), UTC(waiting), e.Deadline
		return nil
	})
}

// UpdateEvaluation corrects an evaluation of the structure; the person's
// deadline follows it when it is their latest evaluation. The follow-up
// status stays as it is.
func (s *Store) UpdateEvaluation(ctx context.Context, sc scope.Structure, e *evaluation.Evaluation, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE evaluations SET themes = $3, demarches = $4, deadline = $5, equipment = $6, answers = $7,
			questions_version = $8, score = $9, profile = $10, next_step = $11, updated_at = $12
			WHERE id = $1 AND structure_id = $2 AND person_id IN (SELECT id FROM persons WHERE structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL)`,
			e.ID, sid, JoinList(e.Themes), JoinList(e.Procedures), e.Deadline, JoinList(e.Equipment), e.AnswersString(), e.Version, e.Score,
			string(e.Profile), string(e.NextStep), DBTime(now))
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT person_id FROM evaluations WHERE id = $1", e.ID).Scan(&e.PersonID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE persons SET deadline = $3, updated_at = $4 WHERE id = $1 AND structure_id = $2
			AND $5 = (SELECT MAX(id) FROM evaluations WHERE person_id = $1)`, e.PersonID, sid, e.Deadline, DBTime(now), e.ID); err != nil {
			return err
		}
		e.StructureID, e.UpdatedAt = sid, now.UTC().Truncate(time.Microsecond)
		j.StructureID, j.PersonID = sid, e.PersonID
		return InsertJournal(ctx, tx, j, now)
	})
}

// Evaluation returns one evaluation of the structure.
func (s *Store) Evaluation(ctx context.Context, sc scope.Structure, id int64) (evaluation.Evaluation, error) {
	structureID, err := sc.ID()
	if err != nil {
		return evaluation.Evaluation{}, err
	}
	e, err := scanEvaluation(s.r.QueryRowContext(ctx, evaluationSelect+" WHERE e.id = $1 AND e.structure_id = $2", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return e, apperr.NotFoundError()
	}
	return e, err
}

// Evaluations lists a person's evaluations, oldest first.
func (s *Store) Evaluations(ctx context.Context, sc scope.Structure, personID int64) ([]evaluation.Evaluation, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.evaluations(ctx, evaluationSelect+" WHERE e.person_id = $1 AND e.structure_id = $2 ORDER BY e.created_at, e.id", personID, structureID)
}

// EvaluationFilter narrows ListEvaluations, a page at a time by increasing id.
type EvaluationFilter struct {
	PersonID     int64
	UpdatedSince time.Time // changed at or after
	AfterID      int64     // cursor: evaluations with a greater id
	Limit        int       // 0: no limit
}

// ListEvaluations returns a person's evaluations by increasing id, for the
// API's synchronisation.
func (s *Store) ListEvaluations(ctx context.Context, sc scope.Structure, f EvaluationFilter) ([]evaluation.Evaluation, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	q := evaluationSelect + " WHERE e.structure_id = $1 AND e.person_id = $2 AND e.id > $3"
	args := []any{structureID, f.PersonID, f.AfterID}
	if !f.UpdatedSince.IsZero() {
		args = append(args, DBTime(f.UpdatedSince))
		q += " AND e.updated_at >= $4"
	}
	q += " ORDER BY e.id"
	if f.Limit > 0 {
		q += " LIMIT " + Itoa(f.Limit)
	}
	return s.evaluations(ctx, q, args...)
}

func (s *Store) evaluations(ctx context.Context, q string, args ...any) ([]evaluation.Evaluation, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []evaluation.Evaluation
	for rows.Next() {
		e, err := scanEvaluation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
