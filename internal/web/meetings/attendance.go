package meetings

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type attendanceData struct {
	Meeting meeting.Meeting
	// The choices of who came without an invitation: the territory's
	// structures and the professionals of its directory.
	Structures, Staff []ui.Option
}

// renderAttendance shows the attendance page, with the choices of who came
// without an invitation.
func (h *Handlers) renderAttendance(w http.ResponseWriter, r *http.Request, status int, m meeting.Meeting, f *ui.Form) {
	o, err := h.svc.Options(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := attendanceData{Meeting: m, Structures: []ui.Option{{Value: "", Label: "Choisir une structure"}}, Staff: []ui.Option{{Value: "", Label: "Choisir un professionnel"}}}
	names := map[int64]string{}
	for _, s := range o.Structures {
		names[s.ID] = s.Name
		d.Structures = append(d.Structures, ui.Option{Value: itoa(s.ID), Label: s.Name})
	}
	for _, l := range o.Staff {
		d.Staff = append(d.Staff, ui.Option{Value: itoa(l.UserID), Label: l.Name + " (" + names[l.StructureID] + ")"})
	}
	h.site.Render(w, r, status, "meetings_attendance", ui.Page{Title: "Présences – " + m.Title, Form: f, Data: d})
}

// Attendance is the form of who came.
func (h *Handlers) Attendance(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	m, err := h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderAttendance(w, r, http.StatusOK, m, attendanceForm(m))
}

// AttendanceSave records who came, and the coordinator's activity for the meeting.
func (h *Handlers) AttendanceSave(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	at := meeting.Attendance{People: map[int64]int{}, Present: map[int64]bool{}}
	f := ui.NewForm(r)
	for k, vs := range r.PostForm {
		if sid, found := strings.CutPrefix(k, "personnes_"); found && len(vs) > 0 {
			v := strings.TrimSpace(vs[0])
			n, err := strconv.Atoi(v)
			if v == "" {
				n, err = 0, nil
			}
			if err != nil {
				f.Errors = append(f.Errors, apperr.FieldError{Field: k, Message: "Indiquez un nombre de personnes, par exemple 3 (0 si personne n'est venu)."})
				continue
			}
			at.People[ui.ParseID(sid)] = n
		}
	}
	for _, v := range ui.FormList(r, "presents") {
		at.Present[ui.ParseID(v)] = true
	}
	a := ui.Actor(r)
	if len(f.Errors) == 0 {
		m, c, err := h.svc.RecordAttendance(r.Context(), a, id, at)
		if err == nil {
			h.site.Flash(r, "Les présences sont notées : "+strconv.Itoa(m.Participants())+" "+plural(m.Participants(), "participant", "participants")+
				". Votre activité de coordination du "+c.Date+" est à jour.")
			ui.Redirect(w, r, meetingsvc.Path(id))
			return
		}
		if !refused(f, err) {
			h.site.Fail(w, r, err)
			return
		}
	}
	m, err := h.svc.Get(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.renderAttendance(w, r, http.StatusUnprocessableEntity, m, f)
}

// attendanceForm is the attendance form as recorded on the meeting.
func attendanceForm(m meeting.Meeting) *ui.Form {
	f := &ui.Form{Values: url.Values{}}
	for _, in := range m.Invitations {
		if in.UserID == 0 {
			f.Set("personnes_"+itoa(in.StructureID), strconv.Itoa(in.People))
		} else if in.Present {
			f.Values.Add("presents", itoa(in.UserID))
		}
	}
	return f
}

// walkInDone tells what the attendance now counts, or shows the refusal
// on the attendance page.
func (h *Handlers) walkInDone(w http.ResponseWriter, r *http.Request, id int64, f *ui.Form, m meeting.Meeting, c activity.Coordination, err error, done string) {
	if err == nil {
		h.site.Flash(r, done+" La réunion compte "+strconv.Itoa(m.Participants())+" "+plural(m.Participants(), "participant", "participants")+
			". Votre activité de coordination du "+c.Date+" est à jour.")
		ui.Redirect(w, r, meetingsvc.Path(id)+"/presences")
		return
	}
	if !refused(f, err) {
		h.site.Fail(w, r, err)
		return
	}
	m, err = h.svc.Get(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	kept := attendanceForm(m)
	for k, vs := range f.Values {
		kept.Values[k] = vs
	}
	kept.Errors, kept.Message = f.Errors, f.Message
	h.renderAttendance(w, r, http.StatusUnprocessableEntity, m, kept)
}

// WalkInAdd notes someone who came without an invitation: a structure of
// the territory and how many people, a professional of the directory, or
// the name and organisation of someone from outside.
func (h *Handlers) WalkInAdd(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	f := ui.NewForm(r)
	in := meeting.WalkInInput{StructureID: ui.ParseID(r.PostForm.Get("structure_venue")), UserID: ui.ParseID(r.PostForm.Get("collegue")),
		Name: r.PostForm.Get("nom"), Organization: r.PostForm.Get("organisme")}
	if in.StructureID != 0 {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get("personnes_venues")))
		if err != nil {
			n = -1 // not a number: refused with the count's message
		}
		in.People = n
	}
	m, c, err := h.svc.AddWalkIn(r.Context(), ui.Actor(r), id, in)
	h.walkInDone(w, r, id, f, m, c, err, "Venue sans invitation notée.")
}

// WalkInRemove withdraws someone noted by mistake among those who came
// without an invitation.
func (h *Handlers) WalkInRemove(w http.ResponseWriter, r *http.Request) {
	id, ok := h.id(w, r)
	if !ok {
		return
	}
	wid, ok := ui.PathID(r, "venue")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	m, c, err := h.svc.RemoveWalkIn(r.Context(), ui.Actor(r), id, wid)
	h.walkInDone(w, r, id, ui.NewForm(r), m, c, err, "Venue sans invitation retirée.")
}
