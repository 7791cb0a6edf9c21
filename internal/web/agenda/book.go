package agenda

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// slotPickerDays is how many days the staff slot picker shows at once.
const slotPickerDays = 7

type bookData struct {
	Motives, Places []ui.Option
	Motive          agenda.Motive
	Days            []slotDay
	From            string
	Prev, Next      string
	Move            *agenda.Appointment
	Person          *person.Person
	Consent         string
	Searched        bool
}

// BookForm is the staff booking page: a motive and a site, then the free
// slots of a week as radio buttons in the booking form. With ?deplacer=ID
// it moves that appointment instead; ?personne=ID books for a person.
func (h *Handlers) BookForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{Values: url.Values{}}
	for _, k := range []string{"motif", "lieu", "du", "personne"} {
		f.Set(k, r.URL.Query().Get(k))
	}
	h.renderBook(w, r, http.StatusOK, f, ui.QueryID(r, "deplacer"))
}

func (h *Handlers) renderBook(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, moveID int64) {
	a := ui.Actor(r)
	draft, err := h.agenda.BookingDraft(r.Context(), a, ui.ParseID(f.Value("personne")), moveID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := bookData{Move: draft.Move, Person: draft.Person, Consent: agenda.ConsentWording(a.Membership.StructureName)}
	if d.Move != nil {
		f.Set("motif", ui.Itoa(d.Move.MotiveID))
	}
	d.Motives = []ui.Option{{Value: "", Label: "Choisir un motif"}}
	for _, m := range draft.Motives {
		d.Motives = append(d.Motives, ui.Option{Value: ui.Itoa(m.ID), Label: m.Name + " (" + strconv.Itoa(m.Duration) + " min)"})
	}
	places, _, err := h.team(r)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	d.Places = append([]ui.Option{{Value: "", Label: "Tous les lieux"}}, places...)
	now := h.site.Now()
	from := day(f.Value("du"), now)
	if from.Before(agenda.Midnight(now)) {
		from = now
	}
	if mid := ui.ParseID(f.Value("motif")); mid != 0 {
		d.Searched = true
		free, err := h.agenda.Slots(r.Context(), a, mid, ui.ParseID(f.Value("lieu")), agendasvc.Range{From: from, To: from.AddDate(0, 0, slotPickerDays)})
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			h.site.Fail(w, r, err)
			return
		}
		d.Motive, d.Days = free.Motive, slotDays(free)
		q := url.Values{"motif": {f.Value("motif")}, "lieu": {f.Value("lieu")}, "personne": {f.Value("personne")}}
		if d.Move != nil {
			q = url.Values{"deplacer": {ui.Itoa(d.Move.ID)}, "lieu": {f.Value("lieu")}}
		}
		q.Set("du", from.AddDate(0, 0, slotPickerDays).Format(agenda.DateLayout))
		d.Next = "/espace/agenda/rendez-vous/nouveau?" + q.Encode()
		if prev := from.AddDate(0, 0, -slotPickerDays); !prev.Before(now.AddDate(0, 0, -slotPickerDays+1)) {
			q.Set("du", prev.Format(agenda.DateLayout))
			d.Prev = "/espace/agenda/rendez-vous/nouveau?" + q.Encode()
		}
	}
	d.From = from.Format(agenda.DateLayout)
	title := "Prendre un rendez-vous"
	if d.Move != nil {
		title = "Déplacer le rendez-vous de " + d.Move.Name
	}
	h.site.Render(w, r, status, "agenda_book", ui.Page{Title: title, Form: f, Data: d})
}

// Book books the chosen slot for a person, by staff.
func (h *Handlers) Book(w http.ResponseWriter, r *http.Request) {
	pf := r.PostForm
	ap, err := h.agenda.Book(r.Context(), ui.Actor(r), agendasvc.Booking{MotiveID: ui.ParseID(pf.Get("motif")), Slot: pf.Get("creneau"),
		PersonID: ui.ParseID(pf.Get("personne")), Contact: contact(r), Agreed: pf.Get("accord") == "oui"})
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, onField("creneau", err)) {
			h.site.Fail(w, r, err)
			return
		}
		f.Set("du", pf.Get("du"))
		h.renderBook(w, r, http.StatusUnprocessableEntity, f, 0)
		return
	}
	h.site.Flash(r, "Rendez-vous pris le "+frtime.DateTime(ap.Start)+" avec "+ap.StaffName+".")
	ui.Redirect(w, r, "/espace/agenda/rendez-vous/"+ui.Itoa(ap.ID))
}

type appointmentData struct {
	Appointment agenda.Appointment
	Statuses    []ui.Option
	Messages    []notify.Message
	ActivityURL string
	CanPersons  bool
	Upcoming    bool
	Link        string
}

// Appointment is an appointment's page: what it is, its status, moving or
// cancelling it, and the messages sent to the person.
func (h *Handlers) Appointment(w http.ResponseWriter, r *http.Request) {
	h.renderAppointment(w, r, http.StatusOK, nil)
}

func (h *Handlers) renderAppointment(w http.ResponseWriter, r *http.Request, status int, f *ui.Form) {
	a := ui.Actor(r)
	id, _ := ui.PathID(r, "id")
	det, err := h.agenda.AppointmentDetails(r.Context(), a, id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	ap := det.Appointment
	d := appointmentData{Appointment: ap, Messages: det.Messages, Link: det.Link, Upcoming: det.Upcoming, CanPersons: a.Can(account.PermPersons),
		Statuses: ui.Choices(agenda.Statuses)}
	// "Présent" proposes the activity report, with the person when known.
	if ap.Status == agenda.StatusPresent && a.Can(account.PermActivities) {
		q := url.Values{}
		q.Set("date", ap.Start.In(frtime.Paris).Format(activity.DateLayout))
		q.Set("duree", strconv.Itoa(ap.Minutes()))
		if ap.PlaceID != 0 {
			q.Set("lieu", ui.Itoa(ap.PlaceID))
		}
		if ap.PersonID != 0 {
			q.Set("personne", ui.Itoa(ap.PersonID))
		}
		d.ActivityURL = "/espace/activites/nouvelle?" + q.Encode()
	}
	if f == nil {
		f = &ui.Form{Values: url.Values{}}
		f.Set("statut", ap.Status)
		f.Set("qui", "service")
	}
	h.site.Render(w, r, status, "agenda_appointment", ui.Page{Title: "Rendez-vous de " + ap.Name, Form: f, Data: d})
}

// AppointmentStatus records what happened.
func (h *Handlers) AppointmentStatus(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ap, err := h.agenda.SetStatus(r.Context(), ui.Actor(r), id, r.PostForm.Get("statut"))
	if err != nil {
		h.appointmentFailed(w, r, "statut", err)
		return
	}
	msg := "Statut enregistré : " + ap.StatusLabel() + "."
	if ap.Status == agenda.StatusPresent && ui.Actor(r).Can(account.PermActivities) {
		msg += " Pensez au compte rendu de l'accompagnement : le bouton est sur cette page."
	}
	h.site.Flash(r, msg)
	ui.Redirect(w, r, "/espace/agenda/rendez-vous/"+ui.Itoa(id))
}

func (h *Handlers) appointmentFailed(w http.ResponseWriter, r *http.Request, field string, err error) {
	f := ui.NewForm(r)
	if !shown(f, onField(field, err)) {
		h.site.Fail(w, r, err)
		return
	}
	h.renderAppointment(w, r, http.StatusUnprocessableEntity, f)
}

// AppointmentCancel cancels an appointment to come, for the service or
// for the person.
func (h *Handlers) AppointmentCancel(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ap, err := h.agenda.Cancel(r.Context(), ui.Actor(r), id, agendasvc.Cancellation{ByPerson: r.PostForm.Get("qui") == "personne", Reason: strings.TrimSpace(r.PostForm.Get("raison"))})
	if err != nil {
		h.appointmentFailed(w, r, "qui", err)
		return
	}
	h.site.Flash(r, "Rendez-vous annulé ("+ap.StatusLabel()+"). Le créneau est de nouveau libre ; la personne est prévenue si elle a laissé un contact.")
	ui.Redirect(w, r, "/espace/agenda/rendez-vous/"+ui.Itoa(id))
}

// AppointmentMove gives an appointment another slot.
func (h *Handlers) AppointmentMove(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ap, err := h.agenda.Move(r.Context(), ui.Actor(r), id, r.PostForm.Get("creneau"))
	if err != nil {
		f := ui.NewForm(r)
		if !shown(f, onField("creneau", err)) {
			h.site.Fail(w, r, err)
			return
		}
		f.Set("lieu", r.PostForm.Get("lieu"))
		f.Set("du", r.PostForm.Get("du"))
		h.renderBook(w, r, http.StatusUnprocessableEntity, f, id)
		return
	}
	h.site.Flash(r, "Rendez-vous déplacé au "+frtime.DateTime(ap.Start)+". La personne est prévenue si elle a laissé un contact.")
	ui.Redirect(w, r, "/espace/agenda/rendez-vous/"+ui.Itoa(id))
}

// AppointmentStopMessages records that the person wants no more messages.
func (h *Handlers) AppointmentStopMessages(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	ap, err := h.agenda.StopAppointmentMessages(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "C'est noté : "+ap.Name+" ne recevra plus de messages de votre structure.")
	ui.Redirect(w, r, "/espace/agenda/rendez-vous/"+ui.Itoa(id))
}

// AppointmentICS is an appointment's calendar file.
func (h *Handlers) AppointmentICS(w http.ResponseWriter, r *http.Request) {
	id, _ := ui.PathID(r, "id")
	b, err := h.agenda.AppointmentFile(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	writeICS(w, "rendez-vous.ics", b)
}
