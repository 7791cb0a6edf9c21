package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

const (
	personColumns = `id, structure_id, kind, first_name, last_name, birth_year, gender, commune_code, social_status,
	phone, email, language, needs, follow_status, waiting_since, deadline, merged_into, deleted_at, created_by, created_at, updated_at`
	personSelect = "SELECT " + personColumns + " FROM persons"
)

func scanPerson(row interface{ Scan(...any) error }, extra ...any) (person.Person, error) {
	var p person.Person
	var year, merged, by sql.NullInt64
	var kind, needs, status string
	var waiting, deleted sql.NullTime
	dest := []any{&p.ID, &p.StructureID, &kind, &p.FirstName, &p.LastName, &year, &p.Gender, &p.CommuneCode, &p.SocialStatus,
		&p.Phone, &p.Email, &p.Language, &needs, &status, &waiting, &p.Deadline, &merged, &deleted, &by, &p.CreatedAt, &p.UpdatedAt}
	err := row.Scan(append(dest, extra...)...)
	if err != nil {
		return p, err
	}
	p.Kind, p.Status, p.Needs = person.Kind(kind), person.FollowStatus(status), SplitList(needs)
	p.BirthYear, p.MergedInto, p.CreatedBy = int(year.Int64), merged.Int64, by.Int64
	p.WaitingSince, p.DeletedAt = UTC(waiting), UTC(deleted)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	return p, nil
}

// setPersonWords indexes the words of a person's names for the search.
func setPersonWords(ctx context.Context, db Execer, structureID, personID int64, first, last string) error {
	if _, err := db.ExecContext(ctx, "DELETE FROM person_words WHERE person_id = $1", personID); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, w := range splitWords(person.NameKey(first, last)) {
		if seen[w] {
			continue
		}
		seen[w] = true
		if _, err := db.ExecContext(ctx, "INSERT INTO person_words (structure_id, word, person_id) VALUES ($1, $2, $3)", structureID, w, personID); err != nil {
			return err
		}
	}
	return nil
}

// wordCeiling is above every key that starts with a prefix, byte-wise.
const wordCeiling = "\U0010FFFF"

func nullYear(y int) any {
	if y == 0 {
		return nil
	}
	return y
}

// insertPerson saves a validated person with the consents collected and
// journals the creation.
func insertPerson(ctx context.Context, tx *sql.Tx, p *person.Person, consents []person.Consent, j journal.Entry, now time.Time) error {
	var waiting any
	if p.Status == person.Waiting {
		waiting = DBTime(now)
		p.WaitingSince = now.UTC().Truncate(time.Microsecond)
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO persons (structure_id, kind, first_name, last_name, name_key, dup_key, birth_year, gender,
		commune_code, social_status, phone, email, language, needs, follow_status, waiting_since, deadline, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id`,
		p.StructureID, string(p.Kind), p.FirstName, p.LastName, person.NameKey(p.FirstName, p.LastName),
		person.DuplicateKey(p.FirstName, p.LastName, p.BirthYear, p.CommuneCode), nullYear(p.BirthYear), p.Gender,
		p.CommuneCode, p.SocialStatus, p.Phone, p.Email, p.Language, JoinList(p.Needs), string(p.Status), waiting, p.Deadline,
		NullInt(p.CreatedBy), DBTime(now)).Scan(&p.ID)
	if err != nil {
		return err
	}
	p.CreatedAt, p.UpdatedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
	if err := setPersonWords(ctx, tx, p.StructureID, p.ID, p.FirstName, p.LastName); err != nil {
		return err
	}
	for i := range consents {
		consents[i].PersonID, consents[i].StructureID = p.ID, p.StructureID
		if err := insertConsent(ctx, tx, &consents[i], now); err != nil {
			return err
		}
	}
	j.PersonID, j.StructureID = p.ID, p.StructureID
	return InsertJournal(ctx, tx, j, now)
}

// CreatePerson saves a validated person with the consents collected and
// journals the creation, in one transaction.
func (s *Store) CreatePerson(ctx context.Context, sc scope.Structure, p *person.Person, consents []person.Consent, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	p.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error { return insertPerson(ctx, tx, p, consents, j, now) })
}

// Person returns a person of the structure; another structure's answers not found.
func (s *Store) Person(ctx context.Context, sc scope.Structure, id int64) (person.Person, error) {
	structureID, err := sc.ID()
	if err != nil {
		return person.Person{}, err
	}
	p, err := scanPerson(s.r.QueryRowContext(ctx, personSelect+" WHERE id = $1 AND structure_id = $2", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// UpdatePerson saves the identity and attributes of a person.
func (s *Store) UpdatePerson(ctx context.Context, sc scope.Structure, p *person.Person, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	p.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE persons SET kind = $3, first_name = $4, last_name = $5, name_key = $6, dup_key = $7,
			birth_year = $8, gender = $9, commune_code = $10, social_status = $11, phone = $12, email = $13, language = $14, needs = $15,
			updated_at = $16 WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL`,
			p.ID, p.StructureID, string(p.Kind), p.FirstName, p.LastName, person.NameKey(p.FirstName, p.LastName),
			person.DuplicateKey(p.FirstName, p.LastName, p.BirthYear, p.CommuneCode), nullYear(p.BirthYear), p.Gender,
			p.CommuneCode, p.SocialStatus, p.Phone, p.Email, p.Language, JoinList(p.Needs), DBTime(now))
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		if err := setPersonWords(ctx, tx, p.StructureID, p.ID, p.FirstName, p.LastName); err != nil {
			return err
		}
		j.StructureID, j.PersonID = p.StructureID, p.ID
		return InsertJournal(ctx, tx, j, now)
	})
}

// SetFollowStatus moves a person along the follow-up.
func (s *Store) SetFollowStatus(ctx context.Context, sc scope.Structure, id int64, st person.FollowStatus, j journal.Entry, now time.Time) error {
	structureID, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE persons SET follow_status = $3,
			waiting_since = CASE WHEN $3 = 'en_attente' THEN COALESCE(waiting_since, $4) ELSE NULL END, updated_at = $4
			WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL`, id, structureID, string(st), DBTime(now))
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = structureID, id
		return InsertJournal(ctx, tx, j, now)
	})
}

// PersonFilter narrows ListPersons.
type PersonFilter struct {
	Query        string // names, accent- and case-insensitive, word prefixes
	Status       person.FollowStatus
	UpdatedSince time.Time // changed at or after
	// ByID lists by increasing id from AfterID (the API's cursor) instead
	// of by name.
	ByID    bool
	AfterID int64
	Limit   int
	Offset  int
}

// ListPersons returns the structure's current persons by name (or by id), a
// page at a time, and how many match in all.
func (s *Store) ListPersons(ctx context.Context, sc scope.Structure, f PersonFilter) ([]person.Person, int, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, 0, err
	}
	where := "structure_id = $1 AND deleted_at IS NULL AND merged_into IS NULL"
	args := []any{structureID}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + Itoa(len(args))
	}
	for _, word := range splitWords(textfold.Key(f.Query)) {
		// Word prefixes, by index range: "hel" finds "Hélène", never "Michel".
		lo, hi := arg(word), arg(word+wordCeiling)
		where += " AND id IN (SELECT person_id FROM person_words WHERE structure_id = $1 AND word >= " + lo + " AND word < " + hi + ")"
	}
	if f.Status != "" {
		where += " AND follow_status = " + arg(string(f.Status))
	}
	if !f.UpdatedSince.IsZero() {
		where += " AND updated_at >= " + arg(DBTime(f.UpdatedSince))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE "+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := " ORDER BY name_key, id"
	if f.ByID {
		where += " AND id > " + arg(f.AfterID)
		order = " ORDER BY id"
	}
	q := personSelect + " WHERE " + where + order
	if f.Limit > 0 {
		q += " LIMIT " + Itoa(f.Limit) + " OFFSET " + Itoa(max(f.Offset, 0))
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []person.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = -1
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// ProbableDuplicates returns the structure's persons who may be p: the same
// names (accents and case ignored), and a birth year and commune that agree
// or are unknown on either side (person.MayBeSame).
func (s *Store) ProbableDuplicates(ctx context.Context, sc scope.Structure, p *person.Person) ([]person.Person, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	if person.DuplicateKey(p.FirstName, p.LastName, p.BirthYear, p.CommuneCode) == "" {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, personSelect+` WHERE structure_id = $1 AND name_key = $2 AND id <> $3
		AND deleted_at IS NULL AND merged_into IS NULL ORDER BY id`, structureID, person.NameKey(p.FirstName, p.LastName), p.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []person.Person
	for rows.Next() {
		d, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		if person.MayBeSame(*p, d) {
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// MergePersons keeps one file and folds the duplicate into it: its
// evaluations, referrals, activities, participations and consents move to
// the kept person, missing contact details are copied, and the duplicate
// stays as a pointer to the kept one.
func (s *Store) MergePersons(ctx context.Context, sc scope.Structure, keepID, dropID int64, j journal.Entry, now time.Time) error {
	structureID, err := sc.ID()
	if err != nil {
		return err
	}
	if keepID == dropID {
		return apperr.New(apperr.Invalid, "Choisissez deux dossiers différents.")
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM persons WHERE structure_id = $1 AND id IN ($2, $3)
			AND deleted_at IS NULL AND merged_into IS NULL`, structureID, keepID, dropID).Scan(&n); err != nil {
			return err
		}
		if n != 2 {
			return apperr.NotFoundError()
		}
		keep, drop := keepID, dropID
		for _, st := range []struct {
			q    string
			args []any
		}{
			{"UPDATE evaluations SET person_id = $1, updated_at = $3 WHERE person_id = $2", []any{keep, drop, DBTime(now)}},
			{"UPDATE referrals SET person_id = $1, updated_at = $3 WHERE person_id = $2", []any{keep, drop, DBTime(now)}},
			{"UPDATE activities SET person_id = $1, updated_at = $3 WHERE person_id = $2", []any{keep, drop, DBTime(now)}},
			{"UPDATE consents SET person_id = $1 WHERE person_id = $2", []any{keep, drop}},
			{`UPDATE activity_participants SET person_id = $1 WHERE person_id = $2
				AND activity_id NOT IN (SELECT activity_id FROM activity_participants WHERE person_id = $1)`, []any{keep, drop}},
			{"DELETE FROM activity_participants WHERE person_id = $1", []any{drop}},
			{"DELETE FROM person_words WHERE person_id = $1", []any{drop}},
			{`UPDATE persons SET
				phone = CASE WHEN phone = '' THEN (SELECT d.phone FROM persons d WHERE d.id = $2) ELSE phone END,
				email = CASE WHEN email = '' THEN (SELECT d.email FROM persons d WHERE d.id = $2) ELSE email END,
				language = CASE WHEN language = '' THEN (SELECT d.language FROM persons d WHERE d.id = $2) ELSE language END,
				birth_year = COALESCE(birth_year, (SELECT d.birth_year FROM persons d WHERE d.id = $2)),
				updated_at = $3 WHERE id = $1`, []any{keep, drop, DBTime(now)}},
		} {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE persons SET merged_into = $1, first_name = '', last_name = '', name_key = '', dup_key = '',
			phone = '', email = '', updated_at = $3 WHERE id = $2`, keepID, dropID, DBTime(now)); err != nil {
			return err
		}
		j.StructureID, j.PersonID = structureID, keepID
		return InsertJournal(ctx, tx, j, now)
	})
}

// DeletePerson erases a person: identity and contact details leave every
// table (erasePerson) and the statistical attributes stay. Journal rows
// stay, detached.
func (s *Store) DeletePerson(ctx context.Context, sc scope.Structure, id int64, j journal.Entry, now time.Time) error {
	structureID, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := erasePerson(ctx, tx, structureID, id, now); err != nil {
			return err
		}
		j.StructureID, j.PersonID = structureID, id
		return InsertJournal(ctx, tx, j, now)
	})
}

func insertConsent(ctx context.Context, db Execer, c *person.Consent, now time.Time) error {
	c.GivenAt = now.UTC().Truncate(time.Microsecond)
	return db.QueryRowContext(ctx, `INSERT INTO consents (person_id, structure_id, purpose, version, wording, given_at, collected_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		c.PersonID, c.StructureID, c.Purpose, c.Version, c.Wording, DBTime(now), NullInt(c.CollectedBy)).Scan(&c.ID)
}

// AddConsent records a consent given later (the person must be the structure's).
func (s *Store) AddConsent(ctx context.Context, sc scope.Structure, c *person.Consent, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	c.StructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL",
			c.PersonID, c.StructureID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		if err := insertConsent(ctx, tx, c, now); err != nil {
			return err
		}
		j.StructureID, j.PersonID = c.StructureID, c.PersonID
		return InsertJournal(ctx, tx, j, now)
	})
}

// WithdrawConsent ends a consent; the record and its wording stay.
func (s *Store) WithdrawConsent(ctx context.Context, sc scope.Structure, personID, consentID, userID int64, j journal.Entry, now time.Time) error {
	structureID, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE consents SET withdrawn_at = $4, withdrawn_by = $5
			WHERE id = $1 AND person_id = $2 AND structure_id = $3 AND withdrawn_at IS NULL`, consentID, personID, structureID, DBTime(now), NullInt(userID))
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = structureID, personID
		return InsertJournal(ctx, tx, j, now)
	})
}

// Consents lists a person's consents, newest first, with who collected them.
func (s *Store) Consents(ctx context.Context, sc scope.Structure, personID int64) ([]person.Consent, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.person_id, c.structure_id, c.purpose, c.version, c.wording, c.given_at,
		c.collected_by, COALESCE(u.name, ''), c.withdrawn_at FROM consents c LEFT JOIN users u ON u.id = c.collected_by
		WHERE c.person_id = $1 AND c.structure_id = $2 ORDER BY c.id DESC`, personID, structureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []person.Consent
	for rows.Next() {
		var c person.Consent
		var by nullInt64
		var withdrawn sql.NullTime
		if err := rows.Scan(&c.ID, &c.PersonID, &c.StructureID, &c.Purpose, &c.Version, &c.Wording, &c.GivenAt, &by, &c.Collector, &withdrawn); err != nil {
			return nil, err
		}
		c.CollectedBy, c.WithdrawnAt, c.GivenAt = by.v(), UTC(withdrawn), c.GivenAt.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// FollowCounts counts the structure's current persons by follow-up status.
func (s *Store) FollowCounts(ctx context.Context, sc scope.Structure) (map[person.FollowStatus]int, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT follow_status, COUNT(*) FROM persons
		WHERE structure_id = $1 AND kind = 'suivie' AND deleted_at IS NULL AND merged_into IS NULL GROUP BY follow_status`, structureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[person.FollowStatus]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[person.FollowStatus(st)] = n
	}
	return out, rows.Err()
}

// WaitingList returns the persons waiting for an individual accompaniment:
// the nearest deadline first, then the longest wait.
func (s *Store) WaitingList(ctx context.Context, sc scope.Structure) ([]person.Person, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, personSelect+` WHERE structure_id = $1 AND follow_status = 'en_attente' AND kind = 'suivie'
		AND deleted_at IS NULL AND merged_into IS NULL
		ORDER BY CASE WHEN deadline = '' THEN 1 ELSE 0 END, deadline, waiting_since, id`, structureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []person.Person
	for rows.Next() {
		p, err := scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PersonAttributes returns the statistical attributes of persons of the
// structure, deleted ones included, for the exports.
func (s *Store) PersonAttributes(ctx context.Context, sc scope.Structure, ids []int64) (map[int64]activity.Attributes, error) {
	structureID, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.personAttributes(ctx, "structure_id = $1", []any{structureID}, ids)
}

// PersonAttributesInTerritory is PersonAttributes for the persons of the
// scope's structures (statistical attributes only, never a name).
func (s *Store) PersonAttributesInTerritory(ctx context.Context, t scope.Territory, ids []int64) (map[int64]activity.Attributes, error) {
	cond, args, err := TerritoryCondition(t, "structure_id", 1)
	if err != nil {
		return nil, err
	}
	return s.personAttributes(ctx, cond, args, ids)
}

func (s *Store) personAttributes(ctx context.Context, cond string, scopeArgs []any, ids []int64) (map[int64]activity.Attributes, error) {
	out := map[int64]activity.Attributes{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		args := append([]any{}, scopeArgs...)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT id, COALESCE(birth_year, 0), gender, social_status, commune_code FROM persons
			WHERE `+cond+` AND id IN (`+Placeholders(len(scopeArgs)+1, len(chunk))+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var a activity.Attributes
			if err := rows.Scan(&id, &a.BirthYear, &a.Gender, &a.Status, &a.CommuneCode); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = a
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// PlatformPersonStructure returns the structure of a person, whatever it
// is: for the platform administrator's right-of-access exports only.
func (s *Store) PlatformPersonStructure(ctx context.Context, id int64) (int64, error) {
	var sid int64
	err := s.r.QueryRowContext(ctx, "SELECT structure_id FROM persons WHERE id = $1", id).Scan(&sid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.NotFoundError()
	}
	return sid, err
}

// Analyze refreshes the planner's statistics, after a bulk load (an import,
// a benchmark's seed) and before autovacuum would. SQLite needs none here.
func (s *Store) Analyze(ctx context.Context) error {
	if s.dialect != Postgres {
		return nil
	}
	for _, t := range []string{"persons", "person_words"} {
		if _, err := s.w.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return err
		}
	}
	return nil
}
