package diagnostic

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/survey"
	"github.com/parcours-numerique/parcours/internal/web/ui"
)

type benchmarksData struct {
	Rows []benchmarkRow
}

type benchmarkRow struct {
	survey.Benchmark
	Percent, Ages, Link string
}

// Benchmarks lists the structure's dated national figures.
func (h *Handlers) Benchmarks(w http.ResponseWriter, r *http.Request) {
	bs, err := h.surveys.Benchmarks(r.Context(), ui.Actor(r))
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	d := benchmarksData{}
	for _, b := range bs {
		row := benchmarkRow{Benchmark: b, Percent: strconv.FormatFloat(b.Value*100, 'f', -1, 64) + " %", Ages: b.AgeLabel()}
		if b.Linked() {
			row.Link = b.QuestionKey + " = " + strings.Join(b.ChoiceValues, " ou ")
			if b.SubgroupRole != "" {
				row.Link += " ; parmi " + b.SubgroupRole.Label() + " = " + strings.Join(b.SubgroupValues, " ou ")
			}
		}
		d.Rows = append(d.Rows, row)
	}
	h.site.Render(w, r, http.StatusOK, "diagnostic_benchmarks", ui.Page{Title: "Chiffres nationaux de référence", Data: d})
}

type benchmarkFormData struct {
	ID     int64
	Action string
	Roles  []ui.Option
}

func (h *Handlers) benchmarkForm(w http.ResponseWriter, r *http.Request, status int, id int64, f *ui.Form) {
	d := benchmarkFormData{ID: id, Action: "/espace/diagnostic/reperes", Roles: roleOptions()}
	title := "Ajouter un chiffre national"
	if id != 0 {
		d.Action += "/" + strconv.FormatInt(id, 10)
		title = "Modifier un chiffre national"
	}
	h.site.Render(w, r, status, "diagnostic_benchmark", ui.Page{Title: title, Form: f, Data: d})
}

// BenchmarkNew shows an empty benchmark form.
func (h *Handlers) BenchmarkNew(w http.ResponseWriter, r *http.Request) {
	f := &ui.Form{}
	f.Set("declinaison", "ensemble")
	f.Set("age_min", "15")
	f.Set("age_max", "0")
	h.benchmarkForm(w, r, http.StatusOK, 0, f)
}

// BenchmarkEdit shows a benchmark.
func (h *Handlers) BenchmarkEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	b, err := h.surveys.Benchmark(r.Context(), ui.Actor(r), id)
	if err != nil {
		h.site.Fail(w, r, err)
		return
	}
	f := &ui.Form{}
	f.Set("indicateur", b.Indicator)
	f.Set("valeur", strconv.FormatFloat(b.Value*100, 'f', -1, 64))
	f.Set("source", b.Source)
	f.Set("publication", b.Publication)
	f.Set("annee", itoa(b.Year))
	f.Set("population", b.Population)
	f.Set("age_min", itoa(b.AgeMin))
	f.Set("age_max", itoa(b.AgeMax))
	f.Set("libelle_source", b.Wording)
	f.Set("declinaison", b.Breakdown)
	f.Set("question", b.QuestionKey)
	f.Set("choix", strings.Join(b.ChoiceValues, ", "))
	f.Set("sous_groupe_role", string(b.SubgroupRole))
	f.Set("sous_groupe_valeurs", strings.Join(b.SubgroupValues, ", "))
	h.benchmarkForm(w, r, http.StatusOK, id, f)
}

func list(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// readBenchmark reads the form; the value is typed in percent.
func readBenchmark(r *http.Request) (survey.Benchmark, error) {
	p := r.PostForm
	var v apperr.Validation
	num := func(name string) float64 {
		s := strings.Replace(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(p.Get(name)), "%")), ",", ".", 1)
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			v.Add(name, "Saisissez un nombre.")
		}
		return n
	}
	b := survey.Benchmark{Indicator: p.Get("indicateur"), Value: num("valeur") / 100, Source: p.Get("source"), Publication: p.Get("publication"),
		Year: int(num("annee")), Population: p.Get("population"), AgeMin: int(num("age_min")), AgeMax: int(num("age_max")),
		Wording: p.Get("libelle_source"), Breakdown: p.Get("declinaison"), QuestionKey: strings.TrimSpace(p.Get("question")),
		ChoiceValues: list(p.Get("choix")), SubgroupRole: survey.Role(p.Get("sous_groupe_role")), SubgroupValues: list(p.Get("sous_groupe_valeurs"))}
	if pct := b.Value * 100; pct < 0 || pct > 100 {
		v.Add("valeur", "Saisissez un pourcentage de 0 à 100.")
	}
	return b, v.Err()
}

// BenchmarkCreate adds a benchmark.
func (h *Handlers) BenchmarkCreate(w http.ResponseWriter, r *http.Request) { h.saveBenchmark(w, r, 0) }

// BenchmarkUpdate corrects a benchmark.
func (h *Handlers) BenchmarkUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if _, err := h.surveys.Benchmark(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.saveBenchmark(w, r, id)
}

func (h *Handlers) saveBenchmark(w http.ResponseWriter, r *http.Request, id int64) {
	if !parse(w, r) {
		return
	}
	f := ui.NewForm(r)
	b, err := readBenchmark(r)
	if err == nil {
		b.ID = id
		_, err = h.surveys.SaveBenchmark(r.Context(), ui.Actor(r), b)
	}
	if err != nil {
		if !f.Fail(err) {
			h.site.Fail(w, r, err)
			return
		}
		h.benchmarkForm(w, r, http.StatusUnprocessableEntity, id, f)
		return
	}
	h.site.Flash(r, "Chiffre national enregistré.")
	ui.Redirect(w, r, "/espace/diagnostic/reperes")
}

// BenchmarkDelete removes a benchmark.
func (h *Handlers) BenchmarkDelete(w http.ResponseWriter, r *http.Request) {
	id, ok := ui.PathID(r, "id")
	if !ok {
		h.site.NotFound(w, r)
		return
	}
	if err := h.surveys.DeleteBenchmark(r.Context(), ui.Actor(r), id); err != nil {
		h.site.Fail(w, r, err)
		return
	}
	h.site.Flash(r, "Chiffre national supprimé.")
	ui.Redirect(w, r, "/espace/diagnostic/reperes")
}
