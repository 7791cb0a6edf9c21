package fragility

// Method computes the index one way. Methods changed over time (a base-100
// ratio to a reference territory in 2019–2020, −3..+3 by national position
// summed to −10..+10 in 2022, a 1–10 scale since 2023): a result always
// carries the one method that made it, and scores of different methods are
// never combined.
type Method interface {
	Name() string        // stable identifier, e.g. "lamednum-2022"
	Version() string     // version of this implementation of the method
	Description() string // the rule, indicators and sources, in French
	Compute(d *Dataset) (*Result, error)
}

// Part is one indicator of a commune's score.
type Part struct {
	Indicator Indicator
	Value     Value   // the indicator with its source and year
	Points    float64 // what the method made of it: −3..+3, or a base-100 ratio
}

// Score is the index of one commune.
type Score struct {
	Code    string
	Name    string
	Score   float64
	Scored  bool        // false when more core indicators are missing than the method allows
	Missing []Indicator // core indicators without a value
	Parts   []Part      // core indicators with a value
	Context []Part      // context indicators, shown beside, not in the score (Points 0)
}

// Result is the index of every commune of a dataset by one method.
type Result struct {
	Method      string
	Version     string
	Description string
	Indicators  []Indicator // the core indicators scored
	Min, Max    float64     // bounds of the scale; both 0 when the scale is open
	Notes       []string    // what the computation used: cut points, reference values
	Scores      []Score     // one per commune, in the dataset's order
	index       map[string]int
}

// Commune returns the score of the commune with the given INSEE code.
func (r *Result) Commune(code string) (*Score, bool) {
	i, ok := r.index[code]
	if !ok {
		return nil, false
	}
	return &r.Scores[i], true
}

// Scored is the number of communes that received a score.
func (r *Result) Scored() int {
	n := 0
	for i := range r.Scores {
		if r.Scores[i].Scored {
			n++
		}
	}
	return n
}

// newResult prepares one score per commune with its parts and context.
func newResult(m Method, d *Dataset) *Result {
	n := len(d.Communes)
	r := &Result{
		Method:      m.Name(),
		Version:     m.Version(),
		Description: m.Description(),
		Indicators:  append([]Indicator(nil), Core...),
		Scores:      make([]Score, n),
		index:       d.index, // same order as d.Communes; never written after Finish
	}
	// One backing array for all parts: 35,000 communes, few allocations.
	parts := make([]Part, n*len(Core))
	context := make([]Part, n*len(ContextIndicators))
	for ci := range d.Communes {
		c := &d.Communes[ci]
		s := &r.Scores[ci]
		s.Code, s.Name = c.Code, c.Name
		s.Parts = parts[ci*len(Core) : ci*len(Core) : (ci+1)*len(Core)]
		for _, ind := range Core {
			if v, ok := c.Value(ind); ok {
				s.Parts = append(s.Parts, Part{Indicator: ind, Value: v})
			} else {
				s.Missing = append(s.Missing, ind)
			}
		}
		k := len(ContextIndicators)
		s.Context = context[ci*k : ci*k : (ci+1)*k]
		for _, ind := range ContextIndicators {
			if v, ok := c.Value(ind); ok {
				s.Context = append(s.Context, Part{Indicator: ind, Value: v})
			}
		}
	}
	return r
}
