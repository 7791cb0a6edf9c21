package activitystore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/vocab"
)

const activitySelect = `SELECT a.id, a.structure_id, COALESCE(st.name, ''), a.author_id, COALESCE(u.name, ''), a.type, a.date, a.duree, a.canal, a.place_id, a.place_name,
	a.commune_code, a.materiel, a.thematiques, a.demarches, a.precisions, a.autonomie, a.oriente, a.orientation_vers, a.titre, a.niveau,
	a.person_id, COALESCE(p.first_name || ' ' || p.last_name, ''), COALESCE(p.deleted_at IS NOT NULL, FALSE), a.first_time,
	a.anon_gender, a.anon_age_band, a.anon_status, a.anon_commune, a.anon_total, a.anon_returning, a.anon_counts, a.notes, a.created_at, a.updated_at
	FROM activities a LEFT JOIN users u ON u.id = a.author_id LEFT JOIN persons p ON p.id = a.person_id LEFT JOIN structures st ON st.id = a.structure_id`

func scanActivity(row interface{ Scan(...any) error }) (activity.Activity, error) {
	var a activity.Activity
	var author, placeID, personID sql.NullInt64
	var materiel, themes, procs, counts string
	var deleted bool
	err := row.Scan(&a.ID, &a.StructureID, &a.StructureName, &author, &a.AuthorName, &a.Type, &a.Date, &a.Duration, &a.Canal, &placeID, &a.PlaceName,
		&a.CommuneCode, &materiel, &themes, &procs, &a.Details, &a.Autonomy, &a.Oriented, &a.OrientationKind, &a.Title, &a.Level,
		&personID, &a.PersonName, &deleted, &a.FirstTime,
		&a.AnonGender, &a.AnonAgeBand, &a.AnonStatus, &a.AnonCommune, &a.AnonTotal, &a.AnonReturning, &counts, &a.Notes, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return a, err
	}
	a.AuthorID, a.PlaceID, a.PersonID = author.Int64, placeID.Int64, personID.Int64
	a.Equipment, a.Themes, a.Procedures = store.SplitList(materiel), store.SplitList(themes), store.SplitList(procs)
	if deleted {
		a.PersonName = "Personne supprimée"
	}
	if counts != "" {
		_ = json.Unmarshal([]byte(counts), &a.AnonCounts)
	}
	a.CreatedAt, a.UpdatedAt = a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// CreateActivity saves a validated activity of the scope's structure.
// Persons must be current persons of the structure; each one's first
// accompaniment is flagged, and a person who was waiting is now accompanied.
func (s *Store) CreateActivity(ctx context.Context, sc scope.Structure, a *activity.Activity, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	a.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		persons := a.ParticipantIDs()
		if a.Type == activity.TypeIndividual && a.PersonID != 0 {
			persons = []int64{a.PersonID}
		}
		first := map[int64]bool{}
		for _, id := range persons {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
				id, a.StructureID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				field := "personne_id"
				if a.Type == activity.TypeWorkshop {
					field = "participants"
				}
				return &apperr.Error{Code: apperr.NotFound, Message: "Personne introuvable dans votre structure.",
					Fields: []apperr.FieldError{{Field: field, Message: "Personne introuvable dans votre structure : vérifiez le numéro de dossier."}}}
			}
			seen, err := store.HasAccompaniment(ctx, tx, a.StructureID, id)
			if err != nil {
				return err
			}
			first[id] = !seen
		}
		a.FirstTime = a.Type == activity.TypeIndividual && a.PersonID != 0 && first[a.PersonID]
		if _, err := insertActivity(func(args ...any) *sql.Row { return tx.QueryRowContext(ctx, insertActivitySQL, args...) }, a, "", now); err != nil {
			return err
		}
		a.CreatedAt = now.UTC().Truncate(time.Microsecond)
		a.UpdatedAt = a.CreatedAt
		if a.Type == activity.TypeWorkshop {
			a.Participants = nil
			for _, id := range persons {
				if _, err := tx.ExecContext(ctx, "INSERT INTO activity_participants (activity_id, person_id, first_time) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
					a.ID, id, first[id]); err != nil {
					return err
				}
				a.Participants = append(a.Participants, activity.Participant{PersonID: id, FirstTime: first[id]})
			}
		}
		for _, id := range persons {
			if _, err := tx.ExecContext(ctx, `UPDATE persons SET follow_status = 'en_cours', waiting_since = NULL, updated_at = $3
				WHERE id = $1 AND structure_id = $2 AND follow_status = 'en_attente'`, id, a.StructureID, store.DBTime(now)); err != nil {
				return err
			}
			e := j
			e.StructureID, e.PersonID = a.StructureID, id
			if err := store.InsertJournal(ctx, tx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}

const insertActivitySQL = `INSERT INTO activities (structure_id, author_id, type, date, duree, canal, place_id, place_name,
	commune_code, materiel, thematiques, demarches, precisions, autonomie, oriente, orientation_vers, titre, niveau, person_id,
	first_time, anon_gender, anon_age_band, anon_status, anon_commune, anon_total, anon_returning, anon_counts, notes, created_at, updated_at, source_key)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $29, $30)
	ON CONFLICT (structure_id, source_key) WHERE source_key <> '' DO NOTHING
	RETURNING id`

// insertActivity inserts the activity's row through query (the statement
// insertActivitySQL, prepared or not); with a source key, a row already
// imported under that key is left alone and ok is false.
func insertActivity(query func(args ...any) *sql.Row, a *activity.Activity, sourceKey string, now time.Time) (ok bool, err error) {
	args := activityArgs(a, sourceKey, now)
	err = query(append(args[:29:29], args[30])...).Scan(&a.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// activityArgs are the values of an activity's row, in the order of
// insertActivitiesSQL's columns (created_at and updated_at both now).
func activityArgs(a *activity.Activity, sourceKey string, now time.Time) []any {
	counts := ""
	if len(a.AnonCounts) > 0 {
		b, _ := json.Marshal(a.AnonCounts)
		counts = string(b)
	}
	at := store.DBTime(now)
	return []any{a.StructureID, store.NullInt(a.AuthorID), a.Type, a.Date, a.Duration, a.Canal, store.NullInt(a.PlaceID), a.PlaceName,
		a.CommuneCode, store.JoinList(a.Equipment), store.JoinList(a.Themes), store.JoinList(a.Procedures), a.Details, a.Autonomy, a.Oriented,
		a.OrientationKind, a.Title, a.Level, store.NullInt(a.PersonID), a.FirstTime, a.AnonGender, a.AnonAgeBand, a.AnonStatus,
		a.AnonCommune, a.AnonTotal, a.AnonReturning, counts, a.Notes, at, at, sourceKey}
}

// ImportActivities saves activities of anonymous persons read from another
// tool, each under its source key, in transactions of up to 500 rows
// written by one statement: each activity is one row, saved whole or not
// at all. done[i] is false for an activity whose key the structure already
// holds (a duplicate, also of an earlier activity of the same import).
func (s *Store) ImportActivities(ctx context.Context, sc scope.Structure, acts []activity.Activity, keys []string, now time.Time) (done []bool, err error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	done = make([]bool, len(acts))
	for start := 0; start < len(acts); start += importBatch {
		end := min(start+importBatch, len(acts))
		var stmt *sql.Stmt
		if end-start == importBatch {
			if stmt, err = s.fullImportStmt(ctx); err != nil {
				return done, err
			}
		}
		err := s.Write(ctx, func(tx *sql.Tx) error {
			first := make(map[string]int, end-start) // a key's first activity in the batch
			args := make([]any, 0, (end-start)*importColumns)
			for i := start; i < end; i++ {
				a := &acts[i]
				if a.PersonID != 0 || len(a.ParticipantIDs()) > 0 || keys[i] == "" {
					return errors.New("store: an imported activity names no person and has a source key")
				}
				a.StructureID = sid
				if _, ok := first[keys[i]]; !ok {
					first[keys[i]] = i
				}
				args = append(args, activityArgs(a, keys[i], now)...)
			}
			var rows *sql.Rows
			var err error
			if stmt != nil {
				rows, err = tx.StmtContext(ctx, stmt).QueryContext(ctx, args...)
			} else {
				rows, err = tx.QueryContext(ctx, s.importSQL(end-start), args...)
			}
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				var key string
				if err := rows.Scan(&id, &key); err != nil {
					return err
				}
				i, ok := first[key]
				if !ok {
					return errors.New("store: an imported row came back under another key")
				}
				acts[i].ID, done[i] = id, true
			}
			return rows.Err()
		})
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// importBatch is how many imported activities one statement inserts;
// importColumns how many values each has.
const (
	importBatch   = 500
	importColumns = 31
)

// fullImportStmt is the statement inserting importBatch activities,
// prepared on the first full batch.
func (s *Store) fullImportStmt(ctx context.Context) (*sql.Stmt, error) {
	s.full.mu.Lock()
	defer s.full.mu.Unlock()
	if s.full.stmt == nil {
		stmt, err := s.Writer().PrepareContext(ctx, s.importSQL(importBatch))
		if err != nil {
			return nil, err
		}
		s.full.stmt = stmt
	}
	return s.full.stmt, nil
}

// importSQL inserts n activities, leaving out those whose source key the
// structure holds, and returns the id and key of each inserted.
func (s *Store) importSQL(n int) string {
	var b strings.Builder
	b.WriteString(insertActivitiesSQL)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for k := 1; k <= importColumns; k++ {
			if k > 1 {
				b.WriteString(", ")
			}
			if s.Dialect() == store.SQLite {
				b.WriteString("?") // positional: SQLite looks each $N up by name
			} else {
				b.WriteString("$" + strconv.Itoa(i*importColumns+k))
			}
		}
		b.WriteString(")")
	}
	b.WriteString(" ON CONFLICT (structure_id, source_key) WHERE source_key <> '' DO NOTHING RETURNING id, source_key")
	return b.String()
}

const insertActivitiesSQL = `INSERT INTO activities (structure_id, author_id, type, date, duree, canal, place_id, place_name,
	commune_code, materiel, thematiques, demarches, precisions, autonomie, oriente, orientation_vers, titre, niveau, person_id,
	first_time, anon_gender, anon_age_band, anon_status, anon_commune, anon_total, anon_returning, anon_counts, notes, created_at, updated_at, source_key)
	VALUES `

func (s *Store) loadParticipants(ctx context.Context, acts []activity.Activity) error {
	idx := map[int64]int{}
	var ids []any
	for i := range acts {
		if acts[i].Type == activity.TypeWorkshop {
			idx[acts[i].ID] = i
			ids = append(ids, acts[i].ID)
		}
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		rows, err := s.Reader().QueryContext(ctx, `SELECT ap.activity_id, ap.person_id, ap.first_time, p.first_name || ' ' || p.last_name, p.deleted_at IS NOT NULL
			FROM activity_participants ap JOIN persons p ON p.id = ap.person_id
			WHERE ap.activity_id IN (`+store.Placeholders(1, len(chunk))+`) ORDER BY p.name_key, p.id`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var aid int64
			var p activity.Participant
			var deleted bool
			if err := rows.Scan(&aid, &p.PersonID, &p.FirstTime, &p.Name, &deleted); err != nil {
				rows.Close()
				return err
			}
			if deleted {
				p.Name = "Personne supprimée"
			}
			a := &acts[idx[aid]]
			a.Participants = append(a.Participants, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Activity returns one activity of the structure with its participants.
func (s *Store) Activity(ctx context.Context, sc scope.Structure, id int64) (activity.Activity, error) {
	structureID, err := sc.ID()
	if err != nil {
		return activity.Activity{}, err
	}
	a, err := scanActivity(s.Reader().QueryRowContext(ctx, activitySelect+" WHERE a.id = $1 AND a.structure_id = $2", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.NotFoundError()
	}
	if err != nil {
		return a, err
	}
	acts := []activity.Activity{a}
	err = s.loadParticipants(ctx, acts)
	return acts[0], err
}

// ActivityFilter narrows ListActivities.
type ActivityFilter struct {
	From, To     string    // dates, inclusive
	PersonID     int64     // individual sessions and workshops of this person
	AuthorID     int64     // recorded by this user
	UpdatedSince time.Time // changed at or after
	StructureID  int64     // one structure of the scope
	CommuneCode  string    // where the activity happened
	// Breakdown and BreakdownKey narrow the list to the sessions behind one
	// figure of the dashboard: a breakdown's name ("type", "thematique"…,
	// see activity.Breakdowns) and one of its keys.
	Breakdown, BreakdownKey string
	// ByID lists by increasing id from AfterID (the API's cursor) instead
	// of newest first.
	ByID    bool
	AfterID int64
	Limit   int
	Offset  int
}

// ListActivities returns the structure's activities, newest first (or by
// id), and how many match in all.
func (s *Store) ListActivities(ctx context.Context, sc scope.Structure, f ActivityFilter) ([]activity.Activity, int, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, 0, err
	}
	return s.listActivities(ctx, "a.structure_id = $1", []any{structureID}, f)
}

// ListActivitiesInTerritory returns the activities of the scope's
// structures, newest first (or by id), and how many match in all. The caller
// hides names and notes.
func (s *Store) ListActivitiesInTerritory(ctx context.Context, t scope.Territory, f ActivityFilter) ([]activity.Activity, int, error) {
	cond, args, err := store.TerritoryCondition(t, "a.structure_id", 1)
	if err != nil {
		return nil, 0, err
	}
	return s.listActivities(ctx, cond, args, f)
}

func (s *Store) listActivities(ctx context.Context, where string, args []any, f ActivityFilter) ([]activity.Activity, int, error) {
	scopeCond := where
	arg := func(v any) string {
		args = append(args, v)
		return "$" + store.Itoa(len(args))
	}
	if f.From != "" {
		where += " AND a.date >= " + arg(f.From)
	}
	if f.To != "" {
		where += " AND a.date <= " + arg(f.To)
	}
	if f.AuthorID != 0 {
		where += " AND a.author_id = " + arg(f.AuthorID)
	}
	if f.PersonID != 0 {
		p := arg(f.PersonID)
		where += " AND (a.person_id = " + p + " OR a.id IN (SELECT activity_id FROM activity_participants WHERE person_id = " + p + "))"
	}
	if !f.UpdatedSince.IsZero() {
		where += " AND a.updated_at >= " + arg(store.DBTime(f.UpdatedSince))
	}
	if f.StructureID != 0 {
		where += " AND a.structure_id = " + arg(f.StructureID)
	}
	if f.CommuneCode != "" {
		where += " AND a.commune_code = " + arg(f.CommuneCode)
	}
	if f.Breakdown != "" {
		cond, ok := breakdownCondition(f.Breakdown, f.BreakdownKey, peerScope(scopeCond, f.StructureID), arg)
		if !ok {
			return nil, 0, apperr.New(apperr.Invalid, "Ce tableau du tableau de bord n'existe pas.")
		}
		where += " AND " + cond
	}
	var total int
	if err := s.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM activities a WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := " ORDER BY a.date DESC, a.id DESC"
	if f.ByID {
		where += " AND a.id > " + arg(f.AfterID)
		order = " ORDER BY a.id"
	}
	q := activitySelect + " WHERE " + where + order
	if f.Limit > 0 {
		q += " LIMIT " + store.Itoa(f.Limit) + " OFFSET " + store.Itoa(max(f.Offset, 0))
	}
	rows, err := s.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	var out []activity.Activity
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, s.loadParticipants(ctx, out)
}

// durationBucketSQL is a session's duration bucket, as the figures count it.
const durationBucketSQL = `CASE WHEN a.duree < 30 THEN 'moins_30' WHEN a.duree < 60 THEN '30_60' WHEN a.duree < 120 THEN '60_120' ELSE '120_plus' END`

// peerScope is, for the rank of a session, the condition on the other
// sessions b read with it: the scope's condition scope (on a.structure_id,
// its parameters already numbered), or the session's own structure when the
// list is narrowed to one, as the dashboard ranks them.
func peerScope(scope string, structureID int64) string {
	if structureID != 0 {
		return "b.structure_id = a.structure_id"
	}
	return strings.ReplaceAll(scope, "a.structure_id", "b.structure_id")
}

// rankCondition is the condition on an individual session of a followed
// person whose rank among that person's individual sessions read (peers:
// the condition on the other sessions b), by date then id, is rank ("1",
// "2", "3" or "4+"), with the autonomy reached autonomy: the sessions of a
// cell of the table autonomie_seances.
func rankCondition(value, peers string, arg func(any) string) (string, bool) {
	rank, autonomy, ok := strings.Cut(value, ":")
	if !ok || !vocab.List(activity.Autonomy).Has(autonomy) {
		return "", false
	}
	before := "(SELECT COUNT(*) FROM activities b WHERE " + peers + " AND b.person_id = a.person_id AND b.type = '" + activity.TypeIndividual +
		"' AND (b.date < a.date OR b.date = a.date AND b.id < a.id))"
	switch rank {
	case "1", "2", "3":
		n, _ := strconv.Atoi(rank)
		before += " = " + strconv.Itoa(n-1)
	case "4+":
		before += " >= 3"
	default:
		return "", false
	}
	return "a.type = '" + activity.TypeIndividual + "' AND a.person_id IS NOT NULL AND a.autonomie = " + arg(autonomy) + " AND " + before, true
}

// breakdownCondition is the condition on a session counted under key in
// the breakdown named name; arg adds a parameter and returns its
// placeholder; peers is the condition on the sessions b a rank counts.
func breakdownCondition(name, value, peers string, arg func(any) string) (string, bool) {
	if name == "autonomie_seances" {
		return rankCondition(value, peers, arg)
	}
	listed := func(col string) string {
		return "('|' || " + col + " || '|') LIKE " + arg("%|"+store.EscapeLike(value)+"|%") + " ESCAPE '\\'"
	}
	if name == "structure" {
		id, err := strconv.ParseInt(value, 10, 64)
		return "a.structure_id = " + arg(id), err == nil
	}
	if _, ok := activity.Breakdowns[name]; !ok {
		return "", false
	}
	if activity.PersonBreakdowns[name] {
		return personCondition(name, value, arg), true
	}
	switch name {
	case "thematique":
		return listed("a.thematiques"), true
	case "demarche":
		return listed("a.demarches"), true
	case "materiel":
		return listed("a.materiel"), true
	}
	key := arg(value)
	switch name {
	case "type":
		return "a.type = " + key, true
	case "canal":
		return "a.canal = " + key, true
	case "duree":
		return durationBucketSQL + " = " + key, true
	case "lieu":
		return "a.canal = 'lieu_activite' AND a.place_name = " + key, true
	case "commune":
		return "a.commune_code = " + key, true
	case "autonomie":
		return "a.type = '" + activity.TypeIndividual + "' AND a.autonomie = " + key, true
	case "orientation":
		return "a.type = '" + activity.TypeIndividual + "' AND a.oriente AND a.orientation_vers = " + key, true
	}
	return "", false
}

// personCondition is the condition on a session that counts at least one
// accompaniment under value in the person breakdown name (genre, age,
// statut, personnes), as the figures count them: an individual session its
// person (followed, or anonymous), a workshop its followed participants and
// its anonymous ones. A workshop's anonymous participants left unknown in
// a breakdown are not told apart: every workshop with anonymous
// participants is kept for "non_communique", and its count says how many.
func personCondition(name, value string, arg func(any) string) string {
	const individual = "a.type = '" + activity.TypeIndividual + "'"
	const workshop = "a.type <> '" + activity.TypeIndividual + "'"
	participant := func(cond string) string {
		return "EXISTS (SELECT 1 FROM activity_participants bap JOIN persons bp ON bp.id = bap.person_id WHERE bap.activity_id = a.id AND " + cond + ")"
	}
	followed := func(cond string) string {
		return "(a.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM persons bp WHERE bp.id = a.person_id AND " + cond + "))"
	}
	// Each placeholder is used where it is added: a parameter no condition
	// reads is refused.
	key := func() string { return arg(value) }
	// is says an attribute is value, a blank one being "not told".
	is := func(col string) string {
		if value == "non_communique" {
			return "(" + col + " = '' OR " + col + " = 'non_communique')"
		}
		return col + " = " + key()
	}
	anonymous := func(dim string) string {
		if value == "non_communique" {
			return "a.anon_total > 0"
		}
		return "a.anon_counts LIKE " + arg("%\""+store.EscapeLike(dim+":"+value)+"\"%") + " ESCAPE '\\'"
	}
	switch name {
	case "personnes":
		switch value {
		case "nouvelles":
			return "((" + individual + " AND a.person_id IS NOT NULL AND a.first_time) OR (" + workshop + " AND EXISTS (SELECT 1 FROM activity_participants bap WHERE bap.activity_id = a.id AND bap.first_time)))"
		case "revenues":
			return "((" + individual + " AND a.person_id IS NOT NULL AND NOT a.first_time) OR (" + workshop + " AND EXISTS (SELECT 1 FROM activity_participants bap WHERE bap.activity_id = a.id AND NOT bap.first_time)))"
		case "anonymes":
			return "((" + individual + " AND a.person_id IS NULL) OR (" + workshop + " AND a.anon_total > 0))"
		}
		return "FALSE"
	case "age":
		band := func(birthYear string) string { return ageBandSQL(birthYear) + " = " + key() }
		return "((" + individual + " AND ((a.person_id IS NULL AND " + is("a.anon_age_band") + ") OR " + followed(band("COALESCE(bp.birth_year, 0)")) + ")) OR (" +
			workshop + " AND (" + participant(band("COALESCE(bp.birth_year, 0)")) + " OR " + anonymous("age") + ")))"
	}
	anonCol, col := "a.anon_gender", "bp.gender"
	if name == "statut" {
		anonCol, col = "a.anon_status", "bp.social_status"
	}
	return "((" + individual + " AND ((a.person_id IS NULL AND " + is(anonCol) + ") OR " + followed(is("COALESCE("+col+", '')")) + ")) OR (" +
		workshop + " AND (" + participant(is("COALESCE("+col+", '')")) + " OR " + anonymous(name) + ")))"
}

// ageBandSQL is the age band (person.AgeBands) of a person born in the year
// birthYear (0: not told) in the year of the session, as person.AgeBandOf
// says it.
func ageBandSQL(birthYear string) string {
	age := "(CAST(SUBSTR(a.date, 1, 4) AS INTEGER) - " + birthYear + ")"
	return "CASE WHEN " + birthYear + " <= 0 THEN '" + person.AgeBandUnknown + "' WHEN " + age + " < 12 THEN 'moins_de_douze' WHEN " + age + " < 18 THEN 'douze_dix_huit'" +
		" WHEN " + age + " < 25 THEN 'dix_huit_vingt_quatre' WHEN " + age + " < 40 THEN 'vingt_cinq_trente_neuf' WHEN " + age + " < 60 THEN 'quarante_cinquante_neuf'" +
		" WHEN " + age + " < 70 THEN 'soixante_soixante_neuf' ELSE 'soixante_dix_plus' END"
}

// LastActivity returns the author's latest activity in the structure, for
// the form's defaults.
func (s *Store) LastActivity(ctx context.Context, sc scope.Structure, authorID int64) (activity.Activity, bool, error) {
	structureID, err := sc.ID()
	if err != nil {
		return activity.Activity{}, false, err
	}
	a, err := scanActivity(s.Reader().QueryRowContext(ctx, activitySelect+" WHERE a.structure_id = $1 AND a.author_id = $2 ORDER BY a.id DESC LIMIT 1", structureID, authorID))
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	return a, err == nil, err
}

// recomputeFirstTimes flags again each person's first accompaniment in the
// structure (the earliest activity by date, then by id) after activities
// changed.
func recomputeFirstTimes(ctx context.Context, tx *sql.Tx, structureID int64, persons []int64) error {
	for _, id := range persons {
		if _, err := tx.ExecContext(ctx, "UPDATE activities SET first_time = FALSE WHERE structure_id = $1 AND person_id = $2", structureID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activity_participants SET first_time = FALSE WHERE person_id = $1
			AND activity_id IN (SELECT id FROM activities WHERE structure_id = $2)`, id, structureID); err != nil {
			return err
		}
		var first int64
		var individual bool
		err := tx.QueryRowContext(ctx, `SELECT a.id, a.person_id IS NOT NULL FROM activities a
			WHERE a.structure_id = $1 AND (a.person_id = $2 OR a.id IN (SELECT activity_id FROM activity_participants WHERE person_id = $2))
			ORDER BY a.date, a.id LIMIT 1`, structureID, id).Scan(&first, &individual)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		q := "UPDATE activity_participants SET first_time = TRUE WHERE activity_id = $1 AND person_id = $2"
		if individual {
			q = "UPDATE activities SET first_time = TRUE WHERE id = $1 AND person_id = $2"
		}
		if _, err := tx.ExecContext(ctx, q, first, id); err != nil {
			return err
		}
	}
	return nil
}

// DeleteActivity deletes an activity of the structure, journals it for each
// person it named, and flags again their first accompaniment.
func (s *Store) DeleteActivity(ctx context.Context, sc scope.Structure, id int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var persons []int64
		var personID sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT person_id FROM activities WHERE id = $1 AND structure_id = $2", id, sid).Scan(&personID); errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		} else if err != nil {
			return err
		}
		if personID.Int64 != 0 {
			persons = append(persons, personID.Int64)
		}
		rows, err := tx.QueryContext(ctx, "SELECT person_id FROM activity_participants WHERE activity_id = $1", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p int64
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			persons = append(persons, p)
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, "DELETE FROM activity_participants WHERE activity_id = $1", id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM activities WHERE id = $1 AND structure_id = $2", id, sid); err != nil {
			return err
		}
		if err := recomputeFirstTimes(ctx, tx, sid, persons); err != nil {
			return err
		}
		e := j
		e.StructureID = sid
		if len(persons) == 0 {
			return store.InsertJournal(ctx, tx, e, now)
		}
		for _, p := range persons {
			e.PersonID = p
			if err := store.InsertJournal(ctx, tx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateActivity replaces a validated activity of the structure (its id in
// a.ID) but keeps its author and creation time. Persons must be current
// persons of the structure; the first accompaniment of every person it
// named before or names now is flagged again, a person who was waiting is
// now accompanied, and the change is journaled for each of them.
func (s *Store) UpdateActivity(ctx context.Context, sc scope.Structure, a *activity.Activity, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	a.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		var oldPerson sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT person_id FROM activities WHERE id = $1 AND structure_id = $2", a.ID, sid).Scan(&oldPerson); errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		} else if err != nil {
			return err
		}
		var old []int64
		if oldPerson.Int64 != 0 {
			old = append(old, oldPerson.Int64)
		}
		rows, err := tx.QueryContext(ctx, "SELECT person_id FROM activity_participants WHERE activity_id = $1", a.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p int64
			if err := rows.Scan(&p); err != nil {
				rows.Close()
				return err
			}
			old = append(old, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		persons := a.ParticipantIDs()
		if a.Type == activity.TypeIndividual && a.PersonID != 0 {
			persons = []int64{a.PersonID}
		}
		if a.Type != activity.TypeWorkshop {
			a.Participants = nil
		}
		for _, id := range persons {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
				id, sid).Scan(&n); err != nil {
				return err
			}
			if n == 0 && !contains(old, id) {
				field := "personne_id"
				if a.Type == activity.TypeWorkshop {
					field = "participants"
				}
				return &apperr.Error{Code: apperr.NotFound, Message: "Personne introuvable dans votre structure.",
					Fields: []apperr.FieldError{{Field: field, Message: "Personne introuvable dans votre structure : vérifiez le numéro de dossier."}}}
			}
		}
		counts := ""
		if len(a.AnonCounts) > 0 {
			b, _ := json.Marshal(a.AnonCounts)
			counts = string(b)
		}
		if a.Type != activity.TypeIndividual {
			a.PersonID = 0
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET type = $3, date = $4, duree = $5, canal = $6, place_id = $7, place_name = $8,
			commune_code = $9, materiel = $10, thematiques = $11, demarches = $12, precisions = $13, autonomie = $14, oriente = $15, orientation_vers = $16,
			titre = $17, niveau = $18, person_id = $19, first_time = FALSE, anon_gender = $20, anon_age_band = $21, anon_status = $22, anon_commune = $23,
			anon_total = $24, anon_returning = $25, anon_counts = $26, notes = $27, updated_at = $28
			WHERE id = $1 AND structure_id = $2`,
			a.ID, sid, a.Type, a.Date, a.Duration, a.Canal, store.NullInt(a.PlaceID), a.PlaceName,
			a.CommuneCode, store.JoinList(a.Equipment), store.JoinList(a.Themes), store.JoinList(a.Procedures), a.Details, a.Autonomy, a.Oriented,
			a.OrientationKind, a.Title, a.Level, store.NullInt(a.PersonID), a.AnonGender, a.AnonAgeBand, a.AnonStatus,
			a.AnonCommune, a.AnonTotal, a.AnonReturning, counts, a.Notes, store.DBTime(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM activity_participants WHERE activity_id = $1", a.ID); err != nil {
			return err
		}
		if a.Type == activity.TypeWorkshop {
			for _, id := range persons {
				if _, err := tx.ExecContext(ctx, "INSERT INTO activity_participants (activity_id, person_id, first_time) VALUES ($1, $2, FALSE) ON CONFLICT DO NOTHING",
					a.ID, id); err != nil {
					return err
				}
			}
		}
		all := append([]int64(nil), old...)
		for _, id := range persons {
			if !contains(all, id) {
				all = append(all, id)
			}
		}
		if err := recomputeFirstTimes(ctx, tx, sid, all); err != nil {
			return err
		}
		for _, id := range persons {
			if _, err := tx.ExecContext(ctx, `UPDATE persons SET follow_status = 'en_cours', waiting_since = NULL, updated_at = $3
				WHERE id = $1 AND structure_id = $2 AND follow_status = 'en_attente'`, id, sid, store.DBTime(now)); err != nil {
				return err
			}
		}
		e := j
		e.StructureID = sid
		if len(all) == 0 {
			return store.InsertJournal(ctx, tx, e, now)
		}
		for _, p := range all {
			e.PersonID = p
			if err := store.InsertJournal(ctx, tx, e, now); err != nil {
				return err
			}
		}
		return nil
	})
}

func contains(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
