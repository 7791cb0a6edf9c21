package api

// Agenda: permanences, slots, appointments, workshops and their
// registrations and attendance. Each handler decodes, calls the agenda or
// workshops service, and encodes.

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	agendasvc "github.com/parcours-numerique/parcours/internal/service/agenda"
	"github.com/parcours-numerique/parcours/internal/service/workshops"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// agendaAPI holds the agenda's operations, on the application's services.
type agendaAPI struct {
	*API
	agenda    *agendasvc.Service
	workshops *workshops.Service
}

// agendaRoutes lists this capability's API operations.
func (a *API) agendaRoutes() []Route {
	g := &agendaAPI{API: a, agenda: a.app.Agenda, workshops: a.app.Workshops}
	return []Route{
		{Pattern: "GET " + Prefix + "/permanences", OperationID: "listPermanences", Perm: account.PermAgenda, Handler: g.listPermanences},
		{Pattern: "POST " + Prefix + "/permanences", OperationID: "createPermanence", Perm: account.PermAgendaOrganize, Handler: g.createPermanence},
		{Pattern: "GET " + Prefix + "/permanences/{id}", OperationID: "getPermanence", Perm: account.PermAgenda, Handler: g.getPermanence},
		{Pattern: "GET " + Prefix + "/creneaux", OperationID: "listSlots", Perm: account.PermAgenda, Handler: g.listSlots},
		{Pattern: "GET " + Prefix + "/rendez-vous", OperationID: "listAppointments", Perm: account.PermAgenda, Handler: g.listAppointments},
		{Pattern: "POST " + Prefix + "/rendez-vous", OperationID: "bookSlot", Perm: account.PermAgenda, Handler: g.bookSlot},
		{Pattern: "GET " + Prefix + "/rendez-vous/{id}", OperationID: "getAppointment", Perm: account.PermAgenda, Handler: g.getAppointment},
		{Pattern: "POST " + Prefix + "/rendez-vous/{id}/annulation", OperationID: "cancelBooking", Perm: account.PermAgenda, Handler: g.cancelBooking},
		{Pattern: "GET " + Prefix + "/ateliers", OperationID: "listWorkshops", Perm: account.PermAgenda, Handler: g.listWorkshops},
		{Pattern: "POST " + Prefix + "/ateliers", OperationID: "createWorkshop", Perm: account.PermAgendaOrganize, Handler: g.createWorkshop},
		{Pattern: "GET " + Prefix + "/ateliers/{id}", OperationID: "getWorkshop", Perm: account.PermAgenda, Handler: g.getWorkshop},
		{Pattern: "POST " + Prefix + "/ateliers/{id}/inscriptions", OperationID: "registerForWorkshop", Perm: account.PermAgenda, Handler: g.registerForWorkshop},
		{Pattern: "GET " + Prefix + "/inscriptions", OperationID: "listRegistrations", Perm: account.PermAgenda, Handler: g.listRegistrations},
		{Pattern: "GET " + Prefix + "/inscriptions/{id}", OperationID: "getRegistration", Perm: account.PermAgenda, Handler: g.getRegistration},
		{Pattern: "POST " + Prefix + "/inscriptions/{id}/annulation", OperationID: "cancelRegistration", Perm: account.PermAgenda, Handler: g.cancelRegistration},
		{Pattern: "POST " + Prefix + "/seances/{id}/presences", OperationID: "markAttendance", Perm: account.PermAgendaOrganize, Handler: g.markAttendance},
	}
}

func agendaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundError()
	}
	return id, nil
}

// onlyParams refuses the query parameters the operation does not know,
// naming them (the document cannot refuse them).
func onlyParams(r *http.Request, known ...string) error {
	var v apperr.Validation
	for k := range r.URL.Query() {
		found := false
		for _, n := range known {
			found = found || n == k
		}
		if !found {
			v.Add(k, "Paramètre inconnu « "+k+" » : "+strings.Join(known, ", ")+".")
		}
	}
	return v.Err()
}

func inParis(t time.Time) time.Time { return t.In(frtime.Paris) }

func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	p := inParis(t)
	return &p
}

// --- permanences

type permanenceJSON struct {
	ID         int64     `json:"id"`
	Place      int64     `json:"lieu"`
	PlaceName  string    `json:"lieu_nom"`
	Staff      []int64   `json:"agents"`
	Weekday    int       `json:"jour"`
	Start      string    `json:"debut"`
	End        string    `json:"fin"`
	EveryWeeks int       `json:"frequence"`
	From       string    `json:"du"`
	Until      string    `json:"au,omitempty"`
	Holidays   bool      `json:"jours_feries"`
	Mode       string    `json:"mode"`
	Motives    []int64   `json:"motifs"`
	Cancelled  []string  `json:"dates_annulees"`
	Recurrence string    `json:"recurrence"`
	Note       string    `json:"note,omitempty"`
	CreatedAt  time.Time `json:"cree_le"`
	UpdatedAt  time.Time `json:"modifie_le"`
}

func permanenceOut(p agenda.Permanence) permanenceJSON {
	out := permanenceJSON{ID: p.ID, Place: p.PlaceID, PlaceName: p.PlaceName, Staff: p.StaffIDs, Weekday: isoWeekday(p.Weekday),
		Start: agenda.FormatClock(p.Start), End: agenda.FormatClock(p.End), EveryWeeks: p.EveryWeeks, From: p.From, Until: p.Until,
		Holidays: !p.SkipHolidays, Mode: p.Mode, Motives: p.MotiveIDs, Cancelled: p.Cancelled, Recurrence: p.Recurrence(), Note: p.Note,
		CreatedAt: inParis(p.CreatedAt), UpdatedAt: inParis(p.UpdatedAt)}
	if out.Staff == nil {
		out.Staff = []int64{}
	}
	if out.Motives == nil {
		out.Motives = []int64{}
	}
	if out.Cancelled == nil {
		out.Cancelled = []string{}
	}
	return out
}

// isoWeekday numbers days 1 (Monday) to 7 (Sunday), as ISO 8601.
func isoWeekday(d time.Weekday) int {
	if d == time.Sunday {
		return 7
	}
	return int(d)
}

type permanenceInput struct {
	Place      int64   `json:"lieu"`
	Staff      []int64 `json:"agents"`
	Weekday    int     `json:"jour"`
	Start      string  `json:"debut"`
	End        string  `json:"fin"`
	EveryWeeks int     `json:"frequence"`
	From       string  `json:"du"`
	Until      string  `json:"au"`
	Holidays   bool    `json:"jours_feries"`
	Mode       string  `json:"mode"`
	Motives    []int64 `json:"motifs"`
	Note       string  `json:"note"`
}

func (g *agendaAPI) createPermanence(w http.ResponseWriter, r *http.Request) {
	var in permanenceInput
	if err := apiio.Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	weekday := time.Weekday(-1)
	if in.Weekday >= 1 && in.Weekday <= 7 {
		weekday = time.Weekday(in.Weekday % 7)
	}
	p, err := g.agenda.CreatePermanence(r.Context(), account.ActorFrom(r.Context()), agendasvc.NewPermanence{PlaceID: in.Place, StaffIDs: in.Staff, Weekday: weekday,
		Start: in.Start, End: in.End, EveryWeeks: in.EveryWeeks, From: in.From, Until: in.Until, KeepHolidays: in.Holidays, Mode: in.Mode, MotiveIDs: in.Motives, Note: in.Note})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, permanenceOut(p))
}

func (g *agendaAPI) getPermanence(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err == nil {
		var p agenda.Permanence
		if p, err = g.agenda.Permanence(r.Context(), account.ActorFrom(r.Context()), id); err == nil {
			apiio.WriteJSON(w, http.StatusOK, permanenceOut(p))
			return
		}
	}
	g.Fail(w, r, err)
}

func (g *agendaAPI) listPermanences(w http.ResponseWriter, r *http.Request) {
	since, after, limit, err := g.syncParams(r, "p")
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	page, err := g.agenda.ChangedPermanences(r.Context(), account.ActorFrom(r.Context()), agendasvc.Sync{Since: since, AfterID: after, Limit: limit})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Items []permanenceJSON `json:"permanences"`
		Next  *string          `json:"suivant"`
	}{Items: []permanenceJSON{}, Next: apiio.EncodeCursor("p", page.Next)}
	for _, p := range page.Items {
		out.Items = append(out.Items, permanenceOut(p))
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

// syncParams reads the parameters of a synchronisation list.
func (g *agendaAPI) syncParams(r *http.Request, kind string, more ...string) (time.Time, int64, int, error) {
	q, err := apiio.ReadSync(r, kind, more...)
	return q.Since, q.After, q.Limit, err
}

// --- slots and appointments

type slotJSON struct {
	Slot       string    `json:"creneau"`
	Start      time.Time `json:"debut"`
	End        time.Time `json:"fin"`
	Place      int64     `json:"lieu"`
	Permanence int64     `json:"permanence"`
}

func (g *agendaAPI) listSlots(w http.ResponseWriter, r *http.Request) {
	if err := onlyParams(r, "motif", "lieu", "du", "au"); err != nil {
		g.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	motive, _ := strconv.ParseInt(q.Get("motif"), 10, 64)
	place, _ := strconv.ParseInt(q.Get("lieu"), 10, 64)
	var rg agendasvc.Range
	if d, err := time.ParseInLocation(agenda.DateLayout, q.Get("du"), frtime.Paris); err == nil {
		rg.From = d
	}
	if d, err := time.ParseInLocation(agenda.DateLayout, q.Get("au"), frtime.Paris); err == nil {
		rg.To = d.AddDate(0, 0, 1)
	}
	free, err := g.agenda.Slots(r.Context(), account.ActorFrom(r.Context()), motive, place, rg)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Motive   int64      `json:"motif"`
		Duration int        `json:"duree"`
		Slots    []slotJSON `json:"creneaux"`
	}{Motive: free.Motive.ID, Duration: free.Motive.Duration, Slots: []slotJSON{}}
	for _, s := range free.Slots {
		out.Slots = append(out.Slots, slotJSON{Slot: s.Value(), Start: inParis(s.Start), End: inParis(s.End), Place: s.PlaceID, Permanence: s.PermanenceID})
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

type appointmentJSON struct {
	ID         int64     `json:"id"`
	Status     string    `json:"statut"`
	Start      time.Time `json:"debut"`
	End        time.Time `json:"fin"`
	Motive     int64     `json:"motif"`
	MotiveName string    `json:"motif_nom"`
	Place      int64     `json:"lieu"`
	PlaceName  string    `json:"lieu_nom"`
	Staff      int64     `json:"agent"`
	StaffName  string    `json:"agent_nom"`
	Person     int64     `json:"personne,omitempty"`
	Name       string    `json:"nom"`
	Phone      string    `json:"telephone,omitempty"`
	Email      string    `json:"courriel,omitempty"`
	Via        string    `json:"pris_par"`
	Referral   int64     `json:"orientation,omitempty"`
	CreatedAt  time.Time `json:"cree_le"`
	UpdatedAt  time.Time `json:"modifie_le"`
}

func appointmentOut(a agenda.Appointment) appointmentJSON {
	return appointmentJSON{ID: a.ID, Status: a.Status, Start: inParis(a.Start), End: inParis(a.End), Motive: a.MotiveID, MotiveName: a.MotiveName,
		Place: a.PlaceID, PlaceName: a.PlaceName, Staff: a.StaffID, StaffName: a.StaffName, Person: a.PersonID, Name: a.Name, Phone: a.Phone, Email: a.Email,
		Via: a.BookedVia, Referral: a.ReferralID, CreatedAt: inParis(a.CreatedAt), UpdatedAt: inParis(a.UpdatedAt)}
}

type bookInput struct {
	Motive  int64  `json:"motif"`
	Slot    string `json:"creneau"`
	Person  int64  `json:"personne"`
	Name    string `json:"nom"`
	Phone   string `json:"telephone"`
	Email   string `json:"courriel"`
	Need    string `json:"besoin"`
	Consent bool   `json:"accord"`
}

func (g *agendaAPI) bookSlot(w http.ResponseWriter, r *http.Request) {
	var in bookInput
	if err := apiio.Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	a, err := g.agenda.Book(r.Context(), account.ActorFrom(r.Context()), agendasvc.Booking{MotiveID: in.Motive, Slot: in.Slot, PersonID: in.Person,
		Contact: agenda.Contact{Name: in.Name, Phone: in.Phone, Email: in.Email, Need: in.Need}, Agreed: in.Consent})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, appointmentOut(a))
}

func (g *agendaAPI) getAppointment(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err == nil {
		var a agenda.Appointment
		if a, err = g.agenda.Appointment(r.Context(), account.ActorFrom(r.Context()), id); err == nil {
			apiio.WriteJSON(w, http.StatusOK, appointmentOut(a))
			return
		}
	}
	g.Fail(w, r, err)
}

func (g *agendaAPI) listAppointments(w http.ResponseWriter, r *http.Request) {
	since, after, limit, err := g.syncParams(r, "r")
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	page, err := g.agenda.ChangedAppointments(r.Context(), account.ActorFrom(r.Context()), agendasvc.Sync{Since: since, AfterID: after, Limit: limit})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Items []appointmentJSON `json:"rendez_vous"`
		Next  *string           `json:"suivant"`
	}{Items: []appointmentJSON{}, Next: apiio.EncodeCursor("r", page.Next)}
	for _, a := range page.Items {
		out.Items = append(out.Items, appointmentOut(a))
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (g *agendaAPI) cancelBooking(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	var in struct {
		By     string `json:"qui"`
		Reason string `json:"raison"`
	}
	if r.ContentLength != 0 {
		if err := apiio.Decode(r, &in); err != nil {
			g.Fail(w, r, err)
			return
		}
	}
	a, err := g.agenda.Cancel(r.Context(), account.ActorFrom(r.Context()), id, agendasvc.Cancellation{ByPerson: in.By == "personne", Reason: in.Reason})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, appointmentOut(a))
}

// --- workshops

type sessionJSON struct {
	ID          int64      `json:"id"`
	Start       time.Time  `json:"debut"`
	End         time.Time  `json:"fin"`
	WalkIns     int        `json:"sans_inscription"`
	HolidayKept bool       `json:"jour_ferie_maintenu"`
	Attendance  *time.Time `json:"presences_notees_le,omitempty"`
	UpdatedAt   time.Time  `json:"modifie_le"`
}

type workshopJSON struct {
	ID                 int64         `json:"id"`
	Title              string        `json:"titre"`
	Themes             []string      `json:"thematiques"`
	Level              string        `json:"niveau"`
	Audience           string        `json:"public"`
	Description        string        `json:"description"`
	Place              int64         `json:"lieu"`
	PlaceName          string        `json:"lieu_nom"`
	Capacity           int           `json:"places"`
	Taken              int           `json:"places_prises"`
	Waiting            int           `json:"liste_attente"`
	PassNumerique      bool          `json:"pass_numerique"`
	Published          bool          `json:"publie"`
	OnlineRegistration bool          `json:"inscription_en_ligne"`
	Staff              int64         `json:"animateur,omitempty"`
	Sessions           []sessionJSON `json:"seances"`
	CreatedAt          time.Time     `json:"cree_le"`
	UpdatedAt          time.Time     `json:"modifie_le"`
}

func workshopOut(w workshop.Workshop) workshopJSON {
	out := workshopJSON{ID: w.ID, Title: w.Title, Themes: w.Themes, Level: w.Level, Audience: w.Audience, Description: w.Description, Place: w.PlaceID,
		PlaceName: w.PlaceName, Capacity: w.Capacity, Taken: w.Taken, Waiting: w.WaitingCount, PassNumerique: w.PassNumerique, Published: w.Published,
		OnlineRegistration: w.OnlineRegistration, Staff: w.StaffID, Sessions: []sessionJSON{}, CreatedAt: inParis(w.CreatedAt), UpdatedAt: inParis(w.UpdatedAt)}
	if out.Themes == nil {
		out.Themes = []string{}
	}
	for _, s := range w.Sessions {
		out.Sessions = append(out.Sessions, sessionJSON{ID: s.ID, Start: inParis(s.Start), End: inParis(s.End), WalkIns: s.WalkIns, HolidayKept: s.HolidayKept,
			Attendance: optionalTime(s.AttendanceAt), UpdatedAt: inParis(s.UpdatedAt)})
	}
	return out
}

type workshopInput struct {
	Title              string   `json:"titre"`
	Themes             []string `json:"thematiques"`
	Level              string   `json:"niveau"`
	Audience           string   `json:"public"`
	Description        string   `json:"description"`
	Place              int64    `json:"lieu"`
	Capacity           int      `json:"places"`
	Staff              int64    `json:"animateur"`
	PassNumerique      bool     `json:"pass_numerique"`
	Published          bool     `json:"publie"`
	OnlineRegistration bool     `json:"inscription_en_ligne"`
	Sessions           []struct {
		Start       time.Time `json:"debut"`
		Duration    int       `json:"duree"`
		HolidayKept bool      `json:"jour_ferie_maintenu"`
	} `json:"seances"`
}

func (g *agendaAPI) createWorkshop(w http.ResponseWriter, r *http.Request) {
	var in workshopInput
	if err := apiio.Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	nw := workshops.NewWorkshop{Workshop: workshop.Workshop{Title: in.Title, Themes: in.Themes, Level: in.Level, Audience: in.Audience, Description: in.Description,
		PlaceID: in.Place, Capacity: in.Capacity, StaffID: in.Staff, PassNumerique: in.PassNumerique, Published: in.Published, OnlineRegistration: in.OnlineRegistration}}
	for _, s := range in.Sessions {
		nw.Sessions = append(nw.Sessions, workshop.Session{Start: s.Start, End: s.Start.Add(time.Duration(s.Duration) * time.Minute), HolidayKept: s.HolidayKept})
	}
	got, err := g.workshops.Create(r.Context(), account.ActorFrom(r.Context()), nw)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, workshopOut(got.Workshop))
}

func (g *agendaAPI) getWorkshop(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err == nil {
		var wk workshop.Workshop
		if wk, err = g.workshops.Get(r.Context(), account.ActorFrom(r.Context()), id); err == nil {
			apiio.WriteJSON(w, http.StatusOK, workshopOut(wk))
			return
		}
	}
	g.Fail(w, r, err)
}

func (g *agendaAPI) listWorkshops(w http.ResponseWriter, r *http.Request) {
	since, after, limit, err := g.syncParams(r, "a", "passes")
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	page, err := g.workshops.Changed(r.Context(), account.ActorFrom(r.Context()), workshops.Sync{Since: since, AfterID: after, Limit: limit, Ended: r.URL.Query().Get("passes") == "true"})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Items []workshopJSON `json:"ateliers"`
		Next  *string        `json:"suivant"`
	}{Items: []workshopJSON{}, Next: apiio.EncodeCursor("a", page.Next)}
	for _, wk := range page.Items {
		out.Items = append(out.Items, workshopOut(wk))
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

type registrationJSON struct {
	ID             int64      `json:"id"`
	Workshop       int64      `json:"atelier"`
	Status         string     `json:"statut"`
	Rank           int        `json:"rang,omitempty"`
	Person         int64      `json:"personne,omitempty"`
	Name           string     `json:"nom"`
	Via            string     `json:"pris_par"`
	OfferExpiresAt *time.Time `json:"a_confirmer_avant,omitempty"`
	CreatedAt      time.Time  `json:"cree_le"`
	UpdatedAt      time.Time  `json:"modifie_le"`
}

func registrationOut(reg workshop.Registration) registrationJSON {
	out := registrationJSON{ID: reg.ID, Workshop: reg.WorkshopID, Status: reg.Status, Rank: reg.Rank, Person: reg.PersonID, Name: reg.Name, Via: reg.BookedVia,
		CreatedAt: inParis(reg.CreatedAt), UpdatedAt: inParis(reg.UpdatedAt)}
	if reg.Status == workshop.Offered {
		out.OfferExpiresAt = optionalTime(reg.OfferExpiresAt)
	}
	return out
}

func (g *agendaAPI) registerForWorkshop(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	var in struct {
		Person  int64  `json:"personne"`
		Name    string `json:"nom"`
		Phone   string `json:"telephone"`
		Email   string `json:"courriel"`
		Wait    bool   `json:"liste_attente"`
		Consent bool   `json:"accord"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	reg, err := g.workshops.Register(r.Context(), account.ActorFrom(r.Context()), id, workshops.NewRegistration{PersonID: in.Person,
		Contact: agenda.Contact{Name: in.Name, Phone: in.Phone, Email: in.Email}, Agreed: in.Consent, WaitIfFull: in.Wait})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, registrationOut(reg))
}

func (g *agendaAPI) getRegistration(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err == nil {
		var reg workshop.Registration
		if reg, err = g.workshops.Registration(r.Context(), account.ActorFrom(r.Context()), id); err == nil {
			apiio.WriteJSON(w, http.StatusOK, registrationOut(reg))
			return
		}
	}
	g.Fail(w, r, err)
}

func (g *agendaAPI) listRegistrations(w http.ResponseWriter, r *http.Request) {
	since, after, limit, err := g.syncParams(r, "i", "atelier")
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	workshopID, _ := strconv.ParseInt(r.URL.Query().Get("atelier"), 10, 64)
	page, err := g.workshops.ChangedRegistrations(r.Context(), account.ActorFrom(r.Context()), workshopID, workshops.Sync{Since: since, AfterID: after, Limit: limit})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Items []registrationJSON `json:"inscriptions"`
		Next  *string            `json:"suivant"`
	}{Items: []registrationJSON{}, Next: apiio.EncodeCursor("i", page.Next)}
	for _, reg := range page.Items {
		out.Items = append(out.Items, registrationOut(reg))
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (g *agendaAPI) cancelRegistration(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	c, err := g.workshops.CancelRegistration(r.Context(), account.ActorFrom(r.Context()), workshops.RegistrationRef{ID: id})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Cancelled registrationJSON  `json:"annulee"`
		Offered   *registrationJSON `json:"place_proposee,omitempty"`
	}{Cancelled: registrationOut(c.Registration)}
	if c.Offered != nil {
		o := registrationOut(*c.Offered)
		out.Offered = &o
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (g *agendaAPI) markAttendance(w http.ResponseWriter, r *http.Request) {
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	var in struct {
		Present []int64 `json:"presents"`
		WalkIns int     `json:"sans_inscription"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	sheet, err := g.workshops.RecordAttendance(r.Context(), account.ActorFrom(r.Context()), workshops.SessionRef{SessionID: id}, workshops.NewAttendance{Present: in.Present, WalkIns: in.WalkIns})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Session int64   `json:"seance"`
		Present []int64 `json:"presents"`
		WalkIns int     `json:"sans_inscription"`
	}{Session: id, Present: sheet.PresentIDs(), WalkIns: sheet.Session.WalkIns}
	if out.Present == nil {
		out.Present = []int64{}
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}
