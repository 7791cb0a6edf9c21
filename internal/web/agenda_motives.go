package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/agenda"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store"
)

type agendaMotiveListData struct {
	Motives []agenda.Motive
}

func (s *Server) agendaMotiveList(w http.ResponseWriter, r *http.Request) {
	list, err := s.store.ListMotives(r.Context(), store.MotiveFilter{StructureID: actorFrom(r).StructureID(), IncludeArchived: true})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "agenda_motives", page{Title: "Motifs de rendez-vous", Data: agendaMotiveListData{Motives: list}})
}

type agendaMotiveFormData struct {
	ID                int64
	Locations, Booker []option
}

func motiveFormData(id int64) agendaMotiveFormData {
	d := agendaMotiveFormData{ID: id}
	for _, c := range agenda.Locations {
		d.Locations = append(d.Locations, option{Value: c.Value, Label: c.Label})
	}
	for _, c := range agenda.Bookers {
		d.Booker = append(d.Booker, option{Value: c.Value, Label: c.Label, Hint: c.Hint})
	}
	return d
}

func fillMotiveForm(f *form, m agenda.Motive) {
	f.Set("nom", m.Name)
	f.Set("duree", strconv.Itoa(m.Duration))
	f.Set("lieu_type", m.Location)
	f.Set("reservable_par", m.BookableBy)
	f.Set("delai_min", strconv.Itoa(m.MinDelayHours))
	f.Set("delai_max", strconv.Itoa(m.MaxDelayDays))
	f.Set("consignes_avant", m.InstructionsBefore)
	f.Set("consignes_apres", m.InstructionsAfter)
	if m.Discreet {
		f.Set("discret", "oui")
	}
	if m.Archived {
		f.Set("archive", "oui")
	}
}

func (s *Server) agendaMotiveNew(w http.ResponseWriter, r *http.Request) {
	f := &form{Values: url.Values{}}
	m := agenda.Motive{MinDelayHours: 2}
	m.Normalize()
	fillMotiveForm(f, m)
	s.render(w, r, http.StatusOK, "agenda_motive_form", page{Title: "Nouveau motif", Form: f, Data: motiveFormData(0)})
}

func (s *Server) agendaMotiveEdit(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	m, err := s.store.Motive(r.Context(), actorFrom(r).StructureID(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := &form{Values: url.Values{}}
	fillMotiveForm(f, m)
	s.render(w, r, http.StatusOK, "agenda_motive_form", page{Title: "Modifier le motif « " + m.Name + " »", Form: f, Data: motiveFormData(m.ID)})
}

// parseMotive reads the motive form; numbers that do not read are errors.
func parseMotive(r *http.Request) (agenda.Motive, error) {
	var v apperr.Validation
	pf := r.PostForm
	m := agenda.Motive{Name: pf.Get("nom"), Location: pf.Get("lieu_type"), BookableBy: pf.Get("reservable_par"),
		InstructionsBefore: pf.Get("consignes_avant"), InstructionsAfter: pf.Get("consignes_apres"),
		Discreet: pf.Get("discret") == "oui", Archived: pf.Get("archive") == "oui"}
	num := func(field string, dst *int, msg string) {
		n, err := strconv.Atoi(pf.Get(field))
		if err != nil {
			v.Add(field, msg)
		}
		*dst = n
	}
	num("duree", &m.Duration, "Saisissez une durée en minutes, par exemple 30.")
	num("delai_min", &m.MinDelayHours, "Saisissez un nombre d'heures, par exemple 2 (0 : pas de délai).")
	num("delai_max", &m.MaxDelayDays, "Saisissez un nombre de jours, par exemple 60.")
	if v.Err() == nil {
		m.Normalize()
		v.Merge(m.Validate())
	}
	return m, v.Err()
}

func (s *Server) agendaMotiveCreate(w http.ResponseWriter, r *http.Request) {
	m, err := parseMotive(r)
	if err == nil {
		m.StructureID = actorFrom(r).StructureID()
		if err = s.store.CreateMotive(r.Context(), &m, s.cfg.Now()); err == nil {
			s.flash(r, "Motif « "+m.Name+" » créé. Ajoutez-le à une permanence pour qu'il soit réservable.")
			redirect(w, r, "/espace/agenda/motifs")
			return
		}
	}
	s.motiveFormFailed(w, r, 0, err)
}

func (s *Server) agendaMotiveUpdate(w http.ResponseWriter, r *http.Request) {
	id, _ := pathID(r, "id")
	if _, err := s.store.Motive(r.Context(), actorFrom(r).StructureID(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	m, err := parseMotive(r)
	if err == nil {
		m.ID, m.StructureID = id, actorFrom(r).StructureID()
		if err = s.store.UpdateMotive(r.Context(), &m, s.cfg.Now()); err == nil {
			s.flash(r, "Motif « "+m.Name+" » enregistré.")
			redirect(w, r, "/espace/agenda/motifs")
			return
		}
	}
	s.motiveFormFailed(w, r, id, err)
}

func (s *Server) motiveFormFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	f := newForm(r)
	if !f.Fail(err) {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "agenda_motive_form", page{Title: "Motif de rendez-vous", Form: f, Data: motiveFormData(id)})
}
