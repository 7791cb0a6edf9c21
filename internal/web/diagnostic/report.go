package diagnostic

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/service/surveys"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/surveyanalysis"
	"github.com/parcours-numerique/parcours/internal/surveyreport"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type reportData struct {
	Q           survey.Questionnaire
	Base        string
	R           surveyanalysis.Report
	Period      string
	Channels    string
	Weighted    bool
	CanWeight   bool
	External    bool
	Query       string // the options, for the download links
	Sections    []reportSection
	Crosstabs   []crosstabView
	Weighting   []string
	MinCount    int
	Summary     surveyanalysis.Summary
	Respondents string
}

type reportSection struct {
	Title     string
	Questions []questionView
}

type questionView struct {
	surveyanalysis.QuestionResult
	ID          string
	Chart       template.HTML
	BaseText    string
	Rows        []rowView
	Numbers     string
	Comparisons []comparisonView
}

type rowView struct {
	Label, Count, Share, Interval, Reason string
}

type comparisonView struct {
	Title    string
	Sentence string
	Notes    []string
	Gap      bool
	Source   string
}

type crosstabView struct {
	surveyanalysis.CrosstabResult
	Title    string
	Head     []string
	Rows     [][]string
	Totals   []string
	Stat     string
	Hidden   bool
	Merges   string
	Question string
}

// reportOptions reads ?ponderation=1&diffusion=externe.
func reportOptions(r *http.Request) (surveys.AnalysisOptions, string) {
	q := r.URL.Query()
	o := surveys.AnalysisOptions{Weighted: q.Get("ponderation") == "1", Audience: surveyanalysis.Internal}
	if q.Get("diffusion") == "externe" {
		o.Audience = surveyanalysis.External
	}
	v := url.Values{}
	if o.Weighted {
		v.Set("ponderation", "1")
	}
	if o.Audience == surveyanalysis.External {
		v.Set("diffusion", "externe")
	}
	s := v.Encode()
	if s != "" {
		s = "?" + s
	}
	return o, s
}

func (h *Handlers) analyse(w http.ResponseWriter, r *http.Request) (surveyanalysis.Report, survey.Questionnaire, string, bool) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return surveyanalysis.Report{}, survey.Questionnaire{}, "", false
	}
	o, query := reportOptions(r)
	rep, q, err := h.surveys.Analyse(r.Context(), ui.Actor(r), id, o)
	if err != nil {
		h.site.Fail(w, r, err)
		return rep, q, "", false
	}
	return rep, q, query, true
}

// Report is the report of a questionnaire.
func (h *Handlers) Report(w http.ResponseWriter, r *http.Request) {
	rep, q, query, ok := h.analyse(w, r)
	if !ok {
		return
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_report", ui.Page{Title: "Rapport – " + q.Title, Data: reportView(q, rep, query)})
}

func reportView(q survey.Questionnaire, rep surveyanalysis.Report, query string) reportData {
	min := rep.Policy.MinCount
	d := reportData{Q: q, Base: base(q.ID), R: rep, Period: surveyreport.Period(rep), Channels: surveyreport.Breakdown(rep), Weighted: rep.Weighting != nil,
		CanWeight: q.Settings.Margins != nil, External: rep.Audience == surveyanalysis.External, Query: query, MinCount: min, Respondents: surveyreport.Thousands(rep.Respondents)}
	for i, qr := range rep.Questions {
		if len(d.Sections) == 0 || d.Sections[len(d.Sections)-1].Title != qr.Section {
			d.Sections = append(d.Sections, reportSection{Title: qr.Section})
		}
		v := questionView{QuestionResult: qr, ID: "q" + strconv.Itoa(i+1), BaseText: baseText(qr, d.Weighted)}
		if !qr.BaseTooSmall {
			v.Chart = surveyreport.BarChart(qr, "graphique-"+qr.Key)
		}
		for _, row := range surveyreport.QuestionRows(qr, min)[1:] {
			v.Rows = append(v.Rows, rowView{Label: row[0], Count: row[1], Share: row[2], Interval: row[3]})
		}
		for j := range v.Rows {
			v.Rows[j].Reason = qr.Rows[j].Reason
		}
		if qr.Numbers != nil {
			v.Numbers = surveyreport.NumbersText(qr)
		}
		for _, c := range qr.Comparisons {
			b := c.Benchmark
			v.Comparisons = append(v.Comparisons, comparisonView{Title: b.Indicator + " — " + c.Subgroup, Sentence: c.Sentence, Notes: c.Notes, Gap: c.Gap,
				Source: b.Publication + ", terrain " + strconv.Itoa(b.Year) + ", " + b.Population})
		}
		s := &d.Sections[len(d.Sections)-1]
		s.Questions = append(s.Questions, v)
	}
	for _, c := range rep.Crosstabs {
		rows := surveyreport.CrosstabRows(c, min)
		cv := crosstabView{CrosstabResult: c, Title: c.Title(), Head: rows[0][1:], Rows: rows[1 : len(rows)-1], Totals: rows[len(rows)-1]}
		if c.Test != stats.NoTest && c.Test != "" {
			cv.Stat = "khi² = " + surveyanalysis.Decimal(c.ChiSquare, 2) + ", ddl = " + strconv.Itoa(c.DF) + ", " + surveyanalysis.PValue(c.P) + ", V de Cramér = " + surveyanalysis.Decimal(c.CramersV, 2)
			if c.Test == stats.Fisher {
				cv.Stat = "test exact de Fisher, " + surveyanalysis.PValue(c.P)
			}
		}
		cv.Merges = strings.Join(c.Merges, " ; ")
		d.Crosstabs = append(d.Crosstabs, cv)
	}
	if w := rep.Weighting; w != nil {
		d.Weighting = append(d.Weighting, "Marges : "+strings.Join(w.Margins, " et ")+" ("+w.Source+").")
		state := "Convergence atteinte"
		if !w.Converged {
			state = "Convergence NON atteinte"
		}
		d.Weighting = append(d.Weighting, state+" en "+strconv.Itoa(w.Iterations)+" itérations ; écart maximal aux marges "+surveyanalysis.Decimal(w.MaxGap*100, 4)+" %.",
			"Effectif efficace de Kish : "+surveyanalysis.Decimal(w.EffectiveN, 0)+" pour "+surveyreport.Thousands(rep.Analysed)+" répondants (effet de plan "+surveyanalysis.Decimal(w.DesignEffect, 2)+").",
			strconv.Itoa(w.Trimmed)+" poids écrêtés ; poids de "+surveyanalysis.Decimal(w.MinRatio, 2)+" à "+surveyanalysis.Decimal(w.MaxRatio, 2)+" fois la moyenne.")
	}
	d.Summary = surveyanalysis.Summarize(rep, d.Period)
	return d
}

func baseText(q surveyanalysis.QuestionResult, weighted bool) string {
	s := "Base : " + surveyreport.Base(q, weighted)
	var more []string
	if q.Missing > 0 {
		more = append(more, strconv.Itoa(q.Missing)+" sans réponse")
	}
	if q.NotAsked > 0 {
		more = append(more, strconv.Itoa(q.NotAsked)+" non concerné(s)")
	}
	if q.OutOfVersion > 0 {
		more = append(more, strconv.Itoa(q.OutOfVersion)+" d'une version antérieure mis à part")
	}
	if len(more) > 0 {
		s += " (" + strings.Join(more, ", ") + ")"
	}
	return s + "."
}

// ReportPDF downloads the report as PDF.
func (h *Handlers) ReportPDF(w http.ResponseWriter, r *http.Request) {
	rep, q, _, ok := h.analyse(w, r)
	if !ok {
		return
	}
	b, err := surveyreport.ReportPDF(rep)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	download(w, "application/pdf", "rapport-"+fileSlug(q.Title)+".pdf", b)
}

// ReportXLSX downloads the report's tables as a workbook.
func (h *Handlers) ReportXLSX(w http.ResponseWriter, r *http.Request) {
	rep, q, _, ok := h.analyse(w, r)
	if !ok {
		return
	}
	b, err := surveyreport.ReportXLSX(rep)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	download(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "rapport-"+fileSlug(q.Title)+".xlsx", b)
}

// Summary is the one-page summary for the board.
func (h *Handlers) Summary(w http.ResponseWriter, r *http.Request) {
	rep, q, query, ok := h.analyse(w, r)
	if !ok {
		return
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_summary", ui.Page{Title: "Synthèse – " + q.Title, Data: reportView(q, rep, query)})
}

// SummaryPDF downloads the one-page summary.
func (h *Handlers) SummaryPDF(w http.ResponseWriter, r *http.Request) {
	rep, q, _, ok := h.analyse(w, r)
	if !ok {
		return
	}
	b, err := surveyreport.SummaryPDF(surveyanalysis.Summarize(rep, surveyreport.Period(rep)), rep)
	if err != nil {
		h.site.ServerError(w, r, err)
		return
	}
	download(w, "application/pdf", "synthese-"+fileSlug(q.Title)+".pdf", b)
}

func download(w http.ResponseWriter, contentType, name string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

func fileSlug(title string) string {
	s := strings.ReplaceAll(valueOf(title), "_", "-")
	if s == "choix" {
		return "questionnaire"
	}
	return s
}

type analysisData struct {
	Q         survey.Questionnaire
	Base      string
	Questions []ui.Option
	Roles     []ui.Option
	Crosstabs []crosstabChoice
	Ages      []survey.Choice
	Diplomas  []survey.Choice
	HasRoles  bool
}

type crosstabChoice struct {
	ID, Value, Label string
	Checked          bool
}

// Analysis chooses the cross-tabs and enters the census margins.
func (h *Handlers) Analysis(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok {
		return
	}
	h.renderAnalysis(w, r, http.StatusOK, q, marginValues(q))
}

func marginValues(q survey.Questionnaire) *ui.Form {
	f := &ui.Form{}
	if m := q.Settings.Margins; m != nil {
		f.Set("source", m.Source)
		for band, row := range m.AgeSex {
			for sex, n := range row {
				f.Set("m_"+band+"_"+sex, strconv.FormatFloat(n, 'f', -1, 64))
			}
		}
		for dip, n := range m.Diploma {
			f.Set("d_"+dip, strconv.FormatFloat(n, 'f', -1, 64))
		}
	}
	return f
}

func (h *Handlers) renderAnalysis(w http.ResponseWriter, r *http.Request, status int, q survey.Questionnaire, f *ui.Form) {
	cur, ok := q.Current()
	if !ok {
		h.site.RenderError(w, r, http.StatusConflict, "Pas encore de version publiée", "Publiez le questionnaire avant de régler son analyse.")
		return
	}
	def := &cur.Definition
	d := analysisData{Q: q, Base: base(q.ID)}
	chosen := map[survey.Crosstab]bool{}
	for _, c := range q.Settings.Crosstabs {
		chosen[c] = true
	}
	for _, qq := range def.Questions() {
		if qq.Role != "" || qq.Kind == survey.MultipleChoice || qq.Kind == survey.Commune || !qq.Kind.Categorical() {
			continue
		}
		for _, role := range survey.Roles {
			by, ok := def.ByRole(role)
			if !ok || by.Key == qq.Key {
				continue
			}
			ct := survey.Crosstab{Question: qq.Key, By: role}
			d.Crosstabs = append(d.Crosstabs, crosstabChoice{ID: "croisement-" + qq.Key + "-" + string(role), Value: qq.Key + ":" + string(role),
				Label: qq.Label + " — selon " + strings.ToLower(role.Label()), Checked: chosen[ct]})
		}
	}
	if age, ok := def.ByRole(survey.RoleAge); ok {
		if _, okSex := def.ByRole(survey.RoleSex); okSex {
			d.Ages, d.HasRoles = age.Choices, true
		}
	}
	if dip, ok := def.ByRole(survey.RoleDiploma); ok {
		d.Diplomas = dip.Choices
	}
	h.site.Render(w, r, status, "diagnostic_analysis", ui.Page{Title: "Réglages de l'analyse – " + q.Title, Form: f, Data: d})
}

// Crosstabs saves the cross-tabs of the report.
func (h *Handlers) Crosstabs(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	var cts []survey.Crosstab
	for _, v := range r.PostForm["croisement"] {
		key, role, _ := strings.Cut(v, ":")
		cts = append(cts, survey.Crosstab{Question: key, By: survey.Role(role)})
	}
	if _, err := h.surveys.SetCrosstabs(r.Context(), ui.Actor(r), q.ID, cts); err != nil {
		if !apperr.Is(err, apperr.Invalid) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderAnalysis(w, r, http.StatusUnprocessableEntity, q, &ui.Form{Message: draftOrMessage(err)})
		return
	}
	h.site.Flash(r, strconv.Itoa(len(cts))+" croisement(s) dans le rapport.")
	ui.Redirect(w, r, base(q.ID)+"/analyse")
}

// Margins saves the census counts the answers are raked to (all empty: none).
func (h *Handlers) Margins(w http.ResponseWriter, r *http.Request) {
	q, ok := h.questionnaire(w, r)
	if !ok || !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	cur, ok := q.Current()
	if !ok {
		h.site.RenderError(w, r, http.StatusConflict, "Pas encore de version publiée", "Publiez le questionnaire avant de régler son analyse.")
		return
	}
	m, empty, err := readMargins(&cur.Definition, r)
	if err == nil {
		var set *survey.Margins
		if !empty {
			set = &m
		}
		_, err = h.surveys.SetMargins(r.Context(), ui.Actor(r), q.ID, set)
	}
	if err != nil {
		if !f.Fail(marginFields(err)) {
			h.site.Fail(w, r, err)
			return
		}
		h.renderAnalysis(w, r, http.StatusUnprocessableEntity, q, f)
		return
	}
	h.site.Flash(r, map[bool]string{true: "Marges retirées : le rapport n'est plus pondéré.", false: "Marges enregistrées : le rapport peut être pondéré."}[empty])
	ui.Redirect(w, r, base(q.ID)+"/analyse")
}

// readMargins reads the grid of census counts, or a pasted CSV (age;sexe;effectif and diplome;effectif lines).
func readMargins(def *survey.Definition, r *http.Request) (survey.Margins, bool, error) {
	p := r.PostForm
	m := survey.Margins{Source: strings.TrimSpace(p.Get("source")), AgeSex: map[string]map[string]float64{}, Diploma: map[string]float64{}}
	var v apperr.Validation
	empty := true
	num := func(name, raw string) float64 {
		raw = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(raw), " ", ""), "\u202f", "")
		if raw == "" {
			return 0
		}
		empty = false
		n, err := strconv.ParseFloat(strings.Replace(raw, ",", ".", 1), 64)
		if err != nil || n < 0 {
			v.Add(name, "Saisissez un effectif (un nombre positif).")
		}
		return n
	}
	set := func(band, sex string, n float64) {
		if m.AgeSex[band] == nil {
			m.AgeSex[band] = map[string]float64{}
		}
		m.AgeSex[band][sex] = n
	}
	if age, ok := def.ByRole(survey.RoleAge); ok {
		for _, c := range age.Choices {
			for _, s := range []string{survey.Female, survey.Male} {
				if n := num("m_"+c.Value+"_"+s, p.Get("m_"+c.Value+"_"+s)); n > 0 {
					set(c.Value, s, n)
				}
			}
		}
	}
	if dip, ok := def.ByRole(survey.RoleDiploma); ok {
		for _, c := range dip.Choices {
			if n := num("d_"+c.Value, p.Get("d_"+c.Value)); n > 0 {
				m.Diploma[c.Value] = n
			}
		}
	}
	for i, l := range lines(p.Get("csv")) {
		cells := strings.FieldsFunc(l, func(r rune) bool { return r == ';' || r == ',' || r == '\t' })
		switch len(cells) {
		case 3:
			set(strings.TrimSpace(cells[0]), strings.TrimSpace(cells[1]), num("csv", cells[2]))
		case 2:
			m.Diploma[strings.TrimSpace(cells[0])] = num("csv", cells[1])
		default:
			v.Add("csv", "Ligne "+strconv.Itoa(i+1)+" : « tranche;sexe;effectif » ou « diplôme;effectif ».")
		}
	}
	if len(m.Diploma) == 0 {
		m.Diploma = nil
	}
	return m, empty && m.Source == "", v.Err()
}

// marginFields maps the margins' field names onto the grid's inputs.
func marginFields(err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code != apperr.Invalid {
		return err
	}
	for i, fe := range e.Fields {
		switch {
		case strings.HasPrefix(fe.Field, "marges.age_sexe."):
			e.Fields[i].Field = "m_" + strings.Replace(strings.TrimPrefix(fe.Field, "marges.age_sexe."), ".", "_", 1)
		case strings.HasPrefix(fe.Field, "marges.diplome."):
			e.Fields[i].Field = "d_" + strings.TrimPrefix(fe.Field, "marges.diplome.")
		case fe.Field == "marges.source":
			e.Fields[i].Field = "source"
		case strings.HasPrefix(fe.Field, "marges"):
			e.Fields[i].Field = "source"
		}
	}
	return e
}
