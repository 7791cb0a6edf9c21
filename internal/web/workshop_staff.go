package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scheduling"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type workshopListData struct {
	Workshops   []workshop.Workshop
	Past        bool
	CanOrganize bool
}

func (s *Server) workshopList(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	now := s.cfg.Now()
	d := workshopListData{Past: r.URL.Query().Get("passes") == "1", CanOrganize: a.Can(account.PermAgendaOrganize)}
	f := store.WorkshopFilter{StructureID: a.StructureID()}
	if d.Past {
		f.StartsBefore = now
	} else {
		f.EndsAfter = now.AddDate(0, 0, -1)
	}
	list, err := s.store.ListWorkshops(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Past { // most recent first
		for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
			list[i], list[j] = list[j], list[i]
		}
	}
	d.Workshops = list
	s.render(w, r, http.StatusOK, "workshop_list", page{Title: "Ateliers", Data: d})
}

type workshopFormData struct {
	ID                         int64
	Themes, Levels, Audiences  []option
	Places, Staff, SessionsMax []option
	NoPlace                    bool
}

func (s *Server) workshopFormData(r *http.Request, id int64) (workshopFormData, error) {
	sid := actorFrom(r).StructureID()
	d := workshopFormData{ID: id, Themes: choices(activity.Themes), Levels: choices(activity.Levels), Audiences: choices(workshop.Audiences)}
	_, places, err := s.structurePlaces(r, sid)
	if err != nil {
		return d, err
	}
	d.Places, d.NoPlace = places, len(places) == 0
	staff, _, err := s.staffOptions(r, sid)
	if err != nil {
		return d, err
	}
	d.Staff = append([]option{{Value: "", Label: "Personne en particulier"}}, staff...)
	for n := 1; n <= 12; n++ {
		label := strconv.Itoa(n) + " séances, une par semaine"
		if n == 1 {
			label = "Une seule séance"
		}
		d.SessionsMax = append(d.SessionsMax, option{Value: strconv.Itoa(n), Label: label})
	}
	return d, nil
}

func fillWorkshopForm(f *form, w workshop.Workshop) {
	f.Set("titre", w.Title)
	f.Values["thematiques"] = w.Themes
	f.Set("niveau", w.Level)
	f.Set("public", w.Audience)
	f.Set("description", w.Description)
	f.Set("lieu", itoa64(w.PlaceID))
	f.Set("places", strconv.Itoa(w.Capacity))
	if w.StaffID != 0 {
		f.Set("animateur", itoa64(w.StaffID))
	}
	for k, v := range map[string]bool{"pass": w.PassNumerique, "publie": w.Published, "en_ligne": w.OnlineRegistration} {
		if v {
			f.Set(k, "oui")
		}
	}
}

func (s *Server) workshopNew(w http.ResponseWriter, r *http.Request) {
	d, err := s.workshopFormData(r, 0)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	fillWorkshopForm(f, workshop.Workshop{Level: "debutant", Audience: workshop.AudienceResidents, Capacity: 8, Published: true, OnlineRegistration: true,
		StaffID: actorFrom(r).User.ID})
	if len(d.Places) > 0 {
		f.Set("lieu", d.Places[0].Value)
	}
	f.Set("seance_date", weekStart(s.cfg.Now()).AddDate(0, 0, 8).Format(agenda.DateLayout))
	f.Set("seance_heure", "14:00")
	f.Set("seance_duree", "120")
	f.Set("seances", "1")
	s.render(w, r, http.StatusOK, "workshop_form", page{Title: "Nouvel atelier", Form: f, Data: d})
}

func (s *Server) workshopEdit(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, err := s.workshopFormData(r, wk.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	fillWorkshopForm(f, wk)
	s.render(w, r, http.StatusOK, "workshop_form", page{Title: "Modifier l'atelier « " + wk.Title + " »", Form: f, Data: d})
}

func (s *Server) ownWorkshop(r *http.Request) (workshop.Workshop, error) {
	id, _ := pathID(r, "id")
	return s.store.Workshop(r.Context(), actorFrom(r).StructureID(), id)
}

// parseWorkshop reads the workshop form.
func parseWorkshop(r *http.Request) (workshop.Workshop, error) {
	var v apperr.Validation
	pf := r.PostForm
	w := workshop.Workshop{Title: pf.Get("titre"), Themes: formList(r, "thematiques"), Level: pf.Get("niveau"), Audience: pf.Get("public"),
		Description: pf.Get("description"), PlaceID: formID(pf.Get("lieu")), StaffID: formID(pf.Get("animateur")),
		PassNumerique: pf.Get("pass") == "oui", Published: pf.Get("publie") == "oui", OnlineRegistration: pf.Get("en_ligne") == "oui"}
	n, err := strconv.Atoi(pf.Get("places"))
	if err != nil {
		v.Add("places", "Saisissez le nombre de places, par exemple 8.")
	}
	w.Capacity = n
	w.Normalize()
	if err := w.Validate(); err != nil {
		e, _ := apperr.As(err)
		for _, fe := range e.Fields {
			if !v.Has(fe.Field) {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	if w.OnlineRegistration && !w.Published {
		v.Add("en_ligne", "Pour s'inscrire en ligne, l'atelier doit être dans le programme public : cochez aussi « Publier ».")
	}
	return w, v.Err()
}

// parseSessions reads the first session and how many weekly sessions follow it.
func parseSessions(r *http.Request, now time.Time) ([]workshop.Session, error) {
	pf := r.PostForm
	var v apperr.Validation
	start, ok := formDateTime(pf.Get("seance_date"), pf.Get("seance_heure"))
	if !ok {
		v.Add("seance_date", "Saisissez la date et l'heure de la séance, par exemple 10/03/2026 et 14:00.")
	}
	minutes, err := strconv.Atoi(pf.Get("seance_duree"))
	if err != nil || minutes < 15 || minutes > 480 {
		v.Add("seance_duree", "Saisissez la durée en minutes, entre 15 et 480, par exemple 120.")
	}
	count := 1
	if c := pf.Get("seances"); c != "" {
		if count, err = strconv.Atoi(c); err != nil || count < 1 || count > 12 {
			v.Add("seances", "Choisissez entre 1 et 12 séances.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []workshop.Session
	for i := range count {
		st := start.AddDate(0, 0, 7*i)
		se := workshop.Session{Start: st, End: st.Add(time.Duration(minutes) * time.Minute)}
		if err := workshop.ValidateSession(se, now); err != nil {
			e, _ := apperr.As(err)
			for _, fe := range e.Fields {
				field := "seance_date"
				if fe.Field == "seance_duree" {
					field = "seance_duree"
				}
				v.Add(field, fe.Message)
			}
			return nil, v.Err()
		}
		out = append(out, se)
	}
	return out, nil
}

func (s *Server) workshopCreate(w http.ResponseWriter, r *http.Request) {
	wk, err := parseWorkshop(r)
	sessions, serr := parseSessions(r, s.cfg.Now())
	var v apperr.Validation
	v.Merge(err)
	v.Merge(serr)
	if err = v.Err(); err == nil {
		wk.StructureID, wk.Sessions = actorFrom(r).StructureID(), sessions
		if err = s.store.CreateWorkshop(r.Context(), &wk, s.cfg.Now()); err == nil {
			s.flash(r, "Atelier « "+wk.Title+" » créé avec "+strconv.Itoa(len(wk.Sessions))+" séance(s).")
			redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
			return
		}
	}
	s.workshopFormFailed(w, r, 0, err)
}

func (s *Server) workshopUpdate(w http.ResponseWriter, r *http.Request) {
	current, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wk, err := parseWorkshop(r)
	if err == nil {
		wk.ID, wk.StructureID = current.ID, current.StructureID
		if err = s.agenda.UpdateWorkshop(r.Context(), &wk); err == nil {
			s.flash(r, "Atelier « "+wk.Title+" » enregistré.")
			redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
			return
		}
	}
	s.workshopFormFailed(w, r, current.ID, err)
}

func (s *Server) workshopFormFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	d, derr := s.workshopFormData(r, id)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "workshop_form", page{Title: "Atelier", Form: f, Data: d})
}

type workshopViewData struct {
	Workshop                    workshop.Workshop
	Sessions                    []sessionRow
	Registered, Offered, Queued regList
	Cancelled                   []workshop.Registration
	CanOrganize, CanPersons     bool
	Consent                     string
	Now                         time.Time
	PublicURL                   string
}

func (s *Server) workshopView(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := &form{Values: url.Values{"attente": {"oui"}}}
	if id := queryID(r, "personne"); id != 0 && actorFrom(r).Can(account.PermPersons) {
		f.Set("personne", itoa64(id)) // from an evaluation suggesting this workshop
	}
	s.renderWorkshop(w, r, http.StatusOK, wk, f)
}

func (s *Server) renderWorkshop(w http.ResponseWriter, r *http.Request, status int, wk workshop.Workshop, f *form) {
	a := actorFrom(r)
	regs, err := s.store.Registrations(r.Context(), a.StructureID(), wk.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := workshopViewData{Workshop: wk, CanOrganize: a.Can(account.PermAgendaOrganize), CanPersons: a.Can(account.PermPersons),
		Consent: workshop.ConsentWording(a.Membership.StructureName), Now: s.cfg.Now()}
	if wk.Published {
		d.PublicURL = "/ateliers/" + itoa64(wk.ID)
	}
	for i, se := range wk.Sessions {
		d.Sessions = append(d.Sessions, sessionRow{Number: i + 1, Session: se})
	}
	d.Registered = regList{WorkshopID: wk.ID, Now: d.Now}
	d.Offered, d.Queued = d.Registered, d.Registered
	for _, reg := range regs {
		switch reg.Status {
		case workshop.Registered:
			d.Registered.Items = append(d.Registered.Items, reg)
		case workshop.Offered:
			d.Offered.Items = append(d.Offered.Items, reg)
		case workshop.Waiting:
			d.Queued.Items = append(d.Queued.Items, reg)
		default:
			d.Cancelled = append(d.Cancelled, reg)
		}
	}
	if f.Value("seance_heure") == "" {
		f.Set("seance_heure", "14:00")
		f.Set("seance_duree", strconv.Itoa(max(15, wk.Last().Minutes())))
		if last := wk.Last(); !last.Start.IsZero() {
			f.Set("seance_date", last.Start.AddDate(0, 0, 7).In(paris).Format(agenda.DateLayout))
			f.Set("seance_heure", last.Start.In(paris).Format("15:04"))
		}
	}
	s.render(w, r, status, "workshop_view", page{Title: "Atelier « " + wk.Title + " »", Form: f, Data: d})
}

func (s *Server) workshopSessionAdd(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.PostForm.Set("seances", "1")
	sessions, err := parseSessions(r, s.cfg.Now())
	if err == nil {
		se := sessions[0]
		if err = s.store.AddSession(r.Context(), wk.StructureID, wk.ID, &se); err == nil {
			s.flash(r, "Séance ajoutée le "+frenchDateTime(se.Start)+". Les personnes inscrites ont une place pour elle aussi.")
			redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
			return
		}
	}
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	f.Set("attente", "oui")
	s.renderWorkshop(w, r, http.StatusUnprocessableEntity, wk, f)
}

func (s *Server) workshopSessionDelete(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sessionID, _ := pathID(r, "session")
	if err := s.store.DeleteSession(r.Context(), wk.StructureID, wk.ID, sessionID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Séance supprimée.")
	redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
}

// workshopRegister registers a person by staff: a person's file, or a name
// and (with their agreement) a contact; the waiting list when full.
func (s *Server) workshopRegister(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pf := r.PostForm
	req := scheduling.RegisterRequest{StructureID: wk.StructureID, WorkshopID: wk.ID, Contact: contactForm(r), WaitIfFull: pf.Get("attente") == "oui",
		Via: agenda.ViaStaff, ByUserID: a.User.ID}
	var v apperr.Validation
	var p person.Person
	if pid := formID(pf.Get("personne")); pid != 0 {
		if !a.Can(account.PermPersons) {
			v.Add("personne", "Votre rôle ne permet pas d'ouvrir les dossiers des personnes : laissez ce champ vide.")
		} else if p, err = s.store.Person(r.Context(), a.Scope(), pid); err != nil || p.Deleted() || p.MergedInto != 0 {
			v.Add("personne", "Personne introuvable dans votre structure : vérifiez le numéro de dossier.")
		} else {
			req.PersonID = p.ID
			if req.Contact.Name == "" {
				req.Contact.Name = p.Name()
			}
			if req.Contact.Phone == "" && req.Contact.Email == "" {
				req.Contact.Phone, req.Contact.Email = p.Phone, p.Email
			}
		}
	}
	if req.Contact.Phone != "" || req.Contact.Email != "" {
		if pf.Get("accord") != "oui" {
			v.Add("accord", "Cochez la case si la personne accepte de recevoir les messages de l'atelier ; sinon, n'écrivez ni téléphone ni e-mail.")
		}
		req.Consent = workshop.ConsentWording(a.Membership.StructureName)
	}
	if err = v.Err(); err == nil {
		var reg workshop.Registration
		if reg, err = s.agenda.Register(r.Context(), req); err == nil {
			if err := s.agendaJournal(r, reg.PersonID, journal.Create, "Inscription à l'atelier « "+wk.Title+" »"); err != nil {
				s.serverError(w, r, err)
				return
			}
			if reg.Status == workshop.Waiting {
				s.flash(r, reg.Name+" est sur la liste d'attente (rang "+strconv.Itoa(reg.Rank)+").")
			} else {
				s.flash(r, reg.Name+" est inscrit·e.")
			}
			redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
			return
		}
	}
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	wk, _ = s.ownWorkshop(r)
	s.renderWorkshop(w, r, http.StatusUnprocessableEntity, wk, f)
}

func (s *Server) workshopRegistrationCancel(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regID, _ := pathID(r, "reg")
	if reg, err := s.store.Registration(r.Context(), wk.StructureID, regID); err != nil || reg.WorkshopID != wk.ID {
		s.fail(w, r, apperr.NotFoundError())
		return
	}
	cancelled, offered, err := s.agenda.CancelRegistration(r.Context(), wk.StructureID, regID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Inscription de " + cancelled.Name + " annulée."
	if offered != nil {
		msg += " La place est proposée à " + offered.Name + ", qui a jusqu'au " + frenchDateTime(offered.OfferExpiresAt) + " pour confirmer."
	}
	s.flash(r, msg)
	redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
}

// workshopRegistrationConfirm confirms an offered seat for the person
// (who answered by phone, or at the desk).
func (s *Server) workshopRegistrationConfirm(w http.ResponseWriter, r *http.Request) {
	wk, err := s.ownWorkshop(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regID, _ := pathID(r, "reg")
	if reg, err := s.store.Registration(r.Context(), wk.StructureID, regID); err != nil || reg.WorkshopID != wk.ID {
		s.fail(w, r, apperr.NotFoundError())
		return
	}
	reg, err := s.agenda.ConfirmOffer(r.Context(), wk.StructureID, regID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, reg.Name+" a confirmé sa place.")
	redirect(w, r, "/espace/ateliers/"+itoa64(wk.ID))
}

// sessionRow is a session with its number in the cycle.
type sessionRow struct {
	Number  int
	Session workshop.Session
}

// regList is a list of registrations with its workshop, for the template.
type regList struct {
	WorkshopID int64
	Items      []workshop.Registration
	Now        time.Time
}
