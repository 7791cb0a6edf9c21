// Package surveyanalysis reads a questionnaire's answers without
// overstating them: every percentage with its base and Wilson 95 % interval
// (package stats), multiple choices as shares of respondents, national
// benchmarks compared like with like and a gap called only when the national
// value lies outside the interval, cross-tabs with the test used and why,
// optional raking to census margins with Kish's effective n in the
// intervals, and small cells hidden (package disclosure) according to who
// the tables are for.
package surveyanalysis

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/disclosure"
	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// Audience is who the tables are for: it sets the small-cell rule.
type Audience string

const (
	Internal Audience = "interne" // inside the CCAS: counts under 5 hidden
	External Audience = "externe" // the tables leave the CCAS: counts under 11 hidden
)

// Policy is the small-cell rule of the audience.
func (a Audience) Policy() disclosure.Policy {
	if a == External {
		return disclosure.Public
	}
	return disclosure.Partners
}

// Label names the audience in French.
func (a Audience) Label() string {
	if a == External {
		return "diffusion hors du CCAS (partenaires, conseil d'administration, public)"
	}
	return "usage interne au CCAS"
}

// Input is what an analysis reads.
type Input struct {
	Title         string
	Definition    *survey.Definition // the current version: labels, choices, order
	VersionNumber int
	Responses     []survey.Response // complete answers, every version
	Settings      survey.Settings
	Benchmarks    []survey.Benchmark
	Audience      Audience
	Weighted      bool // rake to Settings.Margins
	Now           time.Time
}

// Report is the whole analysis of a questionnaire.
type Report struct {
	Title         string
	VersionNumber int
	GeneratedAt   time.Time
	Audience      Audience
	Policy        disclosure.Policy
	Respondents   int // complete answers
	Analysed      int // respondents the results are computed on (the weighted set when weighted)
	Channels      []ChannelCount
	First, Last   time.Time
	OtherVersions int // answers given on an earlier version
	Weighting     *Weighting
	WeightingNote string // why results are not weighted, or who was left out
	Questions     []QuestionResult
	Crosstabs     []CrosstabResult
	Notices       []string // the limits, in plain words
	Method        []string
	Sources       []Source
}

// ChannelCount is how many answers came through a channel.
type ChannelCount struct {
	Channel survey.Channel
	Count   int
}

// Weighting reports the raking.
type Weighting struct {
	Source       string
	Margins      []string // "tranche d'âge × sexe", "diplôme"
	Converged    bool
	Iterations   int
	MaxGap       float64
	Trimmed      int
	TrimRounds   int
	WithinBounds bool
	Infeasible   []string
	MinRatio     float64
	MaxRatio     float64
	EffectiveN   float64
	DesignEffect float64
	LeftOut      int // respondents without an age band or a census sex (or diploma): not in the weighted results
}

// Row is one category of a question.
type Row struct {
	Value, Label  string
	Count         int  // respondents, unweighted
	CountHidden   bool // small count, or hidden so that a small count cannot be recovered
	Share         stats.Proportion
	PercentHidden bool
	Reason        string // why something is hidden, in French
}

// Describe writes the row's share with interval and base, or why it is hidden.
func (r Row) Describe() string {
	if r.PercentHidden {
		return "non diffusé"
	}
	return stats.Describe(r.Share)
}

// Numbers summarises a number question.
type Numbers struct {
	Hidden                 bool
	Mean, Median, Q1, Q3   float64
	Min, Max               float64
	ShowExtremes           bool // min and max are shown only on a large base (they describe one person)
	WeightedMean           bool
	MeanLow, MeanHigh      float64 // 95 % interval of the mean (normal approximation, on n effectif)
	MeanIntervalComputable bool
}

// QuestionResult is the analysis of one question.
type QuestionResult struct {
	Key, Label, Section string
	Kind                survey.Kind
	Multiple            bool
	Base                int     // respondents who answered
	EffectiveBase       float64 // Kish's n when weighted
	Missing             int     // asked, not answered
	NotAsked            int     // skipped by the skip logic
	OutOfVersion        int     // answers from an earlier version whose value this version no longer offers
	BaseTooSmall        bool    // no percentage on a base under the policy's MinBase
	Rows                []Row
	Numbers             *Numbers
	Texts               int // short-text answers (never published: read them in the answers)
	Comparisons         []Comparison
	Note                string
}

// Source is one publication the benchmarks come from.
type Source struct {
	Publication string
	Source      string
	Year        int
	Population  string
	Indicators  []string
}

// Analyse computes the report.
func Analyse(in Input) Report {
	def := in.Definition
	pol := in.Audience.Policy()
	rep := Report{Title: in.Title, VersionNumber: in.VersionNumber, GeneratedAt: in.Now, Audience: in.Audience, Policy: pol, Respondents: len(in.Responses)}
	channels := map[survey.Channel]int{}
	for i := range in.Responses {
		r := &in.Responses[i]
		channels[r.Channel]++
		at := r.SubmittedAt
		if at.IsZero() {
			at = r.CreatedAt
		}
		if rep.First.IsZero() || at.Before(rep.First) {
			rep.First = at
		}
		if at.After(rep.Last) {
			rep.Last = at
		}
		if r.VersionNumber != 0 && r.VersionNumber != in.VersionNumber {
			rep.OtherVersions++
		}
	}
	for _, c := range survey.Channels {
		if channels[c] > 0 {
			rep.Channels = append(rep.Channels, ChannelCount{Channel: c, Count: channels[c]})
		}
	}
	responses := in.Responses
	var weights []float64
	if in.Weighted {
		var kept []int
		rep.Weighting, kept, weights, rep.WeightingNote = rake(def, in.Settings.Margins, responses)
		if weights != nil {
			sub := make([]survey.Response, len(kept))
			for i, k := range kept {
				sub[i] = responses[k]
			}
			responses = sub
		}
	}
	rep.Analysed = len(responses)
	c := encode(def, responses)
	for _, q := range def.Questions() {
		rep.Questions = append(rep.Questions, analyseQuestion(def, q, c, weights, pol))
	}
	for i := range rep.Questions {
		qr := &rep.Questions[i]
		qr.Comparisons = compareQuestion(def, qr, c, weights, pol, in.Benchmarks, in.Now)
	}
	for _, ct := range in.Settings.Crosstabs {
		if res, ok := crosstab(def, ct, c, weights, pol); ok {
			rep.Crosstabs = append(rep.Crosstabs, res)
		}
	}
	rep.Sources = sources(in.Benchmarks)
	rep.Notices, rep.Method = texts(rep, def)
	return rep
}

// analyseQuestion tabulates one question.
func analyseQuestion(def *survey.Definition, q *survey.Question, c *coded, weights []float64, pol disclosure.Policy) QuestionResult {
	qr := QuestionResult{Key: q.Key, Label: q.Label, Kind: q.Kind, Multiple: q.Kind == survey.MultipleChoice}
	if s, ok := def.SectionOf(q.Key); ok {
		qr.Section = s.Title
	}
	col := c.cols[q.Key]
	qr.NotAsked, qr.OutOfVersion = col.notAsked, col.outOfVersion
	switch {
	case q.Kind == survey.MultipleChoice:
		dist, err := stats.MultipleChoice(col.labels, col.multi, weights)
		qr.Missing = col.missing
		if err != nil {
			qr.Note = "Personne n'a répondu à cette question."
			return qr
		}
		qr.Base, qr.EffectiveBase = dist.Base, dist.EffectiveBase
		qr.BaseTooSmall = dist.Base < pol.MinBase
		for j, sh := range dist.Shares {
			count := col.counts[j]
			pct := pol.Percent(count, dist.Base)
			row := Row{Value: col.values[j], Label: col.labels[j], Count: count, Share: sh.Proportion, PercentHidden: pct.Hidden}
			row.CountHidden = count > 0 && count < pol.MinCount
			if pct.Hidden {
				row.Reason = pct.Reason.Label(pol)
			}
			qr.Rows = append(qr.Rows, row)
		}
		qr.Note = "Plusieurs réponses possibles : les pourcentages sont ceux des répondants et leur somme peut dépasser 100 %."
	case q.Kind.Categorical():
		dist, err := stats.SingleChoice(col.labels, col.single, weights)
		qr.Missing = col.missing
		if err != nil {
			qr.Note = "Personne n'a répondu à cette question."
			return qr
		}
		qr.Base, qr.EffectiveBase = dist.Base, dist.EffectiveBase
		qr.BaseTooSmall = dist.Base < pol.MinBase
		prot, _ := disclosure.Protect(disclosure.OneWay(col.labels, col.counts), pol)
		for j, sh := range dist.Shares {
			cell := prot.Cells[0][j]
			share := prot.TotalShare(0, j)
			row := Row{Value: col.values[j], Label: col.labels[j], Count: col.counts[j], CountHidden: cell.Hidden, Share: sh.Proportion, PercentHidden: share.Hidden}
			if cell.Hidden {
				row.Reason = cell.Reason.Label(pol)
			} else if share.Hidden {
				row.Reason = share.Reason.Label(pol)
			}
			qr.Rows = append(qr.Rows, row)
		}
		if q.Kind == survey.Commune {
			qr.Note = "Communes dans l'ordre du nombre de réponses."
		}
	case q.Kind == survey.Number:
		qr.Numbers, qr.Base, qr.EffectiveBase = numbers(col.numbers, weights, pol)
		qr.Missing = col.missing
	case q.Kind == survey.ShortText:
		qr.Texts, qr.Base, qr.Missing = col.texts, col.texts, col.missing
		qr.Note = "Les réponses libres ne sont pas publiées dans le rapport : elles se lisent dans la liste des réponses, par le CCAS seulement."
	}
	return qr
}

// numbers summarises the answers to a number question.
func numbers(vals []float64, weights []float64, pol disclosure.Policy) (*Numbers, int, float64) {
	type pair struct{ v, w float64 }
	var ps []pair
	for i, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		w := 1.0
		if weights != nil {
			w = weights[i]
		}
		ps = append(ps, pair{v, w})
	}
	n := len(ps)
	out := &Numbers{WeightedMean: weights != nil}
	if n == 0 {
		out.Hidden = true
		return out, 0, 0
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].v < ps[j].v })
	var sw, sw2, swx float64
	for _, p := range ps {
		sw += p.w
		sw2 += p.w * p.w
		swx += p.w * p.v
	}
	neff := sw * sw / sw2
	out.Mean = swx / sw
	quant := func(q float64) float64 {
		target := q * sw
		var acc float64
		for _, p := range ps {
			acc += p.w
			if acc >= target-1e-9 {
				return p.v
			}
		}
		return ps[n-1].v
	}
	out.Q1, out.Median, out.Q3 = quant(0.25), quant(0.5), quant(0.75)
	out.Min, out.Max = ps[0].v, ps[n-1].v
	if n > 1 {
		var ss float64
		for _, p := range ps {
			d := p.v - out.Mean
			ss += p.w * d * d
		}
		sd := math.Sqrt(ss / sw * float64(n) / float64(n-1))
		half := 1.959963984540054 * sd / math.Sqrt(neff)
		out.MeanLow, out.MeanHigh, out.MeanIntervalComputable = out.Mean-half, out.Mean+half, true
	}
	out.Hidden = n < pol.MinBase
	out.ShowExtremes = n >= 100
	return out, n, neff
}

// counts of the categories, for ordering communes.
func orderByCount(values []string, counts []int) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if counts[idx[a]] != counts[idx[b]] {
			return counts[idx[a]] > counts[idx[b]]
		}
		return values[idx[a]] < values[idx[b]]
	})
	return idx
}

// communeLabel names a commune answer.
func communeLabel(code string) string {
	if c, ok := commune.Lookup(code); ok {
		return c.Name + " (" + c.Code + ")"
	}
	return code
}

// sources groups the benchmarks by publication.
func sources(bs []survey.Benchmark) []Source {
	var out []Source
	idx := map[string]int{}
	for _, b := range bs {
		k := b.Publication + "|" + strconv.Itoa(b.Year) + "|" + b.Population
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Source{Publication: b.Publication, Source: b.Source, Year: b.Year, Population: b.Population})
		}
		ind := b.Indicator
		if b.Breakdown != "" && b.Breakdown != "ensemble" {
			ind += " (" + b.Breakdown + ")"
		}
		ind += " : " + stats.Percent(b.Value)
		if !slices.Contains(out[i].Indicators, ind) {
			out[i].Indicators = append(out[i].Indicators, ind)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Year != out[j].Year {
			return out[i].Year > out[j].Year
		}
		return out[i].Publication < out[j].Publication
	})
	return out
}
