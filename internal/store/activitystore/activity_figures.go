package activitystore

import (
	"context"
	"database/sql"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// FigureFilter narrows the activities counted in figures.
type FigureFilter struct {
	From, To    string // dates, inclusive
	StructureID int64  // one structure of the scope
	AuthorID    int64  // one conseiller
	CommuneCode string // where the activity happened
	// Breakdown and BreakdownKey keep the sessions behind one figure of the
	// dashboard, as ActivityFilter's do.
	Breakdown, BreakdownKey string
}

// ActivityGroup is one group of identical activities as the figures see
// them: how many sessions, their anonymous participants and minutes.
type ActivityGroup struct {
	Month, Type, Canal, DurationBucket, Place, Commune string
	Autonomy                                           string
	Oriented                                           bool
	OrientationKind, Themes, Equipment, Procedures     string // lists, '|'-separated
	StructureID                                        int64
	Gender, AgeBand, Status                            string // anonymous person's, or the followed person's gender and status
	BirthYear                                          int    // followed person's
	Followed, FirstTime                                bool
	AnonCounts                                         string // JSON of a workshop's anonymous breakdown
	Sessions, AnonTotal, Minutes                       int
	Day                                                string // YYYY-MM-DD, grouped by day only (activityGroupsByDay)
	AuthorID                                           int64  // grouped by day only; 0 when the author's account is gone
}

// ParticipantGroup counts the followed participants of workshops alike.
type ParticipantGroup struct {
	Year           string
	Gender, Status string
	BirthYear      int
	FirstTime      bool
	Participants   int
	// Grouped by day only (activityGroupsByDay): the workshop's.
	Day         string
	StructureID int64
	AuthorID    int64
	Commune     string
}

// ActivityGroups returns the structure's activities grouped for the figures.
func (s *Store) ActivityGroups(ctx context.Context, sc scope.Structure, f FigureFilter) ([]ActivityGroup, []ParticipantGroup, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, nil, err
	}
	return s.activityGroups(ctx, s.Reader(), false, "a.structure_id = $1", []any{sid}, f)
}

// ActivityGroupsInTerritory returns the activities of the scope's
// structures grouped for the figures (never a person).
func (s *Store) ActivityGroupsInTerritory(ctx context.Context, t scope.Territory, f FigureFilter) ([]ActivityGroup, []ParticipantGroup, error) {
	cond, args, err := store.TerritoryCondition(t, "a.structure_id", 1)
	if err != nil {
		return nil, nil, err
	}
	return s.activityGroups(ctx, s.Reader(), false, cond, args, f)
}

const activityGroupColumns = `a.type, a.canal,
	` + durationBucketSQL + `,
	a.place_name, a.commune_code, a.autonomie, a.oriente, a.orientation_vers, a.thematiques, a.materiel, a.demarches, a.structure_id,
	CASE WHEN a.person_id IS NULL THEN a.anon_gender ELSE COALESCE(p.gender, '') END,
	CASE WHEN a.person_id IS NULL THEN a.anon_age_band ELSE '' END, COALESCE(p.birth_year, 0),
	CASE WHEN a.person_id IS NULL THEN a.anon_status ELSE COALESCE(p.social_status, '') END,
	a.person_id IS NOT NULL, a.first_time, a.anon_counts`

// activityGroups groups the activities by month, or by day and author
// (for the pre-aggregated figures), read through q.
func (s *Store) activityGroups(ctx context.Context, q store.Querier, byDay bool, cond string, args []any, f FigureFilter) ([]ActivityGroup, []ParticipantGroup, error) {
	period, author, year := "SUBSTR(a.date, 1, 7)", "0", "SUBSTR(a.date, 1, 4)"
	partCols := ""
	if byDay {
		period, author, year = "a.date", "COALESCE(a.author_id, 0)", "a.date"
		partCols = ", a.structure_id, COALESCE(a.author_id, 0), a.commune_code"
	}
	cols, group := period+", "+author+", "+activityGroupColumns, period+", "+activityGroupColumns
	if byDay {
		group = cols
	}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + store.Itoa(len(args))
	}
	where := cond
	if f.From != "" {
		where += " AND a.date >= " + arg(f.From)
	}
	if f.To != "" {
		where += " AND a.date <= " + arg(f.To)
	}
	if f.StructureID != 0 {
		where += " AND a.structure_id = " + arg(f.StructureID)
	}
	if f.AuthorID != 0 {
		where += " AND a.author_id = " + arg(f.AuthorID)
	}
	if f.CommuneCode != "" {
		where += " AND a.commune_code = " + arg(f.CommuneCode)
	}
	if f.Breakdown != "" {
		c, ok := breakdownCondition(f.Breakdown, f.BreakdownKey, peerScope(cond, f.StructureID), arg)
		if !ok {
			return nil, nil, apperr.New(apperr.Invalid, "Ce tableau du tableau de bord n'existe pas.")
		}
		where += " AND " + c
	}
	var groups []ActivityGroup
	err := eachRow(ctx, q, `SELECT `+cols+`, COUNT(*), SUM(a.anon_total), SUM(a.duree)
		FROM activities a LEFT JOIN persons p ON p.id = a.person_id WHERE `+where+` GROUP BY `+group, args, func(r *sql.Rows) error {
		var g ActivityGroup
		if err := r.Scan(&g.Month, &g.AuthorID, &g.Type, &g.Canal, &g.DurationBucket, &g.Place, &g.Commune, &g.Autonomy, &g.Oriented, &g.OrientationKind,
			&g.Themes, &g.Equipment, &g.Procedures, &g.StructureID, &g.Gender, &g.AgeBand, &g.BirthYear, &g.Status, &g.Followed, &g.FirstTime,
			&g.AnonCounts, &g.Sessions, &g.AnonTotal, &g.Minutes); err != nil {
			return err
		}
		if byDay {
			g.Day, g.Month = g.Month, g.Month[:7]
		}
		groups = append(groups, g)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	var parts []ParticipantGroup
	pcols := year + ", p.gender, p.social_status, COALESCE(p.birth_year, 0), ap.first_time" + partCols
	err = eachRow(ctx, q, `SELECT `+pcols+`, COUNT(*)
		FROM activity_participants ap JOIN activities a ON a.id = ap.activity_id JOIN persons p ON p.id = ap.person_id
		WHERE `+where+` GROUP BY `+pcols, args, func(r *sql.Rows) error {
		var g ParticipantGroup
		dest := []any{&g.Year, &g.Gender, &g.Status, &g.BirthYear, &g.FirstTime}
		if byDay {
			dest = append(dest, &g.StructureID, &g.AuthorID, &g.Commune)
		}
		if err := r.Scan(append(dest, &g.Participants)...); err != nil {
			return err
		}
		if byDay {
			g.Day, g.Year = g.Year, g.Year[:4]
		}
		parts = append(parts, g)
		return nil
	})
	return groups, parts, err
}

// eachRow runs a query through q and calls scan on each row.
func eachRow(ctx context.Context, q store.Querier, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
