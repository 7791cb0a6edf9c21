package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type workshopProgrammeData struct {
	Levels                        []workshopLevel
	Count                         int
	Structures, LevelOpts, Themes []option
	Audiences                     []option
	PrintURL                      string
}

type workshopLevel struct {
	Label     string
	Workshops []workshop.Workshop
}

// programmeFilter reads the programme's filters.
func programmeFilter(r *http.Request, now time.Time) store.WorkshopFilter {
	q := r.URL.Query()
	f := store.WorkshopFilter{PublishedOnly: true, EndsAfter: now, StructureID: queryID(r, "structure")}
	if v := q.Get("niveau"); person.Allowed(activity.Levels, v) {
		f.Level = v
	}
	if v := q.Get("theme"); person.Allowed(activity.Themes, v) {
		f.Theme = v
	}
	if v := q.Get("public"); person.Allowed(workshop.Audiences, v) {
		f.Audience = v
	}
	return f
}

// publishingStructures lists the structures that publish workshops.
func (s *Server) publishingStructures(r *http.Request, now time.Time) ([]option, error) {
	all, err := s.store.ListWorkshops(r.Context(), store.WorkshopFilter{PublishedOnly: true, EndsAfter: now})
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	opts := []option{{Value: "", Label: "Toutes les structures"}}
	for _, w := range all {
		if !seen[w.StructureID] {
			seen[w.StructureID] = true
			opts = append(opts, option{Value: itoa64(w.StructureID), Label: w.StructureName})
		}
	}
	sort.SliceStable(opts[1:], func(i, j int) bool { return opts[i+1].Label < opts[j+1].Label })
	return opts, nil
}

// workshopProgramme is the public programme of upcoming workshops, by
// level, filtered by structure, theme and audience.
func (s *Server) workshopProgramme(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	filter := programmeFilter(r, now)
	list, err := s.store.ListWorkshops(r.Context(), filter)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := workshopProgrammeData{Count: len(list), Themes: append([]option{{Value: "", Label: "Tous les thèmes"}}, choices(activity.Themes)...),
		LevelOpts: append([]option{{Value: "", Label: "Tous les niveaux"}}, choices(activity.Levels)...),
		Audiences: append([]option{{Value: "", Label: "Tous les publics"}}, choices(workshop.Audiences)...)}
	if d.Structures, err = s.publishingStructures(r, now); err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, lv := range activity.Levels {
		var in []workshop.Workshop
		for _, wk := range list {
			if wk.Level == lv.Value {
				in = append(in, wk)
			}
		}
		if len(in) > 0 {
			d.Levels = append(d.Levels, workshopLevel{Label: lv.Label, Workshops: in})
		}
	}
	q := url.Values{"mois": {now.In(paris).Format("2006-01")}}
	if filter.StructureID != 0 {
		q.Set("structure", itoa64(filter.StructureID))
	}
	d.PrintURL = "/ateliers/programme?" + q.Encode()
	f := &form{Values: url.Values{}}
	for _, k := range []string{"structure", "niveau", "theme", "public"} {
		f.Set(k, r.URL.Query().Get(k))
	}
	s.render(w, r, http.StatusOK, "workshop_programme", page{Title: "Ateliers numériques", Form: f, Data: d})
}

type workshopPublicData struct {
	Workshop   workshop.Workshop
	Upcoming   []workshop.Session
	Open       bool // online registration possible
	Consent    string
	Full       bool
	Now        time.Time
	OfferHours int
}

func (s *Server) workshopPublicView(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	wk, err := s.store.PublishedWorkshop(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderPublicWorkshop(w, r, http.StatusOK, wk, &form{Values: url.Values{}})
}

func (s *Server) renderPublicWorkshop(w http.ResponseWriter, r *http.Request, status int, wk workshop.Workshop, f *form) {
	now := s.cfg.Now()
	d := workshopPublicData{Workshop: wk, Upcoming: wk.Upcoming(now), Consent: workshop.ConsentWording(wk.StructureName), Full: wk.Full(), Now: now,
		OfferHours: int(s.agenda.OfferDelay() / time.Hour)}
	d.Open = wk.OnlineRegistration && len(d.Upcoming) > 0
	s.render(w, r, status, "workshop_public_view", page{Title: "Atelier « " + wk.Title + " »", Form: f, Data: d})
}

// workshopPublicRegister registers a resident online: a seat, or the
// waiting list when they chose it; a full workshop offers the waiting list.
func (s *Server) workshopPublicRegister(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	wk, err := s.store.PublishedWorkshop(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pf := r.PostForm
	req := scheduling.RegisterRequest{StructureID: wk.StructureID, WorkshopID: wk.ID, Contact: contactForm(r), Reachable: true, Online: true,
		WaitIfFull: pf.Get("attente") == "oui", Via: agenda.ViaOnline, Consent: workshop.ConsentWording(wk.StructureName)}
	var v apperr.Validation
	c := req.Contact
	c.Normalize()
	v.Merge(c.Validate(true))
	if pf.Get("accord") != "oui" {
		v.Add("accord", "Cochez la case pour accepter : sans votre accord, nous ne pouvons pas garder votre inscription.")
	}
	f := newForm(r)
	if err := v.Err(); err != nil {
		f.Fail(err)
		s.renderPublicWorkshop(w, r, http.StatusUnprocessableEntity, wk, f)
		return
	}
	reg, err := s.agenda.Register(r.Context(), req)
	if err != nil {
		if !f.Fail(err) || apperr.Is(err, apperr.NotFound) {
			s.fail(w, r, err)
			return
		}
		if err == workshop.ErrFull {
			// Someone took the last seat meanwhile: the page now offers the waiting list.
			wk, _ = s.store.PublishedWorkshop(r.Context(), id)
		}
		s.renderPublicWorkshop(w, r, http.StatusConflict, wk, f)
		return
	}
	token, err := s.agenda.RegistrationToken(r.Context(), reg.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	redirect(w, r, scheduling.RegistrationPath+token+"?nouveau=1")
}

type workshopRegistrationData struct {
	Workshop     workshop.Workshop
	Registration workshop.Registration
	Token        string
	New          bool
	Message      string
	Upcoming     bool
}

func (s *Server) residentRegistration(r *http.Request) (workshop.Workshop, workshop.Registration, string, error) {
	token := r.PathValue("token")
	id, ok, err := s.agenda.RegistrationFromToken(r.Context(), token)
	if err != nil {
		return workshop.Workshop{}, workshop.Registration{}, "", err
	}
	if !ok {
		return workshop.Workshop{}, workshop.Registration{}, "", apperr.NotFoundError()
	}
	reg, err := s.store.RegistrationAny(r.Context(), id)
	if err != nil {
		return workshop.Workshop{}, reg, "", err
	}
	wk, err := s.store.WorkshopAny(r.Context(), reg.WorkshopID)
	return wk, reg, token, err
}

// workshopPublicRegistration is the resident's page of a registration:
// status, rank on the waiting list, the offered seat to confirm.
func (s *Server) workshopPublicRegistration(w http.ResponseWriter, r *http.Request) {
	wk, reg, token, err := s.residentRegistration(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := workshopRegistrationData{Workshop: wk, Registration: reg, Token: token, New: r.URL.Query().Get("nouveau") == "1", Upcoming: len(wk.Upcoming(s.cfg.Now())) > 0}
	switch r.URL.Query().Get("fait") {
	case "confirme":
		d.Message = "Votre place est confirmée. À bientôt !"
	case "annule":
		d.Message = "Votre inscription est annulée. Merci de nous avoir prévenus."
	}
	s.render(w, r, http.StatusOK, "workshop_public_registration", page{Title: "Votre inscription", Data: d})
}

func (s *Server) workshopPublicConfirm(w http.ResponseWriter, r *http.Request) {
	_, reg, token, err := s.residentRegistration(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.agenda.ConfirmOffer(r.Context(), reg.StructureID, reg.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, scheduling.RegistrationPath+token+"?fait=confirme")
}

func (s *Server) workshopPublicCancel(w http.ResponseWriter, r *http.Request) {
	_, reg, token, err := s.residentRegistration(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, _, err := s.agenda.CancelRegistration(r.Context(), reg.StructureID, reg.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	redirect(w, r, scheduling.RegistrationPath+token+"?fait=annule")
}

func (s *Server) workshopPublicICS(w http.ResponseWriter, r *http.Request) {
	wk, reg, _, err := s.residentRegistration(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.agenda.RegistrationFile(r.Context(), wk, reg)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeICS(w, "atelier.ics", b)
}

// --- the printable monthly programme

type printSession struct {
	Workshop workshop.Workshop
	Session  workshop.Session
	Number   int
}

type printDay struct {
	Label    string
	Sessions []printSession
}

type workshopPrintData struct {
	MonthLabel    string
	StructureName string
	Days          []printDay
	Months        []option
	Structures    []option
	PDFURL        string
	Prev, Next    string
}

// monthProgramme gathers the published sessions of a month, by day.
func (s *Server) monthProgramme(r *http.Request) (workshopPrintData, error) {
	now := s.cfg.Now().In(paris)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, paris)
	if m, err := time.ParseInLocation("2006-01", r.URL.Query().Get("mois"), paris); err == nil {
		month = m
	}
	end := month.AddDate(0, 1, 0)
	sid := queryID(r, "structure")
	list, err := s.store.ListWorkshops(r.Context(), store.WorkshopFilter{PublishedOnly: true, StructureID: sid, EndsAfter: month, StartsBefore: end})
	if err != nil {
		return workshopPrintData{}, err
	}
	d := workshopPrintData{MonthLabel: agenda.MonthName(month.Month()) + " " + strconv.Itoa(month.Year())}
	if sid != 0 {
		var st structure.Structure
		if st, err = s.store.Structure(r.Context(), sid); err != nil {
			return d, err
		}
		d.StructureName = st.Name
	}
	var all []printSession
	for _, wk := range list {
		for i, se := range wk.Sessions {
			if !se.Start.Before(month) && se.Start.Before(end) {
				all = append(all, printSession{Workshop: wk, Session: se, Number: i + 1})
			}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Session.Start.Before(all[j].Session.Start) })
	for _, ps := range all {
		label := agenda.DayLabel(ps.Session.Start)
		if n := len(d.Days); n == 0 || d.Days[n-1].Label != label {
			d.Days = append(d.Days, printDay{Label: label})
		}
		d.Days[len(d.Days)-1].Sessions = append(d.Days[len(d.Days)-1].Sessions, ps)
	}
	q := url.Values{}
	if sid != 0 {
		q.Set("structure", itoa64(sid))
	}
	q.Set("mois", month.Format("2006-01"))
	d.PDFURL = "/ateliers/programme.pdf?" + q.Encode()
	q.Set("mois", month.AddDate(0, -1, 0).Format("2006-01"))
	d.Prev = "/ateliers/programme?" + q.Encode()
	q.Set("mois", month.AddDate(0, 1, 0).Format("2006-01"))
	d.Next = "/ateliers/programme?" + q.Encode()
	return d, nil
}

// workshopPrint is the monthly programme, laid out for printing.
func (s *Server) workshopPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.monthProgramme(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	title := "Programme des ateliers – " + d.MonthLabel
	s.render(w, r, http.StatusOK, "workshop_print", page{Title: title, Data: d})
}

// workshopPrintPDF is the same programme as a PDF file.
func (s *Server) workshopPrintPDF(w http.ResponseWriter, r *http.Request) {
	d, err := s.monthProgramme(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := programmePDF(d, s.cfg.TerritoryName)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="programme-ateliers.pdf"`)
	w.Write(b)
}
