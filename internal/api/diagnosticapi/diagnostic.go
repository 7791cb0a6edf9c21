package diagnosticapi

// Diagnostic of the territory: questionnaires, answers, imports, analyses,
// national benchmarks and the fragility index.

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/api/apiio"
	"github.com/parcours-numerique/parcours/internal/app"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/fragilityindex"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
	"github.com/parcours-numerique/parcours/internal/surveyimport"
)

// API serves the diagnostic's operations through the application's services.
type API struct {
	app     *app.App
	baseURL string
	log     *slog.Logger
}

// New returns the diagnostic's operations; baseURL is the public address
// (empty: the address the caller reached).
func New(ap *app.App, baseURL string, log *slog.Logger) *API {
	return &API{app: ap, baseURL: baseURL, log: log}
}

// Fail answers with the API's structured error.
func (a *API) Fail(w http.ResponseWriter, r *http.Request, err error) { apiio.Fail(a.log, w, r, err) }

// Routes lists this capability's API operations.
func (a *API) Routes() []apiio.Route {
	const q = apiio.Prefix + "/questionnaires/{id}"
	return []apiio.Route{
		{Pattern: "GET " + apiio.Prefix + "/questionnaires", OperationID: "listQuestionnaires", Perm: account.PermDiagnostic, Handler: a.listQuestionnaires},
		{Pattern: "POST " + apiio.Prefix + "/questionnaires", OperationID: "createQuestionnaire", Perm: account.PermDiagnostic, Handler: a.createQuestionnaire},
		{Pattern: "GET " + q, OperationID: "getQuestionnaire", Perm: account.PermDiagnostic, Handler: a.getQuestionnaire},
		{Pattern: "PUT " + q + "/brouillon", OperationID: "updateQuestionnaireDraft", Perm: account.PermDiagnostic, Handler: a.updateQuestionnaireDraft},
		{Pattern: "POST " + q + "/publication", OperationID: "publishQuestionnaire", Perm: account.PermDiagnostic, Handler: a.publishQuestionnaire},
		{Pattern: "PUT " + q + "/reglages", OperationID: "updateQuestionnaireSettings", Perm: account.PermDiagnostic, Handler: a.updateQuestionnaireSettings},
		{Pattern: "PUT " + q + "/croisements", OperationID: "setSurveyCrosstabs", Perm: account.PermDiagnostic, Handler: a.setSurveyCrosstabs},
		{Pattern: "PUT " + q + "/marges", OperationID: "setSurveyMargins", Perm: account.PermDiagnostic, Handler: a.setSurveyMargins},
		{Pattern: "GET " + q + "/reponses", OperationID: "listSurveyResponses", Perm: account.PermDiagnostic, Handler: a.listSurveyResponses},
		{Pattern: "POST " + q + "/reponses", OperationID: "createSurveyResponse", Perm: account.PermDiagnosticEntry, Handler: a.createSurveyResponse},
		{Pattern: "POST " + q + "/imports", OperationID: "importSurveyResponses", Perm: account.PermDiagnostic, Handler: a.importSurveyResponses},
		{Pattern: "GET " + q + "/analyse", OperationID: "getSurveyAnalysis", Perm: account.PermDiagnostic, Handler: a.getSurveyAnalysis},
		{Pattern: "GET " + apiio.Prefix + "/reperes-nationaux", OperationID: "listBenchmarks", Perm: account.PermDiagnostic, Handler: a.listBenchmarks},
		{Pattern: "POST " + apiio.Prefix + "/reperes-nationaux", OperationID: "createBenchmark", Perm: account.PermDiagnostic, Handler: a.createBenchmark},
		{Pattern: "PUT " + apiio.Prefix + "/reperes-nationaux/{id}", OperationID: "updateBenchmark", Perm: account.PermDiagnostic, Handler: a.updateBenchmark},
		{Pattern: "DELETE " + apiio.Prefix + "/reperes-nationaux/{id}", OperationID: "deleteBenchmark", Perm: account.PermDiagnostic, Handler: a.deleteBenchmark},
		{Pattern: "GET " + apiio.Prefix + "/fragilite", OperationID: "getFragilityIndex", Perm: account.PermFragility, Handler: a.getFragilityIndex},
	}
}

// --- questionnaires

type questionnaireSummaryOut struct {
	ID        int64          `json:"id"`
	Title     string         `json:"titre"`
	Open      bool           `json:"ouvert"`
	Current   *int           `json:"version_publiee"`
	Draft     bool           `json:"brouillon"`
	Counts    map[string]int `json:"reponses"`
	UpdatedAt string         `json:"modifie_le"`
}

type questionnairesPage struct {
	Questionnaires []questionnaireSummaryOut `json:"questionnaires"`
	Next           *string                   `json:"suivant"`
}

func (a *API) listQuestionnaires(w http.ResponseWriter, r *http.Request) {
	since, after, limit, err := apiio.PageQuery(r, 200)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	list, err := a.app.Surveys.List(r.Context(), account.ActorFrom(r.Context()), surveys.ListFilter{UpdatedSince: since, AfterID: after, Limit: limit})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := questionnairesPage{Questionnaires: make([]questionnaireSummaryOut, len(list))}
	for i, q := range list {
		o := questionnaireSummaryOut{ID: q.ID, Title: q.Title, Open: q.Open, Draft: q.HasDraft, Counts: map[string]int{}, UpdatedAt: apiio.RFC3339(q.UpdatedAt)}
		if q.CurrentVersion > 0 {
			n := q.CurrentVersion
			o.Current = &n
		}
		for st, n := range q.Counts {
			o.Counts[string(st)] = n
		}
		out.Questionnaires[i] = o
	}
	if len(list) == limit {
		out.Next = apiio.EncodeCursor("d", list[len(list)-1].ID)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

type versionOut struct {
	ID          int64             `json:"id"`
	Number      int               `json:"numero"`
	PublishedAt *string           `json:"publiee_le"`
	Definition  survey.Definition `json:"definition"`
}

type questionnaireOut struct {
	ID          int64             `json:"id"`
	Title       string            `json:"titre"`
	PublicURL   string            `json:"lien_public"`
	Open        bool              `json:"ouvert"`
	DoubleEntry bool              `json:"double_saisie"`
	Current     *int              `json:"version_publiee"`
	Versions    []versionOut      `json:"versions"`
	Crosstabs   []survey.Crosstab `json:"croisements"`
	Margins     *survey.Margins   `json:"marges"`
	CreatedAt   string            `json:"cree_le"`
	UpdatedAt   string            `json:"modifie_le"`
}

func (a *API) questionnaireJSON(r *http.Request, q survey.Questionnaire) questionnaireOut {
	base := strings.TrimRight(a.baseURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	o := questionnaireOut{ID: q.ID, Title: q.Title, PublicURL: base + "/enquetes/" + q.PublicToken, Open: q.Open, DoubleEntry: q.DoubleEntry,
		Crosstabs: q.Settings.Crosstabs, Margins: q.Settings.Margins, CreatedAt: apiio.RFC3339(q.CreatedAt), UpdatedAt: apiio.RFC3339(q.UpdatedAt), Versions: []versionOut{}}
	if o.Crosstabs == nil {
		o.Crosstabs = []survey.Crosstab{}
	}
	for _, v := range q.Versions {
		o.Versions = append(o.Versions, versionOut{ID: v.ID, Number: v.Number, PublishedAt: apiio.RFC3339OrNull(v.PublishedAt), Definition: v.Definition})
	}
	if c, ok := q.Current(); ok {
		n := c.Number
		o.Current = &n
	}
	return o
}

type newQuestionnaireIn struct {
	Title     string `json:"titre"`
	Model     string `json:"modele"`
	Districts []struct {
		Value string `json:"valeur"`
		Label string `json:"libelle"`
	} `json:"quartiers"`
}

func (a *API) createQuestionnaire(w http.ResponseWriter, r *http.Request) {
	var in newQuestionnaireIn
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	nq := surveys.NewQuestionnaire{Title: in.Title, Template: in.Model == "abs"}
	for _, d := range in.Districts {
		nq.Districts = append(nq.Districts, survey.Choice{Value: d.Value, Label: d.Label})
	}
	q, err := a.app.Surveys.Create(r.Context(), account.ActorFrom(r.Context()), nq)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusCreated, a.questionnaireJSON(r, q))
}

// answerQuestionnaire answers with the questionnaire, or the error.
func (a *API) answerQuestionnaire(w http.ResponseWriter, r *http.Request, q survey.Questionnaire, err error) {
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, a.questionnaireJSON(r, q))
}

func (a *API) getQuestionnaire(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.Get(r.Context(), account.ActorFrom(r.Context()), id)
	a.answerQuestionnaire(w, r, q, err)
}

func (a *API) updateQuestionnaireDraft(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var def survey.Definition
	if err := apiio.Decode(r, &def); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.SaveDraft(r.Context(), account.ActorFrom(r.Context()), id, def)
	a.answerQuestionnaire(w, r, q, err)
}

func (a *API) publishQuestionnaire(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.Publish(r.Context(), account.ActorFrom(r.Context()), id)
	a.answerQuestionnaire(w, r, q, err)
}

func (a *API) updateQuestionnaireSettings(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Title       string `json:"titre"`
		Open        bool   `json:"ouvert"`
		DoubleEntry bool   `json:"double_saisie"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.UpdateSettings(r.Context(), account.ActorFrom(r.Context()), id, surveys.Settings{Title: in.Title, Open: in.Open, DoubleEntry: in.DoubleEntry})
	a.answerQuestionnaire(w, r, q, err)
}

func (a *API) setSurveyCrosstabs(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Crosstabs []survey.Crosstab `json:"croisements"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.SetCrosstabs(r.Context(), account.ActorFrom(r.Context()), id, in.Crosstabs)
	a.answerQuestionnaire(w, r, q, err)
}

func (a *API) setSurveyMargins(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Margins *survey.Margins `json:"marges"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	q, err := a.app.Surveys.SetMargins(r.Context(), account.ActorFrom(r.Context()), id, in.Margins)
	a.answerQuestionnaire(w, r, q, err)
}

// --- answers

type responseOut struct {
	ID          int64          `json:"id"`
	Version     int            `json:"version"`
	Channel     string         `json:"canal"`
	Status      string         `json:"statut"`
	Answers     survey.Answers `json:"reponses"`
	Reference   string         `json:"reference"`
	Entry       int            `json:"saisie"`
	Consent     string         `json:"consentement"`
	CreatedAt   string         `json:"cree_le"`
	UpdatedAt   string         `json:"modifie_le"`
	SubmittedAt *string        `json:"envoyee_le"`
}

func responseJSON(r survey.Response) responseOut {
	if r.Answers == nil {
		r.Answers = survey.Answers{}
	}
	updated := r.UpdatedAt
	if updated.IsZero() {
		updated = r.CreatedAt
	}
	return responseOut{ID: r.ID, Version: r.VersionNumber, Channel: string(r.Channel), Status: string(r.Status), Answers: r.Answers, Reference: r.ExternalID,
		Entry: r.Entry, Consent: r.ConsentWording, CreatedAt: apiio.RFC3339(r.CreatedAt), UpdatedAt: apiio.RFC3339(updated), SubmittedAt: apiio.RFC3339OrNull(r.SubmittedAt)}
}

func (a *API) listSurveyResponses(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	since, after, limit, err := apiio.PageQuery(r, 1000, "statut")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	rs, err := a.app.Surveys.Responses(r.Context(), account.ActorFrom(r.Context()), id,
		surveys.ResponseFilter{Status: survey.Status(r.URL.Query().Get("statut")), UpdatedSince: since, AfterID: after, Limit: limit})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := struct {
		Responses []responseOut `json:"reponses"`
		Next      *string       `json:"suivant"`
	}{Responses: make([]responseOut, len(rs))}
	for i, resp := range rs {
		out.Responses[i] = responseJSON(resp)
	}
	if len(rs) == limit {
		out.Next = apiio.EncodeCursor("d", rs[len(rs)-1].ID)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}

func (a *API) createSurveyResponse(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Channel   string         `json:"canal"`
		Reference string         `json:"reference"`
		Consent   bool           `json:"consentement_papier"`
		Answers   survey.Answers `json:"reponses"`
	}
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	act := account.ActorFrom(r.Context())
	out := struct {
		Response responseOut `json:"reponse"`
		Message  string      `json:"message"`
		Differ   []string    `json:"desaccords"`
	}{Differ: []string{}}
	if in.Channel == "papier" {
		res, err := a.app.Surveys.EnterPaper(r.Context(), act, id, surveys.PaperEntry{Reference: in.Reference, Answers: in.Answers, Consent: in.Consent})
		if err != nil {
			a.Fail(w, r, renameAPIFields(err))
			return
		}
		out.Response, out.Message = responseJSON(res.Response), res.Message()
		if res.Differ != nil {
			out.Differ = res.Differ
		}
	} else {
		resp, err := a.app.Surveys.RecordAPI(r.Context(), act, id, in.Reference, in.Answers)
		if err != nil {
			a.Fail(w, r, renameAPIFields(err))
			return
		}
		out.Response, out.Message = responseJSON(resp), "Réponse enregistrée et comptée."
	}
	apiio.WriteJSON(w, http.StatusCreated, out)
}

// renameAPIFields names the answers' errors as the body does: reponses.<clé>.
func renameAPIFields(err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return err
	}
	for i, f := range e.Fields {
		switch f.Field {
		case "reference", "consentement":
			if f.Field == "consentement" {
				e.Fields[i].Field = "consentement_papier"
			}
		case "identifiant_externe":
			e.Fields[i].Field = "reference"
		default:
			e.Fields[i].Field = "reponses." + f.Field
		}
	}
	return e
}

// maxImportBody bounds an import's JSON body: the file in base 64, and its form.
const maxImportBody = 100 << 20

func (a *API) importSurveyResponses(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	var in struct {
		Format   string `json:"format"`
		FileName string `json:"nom_fichier"`
		Content  string `json:"contenu"`
		Base64   string `json:"contenu_base64"`
		XLSForm  string `json:"xlsform_base64"`
		Mapping  *struct {
			Columns map[string]string            `json:"colonnes"`
			Values  map[string]map[string]string `json:"valeurs"`
		} `json:"correspondances"`
		DryRun bool `json:"verification_seule"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxImportBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		a.Fail(w, r, apperr.New(apperr.Invalid, "JSON illisible ou trop gros."))
		return
	}
	var v apperr.Validation
	data := []byte(in.Content)
	switch {
	case in.Content != "" && in.Base64 != "":
		v.Add("contenu", "Donnez contenu ou contenu_base64, pas les deux.")
	case in.Base64 != "":
		if data, err = base64.StdEncoding.DecodeString(in.Base64); err != nil {
			v.Add("contenu_base64", "Base 64 illisible.")
		}
	case in.Content == "":
		v.Add("contenu", "Donnez le fichier : contenu (texte CSV) ou contenu_base64.")
	}
	var form []byte
	if in.XLSForm != "" {
		if form, err = base64.StdEncoding.DecodeString(in.XLSForm); err != nil {
			v.Add("xlsform_base64", "Base 64 illisible.")
		}
	}
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	imp := surveys.ImportInput{Format: surveyimport.Format(in.Format), FileName: in.FileName, Data: data, XLSForm: form, DryRun: in.DryRun}
	if in.Mapping != nil {
		imp.Mapping = surveyimport.Mapping{Columns: in.Mapping.Columns, Values: in.Mapping.Values}
	}
	res, err := a.app.Surveys.Import(r.Context(), account.ActorFrom(r.Context()), id, imp)
	if err != nil {
		a.Fail(w, r, apiio.RenameFields(err, map[string]string{"fichier": "contenu"}))
		return
	}
	status := http.StatusCreated
	if in.DryRun {
		status = http.StatusOK
	}
	apiio.WriteJSON(w, status, importJSON(res))
}

type importOut struct {
	ID         *int64      `json:"id"`
	Rows       int         `json:"lignes"`
	Imported   int         `json:"importees"`
	Duplicates int         `json:"doublons"`
	Rejected   int         `json:"refusees"`
	Columns    []columnOut `json:"colonnes"`
	Ignored    []string    `json:"ignorees"`
	Unmapped   []string    `json:"sans_colonne"`
	Results    []rowOut    `json:"resultats"`
}

type columnOut struct {
	Header   string `json:"en_tete"`
	Question string `json:"question"`
	Choice   string `json:"choix,omitempty"`
}

type rowOut struct {
	Line    int      `json:"ligne"`
	ID      string   `json:"identifiant"`
	Outcome string   `json:"resultat"`
	Reasons []string `json:"raisons"`
}

func importJSON(res surveys.ImportResult) importOut {
	rep := res.Report
	o := importOut{Rows: rep.Rows, Imported: rep.Imported, Duplicates: rep.Duplicates, Rejected: rep.Rejected,
		Columns: []columnOut{}, Ignored: append([]string{}, rep.Ignored...), Unmapped: append([]string{}, rep.Unmapped...), Results: []rowOut{}}
	if res.ImportID != 0 {
		id := res.ImportID
		o.ID = &id
	}
	for _, c := range rep.Columns {
		o.Columns = append(o.Columns, columnOut{Header: c.Header, Question: c.Question, Choice: c.Choice})
	}
	for _, x := range rep.Results {
		o.Results = append(o.Results, rowOut{Line: x.Line, ID: x.ExternalID, Outcome: string(x.Outcome), Reasons: append([]string{}, x.Reasons...)})
	}
	return o
}

// --- analysis

type shareOut struct {
	Value         float64 `json:"valeur"`
	Low           float64 `json:"basse"`
	High          float64 `json:"haute"`
	Base          int     `json:"base"`
	EffectiveBase float64 `json:"base_effective"`
}

func share(p stats.Proportion) *shareOut {
	return &shareOut{Value: p.Value, Low: p.Low, High: p.High, Base: p.Base, EffectiveBase: p.EffectiveBase}
}

type analysisRowOut struct {
	Value  string    `json:"valeur"`
	Label  string    `json:"libelle"`
	Count  *int      `json:"effectif"`
	Share  *shareOut `json:"part"`
	Hidden string    `json:"masque"`
}

type comparisonOut struct {
	Indicator  string    `json:"indicateur"`
	Source     string    `json:"source"`
	Year       int       `json:"annee"`
	Population string    `json:"population"`
	National   float64   `json:"valeur_nationale"`
	Group      string    `json:"groupe"`
	Comparable bool      `json:"comparable"`
	Local      *shareOut `json:"local"`
	Gap        bool      `json:"ecart"`
	Position   string    `json:"position"`
	Sentence   string    `json:"phrase"`
	Notes      []string  `json:"notes"`
}

type questionAnalysisOut struct {
	Key          string           `json:"cle"`
	Label        string           `json:"libelle"`
	Section      string           `json:"section"`
	Kind         string           `json:"type"`
	Base         int              `json:"base"`
	EffBase      float64          `json:"base_effective"`
	Missing      int              `json:"sans_reponse"`
	NotAsked     int              `json:"non_concernes"`
	OutOfVersion int              `json:"hors_version"`
	TooSmall     bool             `json:"base_insuffisante"`
	Rows         []analysisRowOut `json:"lignes"`
	Summary      string           `json:"resume"`
	Texts        int              `json:"textes"`
	Comparisons  []comparisonOut  `json:"comparaisons"`
	Note         string           `json:"note"`
}

type cellOut struct {
	Count   *int     `json:"effectif"`
	Percent *float64 `json:"part_colonne"`
}

type crosstabOut struct {
	Question    string      `json:"question"`
	By          string      `json:"par"`
	Title       string      `json:"titre"`
	Rows        []string    `json:"lignes"`
	Cols        []string    `json:"colonnes"`
	Cells       [][]cellOut `json:"cellules"`
	Test        string      `json:"test"`
	Reason      string      `json:"raison"`
	ChiSquare   float64     `json:"khi2"`
	DF          int         `json:"ddl"`
	P           float64     `json:"p"`
	CramersV    float64     `json:"v_cramer"`
	Significant bool        `json:"significatif"`
	Sentence    string      `json:"phrase"`
}

type weightingOut struct {
	Source     string   `json:"source"`
	Margins    []string `json:"marges"`
	Converged  bool     `json:"convergence"`
	Iterations int      `json:"iterations"`
	MaxGap     float64  `json:"ecart_max"`
	Trimmed    int      `json:"ecretes"`
	EffectiveN float64  `json:"n_effectif"`
	DEff       float64  `json:"effet_plan"`
	LeftOut    int      `json:"exclus"`
}

type analysisOut struct {
	Title       string                `json:"titre"`
	Version     int                   `json:"version"`
	Audience    string                `json:"diffusion"`
	Respondents int                   `json:"reponses"`
	Analysed    int                   `json:"analysees"`
	Weighting   *weightingOut         `json:"redressement"`
	Notices     []string              `json:"avertissements"`
	Questions   []questionAnalysisOut `json:"questions"`
	Crosstabs   []crosstabOut         `json:"croisements"`
	Method      []string              `json:"methode"`
}

func (a *API) getSurveyAnalysis(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	q := r.URL.Query()
	var v apperr.Validation
	for k := range q {
		if k != "ponderation" && k != "diffusion" {
			v.Add(k, "Paramètre inconnu « "+k+" » : ponderation, diffusion.")
		}
	}
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	o := surveys.AnalysisOptions{Weighted: q.Get("ponderation") == "true", Audience: surveyanalysis.Audience(q.Get("diffusion"))}
	rep, _, err := a.app.Surveys.Analyse(r.Context(), account.ActorFrom(r.Context()), id, o)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, http.StatusOK, analysisJSON(rep))
}

func analysisJSON(rep surveyanalysis.Report) analysisOut {
	out := analysisOut{Title: rep.Title, Version: rep.VersionNumber, Audience: string(rep.Audience), Respondents: rep.Respondents, Analysed: rep.Analysed,
		Notices: rep.Notices, Method: rep.Method, Questions: []questionAnalysisOut{}, Crosstabs: []crosstabOut{}}
	if w := rep.Weighting; w != nil {
		out.Weighting = &weightingOut{Source: w.Source, Margins: w.Margins, Converged: w.Converged, Iterations: w.Iterations, MaxGap: w.MaxGap,
			Trimmed: w.Trimmed, EffectiveN: w.EffectiveN, DEff: w.DesignEffect, LeftOut: w.LeftOut}
	}
	for _, qr := range rep.Questions {
		qo := questionAnalysisOut{Key: qr.Key, Label: qr.Label, Section: qr.Section, Kind: string(qr.Kind), Base: qr.Base, EffBase: qr.EffectiveBase,
			Missing: qr.Missing, NotAsked: qr.NotAsked, OutOfVersion: qr.OutOfVersion, TooSmall: qr.BaseTooSmall, Texts: qr.Texts, Note: qr.Note,
			Rows: []analysisRowOut{}, Comparisons: []comparisonOut{}}
		for _, row := range qr.Rows {
			ro := analysisRowOut{Value: row.Value, Label: row.Label, Hidden: row.Reason}
			if !row.CountHidden {
				n := row.Count
				ro.Count = &n
			}
			if !row.PercentHidden {
				ro.Share = share(row.Share)
			}
			qo.Rows = append(qo.Rows, ro)
		}
		if qr.Numbers != nil && !qr.Numbers.Hidden {
			qo.Summary = "moyenne " + strconv.FormatFloat(qr.Numbers.Mean, 'f', 2, 64) + ", médiane " + strconv.FormatFloat(qr.Numbers.Median, 'f', 1, 64)
		}
		for _, c := range qr.Comparisons {
			b := c.Benchmark
			co := comparisonOut{Indicator: b.Indicator, Source: b.Publication, Year: b.Year, Population: b.Population, National: b.Value, Group: c.Subgroup,
				Comparable: c.Comparable, Gap: c.Gap, Position: c.Position, Sentence: c.Sentence, Notes: append([]string{}, c.Notes...)}
			if c.Comparable {
				co.Local = share(c.Local)
			}
			qo.Comparisons = append(qo.Comparisons, co)
		}
		out.Questions = append(out.Questions, qo)
	}
	for _, c := range rep.Crosstabs {
		co := crosstabOut{Question: c.Question, By: string(c.By), Title: c.Title(), Rows: c.Rows, Cols: c.Cols, Test: string(c.Test), Reason: c.Reason,
			ChiSquare: c.ChiSquare, DF: c.DF, P: c.P, CramersV: c.CramersV, Significant: c.Significant, Sentence: c.Sentence}
		if co.Test == "" {
			co.Test = "aucun"
		}
		for _, row := range c.Cells {
			var cells []cellOut
			for _, cell := range row {
				x := cellOut{}
				if !cell.CountHidden {
					n := cell.Count
					x.Count = &n
				}
				if !cell.PercentHidden {
					p := cell.Percent
					x.Percent = &p
				}
				cells = append(cells, x)
			}
			co.Cells = append(co.Cells, cells)
		}
		out.Crosstabs = append(out.Crosstabs, co)
	}
	return out
}

// --- benchmarks

type benchmarkIO struct {
	ID             int64    `json:"id,omitempty"`
	Indicator      string   `json:"indicateur"`
	Value          float64  `json:"valeur"`
	Source         string   `json:"source"`
	Publication    string   `json:"publication"`
	Year           int      `json:"annee"`
	Population     string   `json:"population"`
	AgeMin         int      `json:"age_min"`
	AgeMax         int      `json:"age_max"`
	Wording        string   `json:"libelle_source"`
	Breakdown      string   `json:"declinaison"`
	QuestionKey    string   `json:"question"`
	ChoiceValues   []string `json:"choix"`
	SubgroupRole   string   `json:"sous_groupe_role"`
	SubgroupValues []string `json:"sous_groupe_valeurs"`
	UpdatedAt      string   `json:"modifie_le,omitempty"`
}

func benchmarkJSON(b survey.Benchmark) benchmarkIO {
	o := benchmarkIO{ID: b.ID, Indicator: b.Indicator, Value: b.Value, Source: b.Source, Publication: b.Publication, Year: b.Year, Population: b.Population,
		AgeMin: b.AgeMin, AgeMax: b.AgeMax, Wording: b.Wording, Breakdown: b.Breakdown, QuestionKey: b.QuestionKey, ChoiceValues: b.ChoiceValues,
		SubgroupRole: string(b.SubgroupRole), SubgroupValues: b.SubgroupValues, UpdatedAt: apiio.RFC3339(b.UpdatedAt)}
	if o.ChoiceValues == nil {
		o.ChoiceValues = []string{}
	}
	if o.SubgroupValues == nil {
		o.SubgroupValues = []string{}
	}
	return o
}

func (in benchmarkIO) benchmark() survey.Benchmark {
	return survey.Benchmark{Indicator: in.Indicator, Value: in.Value, Source: in.Source, Publication: in.Publication, Year: in.Year, Population: in.Population,
		AgeMin: in.AgeMin, AgeMax: in.AgeMax, Wording: in.Wording, Breakdown: in.Breakdown, QuestionKey: in.QuestionKey, ChoiceValues: in.ChoiceValues,
		SubgroupRole: survey.Role(in.SubgroupRole), SubgroupValues: in.SubgroupValues}
}

func (a *API) listBenchmarks(w http.ResponseWriter, r *http.Request) {
	bs, err := a.app.Surveys.Benchmarks(r.Context(), account.ActorFrom(r.Context()))
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteList(w, "reperes", bs, benchmarkJSON)
}

func (a *API) saveBenchmark(w http.ResponseWriter, r *http.Request, id int64, status int) {
	var in benchmarkIO
	if err := apiio.Decode(r, &in); err != nil {
		a.Fail(w, r, err)
		return
	}
	act := account.ActorFrom(r.Context())
	if id != 0 {
		if _, err := a.app.Surveys.Benchmark(r.Context(), act, id); err != nil {
			a.Fail(w, r, err)
			return
		}
	}
	b := in.benchmark()
	b.ID = id
	b, err := a.app.Surveys.SaveBenchmark(r.Context(), act, b)
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	apiio.WriteJSON(w, status, benchmarkJSON(b))
}

func (a *API) createBenchmark(w http.ResponseWriter, r *http.Request) {
	a.saveBenchmark(w, r, 0, http.StatusCreated)
}

func (a *API) updateBenchmark(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	a.saveBenchmark(w, r, id, http.StatusOK)
}

func (a *API) deleteBenchmark(w http.ResponseWriter, r *http.Request) {
	id, err := apiio.PathInt(r, "id")
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	if err := a.app.Surveys.DeleteBenchmark(r.Context(), account.ActorFrom(r.Context()), id); err != nil {
		a.Fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// --- fragility

type fragilityCommuneOut struct {
	Code        string         `json:"code"`
	Name        string         `json:"nom"`
	Population  int            `json:"population"`
	Score       *float64       `json:"indice"`
	Percentile  *float64       `json:"rang_national"`
	Indicators  []indicatorOut `json:"indicateurs"`
	Places      int            `json:"lieux"`
	Services    int            `json:"services"`
	Places10k   float64        `json:"lieux_10000"`
	Services10k float64        `json:"services_10000"`
	Accompanied int            `json:"accompagnes"`
	Acc1k       float64        `json:"accompagnes_1000"`
	LowOffer    bool           `json:"offre_faible"`
	LowActivity bool           `json:"activite_faible"`
	Priority    int            `json:"priorite"`
}

type indicatorOut struct {
	Indicator string  `json:"indicateur"`
	Label     string  `json:"libelle"`
	Value     float64 `json:"valeur"`
	Points    float64 `json:"points"`
	Source    string  `json:"source"`
	Year      int     `json:"annee"`
}

func (a *API) getFragilityIndex(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var v apperr.Validation
	for k := range q {
		if k != "methode" && k != "reference" && k != "territoire" {
			v.Add(k, "Paramètre inconnu « "+k+" » : methode, reference, territoire.")
		}
	}
	tid, _ := strconv.ParseInt(q.Get("territoire"), 10, 64)
	if err := v.Err(); err != nil {
		a.Fail(w, r, err)
		return
	}
	ix, err := a.app.Fragility.Index(r.Context(), account.ActorFrom(r.Context()), fragilityindex.Query{Method: q.Get("methode"), Reference: q.Get("reference"), TerritoryID: tid})
	if err != nil {
		a.Fail(w, r, err)
		return
	}
	out := struct {
		Territory   string                `json:"territoire"`
		Method      string                `json:"methode"`
		Version     string                `json:"version"`
		Description string                `json:"description"`
		Reference   string                `json:"reference"`
		Min         float64               `json:"min"`
		Max         float64               `json:"max"`
		Rule        string                `json:"regle"`
		Since       string                `json:"activite_depuis"`
		Notes       []string              `json:"notes"`
		Communes    []fragilityCommuneOut `json:"communes"`
	}{Territory: ix.Territory, Method: ix.Method, Version: ix.Version, Description: ix.Description, Reference: ix.Reference, Min: ix.Min, Max: ix.Max,
		Rule: ix.Rule, Since: ix.Since, Notes: append([]string{}, ix.Notes...), Communes: []fragilityCommuneOut{}}
	for _, row := range ix.Rows {
		c := fragilityCommuneOut{Code: row.Code, Name: row.Name, Population: row.Population, Indicators: []indicatorOut{}, Places: row.Places, Services: row.Services,
			Places10k: row.PlacesPer10k, Services10k: row.ServicesPer10k, Accompanied: row.Accompanied, Acc1k: row.AccompaniedPer1,
			LowOffer: row.LowOffer, LowActivity: row.LowActivity, Priority: row.Priority}
		if row.Scored {
			s, p := row.Score.Score, row.Percentile
			c.Score, c.Percentile = &s, &p
		}
		for _, part := range row.Score.Parts {
			c.Indicators = append(c.Indicators, indicatorOut{Indicator: string(part.Indicator), Label: part.Indicator.Label(), Value: part.Value.Value,
				Points: part.Points, Source: part.Value.Source, Year: part.Value.Year})
		}
		out.Communes = append(out.Communes, c)
	}
	apiio.WriteJSON(w, http.StatusOK, out)
}
