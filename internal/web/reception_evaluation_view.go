package web

import (
	"net/http"
	"sort"
	"time"

	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/workshop"
)

type evaluationViewData struct {
	Evaluation evaluation.Evaluation
	Previous   *evaluation.Evaluation // the one before, to show the progress
	Person     person.Person
	Questions  []evalAnswer
	Service    string
	Candidates []evaluation.Candidate
	Structures []structure.Structure // structures using Parcours the person can be oriented to
	// Workshops of the person's level starting soon, when a workshop is the next step.
	Workshops []suggestedWorkshop
}

type suggestedWorkshop struct {
	workshop.Workshop
	URL  string    // staff page of one's own structure's workshop, public page otherwise
	Next time.Time // its next session
}

type evalAnswer struct {
	Text   string
	Yes    bool
	Before string // "oui"/"non" at the previous evaluation, "" if none
}

// evaluationView shows the profile, the suggested next step and, for an
// orientation, the three nearest places that fit.
func (s *Server) evaluationView(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return
	}
	e, err := s.store.Evaluation(ctx, a.Scope(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.store.Person(ctx, a.Scope(), e.PersonID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.logAccess(r, a.StructureID(), p.ID, journal.Read, "Évaluation du "+frenchDate(e.CreatedAt)); err != nil {
		s.serverError(w, r, err)
		return
	}
	d := evaluationViewData{Evaluation: e, Person: p, Service: e.Service()}
	evals, err := s.store.Evaluations(ctx, a.Scope(), p.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i := range evals {
		if evals[i].ID == e.ID && i > 0 {
			d.Previous = &evals[i-1]
		}
	}
	for i, q := range evaluation.Questions {
		ans := evalAnswer{Text: q, Yes: i < len(e.Answers) && e.Answers[i]}
		if d.Previous != nil && i < len(d.Previous.Answers) {
			ans.Before = map[bool]string{true: "oui", false: "non"}[d.Previous.Answers[i]]
		}
		d.Questions = append(d.Questions, ans)
	}
	if d.Candidates, err = s.nearestPlaces(r, &p, d.Service); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Structures, err = s.referralStructures(r); err != nil {
		s.serverError(w, r, err)
		return
	}
	if e.NextStep == evaluation.StepWorkshop {
		if d.Workshops, err = s.suggestWorkshops(r, evaluation.WorkshopLevel(e.Profile), p.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "reception_evaluation_view", page{Title: "Évaluation de " + p.Name(), Data: d})
}

// suggestWorkshops lists up to three workshops of that level with a session
// to come, of the actor's structure first, then of its territory (published).
func (s *Server) suggestWorkshops(r *http.Request, level string, personID int64) ([]suggestedWorkshop, error) {
	list, err := s.app.Workshops.Suggest(r.Context(), actorFrom(r), level, 3)
	var out []suggestedWorkshop
	for _, sg := range list {
		url := "/ateliers/" + itoa64(sg.Workshop.ID)
		if sg.Own {
			url = "/espace/ateliers/" + itoa64(sg.Workshop.ID) + "?personne=" + itoa64(personID)
		}
		out = append(out, suggestedWorkshop{sg.Workshop, url, sg.Next})
	}
	return out, err
}

// nearestPlaces ranks the places of the map around the person (or the
// structure) that offer the service.
func (s *Server) nearestPlaces(r *http.Request, p *person.Person, service string) ([]evaluation.Candidate, error) {
	origin := p.CommuneCode
	if origin == "" {
		st, err := s.store.Structure(r.Context(), actorFrom(r).StructureID())
		if err != nil {
			return nil, err
		}
		origin = st.CommuneCode
	}
	codes := evaluation.Communes(origin)
	if len(codes) == 0 {
		return nil, nil
	}
	places, err := s.store.ListPlaces(r.Context(), store.PlaceFilter{InseeCodes: codes, Service: service})
	if err != nil {
		return nil, err
	}
	return evaluation.Nearest(places, service, p, origin, s.cfg.Now(), 3), nil
}

// referralStructures lists the other structures of the platform, which
// receive referrals in their inbox.
func (s *Server) referralStructures(r *http.Request) ([]structure.Structure, error) {
	all, err := s.store.ListStructures(r.Context(), store.StructureFilter{})
	if err != nil {
		return nil, err
	}
	own := actorFrom(r).StructureID()
	var out []structure.Structure
	for _, st := range all {
		if st.ID != own {
			out = append(out, st)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}
