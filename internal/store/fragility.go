package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// Digital fragility: commune indicators (public data, the same for every
// territory) and, for a territory, the offer and the activity per commune.

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

// ReplaceFragilityValues replaces every value of the imported indicators and
// records the import, in one transaction.
func (s *Store) ReplaceFragilityValues(ctx context.Context, values []FragilityValue, imp *FragilityImport, now time.Time) error {
	if len(imp.Indicators) == 0 {
		return apperr.New(apperr.Invalid, "Aucun indicateur à importer.")
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		ph := make([]string, len(imp.Indicators))
		args := make([]any, len(imp.Indicators))
		for i, ind := range imp.Indicators {
			ph[i], args[i] = "$"+strconv.Itoa(i+1), ind
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM fragility_values WHERE indicator IN (`+strings.Join(ph, ", ")+`)`, args...); err != nil {
			return err
		}
		const cols, batch = 5, 1000
		for start := 0; start < len(values); start += batch {
			end := min(start+batch, len(values))
			var b strings.Builder
			b.WriteString(`INSERT INTO fragility_values (commune_code, indicator, value, source, year) VALUES `)
			args := make([]any, 0, (end-start)*cols)
			for i := start; i < end; i++ {
				if i > start {
					b.WriteString(", ")
				}
				k := len(args)
				b.WriteString("($" + strconv.Itoa(k+1) + ", $" + strconv.Itoa(k+2) + ", $" + strconv.Itoa(k+3) + ", $" + strconv.Itoa(k+4) + ", $" + strconv.Itoa(k+5) + ")")
				v := values[i]
				args = append(args, v.Commune, v.Indicator, v.Value, v.Source, v.Year)
			}
			if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
				return err
			}
		}
		imp.CreatedAt = now.UTC()
		return tx.QueryRowContext(ctx, `INSERT INTO fragility_imports (files, communes, indicators, report, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			imp.Files, imp.Communes, strings.Join(imp.Indicators, "|"), imp.Report, ts(now)).Scan(&imp.ID)
	})
}

// FragilityValues returns every stored indicator value.
func (s *Store) FragilityValues(ctx context.Context) ([]FragilityValue, error) {
	out := make([]FragilityValue, 0, 1024)
	err := s.eachRow(ctx, `SELECT commune_code, indicator, value, source, year FROM fragility_values`, nil, func(r *sql.Rows) error {
		var v FragilityValue
		if err := r.Scan(&v.Commune, &v.Indicator, &v.Value, &v.Source, &v.Year); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// LatestFragilityImport returns the last import, ok false when none.
func (s *Store) LatestFragilityImport(ctx context.Context) (FragilityImport, bool, error) {
	var imp FragilityImport
	var inds string
	var created sql.NullTime
	err := s.r.QueryRowContext(ctx, `SELECT id, files, communes, indicators, report, created_at FROM fragility_imports ORDER BY id DESC LIMIT 1`).
		Scan(&imp.ID, &imp.Files, &imp.Communes, &inds, &imp.Report, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return imp, false, nil
	}
	imp.Indicators, imp.CreatedAt = splitList(inds), utc(created)
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
	err = s.eachRow(ctx, `SELECT commune_code FROM territory_communes WHERE territory_id = $1 ORDER BY commune_code`, []any{tid}, func(r *sql.Rows) error {
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
	err = s.eachRow(ctx, `SELECT p.code_insee, p.services FROM places p JOIN territory_communes tc ON tc.commune_code = p.code_insee
		WHERE tc.territory_id = $1 AND p.status = 'ouvert'`, []any{tid}, func(r *sql.Rows) error {
		var code, services string
		if err := r.Scan(&code, &services); err != nil {
			return err
		}
		o := out[code]
		o.Places++
		o.Services += len(splitList(services))
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
	if err := s.eachRow(ctx, `SELECT p.commune_code, COUNT(DISTINCT p.id) FROM persons p
		WHERE p.id IN (
			SELECT a.person_id FROM activities a JOIN structures st ON st.id = a.structure_id WHERE st.territory_id = $1 AND a.date >= $2 AND a.person_id IS NOT NULL
			UNION
			SELECT ap.person_id FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id JOIN structures st ON st.id = a.structure_id WHERE st.territory_id = $1 AND a.date >= $2)
		GROUP BY p.commune_code`, []any{tid, since}, add); err != nil {
		return nil, err
	}
	err = s.eachRow(ctx, `SELECT CASE WHEN a.anon_commune <> '' THEN a.anon_commune ELSE a.commune_code END, SUM(CASE WHEN a.type = 'individuel' THEN 1 ELSE a.anon_total END)
		FROM activities a JOIN structures st ON st.id = a.structure_id
		WHERE st.territory_id = $1 AND a.date >= $2 AND a.person_id IS NULL AND (a.type = 'collectif' OR a.anon_commune <> '' OR a.commune_code <> '')
		GROUP BY CASE WHEN a.anon_commune <> '' THEN a.anon_commune ELSE a.commune_code END`, []any{tid, since}, add)
	return out, err
}
