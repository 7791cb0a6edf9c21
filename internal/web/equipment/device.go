package equipment

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/equipment"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type deviceFormData struct {
	Kinds, Origins, Conditions, Grades, Dispositions []ui.Option
	Action, Title, Submit                            string
	Device                                           equipment.Device // the device edited; zero when adding one
	Movable                                          bool             // its status may be changed here
	Places                                           []ui.Option      // where it may be at the public's disposal
}

func (h *Handlers) deviceForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d equipment.Device) {
	data := deviceFormData{Kinds: ui.Choices(equipment.Kinds), Origins: ui.Choices(equipment.Origins), Conditions: ui.Choices(equipment.Conditions),
		Grades: ui.Choices(equipment.Grades), Dispositions: ui.Choices(equipment.Dispositions),
		Action: "/espace/materiel/appareils", Title: "Ajouter un appareil", Submit: "Ajouter", Device: d}
	if d.ID != 0 {
		data.Action, data.Title, data.Submit = "/espace/materiel/appareils/"+ui.Itoa(d.ID), "Modifier l'appareil n° "+ui.Itoa(d.ID), "Enregistrer"
		data.Movable = d.Status == equipment.Available || d.Status == equipment.Retired
		places, err := h.eq.Places(r.Context(), ui.Actor(r))
		if err != nil {
			h.site.Fail(w, r, err)
			return
		}
		data.Places = []ui.Option{{Value: "", Label: "Non : pour les prêts et les dons"}}
		for _, p := range places {
			data.Places = append(data.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
		}
	}
	h.site.Render(w, r, status, "equipment_device", ui.Page{Title: data.Title, Form: f, Data: data})
}

// DeviceNew shows the form of a new device.
func (h *Handlers) DeviceNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("etat", "bon")
	h.deviceForm(w, r, http.StatusOK, f, equipment.Device{})
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
		h.deviceForm(w, r, http.StatusUnprocessableEntity, f, equipment.Device{})
		return
	}
	h.site.Flash(r, "Appareil ajouté à l'inventaire.")
	ui.Redirect(w, r, "/espace/materiel")
}

// DeviceEdit shows the form of a device, filled with what it is.
func (h *Handlers) DeviceEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	d, err := h.eq.Device(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	for name, v := range map[string]string{"type": d.Kind, "modele": d.Model, "origine": d.Origin, "origine_detail": d.OriginDetail, "numero_serie": d.Serial,
		"imei": d.IMEI, "etat": d.Condition, "grade": d.Grade, "accessoires": d.Accessories, "emplacement": d.Location, "statut": d.Disposition(), "libre_acces": ""} {
		f.Set(name, v)
	}
	if d.PublicPlaceID != 0 {
		f.Set("libre_acces", ui.Itoa(d.PublicPlaceID))
	}
	h.deviceForm(w, r, http.StatusOK, f, d)
}

// DeviceUpdate saves the edited device; errors are shown next to the fields.
func (h *Handlers) DeviceUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	field := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		v := r.PostFormValue(name)
		return &v
	}
	a := ui.Actor(r)
	var public *int64
	if _, ok := r.PostForm["libre_acces"]; ok {
		p := ui.ParseID(r.PostFormValue("libre_acces"))
		public = &p
	}
	_, err := h.eq.UpdateDevice(r.Context(), a, id, equipmentsvc.DeviceChange{PublicPlaceID: public, Kind: field("type"), Model: field("modele"), Origin: field("origine"),
		OriginDetail: field("origine_detail"), Serial: field("numero_serie"), IMEI: field("imei"), Condition: field("etat"), Grade: field("grade"),
		Accessories: field("accessoires"), Location: field("emplacement"), Disposition: field("statut")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		for i := range f.Errors {
			if f.Errors[i].Field == "motif_reforme" {
				f.Errors[i].Field = "statut" // the form chooses both in one list
			}
		}
		d, derr := h.eq.Device(r.Context(), a, id)
		if derr != nil {
			h.site.Fail(w, r, derr)
			return
		}
		h.deviceForm(w, r, http.StatusUnprocessableEntity, f, d)
		return
	}
	h.site.Flash(r, "Appareil enregistré.")
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
