package partnerships

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/partnership"
	svc "github.com/parcours-numerique/parcours/internal/service/partnerships"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type planData struct {
	svc.Plan
	Questionnaires []ui.Option
}

// Plan shows the action plan: its progress, the proposals and the actions
// each became; the coordination adds proposals.
func (h *Handlers) Plan(w http.ResponseWriter, r *http.Request) {
	h.planPage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (h *Handlers) planPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	p, err := h.p.Plan(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := planData{Plan: p}
	if p.Manage {
		qs, err := h.p.Questionnaires(r.Context(), a)
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		d.Questionnaires = []ui.Option{{Value: "", Label: "Aucun"}}
		for _, q := range qs {
			d.Questionnaires = append(d.Questionnaires, ui.Option{Value: ui.Itoa(q.ID), Label: q.Title + " (" + q.Structure + ")"})
		}
	}
	title := "Plan d'action du territoire"
	if !p.Manage {
		title = "Plan d'action : les actions de votre structure"
	}
	h.site.Render(w, r, status, "plan_index", ui.Page{Title: title, Form: f, Data: d})
}

// ProposalCreate records a proposal drawn from the diagnostic.
func (h *Handlers) ProposalCreate(w http.ResponseWriter, r *http.Request) {
	p, err := h.p.CreateProposal(r.Context(), ui.Actor(r), r.PostForm.Get("texte"), r.PostForm.Get("origine"), ui.ParseID(r.PostForm.Get("questionnaire")))
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.planPage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Proposition enregistrée : vous pouvez en faire une ou plusieurs actions.")
	ui.Redirect(w, r, "/espace/plan-action/propositions/"+ui.Itoa(p.ID))
}

type proposalData struct {
	Proposal   partnership.Proposal
	Manage     bool
	Structures []ui.Option // the lead
	CoLeads    []ui.Option
}

// Proposal shows a proposal, its actions and the form of a new action.
func (h *Handlers) Proposal(w http.ResponseWriter, r *http.Request) {
	h.proposalPage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (h *Handlers) proposalPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, _ := ui.PathID(r, "id")
	p, manage, err := h.p.Proposal(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := proposalData{Proposal: p, Manage: manage}
	if manage {
		if d.Structures, err = h.structureOptions(r.Context(), r, "Choisissez la structure pilote"); err != nil {
			h.site.Fail(w, r, err)
			return
		}
		d.CoLeads = d.Structures[1:]
	}
	h.site.Render(w, r, status, "plan_proposal", ui.Page{Title: "Proposition n° " + ui.Itoa(id), Form: f, Data: d})
}

// ActionCreate turns the proposal into an action, to launch.
func (h *Handlers) ActionCreate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	in := partnership.ActionInput{Title: r.PostForm.Get("intitule"), Description: r.PostForm.Get("description"),
		LeadID: ui.ParseID(r.PostForm.Get("pilote")), CoLeadIDs: ids(r, "copilotes")}
	act, err := h.p.CreateAction(r.Context(), ui.Actor(r), id, in)
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) {
			h.site.Fail(w, r, err)
			return
		}
		h.proposalPage(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Action enregistrée, à lancer : ajoutez ses indicateurs.")
	ui.Redirect(w, r, actionPath(act.ID))
}

func actionPath(id int64) string { return "/espace/plan-action/actions/" + ui.Itoa(id) }

type actionData struct {
	Action   partnership.Action
	Manage   bool
	Statuses []ui.Option
}

// Action shows an action: its leads, status, indicators and interim
// reviews, with their forms for the coordination.
func (h *Handlers) Action(w http.ResponseWriter, r *http.Request) {
	h.actionPage(w, r, http.StatusOK, &ui.Form{Values: url.Values{}})
}

func (h *Handlers) actionPage(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, _ := ui.PathID(r, "id")
	act, manage, err := h.p.Action(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if f.Value("statut") == "" {
		f.Set("statut", act.Status)
	}
	if f.Value("date") == "" {
		f.Set("date", frDay(h.p.Today()))
	}
	for _, i := range act.Indicators {
		if k := "valeur-" + ui.Itoa(i.ID); f.Value(k) == "" {
			f.Set(k, strconv.Itoa(i.Current))
		}
	}
	h.site.Render(w, r, status, "plan_action", ui.Page{Title: act.Title, Form: f,
		Data: actionData{Action: act, Manage: manage, Statuses: ui.Choices(partnership.ActionStatuses)}})
}

func (h *Handlers) actionFailed(w http.ResponseWriter, r *http.Request, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.actionPage(w, r, http.StatusUnprocessableEntity, f)
}

// IndicatorCreate adds an indicator to the action.
func (h *Handlers) IndicatorCreate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	if _, err := h.p.AddIndicator(r.Context(), ui.Actor(r), id, r.PostForm.Get("nom"), r.PostForm.Get("cible"), r.PostForm.Get("valeur")); err != nil {
		h.actionFailed(w, r, err)
		return
	}
	h.site.Flash(r, "Indicateur ajouté.")
	ui.Redirect(w, r, actionPath(id))
}

// IndicatorUpdate records the value an indicator reached.
func (h *Handlers) IndicatorUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ind, _ := ui.PathID(r, "ind")
	field := "valeur-" + ui.Itoa(ind)
	if err := h.p.SetIndicator(r.Context(), ui.Actor(r), id, ind, r.PostForm.Get(field)); err != nil {
		h.actionFailed(w, r, ui.RenameFields(err, map[string]string{"valeur": field}))
		return
	}
	h.site.Flash(r, "Valeur de l'indicateur enregistrée.")
	ui.Redirect(w, r, actionPath(id))
}

// ReviewCreate records an interim review; the action takes its status.
func (h *Handlers) ReviewCreate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	if _, err := h.p.AddReview(r.Context(), ui.Actor(r), id, r.PostForm.Get("date"), r.PostForm.Get("texte"), r.PostForm.Get("statut")); err != nil {
		h.actionFailed(w, r, err)
		return
	}
	h.site.Flash(r, "Point d'étape enregistré.")
	ui.Redirect(w, r, actionPath(id))
}
