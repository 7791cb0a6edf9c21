package fragilitystore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Digital fragility: commune indicators (public data, the same for every
// territory) and, for a territory, the offer and the activity per commune.

// FragilityIndicators are the indicators the table holds, one column each (v_ + name).
var FragilityIndicators = []string{"sans_thd", "sans_mobile", "65_ans_et_plus", "peu_diplomes", "pauvrete",
	"menages_une_personne", "familles_monoparentales", "demandeurs_emploi", "25_ans_et_moins"}

func fragilityColumn(ind string) (string, bool) {
	for _, known := range FragilityIndicators {
		if known == ind {
			return "v_" + ind, true
		}
	}
	return "", false
}

// FragilityValue is one indicator of one commune.
type FragilityValue struct {
	Commune   string
	Indicator string
	Value     float64
	Source    string
	Year      int
}

// FragilityImport is the record of one import of indicator files.
type FragilityImport struct {
	ID         int64
	Files      string
	Communes   int
	Indicators []string
	Report     string
	CreatedAt  time.Time
}

// ReplaceFragilityValues replaces every value of the imported indicators,
// their source and year (one per indicator: the first value's), and records
// the import, in one transaction.
func (s *Store) ReplaceFragilityValues(ctx context.Context, values []FragilityValue, imp *FragilityImport, now time.Time) error {
	if len(imp.Indicators) == 0 {
		return apperr.New(apperr.Invalid, "Aucun indicateur à importer.")
	}
	cols := make([]string, len(imp.Indicators))
	pos := map[string]int{}
	for i, ind := range imp.Indicators {
		c, ok := fragilityColumn(ind)
		if !ok {
			return apperr.New(apperr.Invalid, "Indicateur inconnu : "+ind+".")
		}
		cols[i], pos[ind] = c, i
	}
	type source struct {
		text string
		year int
	}
	sources := map[string]source{}
	rows := map[string][]any{}
	var codes []string
	for _, v := range values {
		i, ok := pos[v.Indicator]
		if !ok {
			return apperr.New(apperr.Invalid, "Valeur d'un indicateur non déclaré : "+v.Indicator+".")
		}
		if _, ok := sources[v.Indicator]; !ok {
			sources[v.Indicator] = source{v.Source, v.Year}
		}
		r, ok := rows[v.Commune]
		if !ok {
			r = make([]any, len(cols)+1)
			r[0] = v.Commune
			rows[v.Commune] = r
			codes = append(codes, v.Commune)
		}
		r[i+1] = v.Value
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		set := make([]string, len(cols))
		upd := make([]string, len(cols))
		for i, c := range cols {
			set[i], upd[i] = c+" = NULL", c+" = excluded."+c
		}
		if _, err := tx.ExecContext(ctx, `UPDATE fragility_communes SET `+strings.Join(set, ", ")); err != nil {
			return err
		}
		insert := `INSERT INTO fragility_communes (commune_code, ` + strings.Join(cols, ", ") + `)`
		if err := s.InsertRows(ctx, tx, insert, len(cols)+1, len(codes), func(i int) []any { return rows[codes[i]] },
			` ON CONFLICT (commune_code) DO UPDATE SET `+strings.Join(upd, ", ")); err != nil {
			return err
		}
		for _, ind := range imp.Indicators {
			src := sources[ind]
			if _, err := tx.ExecContext(ctx, `DELETE FROM fragility_sources WHERE indicator = $1`, ind); err != nil {
				return err
			}
			if src.text != "" {
				if _, err := tx.ExecContext(ctx, `INSERT INTO fragility_sources (indicator, source, year) VALUES ($1, $2, $3)`, ind, src.text, src.year); err != nil {
					return err
				}
			}
		}
		imp.CreatedAt = now.UTC()
		return tx.QueryRowContext(ctx, `INSERT INTO fragility_imports (files, communes, indicators, report, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			imp.Files, imp.Communes, strings.Join(imp.Indicators, "|"), imp.Report, store.DBTime(now)).Scan(&imp.ID)
	})
}

// FragilityData is every stored indicator: Values[indicator][i] is the value
// of Codes[i] (NaN when missing).
type FragilityData struct {
	Codes   []string
	Values  map[string][]float64
	Sources map[string]FragilityValue // Source and Year of each indicator
}

// FragilityValues returns every stored indicator value.
func (s *Store) FragilityValues(ctx context.Context) (FragilityData, error) {
	d := FragilityData{Values: map[string][]float64{}, Sources: map[string]FragilityValue{}}
	cols := make([]string, len(FragilityIndicators))
	for i, ind := range FragilityIndicators {
		cols[i], _ = fragilityColumn(ind)
	}
	vals := make([]sql.NullFloat64, len(cols))
	dest := make([]any, len(cols)+1)
	var code string
	dest[0] = &code
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	err := s.EachRow(ctx, `SELECT commune_code, `+strings.Join(cols, ", ")+` FROM fragility_communes ORDER BY commune_code`, nil, func(r *sql.Rows) error {
		if err := r.Scan(dest...); err != nil {
			return err
		}
		d.Codes = append(d.Codes, code)
		for i, ind := range FragilityIndicators {
			v := math.NaN()
			if vals[i].Valid {
				v = vals[i].Float64
			}
			d.Values[ind] = append(d.Values[ind], v)
		}
		return nil
	})
	if err != nil {
		return d, err
	}
	err = s.EachRow(ctx, `SELECT indicator, source, year FROM fragility_sources`, nil, func(r *sql.Rows) error {
		var v FragilityValue
		if err := r.Scan(&v.Indicator, &v.Source, &v.Year); err != nil {
			return err
		}
		d.Sources[v.Indicator] = v
		return nil
	})
	return d, err
}

// LatestFragilityImport returns the last import, ok false when none.
func (s *Store) LatestFragilityImport(ctx context.Context) (FragilityImport, bool, error) {
	var imp FragilityImport
	var inds string
	var created sql.NullTime
	err := s.Reader().QueryRowContext(ctx, `SELECT id, files, communes, indicators, report, created_at FROM fragility_imports ORDER BY id DESC LIMIT 1`).
		Scan(&imp.ID, &imp.Files, &imp.Communes, &inds, &imp.Report, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return imp, false, nil
	}
	imp.Indicators, imp.CreatedAt = store.SplitList(inds), store.UTC(created)
	return imp, err == nil, err
}

// territoryID reads a scope that must name one territory.
func territoryID(st scope.Territory) (int64, error) {
	id, all, err := st.ID()
	if err != nil {
		return 0, err
	}
	if all {
		return 0, apperr.New(apperr.Invalid, "Choisissez un territoire.")
	}
	return id, nil
}

// CommunesInTerritory lists the territory's commune codes.
func (s *Store) CommunesInTerritory(ctx context.Context, st scope.Territory) ([]string, error) {
	tid, err := territoryID(st)
	if err != nil {
		return nil, err
	}
	var out []string
	err = s.EachRow(ctx, `SELECT commune_code FROM territory_communes WHERE territory_id = $1 ORDER BY commune_code`, []any{tid}, func(r *sql.Rows) error {
		var c string
		if err := r.Scan(&c); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	return out, err
}

// Offer is the places and services of a commune.
type Offer struct {
	Places   int
	Services int
}

// OfferInTerritory counts the open places and their services per commune of
// the territory (places of every owner: the map of the offer).
func (s *Store) OfferInTerritory(ctx context.Context, st scope.Territory) (map[string]Offer, error) {
	tid, err := territoryID(st)
	if err != nil {
		return nil, err
	}
	out := map[string]Offer{}
	err = s.EachRow(ctx, `SELECT p.code_insee, p.services FROM places p JOIN territory_communes tc ON tc.commune_code = p.code_insee
		WHERE tc.territory_id = $1 AND p.status = 'ouvert'`, []any{tid}, func(r *sql.Rows) error {
		var code, services string
		if err := r.Scan(&code, &services); err != nil {
			return err
		}
		o := out[code]
		o.Places++
		o.Services += len(store.SplitList(services))
		out[code] = o
		return nil
	})
	return out, err
}

// AccompaniedInTerritory counts, per commune of residence, the people the
// territory's structures accompanied since the given date: followed persons
// once each (individual sessions and workshops), plus anonymous individual
// sessions and anonymous workshop participants (who cannot be told apart).
func (s *Store) AccompaniedInTerritory(ctx context.Context, st scope.Territory, since string) (map[string]int, error) {
	tid, err := territoryID(st)
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	add := func(r *sql.Rows) error {
		var code string
		var n int
		if err := r.Scan(&code, &n); err != nil {
			return err
		}
		if code != "" {
			out[code] += n
		}
		return nil
	}
	if err := s.EachRow(ctx, `SELECT p.commune_code, COUNT(DISTINCT p.id) FROM persons p
		WHERE p.id IN (
			SELECT a.person_id FROM activities a JOIN structures st ON st.id = a.structure_id WHERE st.territory_id = $1 AND a.date >= $2 AND a.person_id IS NOT NULL
			UNION
			SELECT ap.person_id FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id JOIN structures st ON st.id = a.structure_id WHERE st.territory_id = $1 AND a.date >= $2)
		GROUP BY p.commune_code`, []any{tid, since}, add); err != nil {
		return nil, err
	}
	err = s.EachRow(ctx, `SELECT CASE WHEN a.anon_commune <> '' THEN a.anon_commune ELSE a.commune_code END, SUM(CASE WHEN a.type = 'individuel' THEN 1 ELSE a.anon_total END)
		FROM activities a JOIN structures st ON st.id = a.structure_id
		WHERE st.territory_id = $1 AND a.date >= $2 AND a.person_id IS NULL AND (a.type = 'collectif' OR a.anon_commune <> '' OR a.commune_code <> '')
		GROUP BY CASE WHEN a.anon_commune <> '' THEN a.anon_commune ELSE a.commune_code END`, []any{tid, since}, add)
	return out, err
}
