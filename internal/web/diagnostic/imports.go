package diagnostic

import (
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/store/surveystore"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyimport"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type importData struct {
	Q       survey.Questionnaire
	Base    string
	Formats []ui.Option
	Imports []surveystore.SurveyImport
	Report  *surveyimport.Report // a dry run's report
	Keys    []string
	MaxMB   int
}

// ImportForm offers to import a LimeSurvey or KoboToolbox export.
func (h *Handlers) ImportForm(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	f := &ui.Form{}
	f.Set("format", string(surveyimport.LimeSurvey))
	h.renderImport(w, r, http.StatusOK, q, f, nil)
}

func (h *Handlers) renderImport(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, f *ui.Form, rep *surveyimport.Report) {
	imps, err := h.surveys.Imports(r.Context(), ui.Actor(r), q.ID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := importData{Q: q, Base: base(q.ID), Imports: imps, Report: rep, MaxMB: surveyimport.MaxFileSize >> 20,
		Formats: []ui.Option{
			{Value: string(surveyimport.LimeSurvey), Label: "LimeSurvey (export des réponses en CSV)", Hint: "En-têtes : codes des questions ; réponses : codes ou textes complets."},
			{Value: string(surveyimport.KoboToolbox), Label: "KoboToolbox (export XLSX ou CSV, avec le formulaire XLSForm)", Hint: "En-têtes : noms XML ; ajoutez le formulaire pour relier ses choix aux vôtres par leurs libellés."},
		}}
	if cur, ok := q.Current(); ok {
		for _, qq := range cur.Definition.Questions() {
			d.Keys = append(d.Keys, qq.Key)
		}
	}
	h.site.Render(w, r, status, "diagnostic_import", ui.Page{Title: "Importer des réponses – " + q.Title, Form: f, Data: d})
}

// ImportSubmit checks (dry run) or imports a file.
func (h *Handlers) ImportSubmit(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 2*surveyimport.MaxFileSize+(1<<20))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		f := &ui.Form{}
		f.Set("format", string(surveyimport.LimeSurvey))
		var tooBig *http.MaxBytesError
		msg := "Le formulaire n'a pas pu être lu : choisissez le fichier exporté."
		if errors.As(err, &tooBig) {
			msg = "Le fichier dépasse " + strconv.Itoa(surveyimport.MaxFileSize>>20) + " Mo."
		}
		f.Errors = append(f.Errors, fieldErr("fichier", msg))
		h.renderImport(w, r, http.StatusUnprocessableEntity, q, f, nil)
		return
	}
	f := ui.NewForm(r)
	f.Values = r.MultipartForm.Value
	read := func(name string) ([]byte, string) {
		file, hdr, err := r.FormFile(name)
		if err != nil {
			return nil, ""
		}
		defer file.Close()
		b, _ := io.ReadAll(file)
		return b, hdr.Filename
	}
	data, name := read("fichier")
	form, _ := read("formulaire")
	mapping, err := surveys.ParseMapping(f.Value("correspondances"))
	if err != nil {
		f.Fail(err)
		h.renderImport(w, r, http.StatusUnprocessableEntity, q, f, nil)
		return
	}
	dry := f.Value("verification") == "1"
	res, err := h.surveys.Import(r.Context(), ui.Actor(r), q.ID, surveys.ImportInput{Format: surveyimport.Format(f.Value("format")), FileName: name,
		Data: data, XLSForm: form, Mapping: mapping, DryRun: dry})
	if err != nil {
		if !f.Fail(ui.RenameFields(err, map[string]string{"corps": "fichier"})) {
			h.site.Fail(w, r, err)
			return
		}
		if f.Message != "" && len(f.Errors) == 0 {
			f.Errors = append(f.Errors, fieldErr("fichier", f.Message))
			f.Message = ""
		}
		h.renderImport(w, r, http.StatusUnprocessableEntity, q, f, nil)
		return
	}
	if dry {
		f.Set("verification", "")
		h.renderImport(w, r, http.StatusOK, q, f, res.Report)
		return
	}
	h.site.Flash(r, "Import terminé : "+itoa(res.Report.Imported)+" réponse(s) importée(s), "+itoa(res.Report.Duplicates)+" doublon(s), "+itoa(res.Report.Rejected)+" refusée(s).")
	ui.Redirect(w, r, base(q.ID)+"/imports/"+strconv.FormatInt(res.ImportID, 10))
}

type importReportData struct {
	Q      survey.Questionnaire
	Base   string
	Import surveystore.SurveyImport
	Report *surveyimport.Report
	Shown  []surveyimport.RowResult // the rows not imported, then the first imported ones
	More   int
}

// ImportReport shows an import's report, row by row.
func (h *Handlers) ImportReport(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	importID, ok := ui.PathID(r, "import")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	im, rep, err := h.surveys.ImportReport(r.Context(), ui.Actor(r), q.ID, importID)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := importReportData{Q: q, Base: base(q.ID), Import: im, Report: rep, Shown: reportRows(rep, 500)}
	d.More = len(rep.Results) - len(d.Shown)
	h.site.Render(w, r, http.StatusOK, "diagnostic_import_report", ui.Page{Title: "Rapport d'import – " + q.Title, Data: d})
}

// reportRows keeps the refused and duplicate rows first, up to max rows.
func reportRows(rep *surveyimport.Report, max int) []surveyimport.RowResult {
	var out []surveyimport.RowResult
	for _, o := range []surveyimport.Outcome{surveyimport.Rejected, surveyimport.Duplicate, surveyimport.Imported} {
		for _, res := range rep.Results {
			if res.Outcome == o && len(out) < max {
				out = append(out, res)
			}
		}
	}
	return out
}
