package mandates

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/training"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type coursesData struct {
	Courses     []training.Course
	Completions []training.Completion
	Kinds       []ui.Option
}

func (h *Handlers) courses(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	courses, err := h.training.Courses(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	done, err := h.training.Completions(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Render(w, r, status, "training_courses", ui.Page{Title: "Formations des professionnels", Form: f,
		Data: coursesData{Courses: courses, Completions: done, Kinds: ui.Choices(training.Kinds)}})
}

// Courses shows the territory's training record and the form to add a course.
func (h *Handlers) Courses(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("type", training.General)
	h.courses(w, r, http.StatusOK, f)
}

// CourseCreate records a course.
func (h *Handlers) CourseCreate(w http.ResponseWriter, r *http.Request) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	minutes, ok := training.ParseHours(r.PostFormValue("duree"))
	if !ok {
		minutes = -1
	}
	c, err := h.training.AddCourse(r.Context(), ui.Actor(r), training.Course{Title: r.PostFormValue("intitule"), Kind: r.PostFormValue("type"),
		Minutes: minutes, Provider: r.PostFormValue("organisme"), Certificate: r.PostFormValue("certificat")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.courses(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Formation enregistrée : indiquez maintenant qui l'a suivie.")
	ui.Redirect(w, r, "/espace/formations/"+ui.Itoa(c.ID))
}

type courseData struct {
	Course        training.Course
	KindLabel     string
	Completions   []training.Completion
	Professionals []ui.Option
}

func (h *Handlers) course(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	a := ui.Actor(r)
	c, done, err := h.training.Course(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	users, err := h.training.Professionals(r.Context(), a)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := courseData{Course: c, KindLabel: training.Kinds.Label(c.Kind), Completions: done, Professionals: []ui.Option{{Value: "", Label: "Choisir un professionnel"}}}
	for _, u := range users {
		d.Professionals = append(d.Professionals, ui.Option{Value: ui.Itoa(u.User.ID), Label: u.User.Name})
	}
	h.site.Render(w, r, status, "training_course", ui.Page{Title: c.Title, Form: f, Data: d})
}

// Course shows a course, who completed it, and the form to record one more.
func (h *Handlers) Course(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("date", h.site.Now().In(frtime.Paris).Format("02/01/2006"))
	h.course(w, r, http.StatusOK, f)
}

// CompletionCreate records that a professional completed the course.
func (h *Handlers) CompletionCreate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok || !parse(w, r) {
		if !ok {
			h.site.NotFound(w, r)
		}
		return
	}
	f := ui.NewForm(r)
	_, err := h.training.RecordCompletion(r.Context(), ui.Actor(r), training.Completion{CourseID: id, UserID: ui.ParseID(r.PostFormValue("professionnel")),
		CompletedOn: r.PostFormValue("date"), CertificateRef: r.PostFormValue("numero_certificat")})
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.course(w, r, http.StatusUnprocessableEntity, f)
		return
	}
	h.site.Flash(r, "Participation enregistrée.")
	ui.Redirect(w, r, "/espace/formations/"+ui.Itoa(id))
}
