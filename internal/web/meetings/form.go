package meetings

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type formData struct {
	ID         int64
	Places     []ui.Option
	Types      []ui.Option
	Structures []ui.Option
	Staff      []ui.Option
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// input reads the meeting form.
func input(r *http.Request) meeting.Input {
	in := meeting.Input{Title: r.PostForm.Get("titre"), Date: r.PostForm.Get("date"), Start: r.PostForm.Get("debut"), End: r.PostForm.Get("fin"),
		PlaceID: ui.ParseID(r.PostForm.Get("lieu")), Location: r.PostForm.Get("lieu_texte"), Agenda: r.PostForm.Get("ordre_du_jour"),
		AnimationType: r.PostForm.Get("type_animation")}
	for _, v := range ui.FormList(r, "structures") {
		in.Structures = append(in.Structures, ui.ParseID(v))
	}
	for _, v := range ui.FormList(r, "personnes") {
		in.Staff = append(in.Staff, ui.ParseID(v))
	}
	return in
}

// fill writes a meeting into the form.
func fill(f *ui.Form, m meeting.Meeting) {
	s, e := m.Start.In(frtime.Paris), m.End.In(frtime.Paris)
	f.Set("titre", m.Title)
	f.Set("date", s.Format("02/01/2006"))
	f.Set("debut", s.Format("15:04"))
	f.Set("fin", e.Format("15:04"))
	if m.PlaceID != 0 {
		f.Set("lieu", itoa(m.PlaceID))
	}
	f.Set("lieu_texte", m.Location)
	f.Set("ordre_du_jour", m.Agenda)
	f.Set("type_animation", m.AnimationType)
	for _, in := range m.Invitations {
		if in.UserID == 0 {
			f.Values.Add("structures", itoa(in.StructureID))
		} else {
			f.Values.Add("personnes", itoa(in.UserID))
		}
	}
}

func (h *Handlers) render(w http.ResponseWriter, r *http.Request, status int, id int64, title string, f *ui.Form) {
	o, err := h.svc.Options(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := formData{ID: id, Places: []ui.Option{{Value: "", Label: "Aucun lieu de la carte"}}, Types: ui.Choices(activity.AnimationTypes)}
	for _, p := range o.Places {
		d.Places = append(d.Places, ui.Option{Value: itoa(p.ID), Label: p.Name + " (" + p.Commune + ")"})
	}
	for _, s := range o.Structures {
		d.Structures = append(d.Structures, ui.Option{Value: itoa(s.ID), Label: s.Name})
	}
	names := map[int64]string{}
	for _, s := range o.Structures {
		names[s.ID] = s.Name
	}
	for _, l := range o.Staff {
		label := l.Name
		if l.Function != "" {
			label += ", " + l.Function
		}
		d.Staff = append(d.Staff, ui.Option{Value: itoa(l.UserID), Label: label, Hint: names[l.StructureID]})
	}
	h.site.Render(w, r, status, "meetings_form", ui.Page{Title: title, Form: f, Data: d})
}

// New is the form of a new meeting.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	f.Set("type_animation", meeting.ReunionAnimation)
	f.Set("debut", "14:00")
	f.Set("fin", "16:00")
	h.render(w, r, http.StatusOK, 0, "Prévoir une réunion du réseau", f)
}

// Create records the meeting and sends its invitations.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	m, sent, err := h.svc.Create(r.Context(), ui.Actor(r), input(r))
	if err != nil {
		h.failed(w, r, 0, "Prévoir une réunion du réseau", err)
		return
	}
	h.site.Flash(r, "La réunion est enregistrée. "+sentText(sent))
	ui.Redirect(w, r, meetingsvc.Path(m.ID))
}

// Edit is a meeting's form.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	m, err := h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fill(f, m)
	h.render(w, r, http.StatusOK, id, "Modifier la réunion", f)
}

// Update saves a meeting and sends the invitations it needs.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	_, sent, err := h.svc.Update(r.Context(), ui.Actor(r), id, input(r))
	if err != nil {
		h.failed(w, r, id, "Modifier la réunion", err)
		return
	}
	h.site.Flash(r, "La réunion est enregistrée. "+sentText(sent))
	ui.Redirect(w, r, meetingsvc.Path(id))
}

func (h *Handlers) failed(w http.ResponseWriter, r *http.Request, id int64, title string, err error) {
	f := ui.NewForm(r)
	if !refused(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusUnprocessableEntity, id, title, f)
}

func sentText(n int) string {
	switch n {
	case 0:
		return "Aucune invitation n'est partie : les invités ont déjà reçu la réunion telle qu'elle est, ou aucun n'a d'adresse dans l'annuaire."
	case 1:
		return "Une invitation part par e-mail, avec la réunion à ajouter à l'agenda."
	}
	return strconv.Itoa(n) + " invitations partent par e-mail, avec la réunion à ajouter à l'agenda."
}
