// Package mandatestore holds the SQL of the training record of
// professionals, of the aidants' charter and of the mandates, for SQLite and
// PostgreSQL alike.
package mandatestore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/training"
)

// Store reads and writes training records, charters and mandates.
type Store struct{ *store.Store }

// New returns the store on s.
func New(s *store.Store) *Store { return &Store{s} }

const courseColumns = "c.id, c.structure_id, c.title, c.kind, c.minutes, c.provider, c.certificate, c.created_at, c.updated_at"

func scanCourse(r interface{ Scan(...any) error }) (training.Course, error) {
	var c training.Course
	err := r.Scan(&c.ID, &c.StructureID, &c.Title, &c.Kind, &c.Minutes, &c.Provider, &c.Certificate, &c.CreatedAt, &c.UpdatedAt)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

// CreateCourse records a course given by or for the scope's structure.
func (s *Store) CreateCourse(ctx context.Context, sc scope.Structure, c *training.Course, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	c.StructureID, c.CreatedAt, c.UpdatedAt = sid, now.UTC(), now.UTC()
	return s.Writer().QueryRowContext(ctx, `INSERT INTO training_courses (structure_id, title, kind, minutes, provider, certificate, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, sid, c.Title, c.Kind, c.Minutes, c.Provider, c.Certificate, store.DBTime(now)).Scan(&c.ID)
}

// CoursesInTerritory lists the courses recorded by the scope's structures,
// the latest first.
func (s *Store) CoursesInTerritory(ctx context.Context, t scope.Territory) ([]training.Course, error) {
	cond, args, err := store.TerritoryCondition(t, "c.structure_id", 1)
	if err != nil {
		return nil, err
	}
	var out []training.Course
	err = s.EachRow(ctx, "SELECT "+courseColumns+" FROM training_courses c WHERE "+cond+" ORDER BY c.created_at DESC, c.id DESC", args, func(r *sql.Rows) error {
		c, err := scanCourse(r)
		out = append(out, c)
		return err
	})
	return out, err
}

// CourseInTerritory returns a course recorded by one of the scope's structures.
func (s *Store) CourseInTerritory(ctx context.Context, t scope.Territory, id int64) (training.Course, error) {
	cond, args, err := store.TerritoryCondition(t, "c.structure_id", 2)
	if err != nil {
		return training.Course{}, err
	}
	c, err := scanCourse(s.Reader().QueryRowContext(ctx, "SELECT "+courseColumns+" FROM training_courses c WHERE c.id = $1 AND "+cond, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.NotFoundError()
	}
	return c, err
}

const completionSelect = `SELECT k.id, k.course_id, c.title, c.kind, k.user_id, u.name, k.completed_on, k.certificate_ref, k.created_at
	FROM training_completions k JOIN training_courses c ON c.id = k.course_id JOIN users u ON u.id = k.user_id`

func scanCompletion(r interface{ Scan(...any) error }) (training.Completion, error) {
	var k training.Completion
	err := r.Scan(&k.ID, &k.CourseID, &k.CourseTitle, &k.CourseKind, &k.UserID, &k.UserName, &k.CompletedOn, &k.CertificateRef, &k.CreatedAt)
	k.CreatedAt = k.CreatedAt.UTC()
	return k, err
}

// RecordCompletion records that a professional of one of the scope's
// structures completed a course of one of them; a course is completed once.
func (s *Store) RecordCompletion(ctx context.Context, t scope.Territory, k *training.Completion, recordedBy int64, now time.Time) error {
	if _, err := s.CourseInTerritory(ctx, t, k.CourseID); err != nil {
		return err
	}
	cond, args, err := store.TerritoryCondition(t, "m.structure_id", 2)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships m WHERE m.user_id = $1 AND "+cond, append([]any{k.UserID}, args...)...).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.Field("professionnel", "Choisissez un professionnel d'une structure du territoire.")
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO training_completions (course_id, user_id, completed_on, certificate_ref, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, k.CourseID, k.UserID, k.CompletedOn, k.CertificateRef, store.NullInt(recordedBy), store.DBTime(now)).Scan(&k.ID)
		if store.IsUniqueViolation(err) {
			return apperr.Field("professionnel", "Cette personne a déjà suivi cette formation : sa participation est enregistrée.")
		}
		return err
	})
}

// CompletionsInTerritory lists who completed the courses of the scope's
// structures, of one course when courseID is not 0, the latest first.
func (s *Store) CompletionsInTerritory(ctx context.Context, t scope.Territory, courseID int64) ([]training.Completion, error) {
	cond, args, err := store.TerritoryCondition(t, "c.structure_id", 2)
	if err != nil {
		return nil, err
	}
	q := completionSelect + " WHERE ($1 = 0 OR k.course_id = $1) AND " + cond + " ORDER BY k.completed_on DESC, u.name, k.id"
	var out []training.Completion
	err = s.EachRow(ctx, q, append([]any{courseID}, args...), func(r *sql.Rows) error {
		k, err := scanCompletion(r)
		out = append(out, k)
		return err
	})
	return out, err
}

// UserCompletions lists the courses one professional completed, wherever
// they were recorded: it is the professional's own record.
func (s *Store) UserCompletions(ctx context.Context, userID int64) ([]training.Completion, error) {
	var out []training.Completion
	err := s.EachRow(ctx, completionSelect+" WHERE k.user_id = $1 ORDER BY k.completed_on DESC, k.id", []any{userID}, func(r *sql.Rows) error {
		k, err := scanCompletion(r)
		out = append(out, k)
		return err
	})
	return out, err
}

// AidantTrainedOn returns the day a professional completed an aidant
// course, on or before today ("" when none).
func (s *Store) AidantTrainedOn(ctx context.Context, userID int64, today string) (string, error) {
	var day sql.NullString
	err := s.Reader().QueryRowContext(ctx, `SELECT MIN(k.completed_on) FROM training_completions k JOIN training_courses c ON c.id = k.course_id
		WHERE k.user_id = $1 AND c.kind = $2 AND k.completed_on <= $3`, userID, training.Aidant, today).Scan(&day)
	return day.String, err
}
