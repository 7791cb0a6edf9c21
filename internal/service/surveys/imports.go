package surveys

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyimport"
)

// ImportInput is a file exported by LimeSurvey or KoboToolbox.
type ImportInput struct {
	Format   surveyimport.Format
	FileName string
	Data     []byte
	XLSForm  []byte // KoboToolbox: the form
	Mapping  surveyimport.Mapping
	DryRun   bool // check only: nothing is recorded
}

// ImportResult is the report of an import, and its record when done.
type ImportResult struct {
	Report   *surveyimport.Report
	ImportID int64 // 0 for a dry run
}

// Import reads a file onto the current version and records its answers:
// every row imported whole, counted as a duplicate, or refused with all its
// reasons; the answers and the report in one transaction.
func (s *Service) Import(ctx context.Context, a *account.Actor, id int64, in ImportInput) (ImportResult, error) {
	q, err := s.Get(ctx, a, id)
	if err != nil {
		return ImportResult{}, err
	}
	v, ok := q.Current()
	if !ok {
		return ImportResult{}, apperr.New(apperr.Conflict, "Publiez le questionnaire avant d'importer des réponses.")
	}
	if in.Format != surveyimport.LimeSurvey && in.Format != surveyimport.KoboToolbox {
		return ImportResult{}, fieldError("format", "Format : limesurvey ou kobotoolbox.")
	}
	if len(in.Data) == 0 {
		return ImportResult{}, fieldError("fichier", "Choisissez le fichier exporté.")
	}
	if utf8.RuneCountInString(in.FileName) > 200 {
		in.FileName = string([]rune(in.FileName)[:200])
	}
	channel := in.Format.Channel()
	existing, err := s.st.ExternalIDs(ctx, a.Scope(), id, channel)
	if err != nil {
		return ImportResult{}, err
	}
	rep, rows, err := surveyimport.Read(&v.Definition, surveyimport.Options{Format: in.Format, Data: in.Data, XLSForm: in.XLSForm, Mapping: in.Mapping, Existing: existing})
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Report: rep}
	if in.DryRun {
		return res, nil
	}
	now := s.now()
	rs := make([]survey.Response, len(rows))
	for i, r := range rows {
		at := r.SubmittedAt
		if at.IsZero() {
			at = now
		}
		rs[i] = survey.Response{QuestionnaireID: id, VersionID: v.ID, Channel: channel, Status: survey.Complete, Answers: r.Answers, ExternalID: r.ExternalID, SubmittedAt: at}
	}
	report, _ := json.Marshal(rep)
	imp := &surveystore.SurveyImport{QuestionnaireID: id, Format: string(in.Format), FileName: in.FileName, Rows: rep.Rows, Imported: rep.Imported,
		Duplicates: rep.Duplicates, Rejected: rep.Rejected, Report: report, UserID: a.User.ID}
	what := fmt.Sprintf("Import %s (« %s ») : %d importée(s), %d doublon(s), %d refusée(s)", in.Format, q.Title, rep.Imported, rep.Duplicates, rep.Rejected)
	if err := s.st.ImportResponses(ctx, a.Scope(), rs, imp, entry(a, journal.Create, what), now); err != nil {
		return res, err
	}
	res.ImportID = imp.ID
	return res, nil
}

// Imports lists a questionnaire's imports.
func (s *Service) Imports(ctx context.Context, a *account.Actor, id int64) ([]surveystore.SurveyImport, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.st.SurveyImports(ctx, a.Scope(), id)
}

// ImportReport returns one import of the questionnaire with its report.
func (s *Service) ImportReport(ctx context.Context, a *account.Actor, id, importID int64) (surveystore.SurveyImport, *surveyimport.Report, error) {
	if err := a.Require(account.PermDiagnostic); err != nil {
		return surveystore.SurveyImport{}, nil, err
	}
	im, err := s.st.SurveyImportReport(ctx, a.Scope(), importID)
	if err != nil {
		return im, nil, err
	}
	if im.QuestionnaireID != id {
		return im, nil, apperr.NotFoundError()
	}
	var rep surveyimport.Report
	if err := json.Unmarshal(im.Report, &rep); err != nil {
		return im, nil, err
	}
	return im, &rep, nil
}

// ParseMapping reads correspondences typed one per line: « colonne = question »
// for a column, « question:valeur du fichier = choix » for a value.
func ParseMapping(text string) (surveyimport.Mapping, error) {
	m := surveyimport.Mapping{Columns: map[string]string{}, Values: map[string]map[string]string{}}
	var v apperr.Validation
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		left, right, ok := strings.Cut(line, "=")
		left, right = strings.TrimSpace(left), strings.TrimSpace(right)
		if !ok || left == "" || right == "" {
			v.Add("correspondances", fmt.Sprintf("Ligne %d : écrivez « colonne = question » ou « question:valeur = choix ».", i+1))
			continue
		}
		if key, val, isValue := strings.Cut(left, ":"); isValue && survey.ValidKey(strings.TrimSpace(key)) {
			key = strings.TrimSpace(key)
			if m.Values[key] == nil {
				m.Values[key] = map[string]string{}
			}
			m.Values[key][strings.TrimSpace(val)] = right
			continue
		}
		m.Columns[left] = right
	}
	return m, v.Err()
}
