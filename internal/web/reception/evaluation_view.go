package reception

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type evaluationViewData struct {
	Evaluation evaluation.Evaluation
	Previous   *evaluation.Evaluation // the one before, to show the progress
	Person     person.Person
	Questions  []evalAnswer
	Service    string
	Candidates []evaluation.Candidate
	Structures []structure.Structure // structures using Parcours the person can be oriented to
	// Workshops of the person's level starting soon, when a workshop is the next step.
	Workshops []suggestedWorkshop
}

type suggestedWorkshop struct {
	evaluations.SuggestedWorkshop
	URL string // staff page of one's own structure's workshop, public page otherwise
}

type evalAnswer struct {
	Text   string
	Yes    bool
	Before string // "oui"/"non" at the previous evaluation, "" if none
}

// EvaluationView shows the profile, the suggested next step and, for an
// orientation, the three nearest places that fit.
func (h *Handlers) EvaluationView(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	ctx := r.Context()
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	dt, err := h.evaluations.Get(ctx, a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	e := dt.Evaluation
	d := evaluationViewData{Evaluation: e, Previous: dt.Previous, Person: dt.Person, Service: e.Service()}
	for i, q := range evaluation.Questions {
		ans := evalAnswer{Text: q, Yes: i < len(e.Answers) && e.Answers[i]}
		if d.Previous != nil && i < len(d.Previous.Answers) {
			ans.Before = map[bool]string{true: "oui", false: "non"}[d.Previous.Answers[i]]
		}
		d.Questions = append(d.Questions, ans)
	}
	dest, err := h.referrals.Destinations(ctx, a, dt.Person, d.Service, 0)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	d.Candidates, d.Structures = dest.Nearest, dest.Structures
	if e.NextStep == evaluation.StepWorkshop {
		ws, err := h.evaluations.Workshops(ctx, a, e)
		if err != nil {
			h.site.ServerError(w, r, err)
			return
		}
		for _, wk := range ws {
			u := "/ateliers/" + ui.Itoa(wk.Workshop.ID)
			if wk.Own {
				u = "/espace/ateliers/" + ui.Itoa(wk.Workshop.ID) + "?personne=" + ui.Itoa(dt.Person.ID)
			}
			d.Workshops = append(d.Workshops, suggestedWorkshop{SuggestedWorkshop: wk, URL: u})
		}
	}
	h.render(w, r, http.StatusOK, "reception_evaluation_view", ui.Page{Title: "Évaluation de " + dt.Person.Name(), Data: d})
}
