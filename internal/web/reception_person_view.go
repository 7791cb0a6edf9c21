package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
)

// timelineItem is one dated step of a person's path.
type timelineItem struct {
	At         time.Time
	Kind       string // evaluation, orientation, activite
	Evaluation *evaluation.Evaluation
	Referral   *referral.Referral
	Activity   *activity.Activity
}

type personViewData struct {
	Person      person.Person
	AgeBand     string
	Consents    []person.Consent
	Evaluations []evaluation.Evaluation
	Timeline    []timelineItem
	Duplicates  []person.Person
	Statuses    []option
	Wordings    []person.Wording
	CanRecord   bool // may record an activity
	Now         time.Time
}

// Needs names the person's needs.
func (d personViewData) Needs() string { return activity.Labels(person.Needs, d.Person.Needs) }

// personTimeline gathers evaluations, referrals and activities, newest first.
// Notes are kept only for their author.
func (s *Server) personTimeline(r *http.Request, p person.Person) ([]evaluation.Evaluation, []timelineItem, error) {
	a := actorFrom(r)
	ctx := r.Context()
	evals, err := s.store.Evaluations(ctx, a.StructureID(), p.ID)
	if err != nil {
		return nil, nil, err
	}
	refs, err := s.store.ListReferrals(ctx, a.StructureID(), store.ReferralFilter{PersonID: p.ID})
	if err != nil {
		return nil, nil, err
	}
	acts, _, err := s.store.ListActivities(ctx, a.StructureID(), store.ActivityFilter{PersonID: p.ID})
	if err != nil {
		return nil, nil, err
	}
	var items []timelineItem
	for i := range evals {
		items = append(items, timelineItem{At: evals[i].CreatedAt, Kind: "evaluation", Evaluation: &evals[i]})
	}
	for i := range refs {
		items = append(items, timelineItem{At: refs[i].CreatedAt, Kind: "orientation", Referral: &refs[i]})
	}
	for i := range acts {
		redactNotes(a, &acts[i])
		at := acts[i].Day()
		if at.IsZero() {
			at = acts[i].CreatedAt
		}
		items = append(items, timelineItem{At: at.Add(12 * time.Hour), Kind: "activite", Activity: &acts[i]})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].At.After(items[j].At) })
	return evals, items, nil
}

// redactNotes keeps an activity's notes for their author only.
func redactNotes(a *account.Actor, act *activity.Activity) {
	if act.AuthorID != a.User.ID && act.Notes != "" {
		act.Notes, act.NotesRedacted = "", true
	}
}

// personView is a followed person's page: identity, consents, the timeline
// of evaluations, orientations and activities, and the follow-up status.
func (s *Server) personView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.MergedInto != 0 {
		redirect(w, r, "/espace/personnes/"+itoa64(p.MergedInto))
		return
	}
	if err := s.logAccess(r, a.StructureID(), p.ID, journal.Read, "Dossier de la personne"); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPerson(w, r, http.StatusOK, p, nil)
}

func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, p person.Person, f *form) {
	a := actorFrom(r)
	ctx := r.Context()
	consents, err := s.store.Consents(ctx, a.StructureID(), p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	evals, items, err := s.personTimeline(r, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	dups, err := s.store.ProbableDuplicates(ctx, a.StructureID(), &p)
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
	if !person.Allowed(person.FollowStatuses, string(st)) {
		f := newForm(r)
		f.fail(fieldError("statut", "Choisissez un statut de suivi."))
		s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err := s.store.SetFollowStatus(r.Context(), a.StructureID(), p.ID, st, journalEntry(a, journal.Update, "Statut de suivi : "+person.Label(person.FollowStatuses, string(st))), s.cfg.Now()); err != nil {
		s.fail(w, r, err)
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
		f.fail(fieldError("confirmer", "Cochez la case pour confirmer la suppression."))
		s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err := s.store.DeletePerson(r.Context(), a.StructureID(), p.ID, journalEntry(a, journal.Delete, "Identité effacée, statistiques gardées"), s.cfg.Now()); err != nil {
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
	if drop == 0 {
		f := newForm(r)
		f.fail(fieldError("doublon", "Choisissez le dossier en double à fusionner."))
		s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	if err := s.store.MergePersons(r.Context(), a.StructureID(), p.ID, drop, journalEntry(a, journal.Merge, "Dossier n° "+itoa64(drop)+" fusionné dans celui-ci"), s.cfg.Now()); err != nil {
		s.fail(w, r, err)
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
	c, err := person.NewConsent(r.PostFormValue("objet"), a.Membership.StructureName)
	if err != nil {
		f := newForm(r)
		f.fail(fieldError("objet", "Choisissez le consentement donné."))
		s.renderPerson(w, r, http.StatusUnprocessableEntity, p, f)
		return
	}
	c.PersonID, c.StructureID, c.CollectedBy = p.ID, a.StructureID(), a.User.ID
	if err := s.store.AddConsent(r.Context(), &c, journalEntry(a, journal.Update, "Consentement recueilli : "+c.PurposeLabel()), s.cfg.Now()); err != nil {
		s.fail(w, r, err)
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
	if err := s.store.WithdrawConsent(r.Context(), a.StructureID(), p.ID, cid, a.User.ID, journalEntry(a, journal.Update, "Consentement retiré (n° "+strconv.FormatInt(cid, 10)+")"), s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Le consentement est retiré.")
	redirect(w, r, "/espace/personnes/"+itoa64(p.ID))
}
