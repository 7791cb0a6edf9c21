package agenda

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type motiveListData struct {
	Motives []agenda.Motive
}

// MotiveList lists the structure's motives, archived ones too.
func (h *Handlers) MotiveList(w http.ResponseWriter, r *http.Request) {
	list, err := h.agenda.Motives(r.Context(), ui.Actor(r), true)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_motives", ui.Page{Title: "Motifs de rendez-vous", Data: motiveListData{Motives: list}})
}

type motiveFormData struct {
	ID                int64
	Locations, Booker []ui.Option
	Devices           []ui.Option // the devices at the public's disposal a motive may book
}

func motiveForm(id int64) motiveFormData {
	return motiveFormData{ID: id, Locations: ui.Choices(agenda.Locations), Booker: ui.Choices(agenda.Bookers)}
}

// motiveFormWith is the form's data with the structure's devices at the
// public's disposal, for a "Poste en libre accès" motive.
func (h *Handlers) motiveFormWith(r *http.Request, id int64) (motiveFormData, error) {
	d := motiveForm(id)
	devices, err := h.agenda.PublicDevices(r.Context(), ui.Actor(r))
	if err != nil || len(devices) == 0 {
		return d, err
	}
	d.Devices = []ui.Option{{Value: "", Label: "Non : un rendez-vous avec l'équipe"}}
	for _, dv := range devices {
		d.Devices = append(d.Devices, ui.Option{Value: ui.Itoa(dv.ID), Label: agenda.DeviceKindLabel + " : " + dv.Label() + " (n° " + ui.Itoa(dv.ID) + "), " + dv.PlaceName})
	}
	return d, nil
}

func fillMotiveForm(f *ui.Form, m agenda.Motive) {
	if m.DeviceID != 0 {
		f.Set("appareil", strconv.FormatInt(m.DeviceID, 10))
	}
	f.Set("nom", m.Name)
	f.Set("duree", strconv.Itoa(m.Duration))
	f.Set("lieu_type", m.Location)
	f.Set("reservable_par", m.BookableBy)
	f.Set("delai_min", strconv.Itoa(m.MinDelayHours))
	f.Set("delai_max", strconv.Itoa(m.MaxDelayDays))
	f.Set("consignes_avant", m.InstructionsBefore)
	f.Set("consignes_apres", m.InstructionsAfter)
	if m.Discreet {
		f.Set("discret", "oui")
	}
	if m.Archived {
		f.Set("archive", "oui")
	}
}

// MotiveNew is the form of a new motive.
func (h *Handlers) MotiveNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	m := agenda.Motive{MinDelayHours: 2}
	m.Normalize()
	fillMotiveForm(f, m)
	d, err := h.motiveFormWith(r, 0)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_motive_form", ui.Page{Title: "Nouveau motif", Form: f, Data: d})
}

// MotiveEdit is the form of a motive.
func (h *Handlers) MotiveEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	m, err := h.agenda.Motive(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillMotiveForm(f, m)
	d, err := h.motiveFormWith(r, m.ID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "agenda_motive_form", ui.Page{Title: "Modifier le motif « " + m.Name + " »", Form: f, Data: d})
}

// motiveInput reads the motive form; numbers that do not read are errors.
func motiveInput(r *http.Request) (agenda.Motive, error) {
	var v apperr.Validation
	pf := r.PostForm
	m := agenda.Motive{Name: pf.Get("nom"), Location: pf.Get("lieu_type"), BookableBy: pf.Get("reservable_par"),
		InstructionsBefore: pf.Get("consignes_avant"), InstructionsAfter: pf.Get("consignes_apres"),
		Discreet: pf.Get("discret") == "oui", Archived: pf.Get("archive") == "oui", DeviceID: ui.ParseID(pf.Get("appareil"))}
	num := func(field string, dst *int, msg string) {
		n, err := strconv.Atoi(pf.Get(field))
		if err != nil {
			v.Add(field, msg)
		}
		*dst = n
	}
	num("duree", &m.Duration, "Saisissez une durée en minutes, par exemple 30.")
	num("delai_min", &m.MinDelayHours, "Saisissez un nombre d'heures, par exemple 2 (0 : pas de délai).")
	num("delai_max", &m.MaxDelayDays, "Saisissez un nombre de jours, par exemple 60.")
	return m, v.Err()
}

// MotiveCreate records a new motive.
func (h *Handlers) MotiveCreate(w http.ResponseWriter, r *http.Request) {
	m, err := motiveInput(r)
	if err == nil {
		if m, err = h.agenda.CreateMotive(r.Context(), ui.Actor(r), m); err == nil {
			h.site.Flash(r, "Motif « "+m.Name+" » créé. Ajoutez-le à une permanence pour qu'il soit réservable.")
			ui.Redirect(w, r, "/espace/agenda/motifs")
			return
		}
	}
	h.motiveFailed(w, r, 0, err)
}

// MotiveUpdate saves a motive.
func (h *Handlers) MotiveUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	m, err := h.agenda.Motive(r.Context(), ui.Actor(r), id)
	if err == nil {
		device := m.DeviceID
		if m, err = motiveInput(r); err == nil {
			if _, shown := r.PostForm["appareil"]; !shown {
				m.DeviceID = device // the form offered no device: the motive keeps its own
			}
			m, err = h.agenda.UpdateMotive(r.Context(), ui.Actor(r), id, m)
		}
	}
	if err != nil {
		h.motiveFailed(w, r, id, err)
		return
	}
	h.site.Flash(r, "Motif « "+m.Name+" » enregistré.")
	ui.Redirect(w, r, "/espace/agenda/motifs")
}

func (h *Handlers) motiveFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	d, derr := h.motiveFormWith(r, id)
	if derr != nil {
		h.site.Fail(w, r, derr)
		return
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "agenda_motive_form", ui.Page{Title: "Motif de rendez-vous", Form: f, Data: d})
}
