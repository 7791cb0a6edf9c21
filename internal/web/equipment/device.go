package equipment

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type deviceFormData struct {
	Kinds, Origins, Conditions, Grades []ui.Option
}

func (h *Handlers) deviceForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	h.site.Render(w, r, status, "equipment_device", ui.Page{Title: "Ajouter un appareil", Form: f, Data: deviceFormData{
		Kinds: ui.Choices(equipment.Kinds), Origins: ui.Choices(equipment.Origins), Conditions: ui.Choices(equipment.Conditions), Grades: ui.Choices(equipment.Grades)}})
}

// DeviceNew shows the form of a new device.
func (h *Handlers) DeviceNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("etat", "bon")
	h.deviceForm(w, r, http.StatusOK, f)
}

// DeviceCreate adds a device to the inventory.
func (h *Handlers) DeviceCreate(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	v := r.PostFormValue
	_, err := h.eq.AddDevice(r.Context(), ui.Actor(r), equipment.Device{Kind: v("type"), Model: v("modele"), Origin: v("origine"), OriginDetail: v("origine_detail"),
		Serial: v("numero_serie"), IMEI: v("imei"), Condition: v("etat"), Grade: v("grade"), Accessories: v("accessoires"), Location: v("emplacement")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.deviceForm(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Appareil ajouté à l'inventaire.")
	ui.Redirect(w, r, "/espace/materiel")
}

// LoanReturn closes a loan with the condition the device came back in.
func (h *Handlers) LoanReturn(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !parse(w, r) {
		return
	}
	if err := h.eq.Return(r.Context(), ui.Actor(r), id, r.PostFormValue("etat_retour"), r.PostFormValue("remarque")); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Retour enregistré.")
	ui.Redirect(w, r, "/espace/materiel")
}
