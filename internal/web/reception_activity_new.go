package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/store"
)

type activityFormData struct {
	Types, Durations, Canals, Places, Equipment, Themes, Procedures []option
	Autonomy, OrientationKinds, Levels, Genders, AgeBands, Statuses []option
	Person                                                          *person.Person
	FromLast                                                        bool
	Duplicated                                                      int64
}

func (s *Server) activityFormData(r *http.Request) (activityFormData, error) {
	d := activityFormData{
		Types: choices(activity.Types), Canals: choices(activity.Canals), Equipment: choices(activity.Equipment),
		Themes: choices(activity.Themes), Procedures: choices(activity.Procedures), Autonomy: choices(activity.Autonomy),
		OrientationKinds: append([]option{{Value: "", Label: "Choisir"}}, choices(activity.OrientationKinds)...), Levels: choices(activity.Levels),
		Genders: choices(person.Genders), AgeBands: choices(person.AgeBands), Statuses: choices(person.SocialStatuses),
	}
	for _, m := range activity.Durations {
		d.Durations = append(d.Durations, option{Value: strconv.Itoa(m), Label: strconv.Itoa(m) + " min"})
	}
	d.Durations = append(d.Durations, option{Value: "autre", Label: "Autre durée"})
	places, err := s.store.ListPlaces(r.Context(), store.PlaceFilter{StructureID: actorFrom(r).StructureID()})
	if err != nil {
		return d, err
	}
	d.Places = []option{{Value: "", Label: "Aucun lieu précis"}}
	for _, p := range places {
		d.Places = append(d.Places, option{Value: itoa64(p.ID), Label: p.Name})
	}
	return d, nil
}

// fillActivityForm pre-fills the form from an activity.
func fillActivityForm(f *form, a activity.Activity, whole bool) {
	f.Set("type", a.Type)
	f.Set("canal", a.Canal)
	if a.PlaceID != 0 {
		f.Set("lieu", itoa64(a.PlaceID))
	}
	f.Set("commune", a.CommuneCode)
	quick := false
	for _, m := range activity.Durations {
		quick = quick || m == a.Duration
	}
	if quick {
		f.Set("duree", strconv.Itoa(a.Duration))
	} else if a.Duration > 0 {
		f.Set("duree", "autre")
		f.Set("duree_autre", strconv.Itoa(a.Duration))
	}
	f.Values["materiel"] = a.Equipment
	f.Values["thematiques"] = a.Themes
	if whole {
		f.Values["demarches"] = a.Procedures
		f.Set("precisions", a.Details)
		f.Set("autonomie", a.Autonomy)
		if a.Oriented {
			f.Set("oriente", "oui")
		}
		f.Set("orientation_vers", a.OrientationKind)
		f.Set("titre", a.Title)
		f.Set("niveau", a.Level)
		f.Set("anon_genre", a.AnonGender)
		f.Set("anon_age", a.AnonAgeBand)
		f.Set("anon_statut", a.AnonStatus)
		f.Set("anon_commune", a.AnonCommune)
		if a.PersonID != 0 {
			f.Set("personne", itoa64(a.PersonID))
		}
		if ids := a.ParticipantIDs(); len(ids) > 0 {
			parts := make([]string, len(ids))
			for i, id := range ids {
				parts[i] = itoa64(id)
			}
			f.Set("participants", strings.Join(parts, ", "))
		}
		if a.Type == activity.TypeWorkshop {
			f.Set("anon_total", strconv.Itoa(a.AnonTotal))
			f.Set("anon_deja", strconv.Itoa(a.AnonReturning))
		}
	}
}

// activityNewForm is the CRA form: defaults from the author's last entry,
// or a whole copy with ?dupliquer=ID; ?personne=ID names the person.
func (s *Server) activityNewForm(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	f := &form{Values: url.Values{}}
	d, err := s.activityFormData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if id := formID(r.URL.Query().Get("dupliquer")); id != 0 {
		src, err := s.store.Activity(ctx, a.StructureID(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		fillActivityForm(f, src, true)
		d.Duplicated = src.ID
	} else if last, ok, err := s.store.LastActivity(ctx, a.StructureID(), a.User.ID); err != nil {
		s.serverError(w, r, err)
		return
	} else if ok {
		fillActivityForm(f, last, false)
		d.FromLast = true
	} else {
		f.Set("type", activity.TypeIndividual)
		f.Set("canal", "lieu_activite")
		f.Set("duree", "60")
	}
	f.Set("date", s.cfg.Now().In(paris).Format(activity.DateLayout))
	prefillFromAppointment(f, r.URL.Query(), d.Places)
	if f.Value("anon_genre") == "" {
		f.Set("anon_genre", "non_communique")
		f.Set("anon_age", person.AgeBandUnknown)
		f.Set("anon_statut", "non_communique")
	}
	pid, copied := formID(r.URL.Query().Get("personne")), false
	if pid == 0 && d.Duplicated != 0 {
		pid, copied = formID(f.Value("personne")), true // the copy keeps the person: another session with them
	}
	if pid != 0 {
		p, err := s.store.Person(ctx, a.Scope(), pid)
		if err == nil && copied && p.MergedInto != 0 {
			p, err = s.store.Person(ctx, a.Scope(), p.MergedInto)
		}
		switch {
		case (err != nil || p.Deleted() || p.MergedInto != 0) && copied:
			f.Set("personne", "") // deleted since: the copy is anonymous
		case err != nil || p.Deleted() || p.MergedInto != 0:
			s.fail(w, r, orNotFound(err))
			return
		default:
			if err := s.logAccess(r, a.StructureID(), p.ID, journal.Read, "Saisie d'un accompagnement (formulaire)"); err != nil {
				s.serverError(w, r, err)
				return
			}
			f.Set("personne", itoa64(p.ID))
			d.Person = &p
		}
	}
	s.render(w, r, http.StatusOK, "reception_activity_form", page{Title: "Enregistrer un accompagnement", Form: f, Data: d})
}

// prefillFromAppointment takes the date, duration and place an appointment
// marked "présent" passes (?date=&duree=&lieu=); a value the form could not
// offer is ignored, so a hand-made link never pre-fills nonsense.
func prefillFromAppointment(f *form, q url.Values, places []option) {
	if v := q.Get("date"); v != "" {
		if _, err := time.Parse(activity.DateLayout, v); err == nil {
			f.Set("date", v)
		}
	}
	if m, err := strconv.Atoi(q.Get("duree")); err == nil && m > 0 && m <= 24*60 {
		f.Set("duree", "autre")
		f.Set("duree_autre", strconv.Itoa(m))
		for _, d := range activity.Durations {
			if d == m {
				f.Set("duree", strconv.Itoa(m))
				f.Set("duree_autre", "")
			}
		}
	}
	if v := q.Get("lieu"); v != "" {
		for _, p := range places {
			if p.Value == v {
				f.Set("lieu", v)
			}
		}
	}
}

// parseActivity reads the CRA form.
func parseActivity(r *http.Request) (activity.Activity, error) {
	var v apperr.Validation
	pf := r.PostForm
	act := activity.Activity{
		Type: pf.Get("type"), Date: strings.TrimSpace(pf.Get("date")), Canal: pf.Get("canal"),
		Equipment: formList(r, "materiel"), Themes: formList(r, "thematiques"), Procedures: formList(r, "demarches"),
		Details: pf.Get("precisions"), Autonomy: pf.Get("autonomie"), Oriented: pf.Get("oriente") == "oui",
		OrientationKind: pf.Get("orientation_vers"), Title: pf.Get("titre"), Level: pf.Get("niveau"),
		PersonID: formID(pf.Get("personne")), AnonGender: pf.Get("anon_genre"), AnonAgeBand: pf.Get("anon_age"),
		AnonStatus: pf.Get("anon_statut"), Notes: pf.Get("notes"),
		AnonTotal: formInt(r, "anon_total"), AnonReturning: formInt(r, "anon_deja"),
	}
	if pf.Get("personne") != "" && act.PersonID == 0 {
		v.Add("personne", "Saisissez le numéro de dossier de la personne (un nombre), ou laissez vide pour une personne anonyme.")
	}
	if d := pf.Get("duree"); d == "autre" {
		act.Duration = formInt(r, "duree_autre")
	} else {
		act.Duration, _ = strconv.Atoi(d)
	}
	if c := strings.TrimSpace(pf.Get("commune")); c != "" {
		code, msg := resolveCommune(c)
		if msg != "" {
			v.Add("commune", msg)
		}
		act.CommuneCode = code
	}
	if c := strings.TrimSpace(pf.Get("anon_commune")); c != "" {
		code, msg := resolveCommune(c)
		if msg != "" {
			v.Add("anon_commune", msg)
		}
		act.AnonCommune = code
	}
	act.PlaceID = formID(pf.Get("lieu"))
	var ids []int64
	for _, part := range strings.FieldsFunc(pf.Get("participants"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		id := formID(part)
		if id == 0 {
			v.Add("participants", "Écrivez les numéros de dossier séparés par des virgules, par exemple 12, 15, 31.")
			break
		}
		ids = append(ids, id)
	}
	act.SetParticipantIDs(ids)
	counts := map[string]int{}
	for _, dim := range []struct {
		key   string
		vocab []person.Choice
	}{{"genre", person.Genders}, {"age", person.AgeBands}, {"statut", person.SocialStatuses}} {
		for i, c := range dim.vocab {
			if n, err := strconv.Atoi(strings.TrimSpace(pf.Get("anon_" + dim.key + "_" + strconv.Itoa(i)))); err == nil && n != 0 {
				counts[activity.AnonKey(dim.key, c.Value)] = n
			}
		}
	}
	if len(counts) > 0 {
		act.AnonCounts = counts
	}
	act.Normalize()
	return act, v.Err()
}

func (s *Server) activityCreate(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	now := s.cfg.Now()
	act, perr := parseActivity(r)
	var v apperr.Validation
	v.Merge(perr)
	if act.PlaceID != 0 {
		pl, err := s.store.StructurePlace(ctx, a.Scope(), act.PlaceID)
		if err != nil {
			v.Add("lieu", "Choisissez un lieu de votre structure.")
		} else {
			act.PlaceName = pl.Name
		}
	}
	if err := act.Validate(now.In(paris)); err != nil {
		if e, ok := apperr.As(err); ok {
			for _, fe := range e.Fields {
				if !v.Has(fe.Field) {
					v.Add(fe.Field, fe.Message)
				}
			}
		}
	}
	act.StructureID, act.AuthorID = a.StructureID(), a.User.ID
	if err := v.Err(); err == nil {
		err = s.store.CreateActivity(ctx, &act, journalEntry(a, journal.Create, "Accompagnement du "+act.Date+" enregistré"), now)
		if err == nil {
			s.flash(r, "Accompagnement enregistré ("+act.TypeLabel()+", "+strconv.Itoa(act.Duration)+" min).")
			redirect(w, r, "/espace/activites/"+itoa64(act.ID))
			return
		}
		v.Merge(err)
		if e, ok := apperr.As(err); !ok || e.Code == apperr.Internal {
			s.serverError(w, r, err)
			return
		} else if len(e.Fields) > 0 {
			for _, fe := range e.Fields {
				v.Add(fe.Field, fe.Message)
			}
		}
	}
	f := newForm(r)
	f.Fail(v.Err())
	d, err := s.activityFormData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "reception_activity_form", page{Title: "Enregistrer un accompagnement", Form: f, Data: d})
}
