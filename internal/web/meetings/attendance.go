package meetings

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/meeting"
	meetingsvc "github.com/parcours-numerique/parcours/internal/service/meetings"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type attendanceData struct {
	Meeting meeting.Meeting
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
	f := &ui.Form{Values: url.Values{}}
	for _, in := range m.Invitations {
		if in.UserID == 0 {
			f.Set("personnes_"+itoa(in.StructureID), strconv.Itoa(in.People))
		} else if in.Present {
			f.Values.Add("presents", itoa(in.UserID))
		}
	}
	h.site.Render(w, r, http.StatusOK, "meetings_attendance", ui.Page{Title: "Présences – " + m.Title, Form: f, Data: attendanceData{Meeting: m}})
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
	h.site.Render(w, r, http.StatusUnprocessableEntity, "meetings_attendance", ui.Page{Title: "Présences – " + m.Title, Form: f, Data: attendanceData{Meeting: m}})
}
