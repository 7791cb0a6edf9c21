package equipment

import (
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/equipment"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type decisionData struct {
	Ranked    equipment.Ranked
	Devices   []ui.Option
	Decisions []ui.Option
	Action    string
}

func (h *Handlers) decisionForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	req, err := h.eq.Request(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	list, err := h.eq.PriorityList(r.Context(), a, req.Kind)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := decisionData{Action: "/espace/materiel/demandes/" + strconv.FormatInt(id, 10) + "/decision", Devices: []ui.Option{{Value: "", Label: "Choisir un appareil disponible"}},
		Decisions: []ui.Option{{Value: "attribuee", Label: "Attribuer un appareil"}, {Value: "refusee", Label: "Refuser"}}}
	found := false
	for _, rk := range list {
		if rk.Request.ID == id {
			d.Ranked, found = rk, true
		}
	}
	if !found {
		h.site.RenderError(w, r, http.StatusConflict, "Demande déjà décidée", "Cette demande n'est plus en attente : le comité l'a déjà décidée.")
		return
	}
	devices, err := h.eq.Devices(r.Context(), a, equipment.Available)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	for _, dv := range devices {
		if dv.Kind == req.Kind {
			d.Devices = append(d.Devices, ui.Option{Value: ui.Itoa(dv.ID), Label: dv.Label() + " (n° " + ui.Itoa(dv.ID) + ")"})
		}
	}
	if f.Value("decision") == "" {
		f.Set("decision", "attribuee")
	}
	h.site.Render(w, r, status, "equipment_decision", ui.Page{Title: "Décision du comité : " + req.PersonName, Form: f, Data: d})
}

// DecisionForm shows a waiting request's rank and its explanation beside
// the committee's decision form.
func (h *Handlers) DecisionForm(w http.ResponseWriter, r *http.Request) {
	h.decisionForm(w, r, http.StatusOK, &ui.Form{})
}

// Decide records the committee's decision with its reasons.
func (h *Handlers) Decide(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	_, err := h.eq.Decide(r.Context(), ui.Actor(r), equipmentsvc.CommitteeDecision{RequestID: id, Granted: r.PostFormValue("decision") == "attribuee",
		DeviceID: ui.ParseID(r.PostFormValue("appareil")), Reasons: r.PostFormValue("motifs")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.decisionForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Décision enregistrée.")
	ui.Redirect(w, r, "/espace/materiel")
}

// HandOver records that the person signed for the device granted to them.
func (h *Handlers) HandOver(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !parse(w, r) {
		return
	}
	if _, err := h.eq.HandOver(r.Context(), ui.Actor(r), id, r.PostFormValue("signee") == "oui"); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Remise enregistrée : l'appareil est donné.")
	ui.Redirect(w, r, "/espace/materiel")
}

// parse reads a posted form (64 kB at most).
func parse(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Formulaire illisible ou trop gros.", http.StatusBadRequest)
		return false
	}
	return true
}
