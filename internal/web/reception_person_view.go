package web

import (
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/persons"
)

type personViewData struct {
	Person      person.Person
	AgeBand     string
	Consents    []person.Consent
	Evaluations []evaluation.Evaluation
	Timeline    []persons.Event
	Duplicates  []person.Person
	Statuses    []option
	Wordings    []person.Wording
	CanRecord   bool // may record an activity
	Now         time.Time
}

// Needs names the person's needs.
func (d personViewData) Needs() string { return activity.Labels(person.Needs, d.Person.Needs) }

// personView is a followed person's page: identity, consents, the timeline
// of evaluations, orientations and activities, and the follow-up status.
func (s *Server) personView(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	p, err := s.app.Persons.Get(r.Context(), actorFrom(r), id, "Dossier de la personne")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.MergedInto != 0 {
		redirect(w, r, "/espace/personnes/"+itoa64(p.MergedInto))
		return
	}
	s.renderPerson(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, p person.Person, f *form) {
	a := actorFrom(r)
	ctx := r.Context()
	consents, err := s.app.Persons.Consents(ctx, a, p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	evals, items, err := s.app.Persons.Timeline(ctx, a, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	dups, err := s.app.Persons.Duplicates(ctx, a, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if f == nil {
		f = &form{}
		f.Set("statut", string(p.Status))
	}
	now := s.cfg.Now()
	s.render(w, r, status, "reception_person_view", page{Title: p.Name(), Form: f, Data: personViewData{
		Person: p, AgeBand: person.Label(person.AgeBands, p.AgeBand(now)), Consents: consents, Evaluations: evals, Timeline: items,
		Duplicates: dups, Statuses: choices(person.FollowStatuses), Wordings: person.Wordings, CanRecord: a.Can(account.PermActivities), Now: now,
	}})
}

func (s *Server) personSetStatus(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := person.FollowStatus(r.PostFormValue("statut"))
	if err := s.app.Persons.SetStatus(r.Context(), a, p.ID, st); err != nil {
		s.failPersonForm(w, r, p, err)
		return
	}
	s.flash(r, "Statut de suivi enregistré : "+person.Label(person.FollowStatuses, string(st))+".")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}

func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		f := newForm(r)
		f.Fail(fieldError("confirmer", "Cochez la case pour confirmer la suppression."))
		s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err := s.app.Persons.Delete(r.Context(), a, p.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Le dossier n° "+itoa64(p.ID)+" est supprimé : le nom et les coordonnées sont effacés, les chiffres anonymes sont gardés.")
	redirect(w, r, "/espace/personnes")
}

// personMerge folds a probable duplicate ("doublon") into this person.
func (s *Server) personMerge(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	drop := formID(r.PostFormValue("doublon"))
	if err := s.app.Persons.Merge(r.Context(), a, p.ID, drop); err != nil {
		s.failPersonForm(w, r, p, err)
		return
	}
	s.flash(r, "Le dossier n° "+itoa64(drop)+" est fusionné dans celui-ci : son historique est ici.")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}

func (s *Server) personConsentAdd(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.app.Persons.AddConsent(r.Context(), a, p.ID, r.PostFormValue("objet")); err != nil {
		s.failPersonForm(w, r, p, err)
		return
	}
	s.flash(r, "Consentement enregistré avec le texte lu à la personne.")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}

func (s *Server) personConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cid, ok := pathID(r, "consent")
	if !ok {
		s.notFound(w, r)
		return
	}
	if err := s.app.Persons.WithdrawConsent(r.Context(), a, p.ID, cid); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Le consentement est retiré.")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}

// failPersonForm shows a refused action on the person's page, next to its field.
func (s *Server) failPersonForm(w http.ResponseWriter, r *http.Request, p person.Person, err error) {
	f := newForm(r)
	if !f.Fail(err) || apperr.CodeOf(err) == apperr.NotFound {
		s.fail(w, r, err)
		return
	}
	s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
}
