package equipment

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// personOptions lists the structure's persons by name (the first 500) for
// a select; the listing is journaled by the persons service.
func (h *Handlers) personOptions(r *http.Request) ([]ui.Option, error) {
	page, err := h.persons.List(r.Context(), ui.Actor(r), persons.Filter{PerPage: 500})
	out := []ui.Option{{Value: "", Label: "Choisir une personne"}}
	for _, p := range page.Persons {
		out = append(out, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name()})
	}
	return out, err
}

type lendData struct {
	Devices, Persons []ui.Option
}

func (h *Handlers) lendForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	d := lendData{Devices: []ui.Option{{Value: "", Label: "Choisir un appareil disponible"}}}
	devices, err := h.eq.Devices(r.Context(), ui.Actor(r), equipment.Available)
	if err == nil {
		d.Persons, err = h.personOptions(r)
	}
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	for _, dv := range devices {
		d.Devices = append(d.Devices, ui.Option{Value: ui.Itoa(dv.ID), Label: dv.Label() + " (n° " + ui.Itoa(dv.ID) + ")"})
	}
	h.site.Render(w, r, status, "equipment_lend", ui.Page{Title: "Prêter un appareil", Form: f, Data: d})
}

// LendForm shows the loan form.
func (h *Handlers) LendForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	now := h.site.Now().In(frtime.Paris)
	f.Set("debut", now.Format("02/01/2006"))
	f.Set("retour_prevu", now.AddDate(0, 1, 0).Format("02/01/2006"))
	h.lendForm(w, r, http.StatusOK, f)
}

// Lend lends a device to a person of the structure, then offers the
// agreement to print.
func (h *Handlers) Lend(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	euros, _ := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("caution")), ",", "."), 64)
	l, err := h.eq.Lend(r.Context(), ui.Actor(r), equipment.Loan{DeviceID: ui.ParseID(r.PostFormValue("appareil")), PersonID: ui.ParseID(r.PostFormValue("emprunteur")),
		StartsOn: r.PostFormValue("debut"), DueOn: r.PostFormValue("retour_prevu"), DepositCents: int(euros*100 + 0.5)})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.lendForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Prêt enregistré : imprimez la convention et faites-la signer.")
	ui.Redirect(w, r, "/espace/materiel#pret-"+ui.Itoa(l.ID))
}

type requestFormData struct {
	Kinds, Persons, Situations []ui.Option
}

func (h *Handlers) requestForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	ps, err := h.personOptions(r)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "equipment_request", ui.Page{Title: "Demande d'appareil", Form: f, Data: requestFormData{Kinds: ui.Choices(equipment.Kinds), Persons: ps,
		Situations: []ui.Option{{Value: "sans_equipement", Label: "N'a aucun appareil pour aller sur internet"}, {Value: "minima_sociaux", Label: "Bénéficie de minima sociaux (RSA, ASS, AAH, ASPA)"}}}})
}

// RequestNew shows the request form.
func (h *Handlers) RequestNew(w http.ResponseWriter, r *http.Request) {
	h.requestForm(w, r, http.StatusOK, &ui.Form{})
}

// RequestCreate records a person's request and the situation declared.
func (h *Handlers) RequestCreate(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	size, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("taille_foyer")))
	_, err := h.eq.AddRequest(r.Context(), ui.Actor(r), equipmentsvc.NewRequest{PersonID: ui.ParseID(r.PostFormValue("personne")), Kind: r.PostFormValue("type"),
		NoDevice: f.Checked("situation", "sans_equipement"), MinimumBenefits: f.Checked("situation", "minima_sociaux"), HouseholdSize: size})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.requestForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Demande enregistrée : elle entre dans la liste de priorité.")
	ui.Redirect(w, r, "/espace/materiel")
}
