package workshops

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type listData struct {
	Workshops   []workshop.Workshop
	Past        bool
	CanOrganize bool
}

// List is the structure's workshops to come, or past ones with ?passes=1.
func (h *Handlers) List(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	d := listData{Past: r.URL.Query().Get("passes") == "1", CanOrganize: a.Can(account.PermAgendaOrganize)}
	var err error
	if d.Workshops, err = h.workshops.List(r.Context(), a, workshops.ListFilter{Past: d.Past}); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, http.StatusOK, "workshop_list", ui.Page{Title: "Ateliers", Data: d})
}

type formData struct {
	ID                         int64
	Themes, Levels, Audiences  []ui.Option
	Places, Staff, SessionsMax []ui.Option
	NoPlace                    bool
}

func (h *Handlers) formData(r *http.Request, id int64) (formData, error) {
	d := formData{ID: id, Themes: ui.Choices(activity.Themes), Levels: ui.Choices(activity.Levels), Audiences: ui.Choices(workshop.Audiences)}
	t, err := h.agenda.Team(r.Context(), ui.Actor(r))
	if err != nil {
		return d, err
	}
	for _, p := range t.Places {
		d.Places = append(d.Places, ui.Option{Value: ui.Itoa(p.ID), Label: p.Name})
	}
	d.NoPlace = len(d.Places) == 0
	d.Staff = []ui.Option{{Value: "", Label: "Personne en particulier"}}
	for _, m := range t.Members {
		d.Staff = append(d.Staff, ui.Option{Value: ui.Itoa(m.User.ID), Label: m.User.Name, Hint: m.Role.Label()})
	}
	for n := 1; n <= 12; n++ {
		label := strconv.Itoa(n) + " séances, une par semaine (sauf jours fériés)"
		if n == 1 {
			label = "Une seule séance"
		}
		d.SessionsMax = append(d.SessionsMax, ui.Option{Value: strconv.Itoa(n), Label: label})
	}
	return d, nil
}

func fillForm(f *ui.Form, w workshop.Workshop) {
	f.Set("titre", w.Title)
	f.Values["thematiques"] = w.Themes
	f.Set("niveau", w.Level)
	f.Set("public", w.Audience)
	f.Set("description", w.Description)
	f.Set("lieu", ui.Itoa(w.PlaceID))
	f.Set("places", strconv.Itoa(w.Capacity))
	if w.StaffID != 0 {
		f.Set("animateur", ui.Itoa(w.StaffID))
	}
	for k, v := range map[string]bool{"pass": w.PassNumerique, "publie": w.Published, "en_ligne": w.OnlineRegistration} {
		if v {
			f.Set(k, "oui")
		}
	}
}

// New is the form of a new workshop: one session next week, for residents.
func (h *Handlers) New(w http.ResponseWriter, r *http.Request) {
	d, err := h.formData(r, 0)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillForm(f, workshop.Workshop{Level: "debutant", Audience: workshop.AudienceResidents, Capacity: 8, Published: true, OnlineRegistration: true,
		StaffID: ui.Actor(r).User.ID})
	if len(d.Places) > 0 {
		f.Set("lieu", d.Places[0].Value)
	}
	f.Set("seance_date", agenda.WeekStart(h.site.Now()).AddDate(0, 0, 8).Format(agenda.DateLayout))
	f.Set("seance_heure", "14:00")
	f.Set("seance_duree", "120")
	f.Set("seances", "1")
	h.site.Render(w, r, http.StatusOK, "workshop_form", ui.Page{Title: "Nouvel atelier", Form: f, Data: d})
}

// Edit is the form of a workshop.
func (h *Handlers) Edit(w http.ResponseWriter, r *http.Request) {
	wk, err := h.workshops.Get(r.Context(), ui.Actor(r), workshopID(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d, err := h.formData(r, wk.ID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	fillForm(f, wk)
	h.site.Render(w, r, http.StatusOK, "workshop_form", ui.Page{Title: "Modifier l'atelier « " + wk.Title + " »", Form: f, Data: d})
}

// formFields are the form's inputs of the service's fields.
var formFields = map[string]string{"inscription_en_ligne": "en_ligne", "seance_debut": "seance_date"}

// workshopInput reads the workshop form; a capacity that does not read is 0.
func workshopInput(r *http.Request) workshop.Workshop {
	pf := r.PostForm
	n, _ := strconv.Atoi(strings.TrimSpace(pf.Get("places")))
	return workshop.Workshop{Title: pf.Get("titre"), Themes: ui.FormList(r, "thematiques"), Level: pf.Get("niveau"), Audience: pf.Get("public"),
		Description: pf.Get("description"), PlaceID: ui.ParseID(pf.Get("lieu")), StaffID: ui.ParseID(pf.Get("animateur")), Capacity: n,
		PassNumerique: pf.Get("pass") == "oui", Published: pf.Get("publie") == "oui", OnlineRegistration: pf.Get("en_ligne") == "oui"}
}

// sessionStart reads a session's date, time and length; what does not read
// is left zero for the service to ask for it.
func sessionStart(r *http.Request) (time.Time, int) {
	start, _ := agenda.ParseDateTime(r.PostForm.Get("seance_date"), r.PostForm.Get("seance_heure"))
	minutes, _ := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("seance_duree")))
	return start, minutes
}

// Create records a workshop and its weekly sessions; public holidays are
// skipped, and the flash names them.
func (h *Handlers) Create(w http.ResponseWriter, r *http.Request) {
	start, minutes := sessionStart(r)
	count := 1
	if c := r.PostForm.Get("seances"); c != "" {
		count, _ = strconv.Atoi(c)
	}
	got, err := h.workshops.Create(r.Context(), ui.Actor(r), workshops.NewWorkshop{Workshop: workshopInput(r),
		Cycle: &workshops.Cycle{First: start, Minutes: minutes, Count: count}})
	if err != nil {
		h.formFailed(w, r, 0, err)
		return
	}
	msg := "Atelier « " + got.Workshop.Title + " » créé avec " + strconv.Itoa(len(got.Workshop.Sessions)) + " séance(s)."
	for _, d := range got.Skipped {
		name, _ := workshop.Session{Start: d}.Holiday()
		msg += " Le " + frtime.Day(d) + " est férié (" + name + ") : pas de séance ce jour-là, le cycle continue la semaine suivante ; pour la tenir quand même, ajoutez-la en cochant « jour férié maintenu »."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(got.Workshop.ID))
}

// Update saves a workshop.
func (h *Handlers) Update(w http.ResponseWriter, r *http.Request) {
	id := workshopID(r)
	wk, err := h.workshops.Update(r.Context(), ui.Actor(r), id, workshopInput(r))
	if err != nil {
		h.formFailed(w, r, id, err)
		return
	}
	h.site.Flash(r, "Atelier « "+wk.Title+" » enregistré.")
	ui.Redirect(w, r, "/espace/ateliers/"+ui.Itoa(wk.ID))
}

func (h *Handlers) formFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := ui.NewForm(r)
	if !shown(f, ui.RenameFields(err, formFields)) {
		h.site.Fail(w, r, err)
		return
	}
	d, derr := h.formData(r, id)
	if derr != nil {
		h.site.Fail(w, r, derr)
		return
	}
	h.site.Render(w, r, http.StatusUnprocessableEntity, "workshop_form", ui.Page{Title: "Atelier", Form: f, Data: d})
}
