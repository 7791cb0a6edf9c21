// Package surveys holds the use cases of a structure's diagnostic
// questionnaires: build them from the ABS template or from nothing, edit a
// draft and publish it (a published version is frozen), collect answers
// online (public, resumable with a code, consent recorded), on paper (typed
// once or twice and compared) and by importing LimeSurvey or KoboToolbox
// exports, and analyse them without overstating. Web pages, the API and
// commands call these methods and nothing else.
package surveys

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
)

// Service is the questionnaires' use cases.
type Service struct {
	st  *surveystore.Store
	now func() time.Time
}

// New returns the service.
func New(st *surveystore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

func entry(a *account.Actor, action, what string) journal.Entry { return journal.By(a, action, what) }

// ListFilter narrows the list of questionnaires.
type ListFilter struct {
	UpdatedSince time.Time
	AfterID      int64
	Limit        int // 1 to 200; 0 means 100
}

// List returns the structure's questionnaires with their answers counted.
func (s *Service) List(ctx context.Context, a *account.Actor, f ListFilter) ([]surveystore.QuestionnaireSummary, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 1 || f.Limit > 200 {
		return nil, fieldError("limite", "La limite va de 1 à 200.")
	}
	return s.st.ListQuestionnaires(ctx, a.Scope(), surveystore.QuestionnaireFilter{UpdatedSince: f.UpdatedSince, AfterID: f.AfterID, Limit: f.Limit})
}

func fieldError(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: []apperr.FieldError{{Field: field, Message: msg}}}
}

// NewQuestionnaire is what creating a questionnaire takes.
type NewQuestionnaire struct {
	Title     string
	Template  bool            // start from the ABS digital-needs template; else one empty section
	Districts []survey.Choice // the template's districts; empty: survey.DefaultDistricts
}

// Create records a questionnaire with a first draft.
func (s *Service) Create(ctx context.Context, a *account.Actor, in NewQuestionnaire) (survey.Questionnaire, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return survey.Questionnaire{}, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" && in.Template {
		in.Title = survey.TemplateTitle
	}
	if err := checkTitle(in.Title); err != nil {
		return survey.Questionnaire{}, err
	}
	var def survey.Definition
	q := survey.Questionnaire{Title: in.Title, PublicToken: survey.NewPublicToken()}
	if in.Template {
		def = survey.Template(in.Districts)
		q.Settings.Crosstabs = survey.TemplateCrosstabs
		if err := def.Validate(); err != nil {
			return q, asField(err, "quartiers")
		}
	} else {
		if len(in.Districts) > 0 {
			return q, fieldError("quartiers", "Les quartiers ne servent qu'au modèle ABS : ajoutez une question « quartier » au questionnaire vide.")
		}
		def = survey.Definition{Consent: "J'accepte que mes réponses soient utilisées, sans mon nom, pour l'analyse des besoins sociaux.",
			Sections: []survey.Section{{Key: "section_1", Title: "Vos réponses"}}}
	}
	err := s.st.CreateQuestionnaire(ctx, a.Scope(), &q, def, entry(a, journal.Create, "Questionnaire « "+q.Title+" » créé"), s.now())
	return q, err
}

// asField puts a definition's first error on one input of the creation form.
func asField(err error, field string) error {
	if e, ok := apperr.As(err); ok && len(e.Fields) > 0 {
		return fieldError(field, e.Fields[0].Message)
	}
	return err
}

func checkTitle(t string) error {
	switch {
	case strings.TrimSpace(t) == "":
		return fieldError("titre", "Donnez un titre au questionnaire.")
	case utf8.RuneCountInString(t) > 200:
		return fieldError("titre", "Le titre a 200 caractères au plus.")
	}
	return nil
}

// Get returns a questionnaire of the structure with its versions.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (survey.Questionnaire, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return survey.Questionnaire{}, err
	}
	return s.st.Questionnaire(ctx, a.Scope(), id)
}

// ForEntry returns a questionnaire and its current version, to type paper questionnaires.
func (s *Service) ForEntry(ctx context.Context, a *account.Actor, id int64) (survey.Questionnaire, *survey.Version, error) {
	if err := a.Require(account.PermDiagnosticEntry); err != nil {
		return survey.Questionnaire{}, nil, err
	}
	q, err := s.st.Questionnaire(ctx, a.Scope(), id)
	if err != nil {
		return q, nil, err
	}
	v, ok := q.Current()
	if !ok {
		return q, nil, apperr.New(apperr.Conflict, "Publiez le questionnaire avant de saisir des réponses.")
	}
	return q, v, nil
}

// Settings are the switches of a questionnaire.
type Settings struct {
	Title       string
	Open        bool
	DoubleEntry bool
}

// UpdateSettings renames a questionnaire, opens or closes online answering
// (a published version is needed to open) and switches double entry.
func (s *Service) UpdateSettings(ctx context.Context, a *account.Actor, id int64, in Settings) (survey.Questionnaire, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return q, err
	}
	in.Title = strings.TrimSpace(in.Title)
	if err := checkTitle(in.Title); err != nil {
		return q, err
	}
	if _, ok := q.Current(); in.Open && !ok {
		return q, fieldError("ouvert", "Publiez une version avant d'ouvrir les réponses en ligne.")
	}
	q.Title, q.Open, q.DoubleEntry = in.Title, in.Open, in.DoubleEntry
	what := fmt.Sprintf("Questionnaire « %s » : réponses en ligne %s, double saisie %s", q.Title, onOff(q.Open), onOff(q.DoubleEntry))
	if err := s.st.UpdateQuestionnaire(ctx, a.Scope(), q, entry(a, journal.Update, what), s.now()); err != nil {
		return q, err
	}
	return s.st.Questionnaire(ctx, a.Scope(), id)
}

func onOff(b bool) string {
	if b {
		return "ouvertes"
	}
	return "fermées"
}

// Draft returns the definition being edited: the draft, or a copy of the
// current version when none is (saving it starts the next version).
func Draft(q survey.Questionnaire) survey.Definition {
	if d, ok := q.Draft(); ok {
		return d.Definition
	}
	if c, ok := q.Current(); ok {
		return c.Definition
	}
	return survey.Definition{}
}

// SaveDraft replaces the draft's definition (a published version is never changed).
func (s *Service) SaveDraft(ctx context.Context, a *account.Actor, id int64, def survey.Definition) (survey.Questionnaire, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return survey.Questionnaire{}, err
	}
	if err := def.Validate(); err != nil {
		return survey.Questionnaire{}, err
	}
	if err := s.st.SaveDraft(ctx, a.Scope(), id, def, s.now()); err != nil {
		return survey.Questionnaire{}, err
	}
	return s.st.Questionnaire(ctx, a.Scope(), id)
}

// EditDraft applies an edit to the draft (the web builder's one change at a
// time), validates the result and saves it.
func (s *Service) EditDraft(ctx context.Context, a *account.Actor, id int64, edit func(d *survey.Definition) error) (survey.Questionnaire, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return q, err
	}
	def := Draft(q)
	if err := edit(&def); err != nil {
		return q, err
	}
	return s.SaveDraft(ctx, a, id, def)
}

// Publish freezes the draft; the cross-tabs that no longer fit are dropped.
func (s *Service) Publish(ctx context.Context, a *account.Actor, id int64) (survey.Questionnaire, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return q, err
	}
	d, ok := q.Draft()
	if !ok {
		return q, apperr.New(apperr.Conflict, "Il n'y a pas de brouillon à publier : la version en cours est déjà publiée.")
	}
	if err := d.Definition.Validate(); err != nil {
		return q, err
	}
	if err := s.st.PublishDraft(ctx, a.Scope(), id, entry(a, journal.Update, fmt.Sprintf("Questionnaire « %s » : version %d publiée", q.Title, d.Number)), s.now()); err != nil {
		return q, err
	}
	// Cross-tabs and margins that the new version cannot carry are dropped.
	var kept []survey.Crosstab
	for _, c := range q.Settings.Crosstabs {
		if d.Definition.ValidateSettings(survey.Settings{Crosstabs: []survey.Crosstab{c}}) == nil {
			kept = append(kept, c)
		}
	}
	margins := q.Settings.Margins
	if margins != nil && d.Definition.ValidateMargins(*margins) != nil {
		margins = nil
	}
	if len(kept) != len(q.Settings.Crosstabs) || margins != q.Settings.Margins {
		q.Settings.Crosstabs, q.Settings.Margins = kept, margins
		if err := s.st.UpdateQuestionnaire(ctx, a.Scope(), q, entry(a, journal.Update, "Croisements et marges adaptés à la nouvelle version"), s.now()); err != nil {
			return q, err
		}
	}
	return s.st.Questionnaire(ctx, a.Scope(), id)
}

// SetCrosstabs chooses the cross-tabs of the report.
func (s *Service) SetCrosstabs(ctx context.Context, a *account.Actor, id int64, cts []survey.Crosstab) (survey.Questionnaire, error) {
	return s.setSettings(ctx, a, id, func(st *survey.Settings) { st.Crosstabs = cts }, "Croisements du rapport modifiés")
}

// SetMargins records the census margins the answers are raked to (nil clears them).
func (s *Service) SetMargins(ctx context.Context, a *account.Actor, id int64, m *survey.Margins) (survey.Questionnaire, error) {
	return s.setSettings(ctx, a, id, func(st *survey.Settings) { st.Margins = m }, "Marges du recensement modifiées")
}

func (s *Service) setSettings(ctx context.Context, a *account.Actor, id int64, change func(*survey.Settings), what string) (survey.Questionnaire, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return q, err
	}
	cur, ok := q.Current()
	if !ok {
		return q, apperr.New(apperr.Conflict, "Publiez le questionnaire avant de régler son analyse.")
	}
	change(&q.Settings)
	if err := cur.Definition.ValidateSettings(q.Settings); err != nil {
		return q, err
	}
	if err := s.st.UpdateQuestionnaire(ctx, a.Scope(), q, entry(a, journal.Update, what), s.now()); err != nil {
		return q, err
	}
	return q, nil
}

// ResponseFilter narrows a list of answers.
type ResponseFilter struct {
	Status       survey.Status
	UpdatedSince time.Time
	AfterID      int64
	Limit        int // 1 to 1000; 0 means 100
}

// Responses lists a questionnaire's answers; reading individual answers is journaled.
func (s *Service) Responses(ctx context.Context, a *account.Actor, id int64, f ResponseFilter) ([]survey.Response, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	if f.Limit < 1 || f.Limit > 1000 {
		return nil, fieldError("limite", "La limite va de 1 à 1 000.")
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, fieldError("statut", "Statut inconnu : en_cours, complete, a_verifier, desaccord ou controle.")
	}
	rs, err := s.st.ListResponses(ctx, a.Scope(), id, surveystore.ResponseFilter{Status: f.Status, UpdatedSince: f.UpdatedSince, AfterID: f.AfterID, Limit: f.Limit})
	if err != nil {
		return nil, err
	}
	e := entry(a, journal.List, "Réponses au questionnaire « "+q.Title+" »")
	e.At = s.now()
	return rs, s.st.AddJournal(ctx, a.Scope(), e)
}

// AnalysisOptions choose how a report is computed.
type AnalysisOptions struct {
	Audience surveyanalysis.Audience
	Weighted bool
}

// Analyse computes the report of a questionnaire on its complete answers.
func (s *Service) Analyse(ctx context.Context, a *account.Actor, id int64, o AnalysisOptions) (surveyanalysis.Report, survey.Questionnaire, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return surveyanalysis.Report{}, q, err
	}
	if o.Audience == "" {
		o.Audience = surveyanalysis.Internal
	}
	if o.Audience != surveyanalysis.Internal && o.Audience != surveyanalysis.External {
		return surveyanalysis.Report{}, q, fieldError("diffusion", "Diffusion : interne ou externe.")
	}
	cur, ok := q.Current()
	if !ok {
		return surveyanalysis.Report{}, q, apperr.New(apperr.Conflict, "Le questionnaire n'a pas encore de version publiée : il n'a pas de réponses à analyser.")
	}
	rs, err := s.st.ListResponses(ctx, a.Scope(), id, surveystore.ResponseFilter{Status: survey.Complete})
	if err != nil {
		return surveyanalysis.Report{}, q, err
	}
	bs, err := s.st.Benchmarks(ctx, a.Scope(), survey.SeedBenchmarks(), s.now())
	if err != nil {
		return surveyanalysis.Report{}, q, err
	}
	rep := surveyanalysis.Analyse(surveyanalysis.Input{Title: q.Title, Definition: &cur.Definition, VersionNumber: cur.Number, Responses: rs,
		Settings: q.Settings, Benchmarks: bs, Audience: o.Audience, Weighted: o.Weighted, Now: s.now()})
	return rep, q, nil
}
