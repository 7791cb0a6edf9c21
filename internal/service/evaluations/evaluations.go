// Package evaluations holds the use cases of the evaluation at reception:
// welcome a person (new or known) and evaluate them in one step, evaluate a
// known person again, correct an evaluation, read them. Each evaluation
// moves the person's deadline and follow-up status by one rule
// (evaluation.FollowStatusAfter), whether it comes from the web or the API.
package evaluations

import (
	"context"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Service is the evaluations' use cases.
type Service struct {
	st        *store.Store
	persons   *persons.Service
	workshops *workshops.Service
	now       func() time.Time
}

// New returns the service; new persons are checked by the persons service.
func New(st *store.Store, ps *persons.Service, ws *workshops.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, persons: ps, workshops: ws, now: now}
}

// Input is what an evaluation records; field errors are named as the API
// names them (thematiques, demarches, echeance, equipement, reponses).
type Input struct {
	Themes     []string
	Procedures []string
	Deadline   string // YYYY-MM-DD
	Equipment  []string
	Answers    []bool // one per question of evaluation.Questions
}

func (in Input) evaluation(now time.Time) (evaluation.Evaluation, error) {
	e := evaluation.Evaluation{Themes: in.Themes, Procedures: in.Procedures, Deadline: in.Deadline, Equipment: in.Equipment, Answers: in.Answers}
	e.Normalize()
	if err := e.Validate(now); err != nil {
		return e, err
	}
	e.Compute(now)
	return e, nil
}

// Welcome is the first evaluation at reception: a known person (PersonID)
// or a new one (Person), and the evaluation.
type Welcome struct {
	PersonID   int64
	Person     persons.NewPerson
	Evaluation Input
}

// Result is a saved evaluation, the person as it leaves them, and what the
// agent should check (a deadline already passed on a correction).
type Result struct {
	Evaluation evaluation.Evaluation
	Person     person.Person
	Warnings   []string
}

// Check returns every field error of a welcome, the person's and the
// evaluation's, without saving anything.
func (s *Service) Check(a *account.Actor, in Welcome) error {
	_, err := s.check(a, &in)
	return err
}

func (s *Service) check(a *account.Actor, in *Welcome) (evaluation.Evaluation, error) {
	now := s.now()
	var v apperr.Validation
	if in.PersonID == 0 {
		v.Merge(s.persons.Validate(a, &in.Person))
	}
	e, err := in.Evaluation.evaluation(now)
	v.Merge(err)
	if e.DeadlinePassed(now) {
		v.Add("echeance", evaluation.PastDeadlineMessage)
	}
	return e, v.Err()
}

// First welcomes a person and records their evaluation in one transaction.
// Every field error of the person and of the evaluation comes at once; a
// probable duplicate is a *persons.DuplicateError until confirmed.
func (s *Service) First(ctx context.Context, a *account.Actor, in Welcome) (Result, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Result{}, err
	}
	now := s.now()
	e, err := s.check(a, &in)
	var v apperr.Validation
	v.Merge(err)
	var p person.Person
	if in.PersonID != 0 {
		var err error
		if p, err = s.current(ctx, a, in.PersonID); apperr.Is(err, apperr.NotFound) {
			v.Add("personne_id", "Aucun dossier de votre structure ne porte ce numéro.")
		} else if err != nil {
			return Result{}, err
		}
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	e.CreatedBy = a.User.ID
	je := journal.By(a, journal.Create, "Évaluation : "+e.ProfileLabel())
	if in.PersonID != 0 {
		e.PersonID = p.ID
		if err := s.st.CreateEvaluation(ctx, a.Scope(), &e, je, now); err != nil {
			return Result{}, err
		}
		p, err = s.st.Person(ctx, a.Scope(), p.ID)
		return Result{Evaluation: e, Person: p}, err
	}
	p, consents, err := s.persons.Prepare(ctx, a, in.Person)
	if err != nil {
		return Result{}, err
	}
	if err := s.st.Welcome(ctx, a.Scope(), &p, consents, &e, journal.By(a, journal.Create, "Dossier créé à l'accueil"), je, now); err != nil {
		return Result{}, err
	}
	return Result{Evaluation: e, Person: p}, nil
}

// current loads a person who is neither erased nor merged, without a journal line.
func (s *Service) current(ctx context.Context, a *account.Actor, id int64) (person.Person, error) {
	p, err := s.st.Person(ctx, a.Scope(), id)
	if err == nil && (p.Deleted() || p.MergedInto != 0) {
		err = apperr.NotFoundError()
	}
	return p, err
}

// Create evaluates a known person again; the answers are compared with the
// previous evaluation on its page.
func (s *Service) Create(ctx context.Context, a *account.Actor, personID int64, in Input) (Result, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Result{}, err
	}
	now := s.now()
	e, err := in.evaluation(now)
	var v apperr.Validation
	v.Merge(err)
	if e.DeadlinePassed(now) {
		v.Add("echeance", evaluation.PastDeadlineMessage)
	}
	if err := v.Err(); err != nil {
		return Result{}, err
	}
	if _, err := s.current(ctx, a, personID); err != nil {
		return Result{}, err
	}
	e.PersonID, e.CreatedBy = personID, a.User.ID
	if err := s.st.CreateEvaluation(ctx, a.Scope(), &e, journal.By(a, journal.Create, "Évaluation : "+e.ProfileLabel()), now); err != nil {
		return Result{}, err
	}
	p, err := s.st.Person(ctx, a.Scope(), personID)
	return Result{Evaluation: e, Person: p}, err
}

// Update corrects an evaluation: the answers, needs, equipment and deadline,
// with the profile and next step computed again. A deadline already passed
// is saved with a warning (the correction often comes after the date); the
// follow-up status stays as it is.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, in Input) (Result, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Result{}, err
	}
	now := s.now()
	old, err := s.st.Evaluation(ctx, a.Scope(), id)
	if err != nil {
		return Result{}, err
	}
	p, err := s.current(ctx, a, old.PersonID)
	if err != nil {
		return Result{}, err
	}
	e, err := in.evaluation(now)
	if err != nil {
		return Result{}, err
	}
	e.ID, e.PersonID, e.CreatedBy, e.CreatorName, e.CreatedAt = old.ID, old.PersonID, old.CreatedBy, old.CreatorName, old.CreatedAt
	var warnings []string
	if e.DeadlinePassed(now) {
		warnings = append(warnings, evaluation.PastDeadlineMessage)
	}
	if err := s.st.UpdateEvaluation(ctx, a.Scope(), &e, journal.By(a, journal.Update, "Évaluation du "+frtime.Date(old.CreatedAt)+" corrigée : "+e.ProfileLabel()), now); err != nil {
		return Result{}, err
	}
	if p, err = s.st.Person(ctx, a.Scope(), p.ID); err != nil {
		return Result{}, err
	}
	return Result{Evaluation: e, Person: p, Warnings: warnings}, nil
}

// Detail is an evaluation with its person and the one before it.
type Detail struct {
	Evaluation evaluation.Evaluation
	Person     person.Person
	Previous   *evaluation.Evaluation
}

// Get returns an evaluation of the actor's structure with its person and
// the previous evaluation, and journals the read.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (Detail, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Detail{}, err
	}
	e, err := s.st.Evaluation(ctx, a.Scope(), id)
	if err != nil {
		return Detail{}, err
	}
	p, err := s.current(ctx, a, e.PersonID)
	if err != nil {
		return Detail{}, err
	}
	d := Detail{Evaluation: e, Person: p}
	evals, err := s.st.Evaluations(ctx, a.Scope(), p.ID)
	if err != nil {
		return d, err
	}
	for i := range evals {
		if evals[i].ID == e.ID && i > 0 {
			d.Previous = &evals[i-1]
		}
	}
	j := journal.By(a, journal.Read, "Évaluation n° "+strconv.FormatInt(e.ID, 10))
	j.PersonID, j.At = p.ID, s.now()
	return d, s.st.AddJournal(ctx, a.Scope(), j)
}

// Page is a page of a person's evaluations by increasing id; Next is the id
// to list after for the next page, 0 at the end.
type Page struct {
	Evaluations []evaluation.Evaluation
	Next        int64
}

// ListForPerson returns a person's evaluations changed since a time (zero:
// all), by increasing id after the id after, limit at a time, and journals
// the read.
func (s *Service) ListForPerson(ctx context.Context, a *account.Actor, personID int64, since time.Time, after int64, limit int) (Page, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Page{}, err
	}
	if limit < 1 || limit > 500 {
		return Page{}, &apperr.Error{Code: apperr.Invalid, Message: "La limite est un nombre de 1 à 500.", Fields: []apperr.FieldError{{Field: "limite", Message: "La limite est un nombre de 1 à 500."}}}
	}
	if _, err := s.current(ctx, a, personID); err != nil {
		return Page{}, err
	}
	list, err := s.st.ListEvaluations(ctx, a.Scope(), store.EvaluationFilter{PersonID: personID, UpdatedSince: since, AfterID: after, Limit: limit + 1})
	if err != nil {
		return Page{}, err
	}
	out := Page{Evaluations: list}
	if len(list) > limit {
		out.Evaluations, out.Next = list[:limit], list[limit-1].ID
	}
	j := journal.By(a, journal.Read, "Évaluations de la personne")
	j.PersonID, j.At = personID, s.now()
	return out, s.st.AddJournal(ctx, a.Scope(), j)
}

// SuggestedWorkshop is a workshop proposed after an evaluation.
type SuggestedWorkshop = workshops.Suggestion

// Workshops suggests up to three workshops of the level that suits the
// evaluation's profile, with a session to come: the actor's structure's
// first, then those published in its territory.
func (s *Service) Workshops(ctx context.Context, a *account.Actor, e evaluation.Evaluation) ([]SuggestedWorkshop, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, err
	}
	if s.workshops == nil {
		return nil, nil
	}
	return s.workshops.SuggestFor(ctx, a.Scope(), a.Membership.StructureTerritoryID, evaluation.WorkshopLevel(e.Profile), 3)
}
