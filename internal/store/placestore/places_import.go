package placestore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Place files: what imports read and write in one transaction,
// the uploads waiting for confirmation, and the export's identifiers.

// An import compares its rows with the places stored before it began
// (ID at most what MaxPlaceID answered then), read a few hundred rows at a
// time: never every stored place at once, whatever the database holds.

// MaxPlaceID is the highest ID of a stored place, 0 when none is stored.
func (s *Store) MaxPlaceID(ctx context.Context) (int64, error) {
	var n int64
	err := s.Reader().QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM places`).Scan(&n)
	return n, err
}

// AnalyzePlaces refreshes PostgreSQL's statistics of places: always after
// an import wrote many, before autovacuum would; otherwise only when the
// table has none yet. Without them the planner reads every place for each
// lookup of an import. SQLite looks them up by index regardless.
func (s *Store) AnalyzePlaces(ctx context.Context, always bool) error {
	if s.Dialect() != store.Postgres {
		return nil
	}
	if !always {
		var tuples float64
		if err := s.Reader().QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'places'::regclass`).Scan(&tuples); err != nil || tuples >= 0 {
			return err
		}
	}
	_, err := s.Writer().ExecContext(ctx, "ANALYZE places")
	return err
}

// ImportLookup names the stored places rows of an import may update:
// those with an ID at most UpTo and one of SourceIDs as source id (any
// source), or one of IDs.
type ImportLookup struct {
	UpTo      int64
	SourceIDs []string // empty ids are ignored: places created in Parcours have none
	IDs       []int64
}

// PlaceNeighbour is what duplicate detection compares of an open stored
// place: in a commune, its name key and commune; with the same SIRET and
// postal code, its SIRET, postal code and address. Its name is read only
// to name it in a warning.
type PlaceNeighbour struct {
	ID         int64
	BySiret    bool // found by SIRET and postal code, not by commune
	NameKey    string
	InseeCode  string
	PostalCode string
	Commune    string
	Pivot      string
	Address    string
}

// NeighbourLookup names the open stored places (ID at most UpTo) an
// import's rows may duplicate: in one of InseeCodes; without commune code
// and in one of PostalCodes; or with the SIRET and postal code of one of
// SiretPostal.
type NeighbourLookup struct {
	UpTo        int64
	InseeCodes  []string
	PostalCodes []string
	SiretPostal [][2]string
}

// queryer runs the lookups of an import: in its batch's transaction, or
// on the connection pool (a dry run).
type queryer interface {
	query(ctx context.Context, q string, args []any) (*sql.Rows, error)
}

type pool struct{ db *sql.DB }

func (p pool) query(ctx context.Context, q string, args []any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, q, args...)
}

// query prepares each lookup once a batch: an import runs the same few
// statements for each few hundred rows (see padded).
func (b *PlaceBatch) query(ctx context.Context, q string, args []any) (*sql.Rows, error) {
	st, ok := b.lookups[q]
	if !ok {
		var err error
		if st, err = b.tx.PrepareContext(ctx, q); err != nil {
			return nil, err
		}
		if b.lookups == nil {
			b.lookups = map[string]*sql.Stmt{}
		}
		b.lookups[q] = st
	}
	return st.QueryContext(ctx, args...)
}

// lookupChunk is how many values one statement of a lookup names at most.
const lookupChunk = 512

// padded repeats the last of values (one at least, at most limit) up to
// one of a few counts, so that lookups are a few statements, each prepared
// once: a value named twice finds nothing more.
func padded[T any](values []T, limit int) []T {
	size := limit
	for _, s := range []int{8, 32, 128} {
		if len(values) <= s {
			size = s
			break
		}
	}
	for len(values) < size {
		values = append(values, values[len(values)-1])
	}
	return values
}

// ImportCandidates reads, whole, the stored places l names (any owner),
// by ID, outside any import's transaction (a dry run).
func (s *Store) ImportCandidates(ctx context.Context, l ImportLookup) ([]place.Place, error) {
	return importCandidates(ctx, pool{s.Reader()}, l)
}

// ImportCandidates is Store.ImportCandidates inside the batch's
// transaction: what the batch updated is read as updated.
func (b *PlaceBatch) ImportCandidates(ctx context.Context, l ImportLookup) ([]place.Place, error) {
	return importCandidates(ctx, b, l)
}

func importCandidates(ctx context.Context, q queryer, l ImportLookup) ([]place.Place, error) {
	var out []place.Place
	read := func(cond string, args []any) error {
		rows, err := q.query(ctx, placeSelect+" WHERE "+cond, args)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPlace(rows)
			if err != nil {
				return err
			}
			if p.ID <= l.UpTo { // the rest are the import's own
				out = append(out, p)
			}
		}
		return rows.Err()
	}
	sids := make([]string, 0, len(l.SourceIDs))
	for _, id := range l.SourceIDs {
		if id != "" {
			sids = append(sids, id)
		}
	}
	for start := 0; start < len(sids); start += lookupChunk {
		chunk := padded(slices.Clip(sids[start:min(start+lookupChunk, len(sids))]), lookupChunk)
		args := make([]any, 0, len(chunk))
		for _, id := range chunk {
			args = append(args, id)
		}
		if err := read("source_id IN ("+store.Placeholders(1, len(chunk))+")", args); err != nil {
			return nil, err
		}
	}
	for start := 0; start < len(l.IDs); start += lookupChunk {
		chunk := padded(slices.Clip(l.IDs[start:min(start+lookupChunk, len(l.IDs))]), lookupChunk)
		args := make([]any, 0, len(chunk))
		for _, id := range chunk {
			args = append(args, id)
		}
		if err := read("id IN ("+store.Placeholders(1, len(chunk))+")", args); err != nil {
			return nil, err
		}
	}
	// Each place once, by ID: an ID may also have matched a source id.
	slices.SortFunc(out, func(a, b place.Place) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b place.Place) bool { return a.ID == b.ID }), nil
}

// OpenNeighbours lists, by ID, the open stored places l names, outside any
// import's transaction (a dry run): a place found both in a commune and by
// its SIRET comes twice, once each way.
func (s *Store) OpenNeighbours(ctx context.Context, l NeighbourLookup) ([]PlaceNeighbour, error) {
	return openNeighbours(ctx, pool{s.Reader()}, l)
}

// OpenNeighbours is Store.OpenNeighbours inside the batch's transaction.
func (b *PlaceBatch) OpenNeighbours(ctx context.Context, l NeighbourLookup) ([]PlaceNeighbour, error) {
	return openNeighbours(ctx, b, l)
}

func openNeighbours(ctx context.Context, q queryer, l NeighbourLookup) ([]PlaceNeighbour, error) {
	// The ID bound is checked here, not in SQL: without statistics,
	// PostgreSQL would read the places by ID range rather than by index.
	const open = ` WHERE p.status <> 'ferme' AND `
	var out []PlaceNeighbour
	read := func(query string, bySiret bool, args []any) error {
		rows, err := q.query(ctx, query, args)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n := PlaceNeighbour{BySiret: bySiret}
			var err error
			if bySiret {
				err = rows.Scan(&n.ID, &n.Pivot, &n.PostalCode, &n.Address)
			} else {
				err = rows.Scan(&n.ID, &n.NameKey, &n.InseeCode, &n.PostalCode, &n.Commune)
			}
			if err != nil {
				return err
			}
			if n.ID <= l.UpTo {
				out = append(out, n)
			}
		}
		return rows.Err()
	}
	in := func(values []string, query func(ph string) string) error {
		for start := 0; start < len(values); start += lookupChunk {
			chunk := padded(slices.Clip(values[start:min(start+lookupChunk, len(values))]), lookupChunk)
			args := make([]any, 0, len(chunk))
			for _, v := range chunk {
				args = append(args, v)
			}
			if err := read(query(store.Placeholders(1, len(chunk))), false, args); err != nil {
				return err
			}
		}
		return nil
	}
	// Only the columns compared: a few hundred rows of an import read
	// about four places each.
	if err := in(l.InseeCodes, func(ph string) string {
		return "SELECT p.id, p.name_key, p.code_insee, '', '' FROM places p" + open + "p.code_insee IN (" + ph + ")"
	}); err != nil {
		return nil, err
	}
	if err := in(l.PostalCodes, func(ph string) string {
		return "SELECT p.id, p.name_key, p.code_insee, p.code_postal, p.commune FROM places p" + open + "p.code_insee = '' AND p.code_postal IN (" + ph + ")"
	}); err != nil {
		return nil, err
	}
	// SIRET and postal code together, as a list of pairs: each alone
	// matches far more; joined to the list, SQLite would rather read every
	// place than look each pair up by the index.
	for start := 0; start < len(l.SiretPostal); start += lookupChunk / 2 {
		chunk := padded(slices.Clip(l.SiretPostal[start:min(start+lookupChunk/2, len(l.SiretPostal))]), lookupChunk/2)
		var values strings.Builder
		args := make([]any, 0, 2*len(chunk))
		for i, sp := range chunk {
			if i > 0 {
				values.WriteString(", ")
			}
			fmt.Fprintf(&values, "($%d, $%d)", 2*i+1, 2*i+2)
			args = append(args, sp[0], sp[1])
		}
		if err := read("SELECT p.id, p.pivot, p.code_postal, p.adresse FROM places p"+open+"(p.pivot, p.code_postal) IN (VALUES "+values.String()+")", true, args); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(a, b PlaceNeighbour) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// PlaceBatch writes places in one transaction with prepared statements; it
// creates and updates only places of one owner.
type PlaceBatch struct {
	conn                *sql.Conn // SQLite: the writer connection
	tx                  *sql.Tx
	dialect             store.Dialect
	insert, update, get *sql.Stmt
	insertMany          *sql.Stmt            // insertRows places, prepared on first use
	lookups             map[string]*sql.Stmt // an import's lookups, prepared on first use
	queued              []any                // the arguments of the places Add queued
	lastInsertID        bool                 // SQLite: the insert has no RETURNING clause
	owner               int64                // 0: open data, owned by no structure
	st                  *store.Store         // told when the places are written
}

// insertRows is how many places one statement of Add inserts: a few
// hundred rows a statement write several times faster than one each, and
// stay under both databases' limits on parameters (32,766 and 65,535).
const insertRows = 250

// placeInsertCols is the number of values of one inserted place.
var placeInsertCols = len(placeColumns) + 2

// BeginPlaceBatch starts a transaction importing the places of the scope's
// structure. Nothing else may be written through the store until Commit or
// Rollback (SQLite has one writer).
func (s *Store) BeginPlaceBatch(ctx context.Context, sc scope.Structure) (*PlaceBatch, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.beginPlaceBatch(ctx, sid)
}

// BeginOpenDataPlaceBatch starts a transaction importing open data: places
// no structure owns (national or regional files, the platform's import).
func (s *Store) BeginOpenDataPlaceBatch(ctx context.Context) (*PlaceBatch, error) {
	return s.beginPlaceBatch(ctx, 0)
}

func (s *Store) beginPlaceBatch(ctx context.Context, owner int64) (*PlaceBatch, error) {
	b := &PlaceBatch{owner: owner, dialect: s.Dialect(), st: s.Store}
	insert := placeInsert
	var err error
	if s.Dialect() == store.SQLite {
		// Each insert inside a transaction may write a statement journal,
		// a temporary file by default: in memory, an import of the national
		// file takes half the time (measured). The setting stays on the
		// writer connection, where it helps every write.
		if b.conn, err = s.Writer().Conn(ctx); err != nil {
			return nil, err
		}
		if _, err := b.conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err != nil {
			b.conn.Close()
			return nil, err
		}
		b.tx, err = b.conn.BeginTx(ctx, nil)
		insert, b.lastInsertID = strings.TrimSuffix(placeInsert, " RETURNING id"), true
	} else {
		b.tx, err = s.Writer().BeginTx(ctx, nil)
	}
	if err != nil {
		b.release()
		return nil, err
	}
	for _, st := range []struct {
		dst **sql.Stmt
		q   string
	}{{&b.insert, insert}, {&b.update, placeUpdate + fmt.Sprintf(" AND COALESCE(structure_id, 0) = $%d", updateArgs+1)}, {&b.get, placeSelect + " WHERE id = $1"}} {
		if *st.dst, err = b.tx.PrepareContext(ctx, st.q); err != nil {
			_ = b.Rollback()
			return nil, err
		}
	}
	return b, nil
}

// release gives the writer connection back.
func (b *PlaceBatch) release() {
	if b.conn != nil {
		b.conn.Close()
		b.conn = nil
	}
}

// Create inserts a validated place of the batch's owner and sets its ID.
func (b *PlaceBatch) Create(ctx context.Context, p *place.Place, now time.Time) error {
	p.StructureID = b.owner
	args := append(placeArgs(p), store.DBTime(now), store.DBTime(now))
	var err error
	if b.lastInsertID {
		var res sql.Result
		if res, err = b.insert.ExecContext(ctx, args...); err == nil {
			p.ID, err = res.LastInsertId()
		}
	} else {
		err = b.insert.QueryRowContext(ctx, args...).Scan(&p.ID)
	}
	if err != nil {
		if store.IsUniqueViolation(err) {
			return apperr.Wrap(apperr.Conflict, "Un autre import a enregistré des lieux en même temps : recommencez l'import.", err)
		}
		return err
	}
	p.CreatedAt, p.ModifiedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
	return nil
}

// Add queues a validated place of the batch's owner for creation: queued
// places are inserted insertRows at a time by one statement, the rest by
// Flush or Commit. Their IDs are not read back. A failed statement fails
// the batch (nothing of it may be committed), never half a place.
func (b *PlaceBatch) Add(ctx context.Context, p *place.Place, now time.Time) error {
	p.StructureID = b.owner
	b.queued = append(b.queued, placeArgs(p)...)
	b.queued = append(b.queued, store.DBTime(now), store.DBTime(now))
	if len(b.queued) < insertRows*placeInsertCols {
		return nil
	}
	if b.insertMany == nil {
		var err error
		if b.insertMany, err = b.tx.PrepareContext(ctx, b.insertValues(insertRows)); err != nil {
			return err
		}
	}
	return b.written(b.insertMany.ExecContext(ctx, b.queued...))
}

// Flush inserts the places Add queued.
func (b *PlaceBatch) Flush(ctx context.Context) error {
	if len(b.queued) == 0 {
		return nil
	}
	return b.written(b.tx.ExecContext(ctx, b.insertValues(len(b.queued)/placeInsertCols), b.queued...))
}

// written ends an insert of queued places.
func (b *PlaceBatch) written(_ sql.Result, err error) error {
	clear(b.queued)
	b.queued = b.queued[:0]
	if store.IsUniqueViolation(err) {
		return apperr.Wrap(apperr.Conflict, "Un autre import a enregistré des lieux en même temps : recommencez l'import.", err)
	}
	return err
}

// insertValues is the insert of n places: numbered parameters on
// PostgreSQL, positional ones on SQLite (which looks each $N up by name).
func (b *PlaceBatch) insertValues(n int) string {
	var q strings.Builder
	q.WriteString(placeInsert[:strings.Index(placeInsert, " VALUES ")] + " VALUES ")
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for k := range placeInsertCols {
			if k > 0 {
				q.WriteString(", ")
			}
			if b.dialect == store.SQLite {
				q.WriteByte('?')
			} else {
				q.WriteString("$" + strconv.Itoa(i*placeInsertCols+k+1))
			}
		}
		q.WriteByte(')')
	}
	return q.String()
}

// Update saves every field of a place of the batch's owner; another's
// answers not found.
func (b *PlaceBatch) Update(ctx context.Context, p *place.Place, now time.Time) error {
	p.StructureID = b.owner
	args := append([]any{p.ID}, placeArgs(p)...)
	res, err := b.update.ExecContext(ctx, append(args, store.DBTime(now), b.owner)...)
	if err != nil {
		return err
	}
	if err := store.ExpectOne(res); err != nil {
		return err
	}
	p.ModifiedAt = now.UTC().Truncate(time.Microsecond)
	return nil
}

// Place reads a place inside the transaction.
func (b *PlaceBatch) Place(ctx context.Context, id int64) (place.Place, error) {
	p, err := scanPlace(b.get.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// Commit inserts the places still queued and ends the transaction,
// keeping its writes.
func (b *PlaceBatch) Commit(ctx context.Context) error {
	defer b.release()
	defer b.st.PlacesWritten()
	if err := b.Flush(ctx); err != nil {
		_ = b.tx.Rollback()
		return err
	}
	return b.tx.Commit()
}

// Rollback ends the transaction, dropping its writes.
func (b *PlaceBatch) Rollback() error {
	defer b.release()
	b.queued = nil
	if b.tx == nil {
		return nil
	}
	return b.tx.Rollback()
}

// PlaceIDCollisions lists the schema identifiers ("id" of exported files)
// that several open places share: imported ids are unique per source only.
func (s *Store) PlaceIDCollisions(ctx context.Context) (map[string]bool, error) {
	rows, err := s.Reader().QueryContext(ctx, `SELECT k FROM (
		SELECT CASE WHEN source_id = '' THEN 'parcours-' || CAST(id AS TEXT) ELSE source_id END AS k
		FROM places WHERE status = 'ouvert') t
		GROUP BY k HAVING COUNT(*) > 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

// Statuses of an uploaded place file.
const (
	UploadChecked   = "verifie"   // read and checked, waiting for confirmation
	UploadImported  = "importe"   // imported: the content is dropped
	UploadCancelled = "abandonne" // abandoned: the content is dropped
)

// PlaceUpload is a place file a coordinator uploaded: kept in the database
// between the check and the confirmation.
type PlaceUpload struct {
	ID               int64
	StructureID      int64 // the uploader's structure: who may see it
	UserID           int64
	UserName         string
	FileName         string
	Format           string
	Size             int
	OwnerStructureID int64  // owner of the places it creates; 0 = national data
	Report           []byte // the check's report (JSON)
	Result           []byte // the import's report (JSON), once imported
	Status           string
	CreatedAt        time.Time
	DoneAt           time.Time // imported or abandoned
}

// CreatePlaceUpload stores a file uploaded by the scope's structure with
// its check report.
func (s *Store) CreatePlaceUpload(ctx context.Context, sc scope.Structure, u *PlaceUpload, content []byte, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	u.StructureID, u.Status, u.Size = sid, UploadChecked, len(content)
	err = s.Writer().QueryRowContext(ctx, `INSERT INTO place_uploads (structure_id, user_id, file_name, format, size, owner_structure_id, content, report, result, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10) RETURNING id`,
		u.StructureID, store.NullInt(u.UserID), u.FileName, u.Format, u.Size, store.NullInt(u.OwnerStructureID), content, string(u.Report), u.Status, store.DBTime(now)).Scan(&u.ID)
	u.CreatedAt = now.UTC().Truncate(time.Microsecond)
	return err
}

const uploadSelect = `SELECT u.id, u.structure_id, COALESCE(u.user_id, 0), COALESCE(a.name, ''), u.file_name, u.format, u.size,
	COALESCE(u.owner_structure_id, 0), u.report, u.result, u.status, u.created_at, u.done_at
	FROM place_uploads u LEFT JOIN users a ON a.id = u.user_id`

func scanUpload(row interface{ Scan(...any) error }) (PlaceUpload, error) {
	var u PlaceUpload
	var report, result string
	var done sql.NullTime
	err := row.Scan(&u.ID, &u.StructureID, &u.UserID, &u.UserName, &u.FileName, &u.Format, &u.Size, &u.OwnerStructureID,
		&report, &result, &u.Status, &u.CreatedAt, &done)
	u.Report, u.Result = []byte(report), []byte(result)
	u.CreatedAt, u.DoneAt = u.CreatedAt.UTC(), store.UTC(done)
	return u, err
}

// uploadScope limits upload queries to those of a structure, or of the
// structures of a territory (every upload for the platform).
type uploadScope struct {
	structure scope.Structure
	territory scope.Territory
	wide      bool
}

func (sc uploadScope) where(w *placeWhere) error {
	if !sc.wide {
		return w.ownedBy(sc.structure, "u.structure_id")
	}
	tid, all, err := sc.territory.ID()
	if err != nil || all {
		return err
	}
	w.add("u.structure_id IN (SELECT id FROM structures WHERE territory_id = " + w.arg(tid) + ")")
	return nil
}

// PlaceUpload returns an upload of the scope's structure, without its content.
func (s *Store) PlaceUpload(ctx context.Context, sc scope.Structure, id int64) (PlaceUpload, error) {
	return s.placeUpload(ctx, uploadScope{structure: sc}, id)
}

// PlaceUploadInTerritory returns an upload of a structure of the territory
// (any upload for the platform), without its content.
func (s *Store) PlaceUploadInTerritory(ctx context.Context, tc scope.Territory, id int64) (PlaceUpload, error) {
	return s.placeUpload(ctx, uploadScope{territory: tc, wide: true}, id)
}

func (s *Store) placeUpload(ctx context.Context, sc uploadScope, id int64) (PlaceUpload, error) {
	w := placeWhere{args: []any{id}}
	w.add("u.id = $1")
	if err := sc.where(&w); err != nil {
		return PlaceUpload{}, err
	}
	u, err := scanUpload(s.Reader().QueryRowContext(ctx, uploadSelect+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundError()
	}
	return u, err
}

// PlaceUploadContent returns the stored file of an upload of the scope's
// structure still waiting.
func (s *Store) PlaceUploadContent(ctx context.Context, sc scope.Structure, id int64) ([]byte, error) {
	return s.placeUploadContent(ctx, uploadScope{structure: sc}, id)
}

// PlaceUploadContentInTerritory is PlaceUploadContent for an upload of a
// structure of the territory (any upload for the platform).
func (s *Store) PlaceUploadContentInTerritory(ctx context.Context, tc scope.Territory, id int64) ([]byte, error) {
	return s.placeUploadContent(ctx, uploadScope{territory: tc, wide: true}, id)
}

func (s *Store) placeUploadContent(ctx context.Context, sc uploadScope, id int64) ([]byte, error) {
	w := placeWhere{args: []any{id, UploadChecked}}
	w.add("u.id = $1")
	w.add("u.status = $2")
	if err := sc.where(&w); err != nil {
		return nil, err
	}
	var b []byte
	err := s.Reader().QueryRowContext(ctx, "SELECT u.content FROM place_uploads u"+w.sql(), w.args...).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundError()
	}
	return b, err
}

// PlaceUploads lists the latest uploads of the scope's structure, newest first.
func (s *Store) PlaceUploads(ctx context.Context, sc scope.Structure, limit int) ([]PlaceUpload, error) {
	var w placeWhere
	if err := w.ownedBy(sc, "u.structure_id"); err != nil {
		return nil, err
	}
	rows, err := s.Reader().QueryContext(ctx, uploadSelect+w.sql()+" ORDER BY u.id DESC LIMIT "+w.arg(limit), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlaceUpload
	for rows.Next() {
		u, err := scanUpload(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// CancelPlaceUpload abandons a waiting upload of the scope's structure and
// drops its content; it reports false when the upload was no longer waiting.
func (s *Store) CancelPlaceUpload(ctx context.Context, sc scope.Structure, id int64, now time.Time) (bool, error) {
	return s.cancelPlaceUpload(ctx, uploadScope{structure: sc}, id, now)
}

// CancelPlaceUploadInTerritory is CancelPlaceUpload for an upload of a
// structure of the territory (any upload for the platform).
func (s *Store) CancelPlaceUploadInTerritory(ctx context.Context, tc scope.Territory, id int64, now time.Time) (bool, error) {
	return s.cancelPlaceUpload(ctx, uploadScope{territory: tc, wide: true}, id, now)
}

func (s *Store) cancelPlaceUpload(ctx context.Context, sc uploadScope, id int64, now time.Time) (bool, error) {
	w := placeWhere{args: []any{UploadCancelled, []byte{}, store.DBTime(now), id, UploadChecked}}
	if err := sc.where(&w); err != nil {
		return false, err
	}
	// The scope reads the alias u: the update names its table so.
	q := "UPDATE place_uploads SET status = $1, content = $2, done_at = $3 WHERE id = $4 AND status = $5 AND id IN (SELECT u.id FROM place_uploads u" + w.sql() + ")"
	res, err := s.Writer().ExecContext(ctx, q, w.args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishPlaceUpload marks an upload imported inside the import's
// transaction, so that it cannot be imported twice; it reports false when
// the upload was no longer waiting.
func (b *PlaceBatch) FinishPlaceUpload(ctx context.Context, id int64, result []byte, now time.Time) (bool, error) {
	res, err := b.tx.ExecContext(ctx, `UPDATE place_uploads SET status = $1, content = $2, result = $3, done_at = $4 WHERE id = $5 AND status = $6`,
		UploadImported, []byte{}, string(result), store.DBTime(now), id, UploadChecked)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// PrunePlaceUploads abandons uploads left waiting since before the cut-off
// (their content is dropped) and returns how many.
func (s *Store) PrunePlaceUploads(ctx context.Context, before, now time.Time) (int, error) {
	res, err := s.Writer().ExecContext(ctx, `UPDATE place_uploads SET status = $1, content = $2, done_at = $3 WHERE status = $4 AND created_at < $5`,
		UploadCancelled, []byte{}, store.DBTime(now), UploadChecked, store.DBTime(before))
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// PlaceIDCollisionsAmong is PlaceIDCollisions restricted to some schema
// identifiers (a page of the open-data API).
func (s *Store) PlaceIDCollisionsAmong(ctx context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	args := make([]any, len(keys))
	ph := make([]string, len(keys))
	for i, k := range keys {
		args[i], ph[i] = k, "$"+strconv.Itoa(i+1)
	}
	rows, err := s.Reader().QueryContext(ctx, `SELECT source_id, COUNT(*) FROM places WHERE status = 'ouvert' AND source_id IN (`+strings.Join(ph, ", ")+`) GROUP BY source_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		// A "parcours-N" key of a place created here clashes with any imported one.
		if n > 1 || strings.HasPrefix(k, "parcours-") {
			out[k] = true
		}
	}
	return out, rows.Err()
}
