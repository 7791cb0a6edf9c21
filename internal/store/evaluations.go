package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
)

const evaluationSelect = `SELECT e.id, e.structure_id, e.person_id, e.themes, e.demarches, e.deadline, e.equipment, e.answers,
	e.questions_version, e.score, e.profile, e.next_step, e.created_by, COALESCE(u.name, ''), e.created_at
	FROM evaluations e LEFT JOIN users u ON u.id = e.created_by`

func scanEvaluation(row interface{ Scan(...any) error }) (evaluation.Evaluation, error) {
	var e evaluation.Evaluation
	var themes, procs, equip, answers, profile, step string
	var by nullInt64
	err := row.Scan(&e.ID, &e.StructureID, &e.PersonID, &themes, &procs, &e.Deadline, &equip, &answers,
		&e.Version, &e.Score, &profile, &step, &by, &e.CreatorName, &e.CreatedAt)
	if err != nil {
		return e, err
	}
	e.Themes, e.Procedures, e.Equipment = splitList(themes), splitList(procs), splitList(equip)
	e.Answers, e.Profile, e.NextStep = evaluation.ParseAnswers(answers), evaluation.Profile(profile), evaluation.NextStep(step)
	e.CreatedBy, e.CreatedAt = by.v(), e.CreatedAt.UTC()
	return e, nil
}

// CreateEvaluation saves an evaluation of a person of the structure. The
// person's deadline follows the evaluation, and a suggested individual
// accompaniment puts a person who is not yet accompanied on the waiting list.
func (s *Store) CreateEvaluation(ctx context.Context, sc scope.Structure, e *evaluation.Evaluation, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	e.StructureID = sid
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
			e.PersonID, e.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO evaluations (structure_id, person_id, themes, demarches, deadline, equipment,
			answers, questions_version, score, profile, next_step, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			e.StructureID, e.PersonID, joinList(e.Themes), joinList(e.Procedures), e.Deadline, joinList(e.Equipment),
			e.AnswersString(), e.Version, e.Score, string(e.Profile), string(e.NextStep), nullInt(e.CreatedBy), ts(now)).Scan(&e.ID); err != nil {
			return err
		}
		e.CreatedAt = now.UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, "UPDATE persons SET deadline = $3, updated_at = $4 WHERE id = $1 AND structure_id = $2",
			e.PersonID, e.StructureID, e.Deadline, ts(now)); err != nil {
			return err
		}
		if e.NextStep == evaluation.StepIndividual {
			if _, err := tx.ExecContext(ctx, `UPDATE persons SET follow_status = 'en_attente', waiting_since = COALESCE(waiting_since, $3)
				WHERE id = $1 AND structure_id = $2 AND follow_status IN ('autonome', 'perdu_de_vue', 'en_attente')`,
				e.PersonID, e.StructureID, ts(now)); err != nil {
				return err
			}
		}
		j.StructureID, j.PersonID = e.StructureID, e.PersonID
		return insertJournal(ctx, tx, j, now)
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
	rows, err := s.r.QueryContext(ctx, evaluationSelect+" WHERE e.person_id = $1 AND e.structure_id = $2 ORDER BY e.created_at, e.id", personID, structureID)
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
