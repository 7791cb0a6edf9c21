package reception

import (
	"github.com/parcours-numerique/parcours/internal/mandate"
	"net/http"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/service/referrals"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type personViewData struct {
	Person      person.Person
	AgeBand     string
	Consents    []person.Consent
	Evaluations []evaluation.Evaluation
	Timeline    []persons.Event
	Bookings    map[int64]referrals.Booking // by referral: where to book an appointment for the person
	Duplicates  []person.Person
	Statuses    []ui.Option
	Wordings    []person.Wording
	CanRecord   bool // may record an activity
	CanOrient   bool
	Now         time.Time
	// Mandates lets aidants act for the person; MandateHistory tells, in
	// plain French, every creation, signature, use, renewal and revocation.
	Mandates       []mandate.Mandate
	MandateHistory []mandate.Event
	CanMandate     bool
}

// Needs names the person's needs.
func (d personViewData) Needs() string { return activity.Labels(person.Needs, d.Person.Needs) }

// PersonView is a person's page: identity, consents, the timeline of
// evaluations, orientations (with a way to book an appointment where the
// person was oriented) and activities, and the follow-up status.
func (h *Handlers) PersonView(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	p, err := h.persons.Get(r.Context(), ui.Actor(r), id, "Dossier de la personne")
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if p.MergedInto != 0 {
		ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(p.MergedInto))
		return
	}
	h.renderPerson(w, r, http.StatusOK, p, nil)
}

func (h *Handlers) renderPerson(w http.ResponseWriter, r *http.Request, status int, p person.Person, f *ui.Form) {
	a := ui.Actor(r)
	ctx := r.Context()
	consents, err := h.persons.Consents(ctx, a, p.ID)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	evals, items, err := h.persons.Timeline(ctx, a, p)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	var refs []referral.Referral
	for _, it := range items {
		if it.Referral != nil {
			refs = append(refs, *it.Referral)
		}
	}
	bookings, err := h.referrals.Bookings(ctx, a, refs)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	dups, err := h.persons.Duplicates(ctx, a, p)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	if f == nil {
		f = &ui.Form{}
		f.Set("statut", string(p.Status))
	}
	var mandates []mandate.Mandate
	var history []mandate.Event
	if h.mandates != nil {
		if mandates, history, err = h.mandates.OfPerson(ctx, a, p.ID); err != nil {
			h.site.ServerError(w, r, err)
			return
		}
	}
	now := h.site.Now()
	h.render(w, r, status, "reception_person_view", ui.Page{Title: p.Name(), Form: f, Data: personViewData{
		Person: p, AgeBand: person.Label(person.AgeBands, p.AgeBand(now)), Consents: consents, Evaluations: evals, Timeline: items,
		Bookings: bookings, Duplicates: dups, Statuses: ui.Choices(person.FollowStatuses), Wordings: person.Wordings,
		CanRecord: a.Can(account.PermActivities), CanOrient: a.Can(account.PermSendReferrals), Now: now,
		Mandates: mandates, MandateHistory: history, CanMandate: a.Can(account.PermMandates),
	}})
}

// personAction runs an action on the {id} person and goes back to their
// page; a refused action is shown next to its field.
func (h *Handlers) personAction(w http.ResponseWriter, r *http.Request, do func(id int64) (string, error)) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	msg, err := do(id)
	if err != nil {
		f := ui.NewForm(r)
		h.failForm(w, r, f, err, func(status int) {
			p, err := h.currentPerson(r, "Dossier de la personne")
			if err != nil {
				h.site.Fail(w, r, err)
				return
			}
			h.renderPerson(w, r, status, p, f)
		})
		return
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/personnes/"+ui.Itoa(id))
}

// PersonSetStatus moves a person along the follow-up.
func (h *Handlers) PersonSetStatus(w http.ResponseWriter, r *http.Request) {
	h.personAction(w, r, func(id int64) (string, error) {
		st := person.FollowStatus(r.PostFormValue("statut"))
		err := h.persons.SetStatus(r.Context(), ui.Actor(r), id, st)
		return "Statut de suivi enregistré : " + person.Label(person.FollowStatuses, string(st)) + ".", err
	})
}

// PersonDelete erases a person's identity once the agent confirms.
func (h *Handlers) PersonDelete(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if r.PostFormValue("confirmer") != "oui" {
		h.personAction(w, r, func(int64) (string, error) {
			if _, err := h.currentPerson(r, "Dossier de la personne"); err != nil {
				return "", err
			}
			return "", ui.FieldError("confirmer", "Cochez la case pour confirmer la suppression.")
		})
		return
	}
	if err := h.persons.Delete(r.Context(), a, id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Le dossier n° "+ui.Itoa(id)+" est supprimé : le nom et les coordonnées sont effacés, les chiffres anonymes sont gardés.")
	ui.Redirect(w, r, "/espace/personnes")
}

// PersonMerge folds a probable duplicate ("doublon") into this person.
func (h *Handlers) PersonMerge(w http.ResponseWriter, r *http.Request) {
	h.personAction(w, r, func(id int64) (string, error) {
		drop := ui.ParseID(r.PostFormValue("doublon"))
		err := h.persons.Merge(r.Context(), ui.Actor(r), id, drop)
		return "Le dossier n° " + ui.Itoa(drop) + " est fusionné dans celui-ci : son historique est ici.", err
	})
}

// PersonConsentAdd records a consent given after its wording was read.
func (h *Handlers) PersonConsentAdd(w http.ResponseWriter, r *http.Request) {
	h.personAction(w, r, func(id int64) (string, error) {
		_, err := h.persons.AddConsent(r.Context(), ui.Actor(r), id, r.PostFormValue("objet"))
		return "Consentement enregistré avec le texte lu à la personne.", err
	})
}

// PersonConsentWithdraw ends a consent; its record and wording stay.
func (h *Handlers) PersonConsentWithdraw(w http.ResponseWriter, r *http.Request) {
	h.personAction(w, r, func(id int64) (string, error) {
		cid, ok := ui.PathID(r, "consent")
		if !ok {
			return "", apperr.NotFoundError()
		}
		return "Le consentement est retiré.", h.persons.WithdrawConsent(r.Context(), ui.Actor(r), id, cid)
	})
}
