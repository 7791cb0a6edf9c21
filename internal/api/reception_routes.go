package api

// Welcome, orient, follow: persons, evaluations, referrals, activities.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/store"
)

// receptionRoutes lists this capability's API operations.
func (a *API) receptionRoutes() []Route {
	return []Route{
		{Pattern: "POST " + Prefix + "/personnes", OperationID: "createPerson", Perm: account.PermPersons, Handler: a.createPerson},
		{Pattern: "GET " + Prefix + "/personnes", OperationID: "listPersons", Perm: account.PermPersons, Handler: a.listPersons},
		{Pattern: "GET " + Prefix + "/personnes/{id}", OperationID: "getPerson", Perm: account.PermPersons, Handler: a.getPerson},
		{Pattern: "GET " + Prefix + "/personnes/{id}/chronologie", OperationID: "getPersonTimeline", Perm: account.PermPersons, Handler: a.getPersonTimeline},
		{Pattern: "POST " + Prefix + "/evaluations", OperationID: "createEvaluation", Perm: account.PermPersons, Handler: a.createEvaluation},
		{Pattern: "POST " + Prefix + "/orientations", OperationID: "createReferral", Perm: account.PermSendReferrals, Handler: a.createReferral},
		{Pattern: "GET " + Prefix + "/orientations", OperationID: "listReferrals", Perm: account.PermReceiveReferrals, Handler: a.listReferrals},
		{Pattern: "POST " + Prefix + "/orientations/{id}/decision", OperationID: "decideReferral", Perm: account.PermReceiveReferrals, Handler: a.decideReferral},
		{Pattern: "POST " + Prefix + "/activites", OperationID: "createActivity", Perm: account.PermActivities, Handler: a.createActivity},
		{Pattern: "GET " + Prefix + "/activites", OperationID: "listActivities", Perm: account.PermActivities, Handler: a.listActivities},
	}
}

func (a *API) now() time.Time { return a.cfg.Now() }

// entry is a journal line for the API caller.
func entry(act *account.Actor, action, what string) journal.Entry {
	return journal.Entry{ActorStructureID: act.StructureID(), UserID: act.User.ID, Who: act.User.Name + " (" + act.Role().Label() + ", API)", Action: action, What: what}
}

func (a *API) journal(r *http.Request, structureID, personID int64, action, what string) error {
	act := account.ActorFrom(r.Context())
	e := entry(act, action, what)
	e.StructureID, e.PersonID, e.At = structureID, personID, a.now()
	return a.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e)
}

func pathInt(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundError()
	}
	return id, nil
}

func queryInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		msg := "Le paramètre « " + name + " » doit être un nombre entre " + strconv.Itoa(lo) + " et " + strconv.Itoa(hi) + "."
		return 0, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: name, Message: msg}}}
	}
	return n, nil
}

// --- persons

func (a *API) createPerson(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	var in personInput
	if err := Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	p, err := a.app.Persons.Create(r.Context(), act, persons.NewPerson{Person: in.person(), Consents: in.Consents, DuplicateConfirmed: in.DuplicateConfirmed}, "Dossier créé")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusCreated, personJSON(p, a.now()))
}

// ownPerson reads the {id} person of the caller's structure; a merged or
// erased file is not found.
func (a *API) ownPerson(r *http.Request, why string) (person.Person, error) {
	id, err := pathInt(r, "id")
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
	WriteJSON(w, http.StatusOK, personJSON(p, a.now()))
}

func (a *API) listPersons(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	pageNo, err := queryInt(r, "page", 1, 1, 1_000_000)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	per, err := queryInt(r, "par_page", 50, 1, 200)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	pg, err := a.app.Persons.List(r.Context(), act, persons.Filter{Query: r.URL.Query().Get("q"), Status: person.FollowStatus(r.URL.Query().Get("statut")), Page: pageNo, PerPage: per})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	now := a.now()
	out := personPage{Total: pg.Total, Page: pg.Page, PerPage: pg.PerPage, Persons: make([]personOut, len(pg.Persons))}
	for i, p := range pg.Persons {
		out.Persons[i] = personJSON(p, now)
	}
	WriteJSON(w, http.StatusOK, out)
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
		switch {
		case ev.Evaluation != nil:
			e := evaluationJSON(*ev.Evaluation)
			out.Events = append(out.Events, timelineEvent{At: ev.At, Type: ev.Kind, Evaluation: &e})
		case ev.Referral != nil:
			ro := referralJSON(*ev.Referral)
			out.Events = append(out.Events, timelineEvent{At: ev.At, Type: ev.Kind, Referral: &ro})
		case ev.Activity != nil:
			ao := activityJSON(*ev.Activity, act.User.ID)
			out.Events = append(out.Events, timelineEvent{At: ev.At, Type: ev.Kind, Activity: &ao})
		}
	}
	WriteJSON(w, http.StatusOK, out)
}

// --- evaluations

func (a *API) createEvaluation(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	var in evaluationInput
	if err := Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	now := a.now()
	e := evaluation.Evaluation{StructureID: act.StructureID(), PersonID: in.PersonID, Themes: in.Themes, Procedures: in.Procedures,
		Deadline: in.Deadline, Equipment: in.Equipment, Answers: in.Answers, CreatedBy: act.User.ID}
	e.Normalize()
	if err := e.Validate(now); err != nil {
		a.Fail(w, r, renameField(err, "q1", "reponses"))
		return
	}
	e.Compute(now)
	if err := a.store.CreateEvaluation(r.Context(), act.Scope(), &e, entry(act, journal.Create, "Évaluation : "+e.ProfileLabel()+" (API)"), now); err != nil {
		a.Fail(w, r, err)
		return
	}
	out := evaluationJSON(e)
	out.Service = e.Service()
	WriteJSON(w, http.StatusCreated, out)
}

// renameField maps a form's field name to the API's.
func renameField(err error, from, to string) error {
	if e, ok := apperr.As(err); ok {
		for i := range e.Fields {
			if e.Fields[i].Field == from {
				e.Fields[i].Field = to
			}
		}
	}
	return err
}

// --- referrals

func (a *API) createReferral(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	ctx := r.Context()
	var in referralInput
	if err := Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	now := a.now()
	p, err := a.store.Person(ctx, act.Scope(), in.PersonID)
	if err != nil || p.Deleted() || p.MergedInto != 0 || p.Kind != person.Followed {
		if err == nil {
			err = apperr.NotFoundError()
		}
		a.Fail(w, r, err)
		return
	}
	ref := referral.Referral{SenderStructureID: act.StructureID(), PersonID: p.ID, EvaluationID: in.EvaluationID, PersonName: in.Name,
		ContactMethod: in.Contact, ContactValue: in.ContactValue, Service: in.Service, AvailableFrom: in.AvailableFrom,
		Reason: in.Reason, Informed: in.Informed, CreatedBy: act.User.ID}
	if ref.PersonName == "" {
		ref.PersonName = p.Name()
	}
	if ref.EvaluationID != 0 {
		if e, err := a.store.Evaluation(ctx, act.Scope(), ref.EvaluationID); err != nil || e.PersonID != p.ID {
			a.Fail(w, r, &apperr.Error{Code: apperr.Invalid, Message: "Évaluation introuvable pour cette personne.", Fields: []apperr.FieldError{{Field: "evaluation_id", Message: "Évaluation introuvable pour cette personne."}}})
			return
		}
	}
	var v apperr.Validation
	switch {
	case in.StructureID != 0 && in.PlaceID != 0:
		v.Add("structure_id", "Donnez une structure ou un lieu, pas les deux.")
	case in.StructureID != 0:
		st, err := a.store.Structure(ctx, in.StructureID)
		if err != nil {
			v.Add("structure_id", "Structure inconnue.")
		} else {
			ref.ReceiverStructureID, ref.ReceiverName = st.ID, st.Name
		}
	case in.PlaceID != 0:
		pl, err := a.store.Place(ctx, in.PlaceID)
		if err != nil || !pl.Open() {
			v.Add("lieu_id", "Lieu inconnu ou fermé.")
			break
		}
		ref.ReceiverPlaceID, ref.ReceiverName = pl.ID, pl.Name
		if pl.StructureID != 0 {
			members, err := a.store.StructureMembers(ctx, pl.StructureID)
			if err != nil {
				a.Fail(w, r, err)
				return
			}
			if len(members) > 0 {
				ref.ReceiverStructureID = pl.StructureID
			}
		}
		if ref.ReceiverStructureID == 0 {
			ref.LinkExpiresAt = now.Add(referral.LinkValidity)
		}
	}
	ref.Normalize()
	if err := ref.Validate(now); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, fe := range e.Fields {
				if fe.Field == "destination" && v.Has("structure_id") || fe.Field == "destination" && v.Has("lieu_id") {
					continue
				}
				v.Add(apiReferralField(fe.Field), fe.Message)
			}
		}
	}
	consents, err := a.store.Consents(ctx, act.Scope(), p.ID)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	for _, c := range consents {
		if c.Purpose == person.ConsentShare && c.Active() {
			ref.ConsentID = c.ID
		}
	}
	if ref.ConsentID == 0 && !in.ShareConsent {
		v.Add("consentement_partage", "La personne doit accepter le partage : lisez-lui le texte « partage » et envoyez \"consentement_partage\": true.")
	}
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	if ref.ConsentID == 0 {
		c, _ := person.NewConsent(person.ConsentShare, act.Membership.StructureName)
		c.PersonID, c.StructureID, c.CollectedBy = p.ID, act.StructureID(), act.User.ID
		if err := a.store.AddConsent(ctx, act.Scope(), &c, entry(act, journal.Update, "Consentement recueilli : partage (API)"), now); err != nil {
			a.Fail(w, r, err)
			return
		}
		ref.ConsentID = c.ID
	}
	if err := a.store.CreateReferral(ctx, &ref, act.User.Name+" ("+act.Membership.StructureName+", API)", entry(act, journal.Create, "Orientation vers "+ref.ReceiverName+" (API)"), now); err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralJSON(ref)
	if ref.ViaLink() {
		secret, err := a.store.ReferralSecret(ctx)
		if err != nil {
			a.Fail(w, r, err)
			return
		}
		base := strings.TrimRight(a.cfg.BaseURL, "/")
		if base == "" {
			base = "http://" + r.Host
		}
		out.Link = base + "/orientation/" + referral.Sign(secret, ref.ID, ref.LinkExpiresAt)
	}
	WriteJSON(w, http.StatusCreated, out)
}

func apiReferralField(f string) string {
	switch f {
	case "destination":
		return "structure_id"
	case "nom":
		return "nom"
	case "disponible":
		return "disponible_le"
	case "informee":
		return "personne_informee"
	}
	return f
}

func (a *API) listReferrals(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	box := r.URL.Query().Get("boite")
	if box != "" && box != "recues" && box != "envoyees" {
		a.Fail(w, r, &apperr.Error{Code: apperr.Invalid, Message: "Boîte inconnue.", Fields: []apperr.FieldError{{Field: "boite", Message: "Valeurs permises : recues, envoyees."}}})
		return
	}
	if !act.Can(account.PermSendReferrals) {
		box = "recues" // a partner only sees what was sent to it
	}
	state := r.URL.Query().Get("etat")
	if state != "" && !person.Allowed(referral.States, state) {
		a.Fail(w, r, &apperr.Error{Code: apperr.Invalid, Message: "État inconnu.", Fields: []apperr.FieldError{{Field: "etat", Message: "Valeurs permises : ouverte, validee, refusee, expiree."}}})
		return
	}
	refs, err := a.store.ListReferrals(r.Context(), act.StructureID(), store.ReferralFilter{Box: box, State: referral.State(state), Limit: 500})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.journal(r, act.StructureID(), 0, journal.List, "Liste des orientations (API)"); err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralPage{Referrals: make([]referralOut, len(refs))}
	for i, ref := range refs {
		out.Referrals[i] = referralJSON(ref)
		if ref.SenderStructureID != act.StructureID() {
			out.Referrals[i].PersonID = 0 // the sender's file number means nothing to the receiver
		}
	}
	WriteJSON(w, http.StatusOK, out)
}

func (a *API) decideReferral(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := pathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	ref, err := a.store.Referral(r.Context(), act.StructureID(), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in decisionInput
	if err := Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	if ref.ReceiverStructureID != act.StructureID() {
		a.Fail(w, r, apperr.New(apperr.Forbidden, "Seule la structure qui reçoit l'orientation y répond."))
		return
	}
	d := referral.Decision{Reasons: in.Reasons, Comment: in.Comment}
	switch in.Decision {
	case "valider":
		d.Accept, d.Reasons = true, nil
	case "refuser":
	default:
		a.Fail(w, r, &apperr.Error{Code: apperr.Invalid, Message: "Décision inconnue.", Fields: []apperr.FieldError{{Field: "decision", Message: "Valeurs permises : valider, refuser."}}})
		return
	}
	if err := d.Validate(); err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.store.DecideReferral(r.Context(), act.StructureID(), id, d, act.User.ID, act.User.Name+" ("+act.Membership.StructureName+", API)", a.now()); err != nil {
		a.Fail(w, r, err)
		return
	}
	if ref.PersonID != 0 {
		e := entry(act, journal.Update, "Réponse à l'orientation n° "+strconv.FormatInt(id, 10))
		e.StructureID, e.PersonID, e.At = ref.SenderStructureID, ref.PersonID, a.now()
		if err := a.store.AddJournal(r.Context(), scope.OfStructure(e.StructureID), e); err != nil {
			a.Fail(w, r, err)
			return
		}
	}
	ref, err = a.store.Referral(r.Context(), act.StructureID(), id)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := referralJSON(ref)
	out.PersonID = 0
	WriteJSON(w, http.StatusOK, out)
}

// --- activities

func (a *API) createActivity(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	ctx := r.Context()
	var in activityInput
	if err := Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	now := a.now()
	x := in.activity()
	x.StructureID, x.AuthorID = act.StructureID(), act.User.ID
	x.Normalize()
	if x.PlaceID != 0 {
		pl, err := a.store.StructurePlace(ctx, act.Scope(), x.PlaceID)
		if err != nil {
			a.Fail(w, r, &apperr.Error{Code: apperr.Invalid, Message: "Lieu inconnu dans votre structure.", Fields: []apperr.FieldError{{Field: "lieu_id", Message: "Lieu inconnu dans votre structure."}}})
			return
		}
		x.PlaceName = pl.Name
	}
	if err := x.Validate(now.In(paris)); err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.store.CreateActivity(ctx, &x, entry(act, journal.Create, "Accompagnement du "+x.Date+" (API)"), now); err != nil {
		a.Fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusCreated, activityJSON(x, act.User.ID))
}

func (a *API) listActivities(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	q := r.URL.Query()
	var v apperr.Validation
	for _, k := range []string{"du", "au"} {
		if d := q.Get(k); d != "" {
			if _, err := time.Parse(activity.DateLayout, d); err != nil {
				v.Add(k, "Date au format AAAA-MM-JJ.")
			}
		}
	}
	pageNo, err := queryInt(r, "page", 1, 1, 1_000_000)
	if err != nil {
		v.Merge(err)
	}
	per, err := queryInt(r, "par_page", 100, 1, 500)
	if err != nil {
		v.Merge(err)
	}
	pid := int64(0)
	if s := q.Get("personne_id"); s != "" {
		if pid, err = strconv.ParseInt(s, 10, 64); err != nil {
			v.Add("personne_id", "Numéro de dossier attendu.")
		}
	}
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	acts, total, err := a.store.ListActivities(r.Context(), act.StructureID(), store.ActivityFilter{From: q.Get("du"), To: q.Get("au"), PersonID: pid, Limit: per, Offset: (pageNo - 1) * per})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if pid != 0 {
		err = a.journal(r, act.StructureID(), pid, journal.Read, "Accompagnements de la personne (API)")
	} else {
		err = a.journal(r, act.StructureID(), 0, journal.List, "Liste des accompagnements (API)")
	}
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := activityPage{Total: total, Page: pageNo, PerPage: per, Activities: make([]activityOut, len(acts))}
	for i := range acts {
		out.Activities[i] = activityJSON(acts[i], act.User.ID)
	}
	WriteJSON(w, http.StatusOK, out)
}

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}()
