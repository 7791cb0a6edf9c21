package workshops

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/web/ui"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type sessionData struct {
	Workshop   workshop.Workshop
	Session    workshop.Session
	Number     int
	Registered []workshop.Registration
	Present    map[int64]bool
	Recorded   bool
}

func sessionRef(r *http.Request) workshops.SessionRef {
	id, _ := ui.PathID(r, "session")
	return workshops.SessionRef{WorkshopID: workshopID(r), SessionID: id}
}

// Attendance is the form of who came to a session.
func (h *Handlers) Attendance(w http.ResponseWriter, r *http.Request) {
	sh, err := h.workshops.Attendance(r.Context(), ui.Actor(r), sessionRef(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{Values: url.Values{}}
	f.Set("sans_inscription", strconv.Itoa(sh.Session.WalkIns))
	for _, id := range sh.PresentIDs() {
		f.Values.Add("presents", ui.Itoa(id))
	}
	h.renderAttendance(w, r, http.StatusOK, sh, f)
}

func (h *Handlers) renderAttendance(w http.ResponseWriter, r *http.Request, status int, sh workshops.Sheet, f *ui.Form) {
	d := sessionData{Workshop: sh.Workshop, Session: sh.Session, Number: sh.Number, Registered: sh.Registered, Present: sh.Present, Recorded: sh.Recorded()}
	h.site.Render(w, r, status, "workshop_session", ui.Page{Title: "Présences – " + sh.Workshop.Title, Form: f, Data: d})
}

// count reads a number field; empty is 0, and what does not read is -1,
// which the service refuses.
func count(r *http.Request, name string) int {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

// AttendanceRecord records who came; then the report is proposed.
func (h *Handlers) AttendanceRecord(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	var present []int64
	for _, v := range r.PostForm["presents"] {
		if id := ui.ParseID(v); id > 0 {
			present = append(present, id)
		}
	}
	sh, err := h.workshops.RecordAttendance(r.Context(), a, sessionRef(r), workshops.NewAttendance{Present: present, WalkIns: count(r, "sans_inscription")})
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, err) || sh.Workshop.ID == 0 {
			h.site.Fail(w, r, err)
			return
		}
		h.renderAttendance(w, r, http.StatusUnprocessableEntity, sh, f)
		return
	}
	base := "/espace/ateliers/" + ui.Itoa(sh.Workshop.ID) + "/seances/" + ui.Itoa(sh.Session.ID)
	if sh.Session.ActivityID == 0 && a.Can(account.PermActivities) {
		h.site.Flash(r, "Présences enregistrées. Vérifiez puis confirmez le compte rendu de la séance.")
		ui.Redirect(w, r, base+"/compte-rendu")
		return
	}
	h.site.Flash(r, "Présences enregistrées.")
	ui.Redirect(w, r, base)
}

type reportData struct {
	Workshop     workshop.Workshop
	Session      workshop.Session
	Number       int
	Participants []workshop.Registration // followed persons present
	Themes       []ui.Option
	Equipment    []ui.Option
	Date         string
}

// Report prepares the collective activity report (CRA) of a session from
// its attendance: the followed persons present and the others as anonymous
// counters; the mediator checks it and confirms.
func (h *Handlers) Report(w http.ResponseWriter, r *http.Request) {
	rep, err := h.workshops.ReportDraft(r.Context(), ui.Actor(r), sessionRef(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if rep.Session.ActivityID != 0 {
		ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(rep.Session.ActivityID))
		return
	}
	f := &ui.Form{Values: url.Values{}}
	f.Values["thematiques"] = rep.Workshop.Themes
	f.Set("duree", strconv.Itoa(rep.Session.Minutes()))
	f.Set("anon_total", strconv.Itoa(rep.Anonymous))
	f.Set("anon_deja", "0")
	h.renderReport(w, r, http.StatusOK, rep, f)
}

func (h *Handlers) renderReport(w http.ResponseWriter, r *http.Request, status int, rep workshops.Report, f *ui.Form) {
	d := reportData{Workshop: rep.Workshop, Session: rep.Session, Number: rep.Number, Participants: rep.Participants, Themes: ui.Choices(activity.Themes),
		Equipment: ui.Choices(activity.Equipment), Date: frtime.Day(rep.Session.Start)}
	h.site.Render(w, r, status, "workshop_report", ui.Page{Title: "Compte rendu – " + rep.Workshop.Title, Form: f, Data: d})
}

// ReportRecord records the report, once; the numbers that do not read are
// named before anything is recorded.
func (h *Handlers) ReportRecord(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	rep, err := h.workshops.ReportDraft(r.Context(), a, sessionRef(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	if rep.Session.ActivityID != 0 {
		ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(rep.Session.ActivityID))
		return
	}
	var v apperr.Validation
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(field)))
		if err != nil {
			v.Add(field, "Écrivez un nombre, 0 si personne.")
		}
		return n
	}
	in := workshops.NewReport{Minutes: num("duree"), AnonTotal: num("anon_total"), AnonReturning: num("anon_deja"),
		Themes: ui.FormList(r, "thematiques"), Equipment: ui.FormList(r, "materiel")}
	err = v.Err()
	if err == nil {
		var act activity.Activity
		if act, err = h.workshops.RecordReport(r.Context(), a, sessionRef(r), in); err == nil {
			h.site.Flash(r, "Compte rendu enregistré : "+strconv.Itoa(act.Count())+" participants.")
			ui.Redirect(w, r, "/espace/activites/"+ui.Itoa(act.ID))
			return
		}
	}
	f := ui.NewForm(r)
	if !shown(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	h.renderReport(w, r, http.StatusUnprocessableEntity, rep, f)
}
