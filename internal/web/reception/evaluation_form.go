package reception

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// currentPerson reads the {id} person of the actor's structure and journals
// the read with why; a merged or erased file is not found.
func (h *Handlers) currentPerson(r *http.Request, why string) (person.Person, error) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		return person.Person{}, apperr.NotFoundError()
	}
	p, err := h.persons.Get(r.Context(), ui.Actor(r), id, why)
	if err == nil && p.MergedInto != 0 {
		err = apperr.NotFoundError()
	}
	return p, err
}

// EvaluationForm evaluates a known person again.
func (h *Handlers) EvaluationForm(w http.ResponseWriter, r *http.Request) {
	p, err := h.currentPerson(r, "Nouvelle évaluation (formulaire)")
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderEvaluationForm(w, r, http.StatusOK, &ui.Form{}, newEvaluationFormData(ui.Actor(r).Membership.StructureName, &p), "Nouvelle évaluation : "+p.Name())
}

// EvaluationSubmit records the new evaluation of a known person.
func (h *Handlers) EvaluationSubmit(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	f := ui.NewForm(r)
	fail := func(status int) {
		p, err := h.currentPerson(r, "Nouvelle évaluation (formulaire)")
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.renderEvaluationForm(w, r, status, f, newEvaluationFormData(a.Membership.StructureName, &p), "Nouvelle évaluation : "+p.Name())
	}
	in, err := evaluationFromForm(r)
	if err != nil {
		f.Fail(err)
		fail(http.StatusUnprocessableEntity)
		return
	}
	res, err := h.evaluations.Create(r.Context(), a, id, in)
	if err != nil {
		h.failForm(w, r, f, ui.RenameFields(err, evaluationFields), fail)
		return
	}
	h.site.Flash(r, "Évaluation enregistrée : "+res.Evaluation.ProfileLabel()+".")
	ui.Redirect(w, r, "/espace/evaluations/"+ui.Itoa(res.Evaluation.ID))
}

// correctionFormData is the evaluation form that corrects evaluation e.
func correctionFormData(structureName string, p *person.Person, e evaluation.Evaluation) evaluationFormData {
	d := newEvaluationFormData(structureName, p)
	d.Action, d.SubmitLabel = "/espace/evaluations/"+ui.Itoa(e.ID), "Enregistrer la correction"
	return d
}

// EvaluationEditForm corrects an evaluation, its answers pre-filled.
func (h *Handlers) EvaluationEditForm(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	dt, err := h.evaluations.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	e := dt.Evaluation
	f := &ui.Form{}
	f.Values = url.Values{"thematiques": e.Themes, "demarches": e.Procedures, "equipement": e.Equipment}
	f.Set("echeance", e.Deadline)
	for i, yes := range e.Answers {
		f.Set("q"+strconv.Itoa(i+1), map[bool]string{true: "oui", false: "non"}[yes])
	}
	h.renderEvaluationForm(w, r, http.StatusOK, f, correctionFormData(ui.Actor(r).Membership.StructureName, &dt.Person, e), "Corriger l'évaluation : "+dt.Person.Name())
}

// EvaluationEditSubmit saves the correction; a deadline already passed is
// saved, and said.
func (h *Handlers) EvaluationEditSubmit(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	f := ui.NewForm(r)
	fail := func(status int) {
		dt, err := h.evaluations.Get(r.Context(), a, id)
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		h.renderEvaluationForm(w, r, status, f, correctionFormData(a.Membership.StructureName, &dt.Person, dt.Evaluation), "Corriger l'évaluation : "+dt.Person.Name())
	}
	in, err := evaluationFromForm(r)
	if err != nil {
		f.Fail(err)
		fail(http.StatusUnprocessableEntity)
		return
	}
	res, err := h.evaluations.Update(r.Context(), a, id, in)
	if err != nil {
		h.failForm(w, r, f, ui.RenameFields(err, evaluationFields), fail)
		return
	}
	msg := "Évaluation corrigée : " + res.Evaluation.ProfileLabel() + "."
	if len(res.Warnings) > 0 {
		msg += " Attention : " + strings.Join(res.Warnings, " ")
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/evaluations/"+ui.Itoa(res.Evaluation.ID))
}
