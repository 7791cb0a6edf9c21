package surveys

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// PaperEntry is a paper questionnaire typed by an agent.
type PaperEntry struct {
	Reference string // written on the paper; needed for double entry
	Answers   survey.Answers
	Consent   bool // the respondent ticked the consent box on the paper
	Seconds   int  // time the agent took to type it, measured by the page
}

// PaperOutcome says where a typed questionnaire stands.
type PaperOutcome struct {
	Response survey.Response
	Entry    int      // 1 or 2
	Matched  bool     // the second entry agrees with the first: the answer counts
	Differ   []string // the questions the two entries answer differently
}

// Message says what happened, for the agent.
func (o PaperOutcome) Message() string {
	ref := ""
	if o.Response.ExternalID != "" {
		ref = " " + o.Response.ExternalID
	}
	switch {
	case o.Entry == 2 && o.Matched:
		return "Seconde saisie du questionnaire" + ref + " : identique à la première, la réponse est comptée."
	case o.Entry == 2:
		return fmt.Sprintf("Seconde saisie du questionnaire%s : %d désaccord(s) avec la première, à trancher dans « Désaccords ».", ref, len(o.Differ))
	case o.Response.Status == survey.ToCheck:
		return "Première saisie du questionnaire" + ref + " enregistrée : elle sera comptée après la seconde saisie."
	}
	return "Questionnaire papier" + ref + " enregistré."
}

// EnterPaper records a paper questionnaire on the current version. With
// double entry on, the first entry waits for a second one (by another agent,
// ideally); when both agree the answer counts, otherwise the disagreements
// wait for someone to settle them.
func (s *Service) EnterPaper(ctx context.Context, a *account.Actor, id int64, in PaperEntry) (PaperOutcome, error) {
	q, v, err := s.ForEntry(ctx, a, id)
	if err != nil {
		return PaperOutcome{}, err
	}
	var val apperr.Validation
	in.Reference = strings.TrimSpace(in.Reference)
	switch {
	case q.DoubleEntry && in.Reference == "":
		val.Add("reference", "Recopiez le numéro écrit sur le questionnaire papier : il sert à comparer les deux saisies.")
	case utf8.RuneCountInString(in.Reference) > 40:
		val.Add("reference", "Le numéro a 40 caractères au plus.")
	}
	if !in.Consent {
		val.Add("consentement", "Sans la case de consentement cochée sur le papier, le questionnaire ne peut pas être saisi.")
	}
	answers, err := v.Definition.Check(in.Answers, true)
	val.Merge(err)
	if err := val.Err(); err != nil {
		return PaperOutcome{}, err
	}
	now := s.now()
	r := survey.Response{QuestionnaireID: q.ID, VersionID: v.ID, VersionNumber: v.Number, Channel: survey.Paper, Status: survey.Complete, Answers: answers,
		ExternalID: in.Reference, Entry: 1, ConsentWording: v.Definition.Consent, ConsentedAt: now, EnteredBy: a.User.ID,
		EntrySeconds: max(0, min(in.Seconds, 86400)), SubmittedAt: now}
	if in.Reference == "" {
		r.Entry = 0
	}
	out := PaperOutcome{Entry: max(r.Entry, 1)}
	var other *surveystore.StatusChange
	if q.DoubleEntry {
		prev, err := s.st.PaperEntries(ctx, a.Scope(), id, in.Reference)
		if err != nil {
			return out, err
		}
		switch len(prev) {
		case 0:
			r.Status = survey.ToCheck
		case 1:
			first := prev[0]
			r.Entry, r.Status, out.Entry = 2, survey.Control, 2
			out.Differ = v.Definition.Differences(first.Answers, answers)
			out.Matched = len(out.Differ) == 0 && first.VersionID == v.ID
			status := survey.Disagree
			if out.Matched {
				status = survey.Complete
			}
			other = &surveystore.StatusChange{ResponseID: first.ID, Status: status}
		default:
			return out, apperr.New(apperr.Conflict, "Le questionnaire papier "+in.Reference+" a déjà été saisi deux fois.")
		}
	}
	what := fmt.Sprintf("Questionnaire papier saisi (« %s », saisie %d)", q.Title, out.Entry)
	if err := s.st.AddResponse(ctx, a.Scope(), &r, other, entry(a, journal.Create, what), now); err != nil {
		return out, err
	}
	out.Response = r
	return out, nil
}

// Disagreement is a paper questionnaire whose two entries differ.
type Disagreement struct {
	Reference     string
	First, Second survey.Response
	Questions     []*survey.Question // the questions answered differently
}

// Disagreements lists the paper questionnaires whose two entries differ.
func (s *Service) Disagreements(ctx context.Context, a *account.Actor, id int64) ([]Disagreement, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	firsts, err := s.st.ListResponses(ctx, a.Scope(), id, surveystore.ResponseFilter{Status: survey.Disagree})
	if err != nil {
		return nil, err
	}
	var out []Disagreement
	for _, f := range firsts {
		d, err := s.disagreement(ctx, a, q, f.ExternalID)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *Service) disagreement(ctx context.Context, a *account.Actor, q survey.Questionnaire, ref string) (Disagreement, error) {
	entries, err := s.st.PaperEntries(ctx, a.Scope(), q.ID, ref)
	if err != nil {
		return Disagreement{}, err
	}
	if len(entries) != 2 || entries[0].Status != survey.Disagree {
		return Disagreement{}, apperr.NotFoundError()
	}
	d := Disagreement{Reference: ref, First: entries[0], Second: entries[1]}
	def := versionOf(q, entries[0].VersionID)
	for _, key := range def.Differences(entries[0].Answers, entries[1].Answers) {
		if qq, ok := def.Question(key); ok {
			d.Questions = append(d.Questions, qq)
		}
	}
	return d, nil
}

// versionOf returns the definition of one of the questionnaire's versions.
func versionOf(q survey.Questionnaire, versionID int64) *survey.Definition {
	for i := range q.Versions {
		if q.Versions[i].ID == versionID {
			return &q.Versions[i].Definition
		}
	}
	return &survey.Definition{}
}

// Disagreement returns one paper questionnaire whose entries differ.
func (s *Service) Disagreement(ctx context.Context, a *account.Actor, id int64, ref string) (Disagreement, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return Disagreement{}, err
	}
	return s.disagreement(ctx, a, q, ref)
}

// Resolve settles a disagreement: for each question that differs, chosen
// says which entry is right ("1" or "2"); the first entry takes the chosen
// answers and counts, the second stays as the check.
func (s *Service) Resolve(ctx context.Context, a *account.Actor, id int64, ref string, chosen map[string]string) error {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	d, err := s.disagreement(ctx, a, q, ref)
	if err != nil {
		return err
	}
	answers := survey.Answers{}
	for k, v := range d.First.Answers {
		answers[k] = v
	}
	var v apperr.Validation
	for _, qq := range d.Questions {
		switch chosen[qq.Key] {
		case "1":
		case "2":
			if vals, ok := d.Second.Answers[qq.Key]; ok {
				answers[qq.Key] = vals
			} else {
				delete(answers, qq.Key)
			}
		default:
			v.Add(qq.Key, "Choisissez la bonne saisie pour « "+qq.Label+" ».")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	def := versionOf(q, d.First.VersionID)
	clean, err := def.Check(answers, true)
	if err != nil {
		return err
	}
	return s.st.ChangeStatuses(ctx, a.Scope(), []surveystore.StatusChange{{ResponseID: d.First.ID, Status: survey.Complete, Answers: clean}},
		entry(a, journal.Update, "Désaccord de double saisie tranché (questionnaire papier "+ref+")"), s.now())
}

// RecordAPI records an answer sent through the API on the current version
// (a survey tool of the structure's own): complete, consent given.
func (s *Service) RecordAPI(ctx context.Context, a *account.Actor, id int64, externalID string, answers survey.Answers) (survey.Response, error) {
	q, v, err := s.ForEntry(ctx, a, id)
	if err != nil {
		return survey.Response{}, err
	}
	externalID = strings.TrimSpace(externalID)
	if utf8.RuneCountInString(externalID) > 100 {
		return survey.Response{}, fieldError("identifiant_externe", "L'identifiant a 100 caractères au plus.")
	}
	clean, err := v.Definition.Check(answers, true)
	if err != nil {
		return survey.Response{}, err
	}
	now := s.now()
	r := survey.Response{QuestionnaireID: q.ID, VersionID: v.ID, VersionNumber: v.Number, Channel: survey.API, Status: survey.Complete, Answers: clean,
		ExternalID: externalID, ConsentWording: v.Definition.Consent, ConsentedAt: now, EnteredBy: a.User.ID, SubmittedAt: now}
	if err := s.st.AddResponse(ctx, a.Scope(), &r, nil, entry(a, journal.Create, "Réponse reçue par l'API (« "+q.Title+" »)"), now); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return r, apperr.New(apperr.Conflict, "Une réponse avec cet identifiant externe existe déjà.")
		}
		return r, err
	}
	return r, nil
}

// ForEntryList lists the structure's published questionnaires, to type paper ones.
func (s *Service) ForEntryList(ctx context.Context, a *account.Actor) ([]surveystore.QuestionnaireSummary, error) {
	if err := a.Require(account.PermDiagnosticEntry); err != nil {
		return nil, err
	}
	list, err := s.st.ListQuestionnaires(ctx, a.Scope(), surveystore.QuestionnaireFilter{Limit: 200})
	var out []surveystore.QuestionnaireSummary
	for _, q := range list {
		if q.CurrentVersion > 0 {
			out = append(out, q)
		}
	}
	return out, err
}
