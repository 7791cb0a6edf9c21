package surveys

import (
	"context"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Public answering: a resident with the public link, no account.

// Public is a questionnaire open for answers, with the version answered.
type Public struct {
	Questionnaire survey.Questionnaire
	Version       survey.Version
}

// errClosed is the answer of a questionnaire that takes no online answer.
var errClosed = apperr.New(apperr.NotFound, "Ce questionnaire n'est pas ouvert aux réponses en ligne.")

// OpenPublic returns the questionnaire of a public link, when it takes answers.
func (s *Service) OpenPublic(ctx context.Context, token string) (Public, error) {
	q, err := s.st.QuestionnaireForPublic(ctx, token)
	if err != nil {
		return Public{}, err
	}
	v, ok := q.Current()
	if !q.Open || !ok {
		return Public{}, errClosed
	}
	return Public{Questionnaire: q, Version: *v}, nil
}

// StartPublic begins an answer once the respondent agreed to the consent
// text (recorded with its wording) and returns it with its resume code.
func (s *Service) StartPublic(ctx context.Context, token string, consent bool) (survey.Response, string, error) {
	p, err := s.OpenPublic(ctx, token)
	if err != nil {
		return survey.Response{}, "", err
	}
	if !consent {
		return survey.Response{}, "", fieldError("consentement", "Pour répondre, cochez la case : vous acceptez que vos réponses soient utilisées sans votre nom.")
	}
	now := s.now()
	code := survey.NewResumeCode()
	r := survey.Response{QuestionnaireID: p.Questionnaire.ID, VersionID: p.Version.ID, VersionNumber: p.Version.Number, Answers: survey.Answers{},
		ConsentWording: p.Version.Definition.Consent, ConsentedAt: now}
	if err := s.st.StartPublicResponse(ctx, &r, survey.HashCode(code), now); err != nil {
		return r, "", err
	}
	return r, code, nil
}

// ResumePublic finds an answer in progress by its resume code.
func (s *Service) ResumePublic(ctx context.Context, token, code, source string) (survey.Response, error) {
	p, err := s.OpenPublic(ctx, token)
	if err != nil {
		return survey.Response{}, err
	}
	norm := survey.NormalizeCode(code)
	if norm == "" {
		return survey.Response{}, fieldError("code", "Le code a 8 lettres et chiffres, par exemple K7M4-PXRB.")
	}
	// A code opens someone's answers: each address gets a few tries, then
	// waits longer after each wrong one.
	key := account.ThrottleKeyResume(source)
	until, err := s.st.ThrottleAttempt(ctx, s.now(), key)
	if err != nil {
		return survey.Response{}, err
	}
	if !until.IsZero() {
		wait := max(1, int(until.Sub(s.now()).Round(time.Minute)/time.Minute))
		return survey.Response{}, &apperr.Error{Code: apperr.TooManyRequests, Message: "Trop d'essais de code.",
			Fields: []apperr.FieldError{{Field: "code", Message: "Trop de codes essayés depuis cet appareil : réessayez dans " + strconv.Itoa(wait) + " minute" + plural(wait) + "."}}}
	}
	r, err := s.st.PublicResponse(ctx, p.Questionnaire.ID, 0, survey.HashCode(norm))
	if apperr.Is(err, apperr.NotFound) {
		return r, fieldError("code", "Ce code ne correspond à aucune réponse en cours. Vérifiez-le, ou recommencez le questionnaire.")
	}
	if err == nil {
		err = s.st.ForgiveAttempt(ctx, key)
	}
	return r, err
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// PublicAnswer returns an answer in progress with the version it is given on.
func (s *Service) PublicAnswer(ctx context.Context, token string, id int64) (Public, survey.Response, error) {
	p, err := s.OpenPublic(ctx, token)
	if err != nil {
		return p, survey.Response{}, err
	}
	r, err := s.st.PublicResponse(ctx, p.Questionnaire.ID, id, "")
	if err != nil {
		return p, r, err
	}
	for _, v := range p.Questionnaire.Versions {
		if v.ID == r.VersionID {
			p.Version = v
		}
	}
	return p, r, nil
}

// Step is what one screen of the public form sends.
type Step struct {
	Keys    []string       // the questions shown on the screen
	Answers survey.Answers // their answers (a question left blank is cleared)
	Forward bool           // going on: the screen's visible required questions must be answered
	Submit  bool           // the last screen: the whole questionnaire is checked and sent
}

// SavePublic saves one screen of answers; answers to questions the skip logic
// now hides are dropped. It returns the answer as saved.
func (s *Service) SavePublic(ctx context.Context, token string, id int64, st Step) (survey.Response, error) {
	p, r, err := s.PublicAnswer(ctx, token, id)
	if err != nil {
		return r, err
	}
	def := &p.Version.Definition
	merged := survey.Answers{}
	for k, v := range r.Answers {
		merged[k] = v
	}
	for _, k := range st.Keys {
		if _, ok := def.Question(k); !ok {
			return r, fieldError(k, "Question inconnue.")
		}
		if vals := st.Answers[k]; len(vals) > 0 {
			merged[k] = vals
		} else {
			delete(merged, k)
		}
	}
	clean, err := def.Check(merged, false)
	if err != nil {
		return r, err
	}
	if st.Forward || st.Submit {
		var v apperr.Validation
		for _, k := range st.Keys {
			q, _ := def.Question(k)
			if q.Required && survey.Visible(q, clean) && !clean.Has(k) {
				v.Add(k, "Répondez à cette question pour continuer : « "+q.Wording(false)+" ».")
			}
		}
		if err := v.Err(); err != nil {
			return r, err
		}
	}
	if st.Submit {
		if clean, err = def.Check(clean, true); err != nil {
			return r, err
		}
	}
	r.Answers = clean
	return r, s.st.SavePublicResponse(ctx, &r, st.Submit, s.now())
}
