package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
)

// publicSlotDays is how many days a resident sees at once.
const publicSlotDays = 14

type agendaPublicIndexData struct {
	Structures []publicStructure
}

type publicStructure struct {
	Name    string
	Motives []agenda.Motive
}

// agendaPublicIndex lists what residents can book online, by structure.
func (s *Server) agendaPublicIndex(w http.ResponseWriter, r *http.Request) {
	motives, err := s.store.ListMotives(r.Context(), store.MotiveFilter{MinBooker: agenda.BookAnyone})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var d agendaPublicIndexData
	for _, m := range motives {
		if n := len(d.Structures); n == 0 || d.Structures[n-1].Name != m.StructureName {
			d.Structures = append(d.Structures, publicStructure{Name: m.StructureName})
		}
		d.Structures[len(d.Structures)-1].Motives = append(d.Structures[len(d.Structures)-1].Motives, m)
	}
	s.render(w, r, http.StatusOK, "agenda_public_index", page{Title: "Prendre rendez-vous", Data: d})
}

// publicMotive returns a motive residents may book online; others are not found.
func (s *Server) publicMotive(r *http.Request) (agenda.Motive, error) {
	id, _ := pathID(r, "id")
	m, err := s.store.MotiveAnyStructure(r.Context(), id)
	if err == nil && (!m.OpenOnline() || m.Archived) {
		err = apperr.NotFoundError()
	}
	return m, err
}

type agendaPublicSlotsData struct {
	Motive     agenda.Motive
	Places     []option
	Days       []slotDay
	Next, Prev string
	MotiveURL  string
}

func (s *Server) agendaPublicSlots(w http.ResponseWriter, r *http.Request) {
	m, err := s.publicMotive(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	now := s.cfg.Now()
	from := dayParam(r, "du", now)
	if from.Before(startOfDay(now)) {
		from = now
	}
	placeID := queryID(r, "lieu")
	d := agendaPublicSlotsData{Motive: m, MotiveURL: "/rendez-vous/motifs/" + itoa64(m.ID)}
	names, _, err := s.structurePlaces(r, m.StructureID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Only the sites where this motive is offered.
	perms, err := s.store.ListPermanences(ctx, m.StructureID, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	seen := map[int64]bool{}
	d.Places = []option{{Value: "", Label: "Tous les lieux"}}
	for _, p := range perms {
		if p.HasMotive(m.ID) && p.TakesAppointments() && !seen[p.PlaceID] {
			seen[p.PlaceID] = true
			d.Places = append(d.Places, option{Value: itoa64(p.PlaceID), Label: p.PlaceName})
		}
	}
	if !seen[placeID] {
		placeID = 0
	}
	_, slots, err := s.agenda.Slots(ctx, scheduling.SlotRequest{StructureID: m.StructureID, MotiveID: m.ID, PlaceID: placeID,
		From: maxTime(from, now), To: from.AddDate(0, 0, publicSlotDays), Booker: scheduling.ByResident})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Days = slotDays(slots, names)
	q := url.Values{}
	if placeID != 0 {
		q.Set("lieu", itoa64(placeID))
	}
	next := from.AddDate(0, 0, publicSlotDays)
	if next.Before(now.AddDate(0, 0, m.MaxDelayDays)) {
		q.Set("du", next.Format(agenda.DateLayout))
		d.Next = d.MotiveURL + "?" + q.Encode()
	}
	if from.After(now.Add(24 * time.Hour)) {
		q.Set("du", maxTime(from.AddDate(0, 0, -publicSlotDays), now).In(paris).Format(agenda.DateLayout))
		d.Prev = d.MotiveURL + "?" + q.Encode()
	}
	f := &form{Values: url.Values{}}
	if placeID != 0 {
		f.Set("lieu", itoa64(placeID))
	}
	s.render(w, r, http.StatusOK, "agenda_public_slots", page{Title: m.Name + " : choisir un créneau", Form: f, Data: d})
}

type agendaPublicBookData struct {
	Motive     agenda.Motive
	Slot       string
	When       string
	Site       scheduling.Site
	Consent    string
	SlotsURL   string
	Taken      bool
	PlaceFound bool
}

func (s *Server) agendaPublicBookForm(w http.ResponseWriter, r *http.Request) {
	m, err := s.publicMotive(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	f.Set("creneau", r.URL.Query().Get("creneau"))
	s.renderPublicBook(w, r, http.StatusOK, m, f, false)
}

func (s *Server) renderPublicBook(w http.ResponseWriter, r *http.Request, status int, m agenda.Motive, f *form, taken bool) {
	d := agendaPublicBookData{Motive: m, Slot: f.Value("creneau"), Consent: agenda.ConsentWording(m.StructureName),
		SlotsURL: "/rendez-vous/motifs/" + itoa64(m.ID), Taken: taken}
	perm, start, ok := parseSlot(d.Slot)
	if ok {
		if p, err := s.store.Permanence(r.Context(), m.StructureID, perm); err == nil && p.HasMotive(m.ID) {
			d.When = agenda.DayLabel(start) + ", de " + agenda.TimeLabel(start) + " à " + agenda.TimeLabel(start.Add(time.Duration(m.Duration)*time.Minute))
			if d.Site, err = s.agenda.Site(r.Context(), p.PlaceID); err != nil {
				s.serverError(w, r, err)
				return
			}
			d.PlaceFound = true
		}
	}
	if !d.PlaceFound {
		// A slot link that does not read: back to the list.
		redirect(w, r, d.SlotsURL)
		return
	}
	s.render(w, r, status, "agenda_public_book", page{Title: "Prendre rendez-vous : " + m.Name, Form: f, Data: d})
}

func (s *Server) agendaPublicBookSubmit(w http.ResponseWriter, r *http.Request) {
	m, err := s.publicMotive(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pf := r.PostForm
	perm, start, _ := parseSlot(pf.Get("creneau"))
	req := scheduling.BookRequest{StructureID: m.StructureID, MotiveID: m.ID, PermanenceID: perm, Start: start, Booker: scheduling.ByResident,
		Contact: contactForm(r), Reachable: true, Via: agenda.ViaOnline, Consent: agenda.ConsentWording(m.StructureName)}
	// Every field is checked before anything is booked or sent.
	var v apperr.Validation
	c := req.Contact
	c.Normalize()
	v.Merge(c.Validate(true))
	if pf.Get("accord") != "oui" {
		v.Add("accord", "Cochez la case pour accepter : sans votre accord, nous ne pouvons pas garder votre rendez-vous.")
	}
	taken := false
	if v.Err() == nil {
		ap, err := s.agenda.Book(r.Context(), req)
		if err == nil {
			token, err := s.agenda.AppointmentToken(r.Context(), ap.ID)
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			redirect(w, r, scheduling.AppointmentPath+token+"?nouveau=1")
			return
		}
		e, ok := apperr.As(err)
		switch {
		case !ok || e.Code == apperr.Internal:
			s.serverError(w, r, err)
			return
		case e.Code == apperr.NotFound:
			s.fail(w, r, err)
			return
		case e.Code == apperr.Conflict:
			taken = true
			v.Add("creneau", e.Message)
		default:
			v.Merge(err)
		}
	}
	f := newForm(r)
	f.Fail(v.Err())
	s.renderPublicBook(w, r, http.StatusUnprocessableEntity, m, f, taken)
}
