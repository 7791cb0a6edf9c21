// Package fragilityindex holds the use cases of the digital fragility
// index: import the commune indicator files (an operator's command) with a
// report of every missing or implausible value, and put side by side, for the
// communes of a territory, the index computed by one named and versioned
// method, the offer (places and services per 10,000 inhabitants) and the
// activity (people accompanied per 1,000 inhabitants), the communes where
// fragility is high and offer or activity low first.
package fragilityindex

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/commune"
	"github.com/parcours-numerique/parcours/internal/fragility"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/fragilitystore"
)

// Service is the fragility index's use cases.
type Service struct {
	st  *fragilitystore.Store
	now func() time.Time

	mu      sync.Mutex
	data    *fragility.Dataset // the stored indicators, as of dataFor
	dataFor int64              // the import they reflect
	results map[string]*fragility.Result
}

// New returns the service.
func New(st *fragilitystore.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: st, now: now}
}

// File is one indicator file to import.
type File struct {
	Name string
	Data []byte
}

// ImportFiles reads indicator files (the shape of the Data For Good MedNum
// files: by name, or recognised by their columns), stores every value with
// its source and year, and returns the report of what was missing or
// implausible. It is the operator's command: no actor.
func (s *Service) ImportFiles(ctx context.Context, files []File) (*fragility.Report, error) {
	if len(files) == 0 {
		return nil, apperr.New(apperr.Invalid, "Aucun fichier à importer.")
	}
	l := fragility.NewLoader()
	var names []string
	for _, f := range files {
		base := filepath.Base(f.Name)
		if err := readOne(l, base, f.Data); err != nil {
			return nil, err
		}
		names = append(names, base)
	}
	d, rep := l.Finish()
	imported := map[fragility.Indicator]bool{}
	for _, f := range rep.Files {
		for _, c := range f.Columns {
			imported[c.Indicator] = true
		}
	}
	var inds []string
	var values []fragilitystore.FragilityValue
	for _, ind := range fragility.Indicators() {
		if !imported[ind] {
			continue
		}
		inds = append(inds, string(ind))
		for i := range d.Communes {
			c := &d.Communes[i]
			if v, ok := c.Value(ind); ok {
				values = append(values, fragilitystore.FragilityValue{Commune: c.Code, Indicator: string(ind), Value: v.Value, Source: v.Source, Year: v.Year})
			}
		}
	}
	var text bytes.Buffer
	_ = rep.WriteText(&text)
	imp := &fragilitystore.FragilityImport{Files: strings.Join(names, ", "), Communes: rep.Communes, Indicators: inds, Report: text.String()}
	if err := s.st.ReplaceFragilityValues(ctx, values, imp, s.now()); err != nil {
		return rep, err
	}
	return rep, nil
}

// readOne reads a file with the spec of its name, else with the first spec
// whose columns it has.
func readOne(l *fragility.Loader, name string, data []byte) error {
	for _, spec := range fragility.BatchMedNum2020 {
		if strings.EqualFold(spec.Name, name) {
			return l.Read(bytes.NewReader(data), spec)
		}
	}
	for _, spec := range fragility.BatchMedNum2020 {
		spec.Name = name
		if err := l.Read(bytes.NewReader(data), spec); err == nil {
			return nil
		}
	}
	return apperr.New(apperr.Invalid, fmt.Sprintf("Le fichier %s n'a aucune colonne d'indicateur connue (TX_NSCOL15P, TX_65ETPLUS, TAUX_COUVERTURE_THD, COUVERTURE_MOBILE, TX_POVERTY…).", name))
}

// dataset returns the stored indicators, read again after an import.
func (s *Service) dataset(ctx context.Context) (*fragility.Dataset, int64, error) {
	last, ok, err := s.st.LatestFragilityImport(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !ok {
		return nil, 0, apperr.New(apperr.Conflict, "Aucun indicateur n'est chargé : l'équipe technique les importe avec « parcours fragilite import DOSSIER ».")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data != nil && s.dataFor == last.ID {
		return s.data, last.ID, nil
	}
	data, err := s.st.FragilityValues(ctx)
	if err != nil {
		return nil, 0, err
	}
	b := fragility.NewBuilder()
	for ind, vals := range data.Values {
		src := data.Sources[ind]
		for i, v := range vals {
			if !math.IsNaN(v) {
				b.Set(data.Codes[i], "", fragility.Indicator(ind), fragility.Value{Value: v, Source: src.Source, Year: src.Year})
			}
		}
	}
	s.data, s.dataFor, s.results = b.Dataset(), last.ID, map[string]*fragility.Result{}
	return s.data, last.ID, nil
}

// Method names.
const (
	MethodLaMedNum2022 = "lamednum-2022"
	MethodBase100      = "base100-2020"
)

// Reference territories of the base-100 method.
const (
	ReferenceFrance     = "france"
	ReferenceDepartment = "departement"
	ReferenceTerritory  = "territoire"
)

// Query chooses the method and, for base 100, the reference territory.
type Query struct {
	Method      string // lamednum-2022 (default) or base100-2020
	Reference   string // base100-2020: france (default), departement or territoire
	TerritoryID int64  // platform administrators choose the territory; coordinators see theirs
}

// Row is one commune of the territory.
type Row struct {
	Code, Name      string
	Population      int
	Lat, Lon        float64
	HasCoords       bool
	Score           fragility.Score
	Scored          bool
	Percentile      float64 // share of the nation's scored communes at or below this score, 0..1
	High            bool    // in the national top third of fragility
	Places          int
	Services        int
	PlacesPer10k    float64
	ServicesPer10k  float64
	Accompanied     int
	AccompaniedPer1 float64 // per 1,000 inhabitants
	LowOffer        bool    // below the territory's median of places per 10,000
	LowActivity     bool    // below the territory's median of people accompanied per 1,000
	Priority        int     // 1: high fragility with low offer or activity; 2: high fragility; 3: the others
}

// TerritoryIndex is the table of a territory by one method.
type TerritoryIndex struct {
	Territory   string
	TerritoryID int64
	Method      string
	Version     string
	Description string
	Notes       []string
	Reference   string
	Min, Max    float64
	Rows        []Row
	Since       string // activity counted from this date
	ImportedAt  time.Time
	Sources     []Source
	Rule        string // how rows are ordered, in French
}

// Source is an indicator with its source and year.
type Source struct {
	Indicator fragility.Indicator
	Label     string
	Source    string
	Year      int
}

// Index computes the table of the actor's territory.
func (s *Service) Index(ctx context.Context, a *account.Actor, q Query) (TerritoryIndex, error) {
	if err := a.Require(account.PermFragility); err != nil {
		return TerritoryIndex{}, err
	}
	ts, err := s.territoryScope(a, q.TerritoryID)
	if err != nil {
		return TerritoryIndex{}, err
	}
	tid, _, _ := ts.ID()
	terr, err := s.st.Territory(ctx, tid)
	if err != nil {
		return TerritoryIndex{}, err
	}
	codes, err := s.st.CommunesInTerritory(ctx, ts)
	if err != nil {
		return TerritoryIndex{}, err
	}
	d, importID, err := s.dataset(ctx)
	if err != nil {
		return TerritoryIndex{}, err
	}
	res, err := s.compute(d, importID, q, codes)
	if err != nil {
		return TerritoryIndex{}, err
	}
	offer, err := s.st.OfferInTerritory(ctx, ts)
	if err != nil {
		return TerritoryIndex{}, err
	}
	since := s.now().AddDate(-1, 0, 0).Format("2006-01-02")
	acc, err := s.st.AccompaniedInTerritory(ctx, ts, since)
	if err != nil {
		return TerritoryIndex{}, err
	}
	last, _, err := s.st.LatestFragilityImport(ctx)
	if err != nil {
		return TerritoryIndex{}, err
	}
	out := TerritoryIndex{Territory: terr.Name, TerritoryID: tid, Method: res.Method, Version: res.Version, Description: res.Description, Notes: res.Notes,
		Reference: q.Reference, Min: res.Min, Max: res.Max, Since: since, ImportedAt: last.CreatedAt}
	out.Rows = table(res, codes, offer, acc)
	out.Sources = sources(d, codes)
	out.Rule = "Ordre : d'abord les communes parmi le tiers le plus fragile du pays dont l'offre (lieux pour 10 000 habitants) ou l'activité " +
		"(personnes accompagnées pour 1 000 habitants) est sous la médiane du territoire ; puis les autres communes du tiers le plus fragile ; puis les autres ; " +
		"à l'intérieur de chaque groupe, de la plus fragile à la moins fragile."
	return out, nil
}

// territoryScope is the coordinator's territory, or the one a platform administrator chose.
func (s *Service) territoryScope(a *account.Actor, chosen int64) (scope.Territory, error) {
	ts, ok := a.TerritoryScope()
	if !ok {
		return scope.Territory{}, apperr.New(apperr.Forbidden, "Votre rôle ne donne accès à aucun territoire.")
	}
	id, all, err := ts.ID()
	if err != nil {
		return ts, err
	}
	switch {
	case all && chosen > 0:
		return scope.OfTerritory(chosen), nil
	case all:
		return ts, &apperr.Error{Code: apperr.Invalid, Message: "Choisissez un territoire.", Fields: []apperr.FieldError{{Field: "territoire", Message: "Choisissez un territoire."}}}
	case chosen > 0 && chosen != id:
		return ts, apperr.NotFoundError()
	}
	return ts, nil
}

// compute runs the method (cached per import); base 100 needs its reference.
func (s *Service) compute(d *fragility.Dataset, importID int64, q Query, codes []string) (*fragility.Result, error) {
	if q.Method == "" {
		q.Method = MethodLaMedNum2022
	}
	var m fragility.Method
	key := q.Method
	switch q.Method {
	case MethodLaMedNum2022:
		m = fragility.LaMedNum2022{MaxMissing: 1}
	case MethodBase100:
		if q.Reference == "" {
			q.Reference = ReferenceFrance
		}
		in := map[string]bool{}
		name := "France"
		switch q.Reference {
		case ReferenceFrance:
		case ReferenceDepartment:
			var deps []string
			for _, c := range codes {
				dep := commune.DepartmentOf(c)
				if !in[dep] {
					deps = append(deps, dep)
				}
				in[dep] = true
			}
			sort.Strings(deps)
			name = "département(s) " + strings.Join(deps, ", ")
		case ReferenceTerritory:
			for _, c := range codes {
				in[c] = true
			}
			name = "le territoire"
		default:
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "Référence : france, departement ou territoire.", Fields: []apperr.FieldError{{Field: "reference", Message: "Référence : france, departement ou territoire."}}}
		}
		key += "|" + q.Reference + "|" + strings.Join(codes, ",")
		ref, err := fragility.ReferenceOf(d, name, func(c *fragility.Commune) bool {
			switch q.Reference {
			case ReferenceDepartment:
				return in[c.Department()]
			case ReferenceTerritory:
				return in[c.Code]
			}
			return true
		})
		if err != nil {
			return nil, err
		}
		m = fragility.Base100{Reference: ref, MaxMissing: 1}
	default:
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "Méthode : lamednum-2022 ou base100-2020.", Fields: []apperr.FieldError{{Field: "methode", Message: "Méthode : lamednum-2022 ou base100-2020."}}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dataFor == importID {
		if r, ok := s.results[key]; ok {
			return r, nil
		}
	}
	r, err := m.Compute(d)
	if err != nil {
		return nil, err
	}
	if s.dataFor == importID && len(s.results) < 64 {
		s.results[key] = r
	}
	return r, nil
}

// table builds the rows of the territory's communes and orders them.
func table(res *fragility.Result, codes []string, offer map[string]fragilitystore.Offer, acc map[string]int) []Row {
	// The nation's scored communes, sorted, to place each commune.
	var national []float64
	for i := range res.Scores {
		if res.Scores[i].Scored {
			national = append(national, res.Scores[i].Score)
		}
	}
	sort.Float64s(national)
	rows := make([]Row, 0, len(codes))
	for _, code := range codes {
		r := Row{Code: code, Name: code}
		if c, ok := commune.Lookup(code); ok {
			r.Name, r.Population, r.Lat, r.Lon, r.HasCoords = c.Name, c.Population, c.Lat, c.Lon, c.HasCoords
		}
		if sc, ok := res.Commune(code); ok {
			r.Score, r.Scored = *sc, sc.Scored
			if sc.Scored && len(national) > 0 {
				r.Percentile = float64(sort.SearchFloat64s(national, math.Nextafter(sc.Score, math.Inf(1)))) / float64(len(national))
				r.High = r.Percentile > 2.0/3
			}
		}
		o := offer[code]
		r.Places, r.Services, r.Accompanied = o.Places, o.Services, acc[code]
		if r.Population > 0 {
			r.PlacesPer10k = float64(r.Places) * 10000 / float64(r.Population)
			r.ServicesPer10k = float64(r.Services) * 10000 / float64(r.Population)
			r.AccompaniedPer1 = float64(r.Accompanied) * 1000 / float64(r.Population)
		}
		rows = append(rows, r)
	}
	medOffer := median(rows, func(r Row) float64 { return r.PlacesPer10k })
	medAct := median(rows, func(r Row) float64 { return r.AccompaniedPer1 })
	for i := range rows {
		r := &rows[i]
		if r.Population > 0 {
			r.LowOffer, r.LowActivity = r.PlacesPer10k < medOffer || r.Places == 0, r.AccompaniedPer1 < medAct || r.Accompanied == 0
		}
		switch {
		case r.High && (r.LowOffer || r.LowActivity):
			r.Priority = 1
		case r.High:
			r.Priority = 2
		default:
			r.Priority = 3
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		if a.Scored != b.Scored {
			return a.Scored
		}
		if a.Score.Score != b.Score.Score {
			return a.Score.Score > b.Score.Score
		}
		return a.Code < b.Code
	})
	return rows
}

func median(rows []Row, f func(Row) float64) float64 {
	var vals []float64
	for _, r := range rows {
		if r.Population > 0 {
			vals = append(vals, f(r))
		}
	}
	if len(vals) == 0 {
		return 0
	}
	sort.Float64s(vals)
	n := len(vals)
	if n%2 == 1 {
		return vals[n/2]
	}
	return (vals[n/2-1] + vals[n/2]) / 2
}

// sources lists each indicator's sources and years among the territory's communes.
func sources(d *fragility.Dataset, codes []string) []Source {
	seen := map[string]bool{}
	var out []Source
	for _, ind := range fragility.Indicators() {
		for _, code := range codes {
			c, ok := d.Commune(code)
			if !ok {
				continue
			}
			v, ok := c.Value(ind)
			if !ok {
				continue
			}
			k := string(ind) + "|" + v.Source + "|" + fmt.Sprint(v.Year)
			if !seen[k] {
				seen[k] = true
				out = append(out, Source{Indicator: ind, Label: ind.Label(), Source: v.Source, Year: v.Year})
			}
		}
	}
	return out
}

// Territories lists the territories an administrator may choose from.
func (s *Service) Territories(ctx context.Context, a *account.Actor) ([]TerritoryChoice, error) {
	if err := a.Require(account.PermFragility); err != nil {
		return nil, err
	}
	ts, ok := a.TerritoryScope()
	if !ok {
		return nil, apperr.New(apperr.Forbidden, "Votre rôle ne donne accès à aucun territoire.")
	}
	list, err := s.st.ListTerritories(ctx)
	if err != nil {
		return nil, err
	}
	id, all, _ := ts.ID()
	var out []TerritoryChoice
	for _, t := range list {
		if all || t.ID == id {
			out = append(out, TerritoryChoice{ID: t.ID, Name: t.Name})
		}
	}
	return out, nil
}

// TerritoryChoice names a territory.
type TerritoryChoice struct {
	ID   int64
	Name string
}
