// Package persons holds the use cases of a structure's persons: welcome a
// new person (followed with consent, or anonymous), read and list them with a
// journal line each time, correct them, record or withdraw consents, merge
// duplicates, erase an identity, and move a person along the follow-up.
// Web pages, the API and commands call these methods and nothing else.
package persons

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/access"
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

// Service is the persons' use cases.
type Service struct {
	st         *store.Store
	activities *activitystore.Store // the activities it reads or records
	now        func() time.Time
	afterErase func(context.Context) (int, error)
	afterMerge func(ctx context.Context, sc scope.Structure, keepID, dropID int64) error
	moreAccess func(ctx context.Context, sc scope.Structure, personID int64) ([]access.Section, error)
}

// MoreAccess sets what other capabilities add to a person's right of
// access (the document safe's papers and who read them).
func (s *Service) MoreAccess(fn func(ctx context.Context, sc scope.Structure, personID int64) ([]access.Section, error)) {
	s.moreAccess = fn
}

// AfterMerge sets what runs once a merge is committed: the document safe
// of the duplicate goes to the file kept.
func (s *Service) AfterMerge(fn func(ctx context.Context, sc scope.Structure, keepID, dropID int64) error) {
	s.afterMerge = fn
}

// AfterErase sets what runs once an erasure is committed: the document
// safe removes the erased person's files from disk (what fails there is
// retried by the safe's periodic work, the rows being gone already).
func (s *Service) AfterErase(fn func(context.Context) (int, error)) { s.afterErase = fn }

// New returns the service.
func New(st *store.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, activities: activitystore.New(st), now: now}
}

// NewPerson is what the welcome records about a person.
type NewPerson struct {
	Person   person.Person
	Consents []string // purposes agreed to, after the wording was read (person.Wordings)
	// DuplicateConfirmed says the agent checked the probable duplicates
	// shown and this is another person.
	DuplicateConfirmed bool
}

// DuplicateError is returned when the new person may already have a file.
type DuplicateError struct {
	Err        *apperr.Error // a Conflict with a safe message
	Duplicates []person.Person
}

func (e *DuplicateError) Error() string { return e.Err.Error() }
func (e *DuplicateError) Unwrap() error { return e.Err }

// Validate checks a new person without saving anything: the identity, and
// the consent that a followed person must have given. Field names are the
// API's.
func (s *Service) Validate(a *account.Actor, in *NewPerson) error {
	now := s.now()
	p := &in.Person
	p.Normalize()
	var v apperr.Validation
	v.Merge(p.Validate(now))
	for _, purpose := range in.Consents {
		if _, err := person.NewConsent(purpose, a.Membership.StructureName); err != nil {
			v.Add("consentements", "Consentement inconnu : « "+purpose+" ». Valeurs permises : suivi, partage, sms.")
		}
	}
	if p.Kind == person.Followed && !contains(in.Consents, person.ConsentFollow) {
		v.Add("consentements", "Sans l'accord de la personne pour être suivie (« suivi »), enregistrez-la comme personne anonyme.")
	}
	return v.Err()
}

// Prepare checks a new person of the actor's structure and returns it with
// the consents to record: a followed person needs the "suivi" consent, and
// a probable duplicate stops the creation until the agent confirms. A new
// person is "en cours": their first evaluation decides whether they wait
// for an individual accompaniment (evaluation.FollowStatusAfter).
func (s *Service) Prepare(ctx context.Context, a *account.Actor, in NewPerson) (person.Person, []person.Consent, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return person.Person{}, nil, err
	}
	if err := s.Validate(a, &in); err != nil {
		return person.Person{}, nil, err
	}
	p := in.Person
	p.CreatedBy, p.Status = a.User.ID, person.InProgress
	if p.Kind != person.Followed {
		return p, nil, nil
	}
	var consents []person.Consent
	for _, purpose := range in.Consents {
		c, _ := person.NewConsent(purpose, a.Membership.StructureName)
		c.CollectedBy = a.User.ID
		consents = append(consents, c)
	}
	if !in.DuplicateConfirmed {
		dups, err := s.st.ProbableDuplicates(ctx, a.Scope(), &p)
		if err != nil {
			return p, nil, err
		}
		if len(dups) > 0 {
			return p, nil, duplicateError(dups)
		}
	}
	return p, consents, nil
}

// Create records a person of the actor's structure (see Prepare).
func (s *Service) Create(ctx context.Context, a *account.Actor, in NewPerson, why string) (person.Person, error) {
	p, consents, err := s.Prepare(ctx, a, in)
	if err != nil {
		return p, err
	}
	if why == "" {
		why = "Dossier créé"
	}
	if err := s.st.CreatePerson(ctx, a.Scope(), &p, consents, journal.By(a, journal.Create, why), s.now()); err != nil {
		return p, err
	}
	return p, nil
}

func duplicateError(dups []person.Person) *DuplicateError {
	ids := make([]string, len(dups))
	for i, d := range dups {
		ids[i] = "n° " + strconv.FormatInt(d.ID, 10)
	}
	msg := "Cette personne a peut-être déjà un dossier (" + strings.Join(ids, ", ") + ") : même nom, et une année de naissance et une commune qui concordent ou manquent. Reprenez ce dossier, ou confirmez qu'il s'agit d'une autre personne."
	return &DuplicateError{Err: apperr.New(apperr.Conflict, msg), Duplicates: dups}
}

// Get returns a current person of the actor's structure and journals the
// read with why. A merged file answers with the kept one's id in MergedInto.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64, why string) (person.Person, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return person.Person{}, err
	}
	p, err := s.st.Person(ctx, a.Scope(), id)
	if err != nil {
		return p, err
	}
	if p.Deleted() {
		return person.Person{}, apperr.NotFoundError()
	}
	if p.MergedInto != 0 {
		return p, nil
	}
	return p, s.journal(ctx, a, p.ID, journal.Read, why)
}

func (s *Service) journal(ctx context.Context, a *account.Actor, personID int64, action, what string) error {
	e := journal.By(a, action, what)
	e.PersonID, e.At = personID, s.now()
	return s.st.AddJournal(ctx, a.Scope(), e)
}

// Filter narrows a list of persons.
type Filter struct {
	Query   string // names, word prefixes, accents and case ignored
	Status  person.FollowStatus
	Page    int // from 1
	PerPage int // 1 to 500
	// Sync lists by increasing id, after the id After, those changed since
	// UpdatedSince: a partner's synchronisation, a page at a time.
	Sync         bool
	After        int64
	UpdatedSince time.Time
}

// Page is one page of persons and how many match in all.
type Page struct {
	Persons []person.Person
	Total   int
	Page    int
	PerPage int
	Next    int64 // Sync: the id to list after for the next page, 0 at the end
}

// Pages is the number of pages.
func (p Page) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// List returns a page of the structure's current persons, by name (or by id
// for a synchronisation), and journals the listing.
func (s *Service) List(ctx context.Context, a *account.Actor, f Filter) (Page, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return Page{}, err
	}
	var v apperr.Validation
	if f.Status != "" && !person.Allowed(person.FollowStatuses, string(f.Status)) {
		v.Add("statut", "Statut inconnu. Valeurs permises : "+strings.Join(vocab.List(person.FollowStatuses).Values(), ", ")+".")
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PerPage == 0 {
		f.PerPage = 50
	}
	if f.Page < 1 || f.Page > 1_000_000 {
		v.Add("page", "Le numéro de page doit être entre 1 et 1 000 000.")
	}
	if f.PerPage < 1 || f.PerPage > 500 {
		v.Add("limite", "La limite est un nombre de 1 à 500.")
	}
	if err := v.Err(); err != nil {
		return Page{}, err
	}
	sf := store.PersonFilter{Query: strings.TrimSpace(f.Query), Status: f.Status, UpdatedSince: f.UpdatedSince, Limit: f.PerPage, Offset: (f.Page - 1) * f.PerPage}
	if f.Sync {
		sf.ByID, sf.AfterID, sf.Limit, sf.Offset = true, f.After, f.PerPage+1, 0
	}
	list, total, err := s.st.ListPersons(ctx, a.Scope(), sf)
	if err != nil {
		return Page{}, err
	}
	out := Page{Persons: list, Total: total, Page: f.Page, PerPage: f.PerPage}
	if f.Sync && len(list) > f.PerPage {
		out.Persons = list[:f.PerPage]
		out.Next = out.Persons[f.PerPage-1].ID
	}
	what := "Liste des personnes"
	if f.Query != "" {
		what += " (recherche)"
	}
	if err := s.journal(ctx, a, 0, journal.List, what); err != nil {
		return Page{}, err
	}
	return out, nil
}

// Update corrects a person's identity and attributes.
func (s *Service) Update(ctx context.Context, a *account.Actor, id int64, p person.Person) (person.Person, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return p, err
	}
	old, err := s.current(ctx, a, id)
	if err != nil {
		return p, err
	}
	p.Normalize()
	p.Status = old.Status
	if err := p.Validate(s.now()); err != nil {
		return p, err
	}
	p.ID = old.ID
	if err := s.st.UpdatePerson(ctx, a.Scope(), &p, journal.By(a, journal.Update, "Identité ou situation modifiée"), s.now()); err != nil {
		return p, err
	}
	return s.st.Person(ctx, a.Scope(), id)
}

// current loads a person who is neither erased nor merged, without a journal line.
func (s *Service) current(ctx context.Context, a *account.Actor, id int64) (person.Person, error) {
	p, err := s.st.Person(ctx, a.Scope(), id)
	if err == nil && (p.Deleted() || p.MergedInto != 0) {
		err = apperr.NotFoundError()
	}
	return p, err
}

// SetStatus moves a person along the follow-up.
func (s *Service) SetStatus(ctx context.Context, a *account.Actor, id int64, st person.FollowStatus) error {
	if err := a.Require(account.PermPersons); err != nil {
		return err
	}
	if _, err := s.current(ctx, a, id); err != nil {
		return err
	}
	if !person.Allowed(person.FollowStatuses, string(st)) {
		return &apperr.Error{Code: apperr.Invalid, Message: "Choisissez un statut de suivi.", Fields: []apperr.FieldError{{Field: "statut", Message: "Choisissez un statut de suivi."}}}
	}
	return s.st.SetFollowStatus(ctx, a.Scope(), id, st, journal.By(a, journal.Update, "Statut de suivi : "+person.Label(person.FollowStatuses, string(st))), s.now())
}

// Delete erases a person's identity and contact details; the statistical
// attributes stay for the activity figures.
func (s *Service) Delete(ctx context.Context, a *account.Actor, id int64) error {
	if err := a.Require(account.PermPersons); err != nil {
		return err
	}
	if err := s.st.DeletePerson(ctx, a.Scope(), id, journal.By(a, journal.Delete, "Identité effacée, statistiques gardées"), s.now()); err != nil {
		return err
	}
	if s.afterErase != nil {
		_, _ = s.afterErase(ctx)
	}
	return nil
}

// Merge folds the duplicate drop into keep.
func (s *Service) Merge(ctx context.Context, a *account.Actor, keep, drop int64) error {
	if err := a.Require(account.PermPersons); err != nil {
		return err
	}
	if _, err := s.current(ctx, a, keep); err != nil {
		return err
	}
	if drop <= 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "Choisissez le dossier en double à fusionner.", Fields: []apperr.FieldError{{Field: "doublon", Message: "Choisissez le dossier en double à fusionner."}}}
	}
	if err := s.st.MergePersons(ctx, a.Scope(), keep, drop, journal.By(a, journal.Merge, "Dossier n° "+strconv.FormatInt(drop, 10)+" fusionné dans celui-ci"), s.now()); err != nil {
		return err
	}
	if s.afterMerge != nil {
		return s.afterMerge(ctx, a.Scope(), keep, drop)
	}
	return nil
}

// Duplicates lists the files that may be the same person as p.
func (s *Service) Duplicates(ctx context.Context, a *account.Actor, p person.Person) ([]person.Person, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, err
	}
	return s.st.ProbableDuplicates(ctx, a.Scope(), &p)
}

// AddConsent records a consent given after the wording was read.
func (s *Service) AddConsent(ctx context.Context, a *account.Actor, personID int64, purpose string) (person.Consent, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return person.Consent{}, err
	}
	if _, err := s.current(ctx, a, personID); err != nil {
		return person.Consent{}, err
	}
	c, err := person.NewConsent(purpose, a.Membership.StructureName)
	if err != nil {
		return c, &apperr.Error{Code: apperr.Invalid, Message: "Choisissez le consentement donné.", Fields: []apperr.FieldError{{Field: "objet", Message: "Choisissez le consentement donné."}}}
	}
	c.PersonID, c.CollectedBy = personID, a.User.ID
	err = s.st.AddConsent(ctx, a.Scope(), &c, journal.By(a, journal.Update, "Consentement recueilli : "+c.PurposeLabel()), s.now())
	return c, err
}

// WithdrawConsent ends a consent; its record and wording stay.
func (s *Service) WithdrawConsent(ctx context.Context, a *account.Actor, personID, consentID int64) error {
	if err := a.Require(account.PermPersons); err != nil {
		return err
	}
	return s.st.WithdrawConsent(ctx, a.Scope(), personID, consentID, a.User.ID, journal.By(a, journal.Update, "Consentement retiré (n° "+strconv.FormatInt(consentID, 10)+")"), s.now())
}

// Consents lists a person's consents, newest first.
func (s *Service) Consents(ctx context.Context, a *account.Actor, personID int64) ([]person.Consent, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, err
	}
	return s.st.Consents(ctx, a.Scope(), personID)
}

// Event is one dated step of a person's path.
type Event struct {
	At         time.Time
	Kind       string // evaluation, orientation, activite
	Evaluation *evaluation.Evaluation
	Referral   *referral.Referral
	Activity   *activity.Activity
}

// Timeline gathers a person's evaluations, referrals and activities, newest
// first; an activity's notes are kept for their author only.
func (s *Service) Timeline(ctx context.Context, a *account.Actor, p person.Person) ([]evaluation.Evaluation, []Event, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, nil, err
	}
	evals, err := s.st.Evaluations(ctx, a.Scope(), p.ID)
	if err != nil {
		return nil, nil, err
	}
	refs, err := s.st.ListReferrals(ctx, a.Scope(), store.ReferralFilter{PersonID: p.ID})
	if err != nil {
		return nil, nil, err
	}
	acts, _, err := s.activities.ListActivities(ctx, a.Scope(), activitystore.ActivityFilter{PersonID: p.ID})
	if err != nil {
		return nil, nil, err
	}
	var items []Event
	for i := range evals {
		items = append(items, Event{At: evals[i].CreatedAt, Kind: "evaluation", Evaluation: &evals[i]})
	}
	for i := range refs {
		items = append(items, Event{At: refs[i].CreatedAt, Kind: "orientation", Referral: &refs[i]})
	}
	for i := range acts {
		acts[i].RedactNotesFor(a.User.ID)
		at := acts[i].Day()
		if at.IsZero() {
			at = acts[i].CreatedAt
		}
		items = append(items, Event{At: at.Add(12 * time.Hour), Kind: "activite", Activity: &acts[i]})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].At.After(items[j].At) })
	return evals, items, nil
}

// WaitingList returns the persons waiting for an individual accompaniment,
// nearest deadline first, and journals the listing.
func (s *Service) WaitingList(ctx context.Context, a *account.Actor) ([]person.Person, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return nil, err
	}
	list, err := s.st.WaitingList(ctx, a.Scope())
	if err != nil {
		return nil, err
	}
	return list, s.journal(ctx, a, 0, journal.List, "Liste d'attente")
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
