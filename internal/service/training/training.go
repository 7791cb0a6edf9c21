// Package training holds the use cases of the training record of the
// territory's professionals: the coordination records the courses and who
// completed them; the mandates read the aidant training from it.
package training

import (
	"context"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/training"
)

// Service is the training record's use cases.
type Service struct {
	st  *mandatestore.Store
	now func() time.Time
}

// New returns the service; now is its clock (nil: time.Now).
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: mandatestore.New(st), now: now}
}

func (s *Service) today() string { return s.now().In(frtime.Paris).Format("2006-01-02") }

// territory is the actor's reach over the record: the structures of the
// territory it coordinates.
func (s *Service) territory(a *account.Actor) (scope.Territory, error) {
	if err := a.Require(account.PermTraining); err != nil {
		return scope.Territory{}, err
	}
	t, ok := a.TerritoryScope()
	if !ok {
		return t, apperr.New(apperr.Forbidden, "Votre structure ne coordonne aucun territoire : elle ne tient pas de registre des formations.")
	}
	return t, nil
}

// Courses lists the courses recorded in the actor's territory.
func (s *Service) Courses(ctx context.Context, a *account.Actor) ([]training.Course, error) {
	t, err := s.territory(a)
	if err != nil {
		return nil, err
	}
	return s.st.CoursesInTerritory(ctx, t)
}

// Course returns a course of the territory and who completed it.
func (s *Service) Course(ctx context.Context, a *account.Actor, id int64) (training.Course, []training.Completion, error) {
	t, err := s.territory(a)
	if err != nil {
		return training.Course{}, nil, err
	}
	c, err := s.st.CourseInTerritory(ctx, t, id)
	if err != nil {
		return c, nil, err
	}
	list, err := s.st.CompletionsInTerritory(ctx, t, id)
	return c, list, err
}

// AddCourse records a course.
func (s *Service) AddCourse(ctx context.Context, a *account.Actor, c training.Course) (training.Course, error) {
	if _, err := s.territory(a); err != nil {
		return c, err
	}
	c.Normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	err := s.st.CreateCourse(ctx, a.Scope(), &c, s.now())
	return c, err
}

// Completions lists who completed which course in the territory.
func (s *Service) Completions(ctx context.Context, a *account.Actor) ([]training.Completion, error) {
	t, err := s.territory(a)
	if err != nil {
		return nil, err
	}
	return s.st.CompletionsInTerritory(ctx, t, 0)
}

// RecordCompletion records that a professional of the territory completed
// a course, on a day that is not in the future.
func (s *Service) RecordCompletion(ctx context.Context, a *account.Actor, k training.Completion) (training.Completion, error) {
	t, err := s.territory(a)
	if err != nil {
		return k, err
	}
	var v apperr.Validation
	day, ok := training.ParseDay(k.CompletedOn)
	switch {
	case !ok:
		v.Add("date", "Indiquez la date de fin de la formation, par exemple 10/03/2026.")
	case day > s.today():
		v.Add("date", "La formation doit être terminée : la date ne peut pas être dans le futur.")
	}
	if k.UserID == 0 {
		v.Add("professionnel", "Choisissez le professionnel qui a suivi la formation.")
	}
	if len(k.CertificateRef) > 100 {
		v.Add("numero_certificat", "100 caractères au plus.")
	}
	if err := v.Err(); err != nil {
		return k, err
	}
	k.CompletedOn = day
	err = s.st.RecordCompletion(ctx, t, &k, a.User.ID, s.now())
	return k, err
}

// Professionals lists the professionals of the territory, for the form.
func (s *Service) Professionals(ctx context.Context, a *account.Actor) ([]account.UserRoles, error) {
	t, err := s.territory(a)
	if err != nil {
		return nil, err
	}
	return s.st.ListUsersInTerritory(ctx, t)
}

// Mine lists the courses the actor completed: everyone reads their own record.
func (s *Service) Mine(ctx context.Context, a *account.Actor) ([]training.Completion, error) {
	if err := a.Require(account.PermStaffArea); err != nil {
		return nil, err
	}
	return s.st.UserCompletions(ctx, a.User.ID)
}
