package surveystore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Questionnaires of a structure's diagnostic: versions, answers, imports and benchmarks.

const questionnaireColumns = `id, structure_id, title, public_token, open, double_entry, settings, created_at, updated_at`

func scanQuestionnaire(sc interface{ Scan(...any) error }) (survey.Questionnaire, error) {
	var q survey.Questionnaire
	var settings string
	var created, updated sql.NullTime
	if err := sc.Scan(&q.ID, &q.StructureID, &q.Title, &q.PublicToken, &q.Open, &q.DoubleEntry, &settings, &created, &updated); err != nil {
		return q, err
	}
	q.CreatedAt, q.UpdatedAt = store.UTC(created), store.UTC(updated)
	if err := json.Unmarshal([]byte(settings), &q.Settings); err != nil {
		return q, err
	}
	return q, nil
}

func settingsJSON(s survey.Settings) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func definitionJSON(d survey.Definition) string {
	b, _ := json.Marshal(d)
	return string(b)
}

// CreateQuestionnaire records a questionnaire with its first version, a draft.
func (s *Store) CreateQuestionnaire(ctx context.Context, sc scope.Structure, q *survey.Questionnaire, def survey.Definition, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	q.StructureID, q.CreatedAt, q.UpdatedAt = sid, now.UTC(), now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO questionnaires (structure_id, title, public_token, open, double_entry, settings, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			sid, q.Title, q.PublicToken, q.Open, q.DoubleEntry, settingsJSON(q.Settings), store.DBTime(now)).Scan(&q.ID); err != nil {
			return err
		}
		v := survey.Version{Number: 1, Definition: def, CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO questionnaire_versions (questionnaire_id, number, definition, created_at, updated_at)
			VALUES ($1, 1, $2, $3, $3) RETURNING id`, q.ID, definitionJSON(def), store.DBTime(now)).Scan(&v.ID); err != nil {
			return err
		}
		q.Versions = []survey.Version{v}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Questionnaire returns a questionnaire of the structure with its versions.
func (s *Store) Questionnaire(ctx context.Context, sc scope.Structure, id int64) (survey.Questionnaire, error) {
	sid, err := sc.ID()
	if err != nil {
		return survey.Questionnaire{}, err
	}
	q, err := scanQuestionnaire(s.Reader().QueryRowContext(ctx, `SELECT `+questionnaireColumns+` FROM questionnaires WHERE id = $1 AND structure_id = $2`, id, sid))
	if errors.Is(err, sql.ErrNoRows) {
		return q, apperr.NotFoundError()
	}
	if err != nil {
		return q, err
	}
	q.Versions, err = s.versions(ctx, q.ID)
	return q, err
}

// QuestionnaireForPublic returns the questionnaire of a public answering
// address with its versions, whatever its structure: the public answering
// pages only.
func (s *Store) QuestionnaireForPublic(ctx context.Context, token string) (survey.Questionnaire, error) {
	q, err := scanQuestionnaire(s.Reader().QueryRowContext(ctx, `SELECT `+questionnaireColumns+` FROM questionnaires WHERE public_token = $1`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return q, apperr.NotFoundError()
	}
	if err != nil {
		return q, err
	}
	q.Versions, err = s.versions(ctx, q.ID)
	return q, err
}

func (s *Store) versions(ctx context.Context, questionnaireID int64) ([]survey.Version, error) {
	var out []survey.Version
	err := s.EachRow(ctx, `SELECT id, number, definition, published_at, created_at, updated_at FROM questionnaire_versions
		WHERE questionnaire_id = $1 ORDER BY number`, []any{questionnaireID}, func(r *sql.Rows) error {
		var v survey.Version
		var def string
		var pub, created, updated sql.NullTime
		if err := r.Scan(&v.ID, &v.Number, &def, &pub, &created, &updated); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(def), &v.Definition); err != nil {
			return err
		}
		v.PublishedAt, v.CreatedAt, v.UpdatedAt = store.UTC(pub), store.UTC(created), store.UTC(updated)
		out = append(out, v)
		return nil
	})
	return out, err
}

// QuestionnaireFilter narrows a list of questionnaires.
type QuestionnaireFilter struct {
	UpdatedSince time.Time // zero: every questionnaire
	AfterID      int64     // cursor: questionnaires after this id
	Limit        int
}

// QuestionnaireSummary is a questionnaire in a list, with its answers counted.
type QuestionnaireSummary struct {
	survey.Questionnaire
	CurrentVersion int // 0: never published
	HasDraft       bool
	Counts         map[survey.Status]int
}

// ListQuestionnaires returns the structure's questionnaires by id.
func (s *Store) ListQuestionnaires(ctx context.Context, sc scope.Structure, f QuestionnaireFilter) ([]QuestionnaireSummary, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	if f.Limit <= 0 {
		f.Limit = 100
	}
	q := `SELECT ` + questionnaireColumns + ` FROM questionnaires WHERE structure_id = $1 AND id > $2`
	args := []any{sid, f.AfterID}
	if !f.UpdatedSince.IsZero() {
		q += ` AND updated_at >= $3`
		args = append(args, store.DBTime(f.UpdatedSince))
	}
	q += ` ORDER BY id LIMIT ` + strconv.Itoa(f.Limit)
	var out []QuestionnaireSummary
	idx := map[int64]int{}
	if err := s.EachRow(ctx, q, args, func(r *sql.Rows) error {
		qq, err := scanQuestionnaire(r)
		if err != nil {
			return err
		}
		idx[qq.ID] = len(out)
		out = append(out, QuestionnaireSummary{Questionnaire: qq, Counts: map[survey.Status]int{}})
		return nil
	}); err != nil || len(out) == 0 {
		return out, err
	}
	if err := s.EachRow(ctx, `SELECT v.questionnaire_id, MAX(CASE WHEN v.published_at IS NOT NULL THEN v.number ELSE 0 END), SUM(CASE WHEN v.published_at IS NULL THEN 1 ELSE 0 END)
		FROM questionnaire_versions v JOIN questionnaires q ON q.id = v.questionnaire_id WHERE q.structure_id = $1 GROUP BY v.questionnaire_id`, []any{sid}, func(r *sql.Rows) error {
		var id int64
		var current, drafts int
		if err := r.Scan(&id, &current, &drafts); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].CurrentVersion, out[i].HasDraft = current, drafts > 0
		}
		return nil
	}); err != nil {
		return nil, err
	}
	err = s.EachRow(ctx, `SELECT questionnaire_id, status, COUNT(*) FROM survey_responses WHERE structure_id = $1 GROUP BY questionnaire_id, status`, []any{sid}, func(r *sql.Rows) error {
		var id int64
		var st string
		var n int
		if err := r.Scan(&id, &st, &n); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].Counts[survey.Status(st)] = n
		}
		return nil
	})
	return out, err
}

// UpdateQuestionnaire saves the title, the answering and double-entry switches and the settings.
func (s *Store) UpdateQuestionnaire(ctx context.Context, sc scope.Structure, q survey.Questionnaire, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE questionnaires SET title = $1, open = $2, double_entry = $3, settings = $4, updated_at = $5 WHERE id = $6 AND structure_id = $7`,
			q.Title, q.Open, q.DoubleEntry, settingsJSON(q.Settings), store.DBTime(now), q.ID, sid)
		if err := oneRow(res, err); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// SaveDraft replaces the definition of the questionnaire's draft, or starts
// a new draft after the last published version.
func (s *Store) SaveDraft(ctx context.Context, sc scope.Structure, questionnaireID int64, def survey.Definition, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM questionnaires WHERE id = $1 AND structure_id = $2`, questionnaireID, sid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		res, err := tx.ExecContext(ctx, `UPDATE questionnaire_versions SET definition = $1, updated_at = $2 WHERE questionnaire_id = $3 AND published_at IS NULL`,
			definitionJSON(def), store.DBTime(now), questionnaireID)
		if err != nil {
			return err
		}
		if changed, _ := res.RowsAffected(); changed == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO questionnaire_versions (questionnaire_id, number, definition, created_at, updated_at)
				SELECT $1, COALESCE(MAX(number), 0) + 1, $2, $3, $3 FROM questionnaire_versions WHERE questionnaire_id = $1`,
				questionnaireID, definitionJSON(def), store.DBTime(now)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE questionnaires SET updated_at = $1 WHERE id = $2`, store.DBTime(now), questionnaireID)
		return err
	})
}

// PublishDraft freezes the draft: it becomes the version answers are given on.
func (s *Store) PublishDraft(ctx context.Context, sc scope.Structure, questionnaireID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE questionnaire_versions SET published_at = $1, updated_at = $1
			WHERE questionnaire_id = $2 AND published_at IS NULL AND questionnaire_id IN (SELECT id FROM questionnaires WHERE structure_id = $3)`,
			store.DBTime(now), questionnaireID, sid)
		if err := oneRow(res, err); err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return apperr.New(apperr.Conflict, "Il n'y a pas de brouillon à publier : créez d'abord une nouvelle version.")
			}
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE questionnaires SET updated_at = $1 WHERE id = $2`, store.DBTime(now), questionnaireID); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// --- answers

const responseColumns = `r.id, r.questionnaire_id, r.version_id, v.number, r.structure_id, r.channel, r.status, r.answers, COALESCE(r.external_id, ''), r.entry,
	r.consent_wording, r.consented_at, r.entered_by, r.entry_seconds, r.created_at, r.updated_at, r.submitted_at`

const responseFrom = ` FROM survey_responses r JOIN questionnaire_versions v ON v.id = r.version_id`

func scanResponse(sc interface{ Scan(...any) error }) (survey.Response, error) {
	var r survey.Response
	var channel, status, answers string
	var enteredBy sql.NullInt64
	var consented, created, updated, submitted sql.NullTime
	if err := sc.Scan(&r.ID, &r.QuestionnaireID, &r.VersionID, &r.VersionNumber, &r.StructureID, &channel, &status, &answers, &r.ExternalID, &r.Entry,
		&r.ConsentWording, &consented, &enteredBy, &r.EntrySeconds, &created, &updated, &submitted); err != nil {
		return r, err
	}
	r.Channel, r.Status, r.EnteredBy = survey.Channel(channel), survey.Status(status), enteredBy.Int64
	r.ConsentedAt, r.CreatedAt, r.UpdatedAt, r.SubmittedAt = store.UTC(consented), store.UTC(created), store.UTC(updated), store.UTC(submitted)
	return r, json.Unmarshal([]byte(answers), &r.Answers)
}

func answersJSON(a survey.Answers) string {
	if a == nil {
		a = survey.Answers{}
	}
	b, _ := json.Marshal(a)
	return string(b)
}

// insertResponse adds an answer; r.StructureID must be set.
func insertResponse(ctx context.Context, db store.Execer, r *survey.Response, resumeHash string) error {
	return db.QueryRowContext(ctx, `INSERT INTO survey_responses (questionnaire_id, version_id, structure_id, channel, status, answers, resume_hash, external_id, entry,
		consent_wording, consented_at, entered_by, entry_seconds, created_at, updated_at, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) RETURNING id`,
		r.QuestionnaireID, r.VersionID, r.StructureID, string(r.Channel), string(r.Status), answersJSON(r.Answers), store.NullStr(resumeHash), store.NullStr(r.ExternalID), r.Entry,
		r.ConsentWording, store.DBTime(r.ConsentedAt), store.NullInt(r.EnteredBy), r.EntrySeconds, store.DBTime(r.CreatedAt), store.DBTime(r.SubmittedAt)).Scan(&r.ID)
}

// ownsQuestionnaire checks, inside a transaction, that the questionnaire is the structure's.
func ownsQuestionnaire(ctx context.Context, tx *sql.Tx, sid, questionnaireID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM questionnaires WHERE id = $1 AND structure_id = $2`, questionnaireID, sid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// AddResponse records an answer typed by staff or sent through the API. When
// other is set, that earlier entry of the same paper questionnaire takes
// the given status in the same transaction (double entry).
func (s *Store) AddResponse(ctx context.Context, sc scope.Structure, r *survey.Response, other *StatusChange, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	r.StructureID = sid
	r.CreatedAt = now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := ownsQuestionnaire(ctx, tx, sid, r.QuestionnaireID); err != nil {
			return err
		}
		if err := insertResponse(ctx, tx, r, ""); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "Ce questionnaire papier a déjà été saisi (même référence et même saisie).")
			}
			return err
		}
		if other != nil {
			if err := setStatus(ctx, tx, sid, *other, now); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// StatusChange moves an answer to a status, with new answers when set.
type StatusChange struct {
	ResponseID int64
	Status     survey.Status
	Answers    survey.Answers // nil: unchanged
}

func setStatus(ctx context.Context, tx *sql.Tx, sid int64, c StatusChange, now time.Time) error {
	q := `UPDATE survey_responses SET status = $1, updated_at = $2 WHERE id = $3 AND structure_id = $4`
	args := []any{string(c.Status), store.DBTime(now), c.ResponseID, sid}
	if c.Answers != nil {
		q = `UPDATE survey_responses SET status = $1, updated_at = $2, answers = $5 WHERE id = $3 AND structure_id = $4`
		args = append(args, answersJSON(c.Answers))
	}
	res, err := tx.ExecContext(ctx, q, args...)
	return oneRow(res, err)
}

// ChangeStatuses applies status changes in one transaction (a disagreement resolved).
func (s *Store) ChangeStatuses(ctx context.Context, sc scope.Structure, changes []StatusChange, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		for _, c := range changes {
			if err := setStatus(ctx, tx, sid, c, now); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// PaperEntries returns the entries of one paper questionnaire, by its reference.
func (s *Store) PaperEntries(ctx context.Context, sc scope.Structure, questionnaireID int64, ref string) ([]survey.Response, error) {
	return s.responses(ctx, sc, ` AND r.questionnaire_id = $2 AND r.channel = 'papier' AND r.external_id = $3 ORDER BY r.entry`, questionnaireID, ref)
}

// ResponseFilter narrows a list of answers.
type ResponseFilter struct {
	Status       survey.Status // empty: every status
	UpdatedSince time.Time
	AfterID      int64
	Limit        int // 0: no limit
}

// ListResponses returns a questionnaire's answers by id.
func (s *Store) ListResponses(ctx context.Context, sc scope.Structure, questionnaireID int64, f ResponseFilter) ([]survey.Response, error) {
	where := ` AND r.questionnaire_id = $2 AND r.id > $3`
	args := []any{questionnaireID, f.AfterID}
	if f.Status != "" {
		args = append(args, string(f.Status))
		where += ` AND r.status = $` + strconv.Itoa(len(args)+1)
	}
	if !f.UpdatedSince.IsZero() {
		args = append(args, store.DBTime(f.UpdatedSince))
		where += ` AND r.updated_at >= $` + strconv.Itoa(len(args)+1)
	}
	where += ` ORDER BY r.id`
	if f.Limit > 0 {
		where += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	return s.responses(ctx, sc, where, args...)
}

// Response returns one answer of the structure.
func (s *Store) Response(ctx context.Context, sc scope.Structure, id int64) (survey.Response, error) {
	rs, err := s.responses(ctx, sc, ` AND r.id = $2`, id)
	if err != nil {
		return survey.Response{}, err
	}
	if len(rs) == 0 {
		return survey.Response{}, apperr.NotFoundError()
	}
	return rs[0], nil
}

func (s *Store) responses(ctx context.Context, sc scope.Structure, where string, args ...any) ([]survey.Response, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []survey.Response
	err = s.EachRow(ctx, `SELECT `+responseColumns+responseFrom+` WHERE r.structure_id = $1`+where, append([]any{sid}, args...), func(r *sql.Rows) error {
		resp, err := scanResponse(r)
		out = append(out, resp)
		return err
	})
	return out, err
}

// ExternalIDs lists the identifiers already imported into a questionnaire through a channel.
func (s *Store) ExternalIDs(ctx context.Context, sc scope.Structure, questionnaireID int64, channel survey.Channel) (map[string]bool, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	err = s.EachRow(ctx, `SELECT external_id FROM survey_responses WHERE structure_id = $1 AND questionnaire_id = $2 AND channel = $3 AND external_id IS NOT NULL`,
		[]any{sid, questionnaireID, string(channel)}, func(r *sql.Rows) error {
			var id string
			if err := r.Scan(&id); err != nil {
				return err
			}
			out[id] = true
			return nil
		})
	return out, err
}

// SurveyImport is the record of one import.
type SurveyImport struct {
	ID              int64
	QuestionnaireID int64
	Format          string
	FileName        string
	Rows            int
	Imported        int
	Duplicates      int
	Rejected        int
	Report          []byte // JSON
	UserID          int64
	CreatedAt       time.Time
}

// ImportResponses records the imported answers and the import's report in
// one transaction.
func (s *Store) ImportResponses(ctx context.Context, sc scope.Structure, rs []survey.Response, imp *SurveyImport, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := ownsQuestionnaire(ctx, tx, sid, imp.QuestionnaireID); err != nil {
			return err
		}
		if err := s.insertResponses(ctx, tx, sid, rs, now); err != nil {
			if store.IsUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "Une autre importation du même fichier vient d'avoir lieu : recommencez pour voir les doublons.")
			}
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_imports (questionnaire_id, structure_id, format, file_name, rows_read, imported, duplicates, rejected, report, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			imp.QuestionnaireID, sid, imp.Format, imp.FileName, imp.Rows, imp.Imported, imp.Duplicates, imp.Rejected, string(imp.Report), store.NullInt(imp.UserID), store.DBTime(now)).Scan(&imp.ID); err != nil {
			return err
		}
		imp.CreatedAt = now.UTC()
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// AddResponses records many answers in one transaction (the demo territory's).
func (s *Store) AddResponses(ctx context.Context, sc scope.Structure, questionnaireID int64, rs []survey.Response, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := ownsQuestionnaire(ctx, tx, sid, questionnaireID); err != nil {
			return err
		}
		for i := range rs {
			rs[i].QuestionnaireID = questionnaireID
		}
		if err := s.insertResponses(ctx, tx, sid, rs, now); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// insertResponses adds answers, many rows per statement.
func (s *Store) insertResponses(ctx context.Context, tx *sql.Tx, sid int64, rs []survey.Response, now time.Time) error {
	return s.InsertRows(ctx, tx, `INSERT INTO survey_responses (questionnaire_id, version_id, structure_id, channel, status, answers, external_id, entry, created_at, updated_at, submitted_at)`,
		11, len(rs), func(i int) []any {
			r := &rs[i]
			r.StructureID, r.CreatedAt, r.UpdatedAt = sid, now.UTC(), now.UTC()
			return []any{r.QuestionnaireID, r.VersionID, sid, string(r.Channel), string(r.Status), answersJSON(r.Answers), store.NullStr(r.ExternalID), r.Entry, store.DBTime(now), store.DBTime(now), store.DBTime(r.SubmittedAt)}
		})
}

// SurveyImports lists a questionnaire's imports, newest first (reports not loaded).
func (s *Store) SurveyImports(ctx context.Context, sc scope.Structure, questionnaireID int64) ([]SurveyImport, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []SurveyImport
	err = s.EachRow(ctx, `SELECT id, questionnaire_id, format, file_name, rows_read, imported, duplicates, rejected, COALESCE(user_id, 0), created_at
		FROM survey_imports WHERE structure_id = $1 AND questionnaire_id = $2 ORDER BY id DESC`, []any{sid, questionnaireID}, func(r *sql.Rows) error {
		var im SurveyImport
		var created sql.NullTime
		if err := r.Scan(&im.ID, &im.QuestionnaireID, &im.Format, &im.FileName, &im.Rows, &im.Imported, &im.Duplicates, &im.Rejected, &im.UserID, &created); err != nil {
			return err
		}
		im.CreatedAt = store.UTC(created)
		out = append(out, im)
		return nil
	})
	return out, err
}

// SurveyImportReport returns one import with its report.
func (s *Store) SurveyImportReport(ctx context.Context, sc scope.Structure, id int64) (SurveyImport, error) {
	sid, err := sc.ID()
	if err != nil {
		return SurveyImport{}, err
	}
	var im SurveyImport
	var created sql.NullTime
	var report string
	err = s.Reader().QueryRowContext(ctx, `SELECT id, questionnaire_id, format, file_name, rows_read, imported, duplicates, rejected, report, COALESCE(user_id, 0), created_at
		FROM survey_imports WHERE structure_id = $1 AND id = $2`, sid, id).Scan(&im.ID, &im.QuestionnaireID, &im.Format, &im.FileName, &im.Rows, &im.Imported, &im.Duplicates, &im.Rejected, &report, &im.UserID, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return im, apperr.NotFoundError()
	}
	im.CreatedAt, im.Report = store.UTC(created), []byte(report)
	return im, err
}

// --- public answering

// StartPublicResponse records the start of an online answer, resumable with
// the code whose hash is given: the public answering pages only.
func (s *Store) StartPublicResponse(ctx context.Context, r *survey.Response, resumeHash string, now time.Time) error {
	r.Channel, r.Status, r.CreatedAt = survey.Online, survey.InProgress, now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		var sid int64
		if err := tx.QueryRowContext(ctx, `SELECT structure_id FROM questionnaires WHERE id = $1`, r.QuestionnaireID).Scan(&sid); err != nil {
			return err
		}
		r.StructureID = sid
		return insertResponse(ctx, tx, r, resumeHash)
	})
}

// PublicResponse returns an online answer in progress of a questionnaire,
// by id or by the hash of its resume code: the public answering pages only.
func (s *Store) PublicResponse(ctx context.Context, questionnaireID, id int64, resumeHash string) (survey.Response, error) {
	q := `SELECT ` + responseColumns + responseFrom + ` WHERE r.questionnaire_id = $1 AND r.channel = 'en_ligne' AND `
	arg := any(id)
	if resumeHash != "" {
		q, arg = q+`r.resume_hash = $2`, resumeHash
	} else {
		q += `r.id = $2`
	}
	r, err := scanResponse(s.Reader().QueryRowContext(ctx, q, questionnaireID, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	return r, err
}

// SavePublicResponse saves an online answer in progress; submitted, it is
// complete and can no longer be resumed (its code is forgotten).
func (s *Store) SavePublicResponse(ctx context.Context, r *survey.Response, submit bool, now time.Time) error {
	q := `UPDATE survey_responses SET answers = $1, updated_at = $2 WHERE id = $3 AND questionnaire_id = $4 AND status = 'en_cours'`
	args := []any{answersJSON(r.Answers), store.DBTime(now), r.ID, r.QuestionnaireID}
	if submit {
		q = `UPDATE survey_responses SET answers = $1, updated_at = $2, status = 'complete', submitted_at = $2, resume_hash = NULL WHERE id = $3 AND questionnaire_id = $4 AND status = 'en_cours'`
	}
	res, err := s.Writer().ExecContext(ctx, q, args...)
	if err := oneRow(res, err); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			return apperr.New(apperr.Conflict, "Ce questionnaire a déjà été envoyé.")
		}
		return err
	}
	if submit {
		r.Status, r.SubmittedAt = survey.Complete, now.UTC()
	}
	return nil
}

// --- benchmarks

const benchmarkColumns = `id, structure_id, indicator, value, source, publication, fieldwork_year, population, age_min, age_max, wording, breakdown,
	question_key, choice_values, subgroup_role, subgroup_values, updated_at`

func scanBenchmark(sc interface{ Scan(...any) error }) (survey.Benchmark, error) {
	var b survey.Benchmark
	var choices, role, subValues string
	var updated sql.NullTime
	err := sc.Scan(&b.ID, &b.StructureID, &b.Indicator, &b.Value, &b.Source, &b.Publication, &b.Year, &b.Population, &b.AgeMin, &b.AgeMax, &b.Wording, &b.Breakdown,
		&b.QuestionKey, &choices, &role, &subValues, &updated)
	b.ChoiceValues, b.SubgroupRole, b.SubgroupValues, b.UpdatedAt = store.SplitList(choices), survey.Role(role), store.SplitList(subValues), store.UTC(updated)
	return b, err
}

func benchmarkArgs(b *survey.Benchmark) []any {
	return []any{b.Indicator, b.Value, b.Source, b.Publication, b.Year, b.Population, b.AgeMin, b.AgeMax, b.Wording, b.Breakdown,
		b.QuestionKey, strings.Join(b.ChoiceValues, "|"), string(b.SubgroupRole), strings.Join(b.SubgroupValues, "|")}
}

// Benchmarks returns the structure's national benchmarks; the first time, it
// seeds them with the given ones.
func (s *Store) Benchmarks(ctx context.Context, sc scope.Structure, seed []survey.Benchmark, now time.Time) ([]survey.Benchmark, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var n int
	if err := s.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_benchmarks WHERE structure_id = $1`, sid).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 && len(seed) > 0 {
		if err := s.Write(ctx, func(tx *sql.Tx) error {
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_benchmarks WHERE structure_id = $1`, sid).Scan(&n); err != nil || n > 0 {
				return err
			}
			for i := range seed {
				if _, err := tx.ExecContext(ctx, `INSERT INTO survey_benchmarks (structure_id, indicator, value, source, publication, fieldwork_year, population, age_min, age_max, wording, breakdown,
					question_key, choice_values, subgroup_role, subgroup_values, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
					append(append([]any{sid}, benchmarkArgs(&seed[i])...), store.DBTime(now))...); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return nil, err
		}
	}
	var out []survey.Benchmark
	err = s.EachRow(ctx, `SELECT `+benchmarkColumns+` FROM survey_benchmarks WHERE structure_id = $1 ORDER BY id`, []any{sid}, func(r *sql.Rows) error {
		b, err := scanBenchmark(r)
		out = append(out, b)
		return err
	})
	return out, err
}

// Benchmark returns one benchmark of the structure.
func (s *Store) Benchmark(ctx context.Context, sc scope.Structure, id int64) (survey.Benchmark, error) {
	sid, err := sc.ID()
	if err != nil {
		return survey.Benchmark{}, err
	}
	b, err := scanBenchmark(s.Reader().QueryRowContext(ctx, `SELECT `+benchmarkColumns+` FROM survey_benchmarks WHERE structure_id = $1 AND id = $2`, sid, id))
	if errors.Is(err, sql.ErrNoRows) {
		return b, apperr.NotFoundError()
	}
	return b, err
}

// SaveBenchmark creates (ID 0) or updates a benchmark of the structure.
func (s *Store) SaveBenchmark(ctx context.Context, sc scope.Structure, b *survey.Benchmark, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	b.StructureID, b.UpdatedAt = sid, now.UTC()
	return s.Write(ctx, func(tx *sql.Tx) error {
		args := append(benchmarkArgs(b), store.DBTime(now), sid)
		if b.ID == 0 {
			if err := tx.QueryRowContext(ctx, `INSERT INTO survey_benchmarks (indicator, value, source, publication, fieldwork_year, population, age_min, age_max, wording, breakdown,
				question_key, choice_values, subgroup_role, subgroup_values, updated_at, structure_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
				args...).Scan(&b.ID); err != nil {
				return err
			}
		} else {
			res, err := tx.ExecContext(ctx, `UPDATE survey_benchmarks SET indicator = $1, value = $2, source = $3, publication = $4, fieldwork_year = $5, population = $6,
				age_min = $7, age_max = $8, wording = $9, breakdown = $10, question_key = $11, choice_values = $12, subgroup_role = $13, subgroup_values = $14, updated_at = $15
				WHERE structure_id = $16 AND id = $17`, append(args, b.ID)...)
			if err := oneRow(res, err); err != nil {
				return err
			}
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// DeleteBenchmark removes a benchmark of the structure.
func (s *Store) DeleteBenchmark(ctx context.Context, sc scope.Structure, id int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM survey_benchmarks WHERE structure_id = $1 AND id = $2`, sid, id)
		if err := oneRow(res, err); err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}
