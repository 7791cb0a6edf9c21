package api

// Agenda: permanences, appointments, workshops, notifications.

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

// agendaAPI holds the agenda's operations, on the application's one agenda service.
type agendaAPI struct {
	*API
	svc *scheduling.Service
}

// agendaRoutes lists this capability's API operations.
func (a *API) agendaRoutes() []Route {
	g := &agendaAPI{API: a, svc: a.app.Agenda}
	return []Route{
		{Pattern: "POST " + Prefix + "/permanences", OperationID: "createPermanence", Perm: account.PermAgendaOrganize, Handler: g.createPermanence},
		{Pattern: "GET " + Prefix + "/creneaux", OperationID: "listSlots", Perm: account.PermAgenda, Handler: g.listSlots},
		{Pattern: "POST " + Prefix + "/rendez-vous", OperationID: "bookSlot", Perm: account.PermAgenda, Handler: g.bookSlot},
		{Pattern: "POST " + Prefix + "/rendez-vous/{id}/annulation", OperationID: "cancelBooking", Perm: account.PermAgenda, Handler: g.cancelBooking},
		{Pattern: "POST " + Prefix + "/ateliers", OperationID: "createWorkshop", Perm: account.PermAgendaOrganize, Handler: g.createWorkshop},
		{Pattern: "GET " + Prefix + "/ateliers", OperationID: "listWorkshops", Perm: account.PermAgenda, Handler: g.listWorkshops},
		{Pattern: "POST " + Prefix + "/ateliers/{id}/inscriptions", OperationID: "registerForWorkshop", Perm: account.PermAgenda, Handler: g.registerForWorkshop},
		{Pattern: "POST " + Prefix + "/inscriptions/{id}/annulation", OperationID: "cancelRegistration", Perm: account.PermAgenda, Handler: g.cancelRegistration},
		{Pattern: "POST " + Prefix + "/seances/{id}/presences", OperationID: "markAttendance", Perm: account.PermAgendaOrganize, Handler: g.markAttendance},
	}
}

// agendaJournal records, in the person's journal, a write made through the API.
func (g *agendaAPI) agendaJournal(r *http.Request, personID int64, what string) error {
	act := account.ActorFrom(r.Context())
	return g.store.AddJournal(r.Context(), act.Scope(), journal.Entry{StructureID: act.StructureID(), ActorStructureID: act.StructureID(), UserID: act.User.ID,
		Who: act.User.Name + " (" + act.Role().Label() + ", API)", PersonID: personID, Action: journal.Create, What: what, At: g.cfg.Now()})
}

func agendaID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.NotFoundError()
	}
	return id, nil
}

func invalidField(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}

// --- permanences

type permanenceJSON struct {
	ID          int64    `json:"id"`
	Place       int64    `json:"lieu"`
	PlaceName   string   `json:"lieu_nom"`
	Staff       []int64  `json:"agents"`
	Weekday     int      `json:"jour"`
	Start       string   `json:"debut"`
	End         string   `json:"fin"`
	EveryWeeks  int      `json:"frequence"`
	From        string   `json:"du"`
	Until       string   `json:"au,omitempty"`
	Holidays    bool     `json:"jours_feries"`
	Mode        string   `json:"mode"`
	Motives     []int64  `json:"motifs"`
	Cancelled   []string `json:"dates_annulees"`
	Recurrence  string   `json:"recurrence"`
	Note        string   `json:"note,omitempty"`
	CreatedAtTS string   `json:"cree_le"`
}

func permanenceOut(p agenda.Permanence) permanenceJSON {
	out := permanenceJSON{ID: p.ID, Place: p.PlaceID, PlaceName: p.PlaceName, Staff: p.StaffIDs, Weekday: isoWeekday(p.Weekday),
		Start: agenda.FormatClock(p.Start), End: agenda.FormatClock(p.End), EveryWeeks: p.EveryWeeks, From: p.From, Until: p.Until,
		Holidays: !p.SkipHolidays, Mode: p.Mode, Motives: p.MotiveIDs, Cancelled: p.Cancelled, Recurrence: p.Recurrence(), Note: p.Note,
		CreatedAtTS: p.CreatedAt.UTC().Format(time.RFC3339)}
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
	act := account.ActorFrom(r.Context())
	var in permanenceInput
	if err := Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	p := agenda.Permanence{StructureID: act.StructureID(), PlaceID: in.Place, StaffIDs: in.Staff, EveryWeeks: in.EveryWeeks, From: in.From, Until: in.Until,
		SkipHolidays: !in.Holidays, Mode: in.Mode, MotiveIDs: in.Motives, Note: in.Note, Weekday: -1}
	var v apperr.Validation
	if in.Weekday >= 1 && in.Weekday <= 7 {
		p.Weekday = time.Weekday(in.Weekday % 7)
	}
	var ok bool
	if p.Start, ok = agenda.ParseClock(in.Start); !ok {
		v.Add("debut", "L'heure de début s'écrit HH:MM, par exemple 09:00.")
	}
	if p.End, ok = agenda.ParseClock(in.End); !ok {
		v.Add("fin", "L'heure de fin s'écrit HH:MM, par exemple 12:00.")
	}
	p.Normalize()
	if err := p.Validate(); err != nil {
		e, _ := apperr.As(err)
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				if fe.Field == "jour" {
					fe.Message = "Le jour est un nombre de 1 (lundi) à 7 (dimanche)."
				}
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	if err := v.Err(); err != nil {
		g.Fail(w, r, err)
		return
	}
	if err := g.store.CreatePermanence(r.Context(), &p, g.cfg.Now()); err != nil {
		g.Fail(w, r, err)
		return
	}
	got, err := g.store.Permanence(r.Context(), p.StructureID, p.ID)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusCreated, permanenceOut(got))
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
	act := account.ActorFrom(r.Context())
	q := r.URL.Query()
	motive, _ := strconv.ParseInt(q.Get("motif"), 10, 64)
	place, _ := strconv.ParseInt(q.Get("lieu"), 10, 64)
	now := g.cfg.Now()
	from, to := now, now.AddDate(0, 0, 14)
	var v apperr.Validation
	if motive <= 0 {
		v.Add("motif", "Donnez le motif (son identifiant), par exemple ?motif=3.")
	}
	if s := q.Get("du"); s != "" {
		d, err := time.ParseInLocation(agenda.DateLayout, s, agenda.Paris)
		if err != nil {
			v.Add("du", "La date « du » s'écrit AAAA-MM-JJ.")
		} else if d.After(now) {
			from = d
		}
		to = from.AddDate(0, 0, 14)
	}
	if s := q.Get("au"); s != "" {
		d, err := time.ParseInLocation(agenda.DateLayout, s, agenda.Paris)
		switch {
		case err != nil:
			v.Add("au", "La date « au » s'écrit AAAA-MM-JJ.")
		case d.Sub(from) > 62*24*time.Hour:
			v.Add("au", "Demandez 62 jours au plus à la fois.")
		default:
			to = d.AddDate(0, 0, 1)
		}
	}
	if err := v.Err(); err != nil {
		g.Fail(w, r, err)
		return
	}
	m, slots, err := g.svc.Slots(r.Context(), scheduling.SlotRequest{StructureID: act.StructureID(), MotiveID: motive, PlaceID: place, From: from, To: to, Booker: scheduling.ByStaff})
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Motive   int64      `json:"motif"`
		Duration int        `json:"duree"`
		Slots    []slotJSON `json:"creneaux"`
	}{Motive: m.ID, Duration: m.Duration, Slots: []slotJSON{}}
	for _, s := range slots {
		out.Slots = append(out.Slots, slotJSON{Slot: strconv.FormatInt(s.PermanenceID, 10) + "-" + strconv.FormatInt(s.Start.Unix(), 10),
			Start: s.Start.In(agenda.Paris), End: s.End.In(agenda.Paris), Place: s.PlaceID, Permanence: s.PermanenceID})
	}
	WriteJSON(w, http.StatusOK, out)
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
}

func appointmentOut(a agenda.Appointment) appointmentJSON {
	return appointmentJSON{ID: a.ID, Status: a.Status, Start: a.Start.In(agenda.Paris), End: a.End.In(agenda.Paris), Motive: a.MotiveID, MotiveName: a.MotiveName,
		Place: a.PlaceID, PlaceName: a.PlaceName, Staff: a.StaffID, StaffName: a.StaffName, Person: a.PersonID, Name: a.Name, Phone: a.Phone, Email: a.Email, Via: a.BookedVia}
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

func parseSlotValue(v string) (int64, time.Time, bool) {
	p, u, ok := strings.Cut(strings.TrimSpace(v), "-")
	perm, err1 := strconv.ParseInt(p, 10, 64)
	unix, err2 := strconv.ParseInt(u, 10, 64)
	if !ok || err1 != nil || err2 != nil || perm <= 0 {
		return 0, time.Time{}, false
	}
	return perm, time.Unix(unix, 0).UTC(), true
}

func (g *agendaAPI) bookSlot(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	var in bookInput
	if err := Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	var v apperr.Validation
	perm, start, ok := parseSlotValue(in.Slot)
	if !ok {
		v.Add("creneau", "Donnez un créneau tel que listCreneaux le renvoie, par exemple « 12-1772528400 ».")
	}
	if in.Motive <= 0 {
		v.Add("motif", "Donnez le motif du rendez-vous.")
	}
	req := scheduling.BookRequest{StructureID: act.StructureID(), MotiveID: in.Motive, PermanenceID: perm, Start: start, Booker: scheduling.ByStaff,
		Contact: agenda.Contact{Name: in.Name, Phone: in.Phone, Email: in.Email, Need: in.Need}, Via: agenda.ViaAPI, ByUserID: act.User.ID, ByStructure: act.StructureID()}
	req.PersonID, req.Consent = g.personContact(r, act, in.Person, in.Consent, &req.Contact, &v, agenda.ConsentWording)
	if err := v.Err(); err != nil {
		g.Fail(w, r, err)
		return
	}
	a, err := g.svc.Book(r.Context(), req)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	if req.PersonID != 0 {
		if err := g.agendaJournal(r, req.PersonID, "Rendez-vous pris par l'API"); err != nil {
			g.Fail(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusCreated, appointmentOut(a))
}

func (g *agendaAPI) cancelBooking(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
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
		if err := Decode(r, &in); err != nil {
			g.Fail(w, r, err)
			return
		}
	}
	if in.By != "" && in.By != "service" && in.By != "personne" {
		g.Fail(w, r, invalidField("qui", "« qui » vaut « service » (annulé par le service) ou « personne » (excusé)."))
		return
	}
	a, err := g.svc.Cancel(r.Context(), act.StructureID(), id, in.By == "personne", false, in.Reason)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusOK, appointmentOut(a))
}

// --- workshops

type sessionJSON struct {
	ID      int64     `json:"id"`
	Start   time.Time `json:"debut"`
	End     time.Time `json:"fin"`
	WalkIns int       `json:"sans_inscription"`
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
}

func workshopOut(w workshop.Workshop) workshopJSON {
	out := workshopJSON{ID: w.ID, Title: w.Title, Themes: w.Themes, Level: w.Level, Audience: w.Audience, Description: w.Description, Place: w.PlaceID,
		PlaceName: w.PlaceName, Capacity: w.Capacity, Taken: w.Taken, Waiting: w.WaitingCount, PassNumerique: w.PassNumerique, Published: w.Published,
		OnlineRegistration: w.OnlineRegistration, Staff: w.StaffID, Sessions: []sessionJSON{}}
	if out.Themes == nil {
		out.Themes = []string{}
	}
	for _, s := range w.Sessions {
		out.Sessions = append(out.Sessions, sessionJSON{ID: s.ID, Start: s.Start.In(agenda.Paris), End: s.End.In(agenda.Paris), WalkIns: s.WalkIns})
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
		Start    time.Time `json:"debut"`
		Duration int       `json:"duree"`
	} `json:"seances"`
}

func (g *agendaAPI) createWorkshop(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	var in workshopInput
	if err := Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	wk := workshop.Workshop{StructureID: act.StructureID(), Title: in.Title, Themes: in.Themes, Level: in.Level, Audience: in.Audience, Description: in.Description,
		PlaceID: in.Place, Capacity: in.Capacity, StaffID: in.Staff, PassNumerique: in.PassNumerique, Published: in.Published, OnlineRegistration: in.OnlineRegistration}
	wk.Normalize()
	var v apperr.Validation
	v.Merge(wk.Validate())
	if len(in.Sessions) == 0 || len(in.Sessions) > 20 {
		v.Add("seances", "Donnez de 1 à 20 séances, chacune avec « debut » (date et heure RFC 3339) et « duree » (minutes).")
	}
	for _, s := range in.Sessions {
		se := workshop.Session{Start: s.Start, End: s.Start.Add(time.Duration(s.Duration) * time.Minute)}
		if s.Duration < 15 || s.Duration > 480 {
			v.Add("seances", "La durée d'une séance est entre 15 et 480 minutes.")
			break
		}
		if err := workshop.ValidateSession(se, g.cfg.Now()); err != nil {
			v.Add("seances", apperr.MessageOf(err))
			if e, ok := apperr.As(err); ok && len(e.Fields) > 0 {
				v.Add("seances", e.Fields[0].Message)
			}
			break
		}
		wk.Sessions = append(wk.Sessions, se)
	}
	if err := v.Err(); err != nil {
		g.Fail(w, r, err)
		return
	}
	if err := g.store.CreateWorkshop(r.Context(), &wk, g.cfg.Now()); err != nil {
		g.Fail(w, r, err)
		return
	}
	got, err := g.store.Workshop(r.Context(), wk.StructureID, wk.ID)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	WriteJSON(w, http.StatusCreated, workshopOut(got))
}

func (g *agendaAPI) listWorkshops(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	f := store.WorkshopFilter{StructureID: act.StructureID()}
	if r.URL.Query().Get("passes") != "true" {
		f.EndsAfter = g.cfg.Now()
	}
	list, err := g.store.ListWorkshops(r.Context(), f)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Workshops []workshopJSON `json:"ateliers"`
	}{Workshops: []workshopJSON{}}
	for _, wk := range list {
		out.Workshops = append(out.Workshops, workshopOut(wk))
	}
	WriteJSON(w, http.StatusOK, out)
}

type registrationJSON struct {
	ID             int64      `json:"id"`
	Workshop       int64      `json:"atelier"`
	Status         string     `json:"statut"`
	Rank           int        `json:"rang,omitempty"`
	Name           string     `json:"nom"`
	OfferExpiresAt *time.Time `json:"a_confirmer_avant,omitempty"`
}

func registrationOut(reg workshop.Registration) registrationJSON {
	out := registrationJSON{ID: reg.ID, Workshop: reg.WorkshopID, Status: reg.Status, Rank: reg.Rank, Name: reg.Name}
	if !reg.OfferExpiresAt.IsZero() && reg.Status == workshop.Offered {
		t := reg.OfferExpiresAt.In(agenda.Paris)
		out.OfferExpiresAt = &t
	}
	return out
}

func (g *agendaAPI) registerForWorkshop(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	if _, err := g.store.Workshop(r.Context(), act.StructureID(), id); err != nil {
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
	if err := Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	req := scheduling.RegisterRequest{StructureID: act.StructureID(), WorkshopID: id, Contact: agenda.Contact{Name: in.Name, Phone: in.Phone, Email: in.Email},
		WaitIfFull: in.Wait, Via: agenda.ViaAPI, ByUserID: act.User.ID}
	var v apperr.Validation
	req.PersonID, req.Consent = g.personContact(r, act, in.Person, in.Consent, &req.Contact, &v, workshop.ConsentWording)
	if err := v.Err(); err != nil {
		g.Fail(w, r, err)
		return
	}
	reg, err := g.svc.Register(r.Context(), req)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	if req.PersonID != 0 {
		if err := g.agendaJournal(r, req.PersonID, "Inscription à un atelier par l'API"); err != nil {
			g.Fail(w, r, err)
			return
		}
	}
	WriteJSON(w, http.StatusCreated, registrationOut(reg))
}

func (g *agendaAPI) cancelRegistration(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	cancelled, offered, err := g.svc.CancelRegistration(r.Context(), act.StructureID(), id)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Cancelled registrationJSON  `json:"annulee"`
		Offered   *registrationJSON `json:"place_proposee,omitempty"`
	}{Cancelled: registrationOut(cancelled)}
	if offered != nil {
		o := registrationOut(*offered)
		out.Offered = &o
	}
	WriteJSON(w, http.StatusOK, out)
}

func (g *agendaAPI) markAttendance(w http.ResponseWriter, r *http.Request) {
	act := account.ActorFrom(r.Context())
	id, err := agendaID(r)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	workshopID, err := g.store.SessionWorkshop(r.Context(), act.StructureID(), id)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	var in struct {
		Present []int64 `json:"presents"`
		WalkIns int     `json:"sans_inscription"`
	}
	if err := Decode(r, &in); err != nil {
		g.Fail(w, r, err)
		return
	}
	if in.WalkIns < 0 || in.WalkIns > 500 {
		g.Fail(w, r, invalidField("sans_inscription", "Le nombre de personnes venues sans inscription est entre 0 et 500."))
		return
	}
	se, err := g.store.Session(r.Context(), act.StructureID(), workshopID, id)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	if se.Start.After(g.cfg.Now()) {
		g.Fail(w, r, apperr.New(apperr.Invalid, "La séance n'a pas encore eu lieu : les présences se notent le jour même ou après."))
		return
	}
	if err := g.store.SetAttendance(r.Context(), act.StructureID(), workshopID, id, in.Present, in.WalkIns, g.cfg.Now()); err != nil {
		g.Fail(w, r, err)
		return
	}
	present, err := g.store.Attendance(r.Context(), id)
	if err != nil {
		g.Fail(w, r, err)
		return
	}
	out := struct {
		Session int64   `json:"seance"`
		Present []int64 `json:"presents"`
		WalkIns int     `json:"sans_inscription"`
	}{Session: id, Present: []int64{}, WalkIns: in.WalkIns}
	for rid, p := range present {
		if p {
			out.Present = append(out.Present, rid)
		}
	}
	slices.Sort(out.Present)
	WriteJSON(w, http.StatusOK, out)
}

// personContact completes the contact of a booking or registration from the
// person's file (when the role may open it) and checks the consent to be
// contacted; it returns the person and the consent wording recorded.
func (g *agendaAPI) personContact(r *http.Request, act *account.Actor, personID int64, consent bool, c *agenda.Contact, v *apperr.Validation, wording func(structure string) string) (int64, string) {
	var pid int64
	if personID != 0 {
		if !act.Can(account.PermPersons) {
			v.Add("personne", "Votre rôle ne permet pas d'ouvrir les dossiers des personnes.")
		} else if p, err := g.store.Person(r.Context(), act.Scope(), personID); err != nil || p.Deleted() || p.MergedInto != 0 {
			v.Add("personne", "Personne introuvable dans votre structure.")
		} else {
			pid = p.ID
			if c.Name == "" {
				c.Name = p.Name()
			}
			if c.Phone == "" && c.Email == "" {
				c.Phone, c.Email = p.Phone, p.Email
			}
		}
	}
	if c.Phone == "" && c.Email == "" {
		return pid, ""
	}
	if !consent {
		v.Add("accord", "Avec un téléphone ou un e-mail, « accord » doit valoir true : la personne accepte d'être prévenue par message.")
	}
	return pid, wording(act.Membership.StructureName)
}
