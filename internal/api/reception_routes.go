package api

// Welcome, orient, follow: persons, evaluations, referrals, activities. The
// handlers decode, call the services, and encode.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/activities"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
)

// receptionRoutes lists this capability's API operations.
func (a *API) receptionRoutes() []Route {
	return []Route{
		{Pattern: "POST " + Prefix + "/personnes", OperationID: "createPerson", Perm: account.PermPersons, Handler: a.createPerson},
		{Pattern: "GET " + Prefix + "/personnes", OperationID: "listPersons", Perm: account.PermPersons, Handler: a.listPersons},
		{Pattern: "GET " + Prefix + "/personnes/{id}", OperationID: "getPerson", Perm: account.PermPersons, Handler: a.getPerson},
		{Pattern: "DELETE " + Prefix + "/personnes/{id}", OperationID: "erasePerson", Perm: account.PermPersons, Handler: a.erasePerson},
		{Pattern: "GET " + Prefix + "/personnes/{id}/dossier", OperationID: "getPersonAccessFile", Perm: account.PermPersons, Handler: a.getPersonAccessFile},
		{Pattern: "GET " + Prefix + "/personnes/{id}/chronologie", OperationID: "getPersonTimeline", Perm: account.PermPersons, Handler: a.getPersonTimeline},
		{Pattern: "GET " + Prefix + "/personnes/{id}/evaluations", OperationID: "listPersonEvaluations", Perm: account.PermPersons, Handler: a.listPersonEvaluations},
		{Pattern: "POST " + Prefix + "/evaluations", OperationID: "createEvaluation", Perm: account.PermPersons, Handler: a.createEvaluation},
		{Pattern: "GET " + Prefix + "/evaluations/{id}", OperationID: "getEvaluation", Perm: account.PermPersons, Handler: a.getEvaluation},
		{Pattern: "POST " + Prefix + "/orientations", OperationID: "createReferral", Perm: account.PermSendReferrals, Handler: a.createReferral},
		{Pattern: "GET " + Prefix + "/orientations", OperationID: "listReferrals", Perm: account.PermReceiveReferrals, Handler: a.listReferrals},
		{Pattern: "GET " + Prefix + "/orientations/{id}", OperationID: "getReferral", Perm: account.PermReceiveReferrals, Handler: a.getReferral},
		{Pattern: "POST " + Prefix + "/orientations/{id}/decision", OperationID: "decideReferral", Perm: account.PermReceiveReferrals, Handler: a.decideReferral},
		{Pattern: "POST " + Prefix + "/activites", OperationID: "createActivity", Perm: account.PermActivities, Handler: a.createActivity},
		{Pattern: "GET " + Prefix + "/activites", OperationID: "listActivities", Perm: account.PermActivities, Handler: a.listActivities},
		{Pattern: "GET " + Prefix + "/activites/{id}", OperationID: "getActivity", Perm: account.PermActivities, Handler: a.getActivity},
		{Pattern: "PUT " + Prefix + "/activites/{id}", OperationID: "updateActivity", Perm: account.PermActivities, Handler: a.updateActivity},
		{Pattern: "DELETE " + Prefix + "/activites/{id}", OperationID: "deleteActivity", Perm: account.PermActivities, Handler: a.deleteActivity},
	}
}

func (a *API) now() time.Time { return a.cfg.Now() }

// base is the public address the caller reached, for the links the
// services write when no public URL is configured.
func (a *API) base(r *http.Request) string {
	if a.cfg.BaseURL != "" {
		return strings.TrimRight(a.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// --- persons

func (a *API) createPerson(w http.ResponseWriter, r *http.Request) {
	var in personInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	p, err := a.app.Persons.Create(r.Context(), account.ActorFrom(r.Context()), persons.NewPerson{Person: in.person(), Consents: in.Consents, DuplicateConfirmed: in.DuplicateConfirmed}, "Dossier créé")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, personJSON(p, a.now()))
}

// ownPerson reads the {id} person of the caller's structure; a merged or
// erased file is not found.
func (a *API) ownPerson(r *http.Request, why string) (person.Person, error) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		return person.Person{}, err
	}
	p, err := a.app.Persons.Get(r.Context(), account.ActorFrom(r.Context()), id, why)
	if err == nil && p.MergedInto != 0 {
		err = apperr.NotFoundError()
	}
	return p, err
}

func (a *API) getPerson(w http.ResponseWriter, r *http.Request) {
	p, err := a.ownPerson(r, "Dossier de la personne")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, personJSON(p, a.now()))
}

// erasePerson erases a person everywhere (persons.Delete).
func (a *API) erasePerson(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err == nil {
		err = a.app.Persons.Delete(r.Context(), account.ActorFrom(r.Context()), id)
	}
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// getPersonAccessFile hands over a person's whole file (right of access).
func (a *API) getPersonAccessFile(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	f, err := a.app.Persons.AccessFile(r.Context(), account.ActorFrom(r.Context()), id, persons.AccessJSON)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, f)
}

func (a *API) listPersons(w http.ResponseWriter, r *http.Request) {
	sq, err := apiio.ReadSync(r, "p", "q", "statut")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	pg, err := a.app.Persons.List(r.Context(), account.ActorFrom(r.Context()), persons.Filter{Query: q.Get("q"), Status: person.FollowStatus(q.Get("statut")),
		PerPage: sq.Limit, Sync: true, After: sq.After, UpdatedSince: sq.Since})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	now := a.now()
	out := personPage{Total: pg.Total, Next: apiio.EncodeCursor("p", pg.Next), Persons: make([]personOut, len(pg.Persons))}
	for i, p := range pg.Persons {
		out.Persons[i] = personJSON(p, now)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) getPersonTimeline(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	p, err := a.ownPerson(r, "Chronologie de la personne")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	_, events, err := a.app.Persons.Timeline(r.Context(), act, p)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := timelineOut{Person: personJSON(p, a.now()), Events: []timelineEvent{}}
	for _, ev := range events {
		te := timelineEvent{At: dateTime(ev.At), Type: ev.Kind}
		switch {
		case ev.Evaluation != nil:
			e := evaluationJSON(*ev.Evaluation)
			te.Evaluation = &e
		case ev.Referral != nil:
			ro := referralJSON(*ev.Referral)
			te.Referral = &ro
		case ev.Activity != nil:
			ao := activityJSON(*ev.Activity, act.User.ID)
			te.Activity = &ao
		}
		out.Events = append(out.Events, te)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) listPersonEvaluations(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	sq, err := apiio.ReadSync(r, "e")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	pg, err := a.app.Evaluations.ListForPerson(r.Context(), account.ActorFrom(r.Context()), id, sq.Since, sq.After, sq.Limit)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := evaluationPage{Next: apiio.EncodeCursor("e", pg.Next), Evaluations: make([]evaluationOut, len(pg.Evaluations))}
	for i, e := range pg.Evaluations {
		out.Evaluations[i] = evaluationJSON(e)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

// --- evaluations

func (a *API) createEvaluation(w http.ResponseWriter, r *http.Request) {
	var in evaluationInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	res, err := a.app.Evaluations.Create(r.Context(), account.ActorFrom(r.Context()), in.PersonID, in.input())
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, evaluationJSON(res.Evaluation))
}

func (a *API) getEvaluation(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	d, err := a.app.Evaluations.Get(r.Context(), account.ActorFrom(r.Context()), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, evaluationJSON(d.Evaluation))
}

// --- referrals

func (a *API) createReferral(w http.ResponseWriter, r *http.Request) {
	var in referralInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	c, err := a.app.Referrals.Create(r.Context(), account.ActorFrom(r.Context()), in.referral(a.base(r)))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralJSON(c.Referral)
	if c.Link != "" {
		out.Link = &c.Link
	}
	apiio.WriteJSON(w, http.StatusCreated, out)
}

func (a *API) getReferral(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	v, err := a.app.Referrals.Get(r.Context(), account.ActorFrom(r.Context()), id, a.base(r))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralJSON(v.Referral)
	if v.Link != "" {
		out.Link = &v.Link
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) listReferrals(w http.ResponseWriter, r *http.Request) {
	sq, err := apiio.ReadSync(r, "o", "boite", "etat")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	pg, err := a.app.Referrals.List(r.Context(), account.ActorFrom(r.Context()), referrals.Filter{Box: q.Get("boite"), State: q.Get("etat"),
		Limit: sq.Limit, Sync: true, After: sq.After, UpdatedSince: sq.Since})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralPage{Next: apiio.EncodeCursor("o", pg.Next), Referrals: make([]referralOut, len(pg.Referrals))}
	for i, ref := range pg.Referrals {
		out.Referrals[i] = referralJSON(ref)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) decideReferral(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in decisionInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	ref, err := a.app.Referrals.Decide(r.Context(), account.ActorFrom(r.Context()), id, referrals.DecisionInput{Decision: in.Decision, Reasons: in.Reasons, Comment: in.Comment})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, referralJSON(ref))
}

// --- activities

func (a *API) createActivity(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	var in activityInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	x, err := a.app.Activities.Record(r.Context(), act, in.activity())
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, activityJSON(x, act.User.ID))
}

func (a *API) updateActivity(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in activityInput
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	x, err := a.app.Activities.Update(r.Context(), act, id, in.activity())
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, activityJSON(x, act.User.ID))
}

// deleteActivity deletes an activity: its author or the structure's manager
// (activities.Delete).
func (a *API) deleteActivity(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err == nil {
		err = a.app.Activities.Delete(r.Context(), account.ActorFrom(r.Context()), id)
	}
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) getActivity(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	x, err := a.app.Activities.Get(r.Context(), act, id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, activityJSON(x, act.User.ID))
}

func (a *API) listActivities(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	sq, err := apiio.ReadSync(r, "a", "du", "au", "personne_id")
	var v apperr.Validation
	v.Merge(err)
	q := r.URL.Query()
	var pid int64
	if s := q.Get("personne_id"); s != "" {
		if pid, err = strconv.ParseInt(s, 10, 64); err != nil || pid <= 0 {
			v.Add("personne_id", "Numéro de dossier attendu.")
		}
	}
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	pg, err := a.app.Activities.List(r.Context(), act, activities.Filter{From: q.Get("du"), To: q.Get("au"), PersonID: pid, PerPage: sq.Limit,
		Sync: true, After: sq.After, UpdatedSince: sq.Since})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := activityPage{Total: pg.Total, Next: apiio.EncodeCursor("a", pg.Next), Activities: make([]activityOut, len(pg.Activities))}
	for i := range pg.Activities {
		out.Activities[i] = activityJSON(pg.Activities[i], act.User.ID)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}
