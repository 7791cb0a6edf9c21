package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/persons"
)

// evaluationFormData feeds the one-screen first evaluation (and its repeat).
type evaluationFormData struct {
	Person      *person.Person // repeat: the person evaluated again
	Duplicates  []person.Person
	Genders     []option
	Statuses    []option
	Needs       []option
	Themes      []option
	Procedures  []option
	Equipment   []option
	Questions   []evalQuestion
	Consents    []consentOption
	Kinds       []option
	Action      string
	SubmitLabel string
}

type evalQuestion struct {
	Name    string
	Text    string
	Options []option
}

type consentOption struct {
	Name    string
	Label   string
	Wording string
}

func (s *Server) evaluationFormData(a structureNamer, p *person.Person) evaluationFormData {
	d := evaluationFormData{
		Person: p, Genders: choices(person.Genders), Statuses: choices(person.SocialStatuses), Needs: choices(person.Needs),
		Themes: choices(activity.Themes), Procedures: choices(activity.Procedures), Equipment: choices(evaluation.Equipment),
		Kinds:  []option{{Value: string(person.Followed), Label: "Personne suivie", Hint: "Son nom est enregistré, avec son accord."}, {Value: string(person.Anonymous), Label: "Personne anonyme", Hint: "Seulement le genre, l'âge, la situation et la commune."}},
		Action: "/espace/accueil", SubmitLabel: "Enregistrer l'évaluation",
	}
	for i, q := range evaluation.Questions {
		d.Questions = append(d.Questions, evalQuestion{Name: "q" + strconv.Itoa(i+1), Text: strconv.Itoa(i+1) + ". " + q, Options: []option{{Value: "oui", Label: "Oui"}, {Value: "non", Label: "Non"}}})
	}
	for _, w := range person.Wordings {
		c, _ := person.NewConsent(w.Purpose, a.structureName())
		d.Consents = append(d.Consents, consentOption{Name: "consentement_" + w.Purpose, Label: w.Label, Wording: c.Wording})
	}
	if p != nil {
		d.Action = "/espace/personnes/" + itoa64(p.ID) + "/evaluation"
	}
	return d
}

type structureNamer interface{ structureName() string }

type actorName struct{ name string }

func (a actorName) structureName() string { return a.name }

// firstEvaluationForm is the primo-accueil: who the person is, what brings
// them, their equipment and level, on one screen.
func (s *Server) firstEvaluationForm(w http.ResponseWriter, r *http.Request) {
	f := &form{}
	f.Set("suivi", string(person.Followed))
	f.Set("genre", "non_communique")
	f.Set("statut", "non_communique")
	s.render(w, r, http.StatusOK, "reception_evaluation_form", page{Title: "Accueillir une personne", Form: f,
		Data: s.evaluationFormData(actorName{actorFrom(r).Membership.StructureName}, nil)})
}

// parsePerson reads the identity part of the form.
func parsePerson(r *http.Request, now time.Time) (person.Person, error) {
	var v apperr.Validation
	p := person.Person{
		Kind: person.Kind(r.PostForm.Get("suivi")), FirstName: r.PostForm.Get("prenom"), LastName: r.PostForm.Get("nom"),
		Gender: r.PostForm.Get("genre"), SocialStatus: r.PostForm.Get("statut"), Phone: r.PostForm.Get("telephone"),
		Email: r.PostForm.Get("courriel"), Language: r.PostForm.Get("langue"), Needs: formList(r, "besoins"),
	}
	if y := strings.TrimSpace(r.PostForm.Get("annee_naissance")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			v.Add("annee_naissance", "Saisissez seulement l'année de naissance, en 4 chiffres, par exemple 1958.")
		}
		p.BirthYear = n
	}
	communeMsg := ""
	if c := strings.TrimSpace(r.PostForm.Get("commune")); c != "" {
		p.CommuneCode, communeMsg = resolveCommune(c)
	}
	p.Normalize()
	if err := p.Validate(now); err != nil {
		v.Merge(err)
	}
	if communeMsg != "" && !v.Has("commune") {
		v.Add("commune", communeMsg)
	}
	return p, v.Err()
}

// parseEvaluation reads the need, equipment and level part of the form.
func parseEvaluation(r *http.Request, now time.Time) (evaluation.Evaluation, error) {
	var v apperr.Validation
	e := evaluation.Evaluation{Themes: formList(r, "thematiques"), Procedures: formList(r, "demarches"),
		Deadline: r.PostForm.Get("echeance"), Equipment: formList(r, "equipement")}
	for i := range evaluation.Questions {
		name := "q" + strconv.Itoa(i+1)
		switch r.PostForm.Get(name) {
		case "oui":
			e.Answers = append(e.Answers, true)
		case "non":
			e.Answers = append(e.Answers, false)
		default:
			e.Answers = append(e.Answers, false)
			v.Add(name, "Répondez par oui ou par non à la question "+strconv.Itoa(i+1)+".")
		}
	}
	e.Normalize()
	if err := e.Validate(now); err != nil {
		v.Merge(err)
	}
	e.Compute(now)
	return e, v.Err()
}

func (s *Server) firstEvaluationSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	now := s.cfg.Now()
	ctx := r.Context()
	f := newForm(r)
	var v apperr.Validation
	existing := formID(r.PostForm.Get("personne"))
	var p person.Person
	var err error
	if existing != 0 {
		if p, err = s.store.Person(ctx, a.Scope(), existing); err != nil || p.Deleted() || p.MergedInto != 0 {
			v.Add("personne", "Aucun dossier de votre structure ne porte ce numéro.")
		}
	} else {
		p, err = parsePerson(r, now)
		v.Merge(err)
		if p.Kind == person.Followed && r.PostForm.Get("consentement_suivi") != "oui" {
			v.Add("consentement_suivi", "Sans l'accord de la personne pour être suivie, enregistrez-la comme personne anonyme.")
		}
	}
	e, err := parseEvaluation(r, now)
	v.Merge(err)
	if err := v.Err(); err != nil {
		f.Fail(err)
		s.renderEvaluationForm(w, r, http.StatusUnprocessableEntity, f, nil, nil)
		return
	}
	if existing == 0 {
		var consents []string
		for _, wd := range person.Wordings {
			if r.PostForm.Get("consentement_"+wd.Purpose) == "oui" {
				consents = append(consents, wd.Purpose)
			}
		}
		p, err = s.app.Persons.Create(ctx, a, persons.NewPerson{Person: p, Consents: consents, DuplicateConfirmed: r.PostForm.Get("doublon_ok") == "oui"}, "Dossier créé à l'accueil")
		var dup *persons.DuplicateError
		if errors.As(err, &dup) {
			f.Message = dup.Err.Message
			s.renderEvaluationForm(w, r, http.StatusConflict, f, nil, dup.Duplicates)
			return
		}
		if err != nil {
			if !f.Fail(renameFields(err, map[string]string{"commune_insee": "commune", "consentements": "consentement_suivi"})) {
				s.fail(w, r, err)
				return
			}
			s.renderEvaluationForm(w, r, http.StatusUnprocessableEntity, f, nil, nil)
			return
		}
	}
	e.StructureID, e.PersonID, e.CreatedBy = a.StructureID(), p.ID, a.User.ID
	j := journalEntry(a, journal.Create, "Évaluation : "+e.ProfileLabel())
	j.At = now
	if err := s.store.CreateEvaluation(ctx, a.Scope(), &e, j, now); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Évaluation enregistrée : "+e.ProfileLabel()+". Parcours propose : "+strings.ToLower(e.NextStepLabel())+".")
	redirect(w, r, "/espace/evaluations/"+itoa64(e.ID))
}

func (s *Server) renderEvaluationForm(w http.ResponseWriter, r *http.Request, status int, f *form, p *person.Person, dups []person.Person) {
	d := s.evaluationFormData(actorName{actorFrom(r).Membership.StructureName}, p)
	d.Duplicates = dups
	title := "Accueillir une personne"
	if p != nil {
		title = "Nouvelle évaluation : " + p.Name()
	}
	s.render(w, r, status, "reception_evaluation_form", page{Title: title, Form: f, Data: d})
}

// evaluationForm repeats the evaluation for a known person.
func (s *Server) evaluationForm(w http.ResponseWriter, r *http.Request) {
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.logAccess(r, actorFrom(r).StructureID(), p.ID, journal.Read, "Nouvelle évaluation (formulaire)"); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderEvaluationForm(w, r, http.StatusOK, &form{}, &p, nil)
}

func (s *Server) evaluationSubmit(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	now := s.cfg.Now()
	p, err := s.ownPerson(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := newForm(r)
	e, err := parseEvaluation(r, now)
	if err != nil {
		f.Fail(err)
		s.renderEvaluationForm(w, r, http.StatusUnprocessableEntity, f, &p, nil)
		return
	}
	e.StructureID, e.PersonID, e.CreatedBy = a.StructureID(), p.ID, a.User.ID
	j := journalEntry(a, journal.Create, "Évaluation : "+e.ProfileLabel())
	j.At = now
	if err := s.store.CreateEvaluation(r.Context(), a.Scope(), &e, j, now); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "Évaluation enregistrée : "+e.ProfileLabel()+".")
	redirect(w, r, "/espace/evaluations/"+itoa64(e.ID))
}
