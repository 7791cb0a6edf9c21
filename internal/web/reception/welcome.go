package reception

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/service/evaluations"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

// evaluationFormData feeds the one-screen first evaluation, its repeat and
// its correction.
type evaluationFormData struct {
	Person      *person.Person // repeat or correction: the person evaluated
	Duplicates  []person.Person
	Genders     []ui.Option
	Statuses    []ui.Option
	Needs       []ui.Option
	Themes      []ui.Option
	Procedures  []ui.Option
	Equipment   []ui.Option
	Questions   []evalQuestion
	Consents    []consentOption
	Kinds       []ui.Option
	Action      string
	SubmitLabel string
}

type evalQuestion struct {
	Name    string
	Text    string
	Options []ui.Option
}

type consentOption struct {
	Name    string
	Label   string
	Wording string
}

func newEvaluationFormData(structureName string, p *person.Person) evaluationFormData {
	d := evaluationFormData{
		Person: p, Genders: ui.Choices(person.Genders), Statuses: ui.Choices(person.SocialStatuses), Needs: ui.Choices(person.Needs),
		Themes: ui.Choices(activity.Themes), Procedures: ui.Choices(activity.Procedures), Equipment: ui.Choices(evaluation.Equipment),
		Kinds:  []ui.Option{{Value: string(person.Followed), Label: "Personne suivie", Hint: "Son nom est enregistré, avec son accord."}, {Value: string(person.Anonymous), Label: "Personne anonyme", Hint: "Seulement le genre, l'âge, la situation et la commune."}},
		Action: "/espace/accueil", SubmitLabel: "Enregistrer l'évaluation",
	}
	for i, q := range evaluation.Questions {
		d.Questions = append(d.Questions, evalQuestion{Name: "q" + strconv.Itoa(i+1), Text: strconv.Itoa(i+1) + ". " + q, Options: []ui.Option{{Value: "oui", Label: "Oui"}, {Value: "non", Label: "Non"}}})
	}
	for _, w := range person.Wordings {
		c, _ := person.NewConsent(w.Purpose, structureName)
		d.Consents = append(d.Consents, consentOption{Name: "consentement_" + w.Purpose, Label: w.Label, Wording: c.Wording})
	}
	if p != nil {
		d.Action = "/espace/personnes/" + ui.Itoa(p.ID) + "/evaluation"
	}
	return d
}

// FirstEvaluationForm is the primo-accueil: who the person is, what brings
// them, their equipment and level, on one screen.
func (h *Handlers) FirstEvaluationForm(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("suivi", string(person.Followed))
	f.Set("genre", "non_communique")
	f.Set("statut", "non_communique")
	h.renderEvaluationForm(w, r, http.StatusOK, f, newEvaluationFormData(ui.Actor(r).Membership.StructureName, nil), "Accueillir une personne")
}

func (h *Handlers) renderEvaluationForm(w http.ResponseWriter, r *http.Request, status int, f *ui.Form, d evaluationFormData, title string) {
	h.render(w, r, status, "reception_evaluation_form", ui.Page{Title: title, Form: f, Data: d})
}

// personFromForm reads the identity part of a form; the error holds what
// cannot be read (a year that is not a number, a commune not found).
func (h *Handlers) personFromForm(r *http.Request) (person.Person, error) {
	var v apperr.Validation
	pf := r.PostForm
	p := person.Person{
		Kind: person.Kind(pf.Get("suivi")), FirstName: pf.Get("prenom"), LastName: pf.Get("nom"),
		Gender: pf.Get("genre"), SocialStatus: pf.Get("statut"), Phone: pf.Get("telephone"),
		Email: pf.Get("courriel"), Language: pf.Get("langue"), Needs: ui.FormList(r, "besoins"),
	}
	if y := strings.TrimSpace(pf.Get("annee_naissance")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			v.Add("annee_naissance", "Saisissez seulement l'année de naissance, en 4 chiffres, par exemple 1958.")
		}
		p.BirthYear = n
	}
	if c := strings.TrimSpace(pf.Get("commune")); c != "" {
		code, msg := h.resolveCommune(c)
		if msg != "" {
			v.Add("commune", msg)
		}
		p.CommuneCode = code
	}
	return p, v.Err()
}

// evaluationFromForm reads the need, equipment and level part of a form;
// the error names the questions left without an answer.
func evaluationFromForm(r *http.Request) (evaluations.Input, error) {
	var v apperr.Validation
	in := evaluations.Input{Themes: ui.FormList(r, "thematiques"), Procedures: ui.FormList(r, "demarches"),
		Deadline: r.PostForm.Get("echeance"), Equipment: ui.FormList(r, "equipement")}
	for i := range evaluation.Questions {
		name := "q" + strconv.Itoa(i+1)
		switch r.PostForm.Get(name) {
		case "oui":
			in.Answers = append(in.Answers, true)
		case "non":
			in.Answers = append(in.Answers, false)
		default:
			in.Answers = append(in.Answers, false)
			v.Add(name, "Répondez par oui ou par non à la question "+strconv.Itoa(i+1)+".")
		}
	}
	return in, v.Err()
}

// welcomeFromForm reads the whole first evaluation.
func (h *Handlers) welcomeFromForm(r *http.Request) (evaluations.Welcome, error) {
	var v apperr.Validation
	in := evaluations.Welcome{PersonID: ui.ParseID(r.PostForm.Get("personne"))}
	if strings.TrimSpace(r.PostForm.Get("personne")) != "" && in.PersonID == 0 {
		v.Add("personne", "Saisissez le numéro de dossier (un nombre), ou laissez vide pour une nouvelle personne.")
	}
	if in.PersonID == 0 {
		p, err := h.personFromForm(r)
		v.Merge(err)
		in.Person = persons.NewPerson{Person: p, DuplicateConfirmed: r.PostForm.Get("doublon_ok") == "oui"}
		for _, wd := range person.Wordings {
			if r.PostForm.Get("consentement_"+wd.Purpose) == "oui" {
				in.Person.Consents = append(in.Person.Consents, wd.Purpose)
			}
		}
	}
	e, err := evaluationFromForm(r)
	v.Merge(err)
	in.Evaluation = e
	return in, v.Err()
}

// FirstEvaluationSubmit welcomes the person and records the evaluation.
func (h *Handlers) FirstEvaluationSubmit(w http.ResponseWriter, r *http.Request) {
	a := ui.Actor(r)
	f := ui.NewForm(r)
	d := newEvaluationFormData(a.Membership.StructureName, nil)
	fail := func(status int) { h.renderEvaluationForm(w, r, status, f, d, "Accueillir une personne") }
	in, err := h.welcomeFromForm(r)
	if err != nil {
		f.Fail(withChecked(err, h.evaluations.Check(a, in), evaluationFields))
		fail(http.StatusUnprocessableEntity)
		return
	}
	res, err := h.evaluations.First(r.Context(), a, in)
	var dup *persons.DuplicateError
	if errors.As(err, &dup) {
		f.Message, d.Duplicates = dup.Err.Message, dup.Duplicates
		fail(http.StatusConflict)
		return
	}
	if err != nil {
		h.failForm(w, r, f, ui.RenameFields(err, evaluationFields), fail)
		return
	}
	e := res.Evaluation
	h.site.Flash(r, "Évaluation enregistrée : "+e.ProfileLabel()+". Parcours propose : "+strings.ToLower(e.NextStepLabel())+".")
	ui.Redirect(w, r, "/espace/evaluations/"+ui.Itoa(e.ID))
}
