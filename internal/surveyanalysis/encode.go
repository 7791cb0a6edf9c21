package surveyanalysis

import (
	"math"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/stats"
	"github.com/parcours-numerique/parcours/internal/survey"
)

// column is one question's answers, coded once for every table.
type column struct {
	values, labels []string
	single         []int     // category index, or stats.NoAnswer
	multi          [][]int   // multiple choice: ticked categories (nil: no answer)
	numbers        []float64 // number: NaN when unanswered
	counts         []int     // respondents per category, unweighted
	missing        int
	notAsked       int
	outOfVersion   int
	texts          int
	index          map[string]int // value → category, for long lists (communes)
}

// coded holds every question's column for the same respondents.
type coded struct {
	n    int
	cols map[string]*column
}

// category returns the index of value among the column's categories.
func (col *column) category(value string) (int, bool) {
	if col.index != nil {
		k, ok := col.index[value]
		return k, ok
	}
	for k, v := range col.values {
		if v == value {
			return k, true
		}
	}
	return 0, false
}

// plan is how one question is coded: its column, and the skip logic as the
// earlier question's position and the categories that show it.
type plan struct {
	q     *survey.Question
	col   *column
	dep   int    // position of the question the condition reads; -1: always asked
	shows []bool // categories of the dependency that show the question
}

// encode codes the answers against the current definition. An answer whose
// value the definition no longer offers (an earlier version) counts apart.
// Each response's answers are read once (no lookup per question), and the
// skip logic is evaluated on the codes.
func encode(def *survey.Definition, rs []survey.Response) *coded {
	n := len(rs)
	c := &coded{n: n, cols: map[string]*column{}}
	qs := def.Questions()
	pos := make(map[string]int, len(qs))
	plans := make([]plan, len(qs))
	for i, q := range qs {
		pos[q.Key] = i
		col := &column{}
		c.cols[q.Key] = col
		if q.Kind == survey.Commune {
			communeCategories(q.Key, rs, col)
		} else {
			col.values, col.labels = q.Categories()
		}
		if len(col.values) > 16 {
			col.index = make(map[string]int, len(col.values))
			for k, v := range col.values {
				col.index[v] = k
			}
		}
		col.counts = make([]int, len(col.values))
		switch {
		case q.Kind == survey.MultipleChoice:
			col.multi = make([][]int, n)
		case q.Kind.Categorical():
			col.single = make([]int, n)
		case q.Kind == survey.Number:
			col.numbers = make([]float64, n)
		}
		plans[i] = plan{q: q, col: col, dep: -1}
		if q.ShowIf != nil {
			if d, ok := pos[q.ShowIf.Question]; ok {
				dc := plans[d].col
				plans[i].dep = d
				plans[i].shows = make([]bool, len(dc.values))
				for _, v := range q.ShowIf.Values {
					if k, ok := dc.category(v); ok {
						plans[i].shows[k] = true
					}
				}
			}
		}
	}
	// One backing array for the ticked choices of each multiple-choice question.
	flat := make([][]int, len(qs))
	row := make([][]string, len(qs))
	for ri := range rs {
		clear(row)
		for k, vals := range rs[ri].Answers {
			if i, ok := pos[k]; ok {
				row[i] = vals
			}
		}
		for i := range plans {
			p := &plans[i]
			col := p.col
			if col.single != nil {
				col.single[ri] = stats.NoAnswer
			}
			if col.numbers != nil {
				col.numbers[ri] = math.NaN()
			}
			if p.dep >= 0 && !plans[p.dep].showsFor(ri, p.shows) {
				col.notAsked++
				continue
			}
			vals := row[i]
			if len(vals) == 0 {
				col.missing++
				continue
			}
			switch {
			case col.multi != nil:
				start := len(flat[i])
				for _, v := range vals {
					if k, ok := col.category(v); ok {
						flat[i] = append(flat[i], k)
						col.counts[k]++
					}
				}
				if len(flat[i]) == start {
					col.outOfVersion++
					continue
				}
				col.multi[ri] = flat[i][start:len(flat[i]):len(flat[i])]
			case col.single != nil:
				k, ok := col.category(vals[0])
				if !ok {
					col.outOfVersion++
					continue
				}
				col.single[ri] = k
				col.counts[k]++
			case col.numbers != nil:
				f, err := strconv.ParseFloat(vals[0], 64)
				if err != nil {
					col.outOfVersion++
					continue
				}
				col.numbers[ri] = f
			case p.q.Kind == survey.ShortText:
				col.texts++
			}
		}
	}
	return c
}

// showsFor reports whether respondent ri's answer to this (earlier) question
// is one of the categories that show a later question.
func (p *plan) showsFor(ri int, shows []bool) bool {
	col := p.col
	switch {
	case col.single != nil:
		k := col.single[ri]
		return k >= 0 && shows[k]
	case col.multi != nil:
		for _, k := range col.multi[ri] {
			if shows[k] {
				return true
			}
		}
	}
	return false
}

// communeCategories orders the communes answered by number of answers.
func communeCategories(key string, rs []survey.Response, col *column) {
	counts := map[string]int{}
	for i := range rs {
		if v := rs[i].Answers.Value(key); v != "" {
			counts[v]++
		}
	}
	values := make([]string, 0, len(counts))
	cs := make([]int, 0, len(counts))
	for v, n := range counts {
		values = append(values, v)
		cs = append(cs, n)
	}
	for _, i := range orderByCount(values, cs) {
		col.values = append(col.values, values[i])
		col.labels = append(col.labels, communeLabel(values[i]))
	}
}

// hits tells, for respondent i, whether they answered the question and
// whether their answer is one of the categories in want.
func (col *column) hits(i int, want []bool) (answered, hit bool) {
	switch {
	case col.multi != nil:
		if col.multi[i] == nil {
			return false, false
		}
		for _, k := range col.multi[i] {
			if want[k] {
				return true, true
			}
		}
		return true, false
	case col.single != nil:
		k := col.single[i]
		if k == stats.NoAnswer {
			return false, false
		}
		return true, want[k]
	}
	return false, false
}
