package placestore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/textfold"
)

// placeColumns are the stored columns of a place, in the order of placeArgs.
var placeColumns = []string{
	"structure_id", "source", "source_id", "status", "coords_from", "pivot", "nom", "name_key", "commune",
	"code_postal", "code_insee", "departement", "adresse", "complement_adresse", "latitude", "longitude",
	"typologie", "telephone", "courriels", "site_web", "horaires", "horaires_texte", "presentation_resume",
	"presentation_detail", "collecteur", "itinerance", "structure_parente", "date_maj", "services",
	"publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
	"dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
	"modalites_accompagnement", "fiche_acces_libre", "prise_rdv", "valeurs_inconnues", "completion",
}

var (
	placeSelect = "SELECT id, " + strings.Join(placeColumns, ", ") + ", created_at, modified_at FROM places"
	placeInsert = func() string {
		ph := make([]string, len(placeColumns)+2)
		for i := range ph {
			ph[i] = fmt.Sprintf("$%d", i+1)
		}
		return "INSERT INTO places (" + strings.Join(placeColumns, ", ") + ", created_at, modified_at) VALUES (" + strings.Join(ph, ", ") + ") RETURNING id"
	}()
	placeUpdate = func() string {
		set := make([]string, len(placeColumns))
		for i, c := range placeColumns {
			set[i] = fmt.Sprintf("%s = $%d", c, i+2)
		}
		return "UPDATE places SET " + strings.Join(set, ", ") + fmt.Sprintf(", modified_at = $%d WHERE id = $1", len(placeColumns)+2)
	}()
)

// DateLayout is how dates (the schema's date_maj) are stored: ISO, sortable.
const DateLayout = "2006-01-02"

func placeArgs(p *place.Place) []any {
	var lat, lon any
	if p.HasCoords {
		lat, lon = p.Latitude, p.Longitude
	}
	unknown := ""
	if len(p.Unknown) > 0 {
		b, _ := json.Marshal(p.Unknown)
		unknown = string(b)
	}
	date := ""
	if !p.UpdatedOn.IsZero() {
		date = p.UpdatedOn.UTC().Format(DateLayout)
	}
	return []any{
		store.NullInt(p.StructureID), p.Source, p.SourceID, string(p.Status), p.CoordsFrom, p.Pivot, p.Name, textfold.Key(p.Name), p.Commune,
		p.PostalCode, p.InseeCode, p.Department(), p.Address, p.AddressComplement, lat, lon,
		store.JoinList(p.Typologies), p.Phone, store.JoinList(p.Emails), store.JoinList(p.Websites), p.Hours, p.HoursText, p.Summary,
		p.Description, p.Collector, store.JoinList(p.Itinerance), p.ParentStructure, date, store.JoinList(p.Services),
		store.JoinList(p.Publics), store.JoinList(p.SpecificSupport), store.JoinList(p.Fees),
		store.JoinList(p.NationalPrograms), store.JoinList(p.TrainingLabels), store.JoinList(p.OtherLabels), store.JoinList(p.AccessModes),
		store.JoinList(p.SupportModes), p.AccessibilityURL, p.BookingURL, unknown, place.CompletionOf(p).Score,
	}
}

func scanPlace(row interface{ Scan(...any) error }) (place.Place, error) {
	var p place.Place
	var structureID sql.NullInt64
	var lat, lon sql.NullFloat64
	var status, nameKey, dept, typo, emails, sites, itin, date, services, publics, support, fees, programs, training, other, access, modes, unknown string
	var completion int
	err := row.Scan(&p.ID, &structureID, &p.Source, &p.SourceID, &status, &p.CoordsFrom, &p.Pivot, &p.Name, &nameKey, &p.Commune,
		&p.PostalCode, &p.InseeCode, &dept, &p.Address, &p.AddressComplement, &lat, &lon,
		&typo, &p.Phone, &emails, &sites, &p.Hours, &p.HoursText, &p.Summary,
		&p.Description, &p.Collector, &itin, &p.ParentStructure, &date, &services,
		&publics, &support, &fees, &programs, &training, &other, &access,
		&modes, &p.AccessibilityURL, &p.BookingURL, &unknown, &completion, &p.CreatedAt, &p.ModifiedAt)
	if err != nil {
		return p, err
	}
	p.StructureID = structureID.Int64
	p.Status = place.Status(status)
	p.HasCoords = lat.Valid && lon.Valid
	p.Latitude, p.Longitude = lat.Float64, lon.Float64
	p.Typologies, p.Emails, p.Websites, p.Itinerance = store.SplitList(typo), store.SplitList(emails), store.SplitList(sites), store.SplitList(itin)
	p.Services, p.Publics, p.SpecificSupport, p.Fees = store.SplitList(services), store.SplitList(publics), store.SplitList(support), store.SplitList(fees)
	p.NationalPrograms, p.TrainingLabels, p.OtherLabels = store.SplitList(programs), store.SplitList(training), store.SplitList(other)
	p.AccessModes, p.SupportModes = store.SplitList(access), store.SplitList(modes)
	if date != "" {
		p.UpdatedOn, _ = time.Parse(DateLayout, date)
	}
	if unknown != "" {
		_ = json.Unmarshal([]byte(unknown), &p.Unknown)
	}
	p.CreatedAt, p.ModifiedAt = p.CreatedAt.UTC(), p.ModifiedAt.UTC()
	return p, nil
}

func insertPlace(ctx context.Context, db store.Execer, p *place.Place, now time.Time) error {
	args := append(placeArgs(p), store.DBTime(now), store.DBTime(now))
	if err := db.QueryRowContext(ctx, placeInsert, args...).Scan(&p.ID); err != nil {
		if store.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Un lieu de la même source porte déjà cet identifiant.")
		}
		return err
	}
	p.CreatedAt, p.ModifiedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
	return nil
}

// CreatePlace inserts a validated place, owned by the structure it names
// (none for open data), and sets its ID.
func (s *Store) CreatePlace(ctx context.Context, p *place.Place, now time.Time) error {
	defer s.PlacesWritten()
	return insertPlace(ctx, s.Writer(), p, now)
}

// placeWhere builds the condition of a place query as arguments are added;
// its placeholders start after base others.
type placeWhere struct {
	base  int
	conds []string
	args  []any
}

func (w *placeWhere) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", w.base+len(w.args))
}

func (w *placeWhere) add(cond string) { w.conds = append(w.conds, cond) }

func (w *placeWhere) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// ownedBy limits a query to the places of the scope's structure; col is the
// structure column ("structure_id", "p.structure_id").
func (w *placeWhere) ownedBy(sc scope.Structure, col string) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	w.add(col + " = " + w.arg(sid))
	return nil
}

// inTerritory limits a query to the places of the territory's communes, or
// to none for the platform; prefix is "" or "p.".
func (w *placeWhere) inTerritory(tc scope.Territory, prefix string) error {
	tid, all, err := tc.ID()
	if err != nil || all {
		return err
	}
	w.add(prefix + "code_insee IN (SELECT commune_code FROM territory_communes WHERE territory_id = " + w.arg(tid) + ")")
	return nil
}

// updateArgs is the number of placeholders of placeUpdate.
var updateArgs = len(placeColumns) + 2

func (s *Store) updatePlaceWhere(ctx context.Context, p *place.Place, w *placeWhere, now time.Time) error {
	args := append([]any{p.ID}, placeArgs(p)...)
	args = append(args, store.DBTime(now))
	q := placeUpdate
	defer s.PlacesWritten()
	if len(w.conds) > 0 {
		q += " AND " + strings.Join(w.conds, " AND ")
	}
	err := s.Write(ctx, func(tx *sql.Tx) error {
		// A translation reviewed against a French text that changes is to
		// review again.
		if _, err := tx.ExecContext(ctx, `UPDATE place_translations SET reviewed_by = NULL, reviewed_at = NULL
			WHERE place_id = $1 AND reviewed_at IS NOT NULL AND place_id IN
				(SELECT id FROM places WHERE id = $1 AND (presentation_resume <> $2 OR presentation_detail <> $3))`,
			p.ID, p.Summary, p.Description); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, q, append(args, w.args...)...)
		if err != nil {
			return err
		}
		return store.ExpectOne(res)
	})
	if err != nil {
		return err
	}
	p.ModifiedAt = now.UTC().Truncate(time.Microsecond)
	return nil
}

// UpdatePlace saves every field of a place the scope's structure owns; it
// stays that structure's. Any other place answers not found.
func (s *Store) UpdatePlace(ctx context.Context, sc scope.Structure, p *place.Place, now time.Time) error {
	w := placeWhere{base: updateArgs}
	if err := w.ownedBy(sc, "structure_id"); err != nil {
		return err
	}
	p.StructureID, _ = sc.ID()
	return s.updatePlaceWhere(ctx, p, &w, now)
}

// UpdatePlaceInTerritory saves every field of a place the territory's
// coordination keeps true: one of its communes that no structure owns. The
// platform saves any place, its owner unchanged. Any other place answers
// not found.
func (s *Store) UpdatePlaceInTerritory(ctx context.Context, tc scope.Territory, p *place.Place, now time.Time) error {
	w := placeWhere{base: updateArgs}
	if err := w.inTerritory(tc, ""); err != nil {
		return err
	}
	if _, all, _ := tc.ID(); all {
		w.add("COALESCE(structure_id, 0) = " + w.arg(p.StructureID))
	} else {
		if p.StructureID != 0 {
			return apperr.NotFoundError() // a structure's place is that structure's to update
		}
		w.add("structure_id IS NULL")
	}
	return s.updatePlaceWhere(ctx, p, &w, now)
}

// AssignPlaceInTerritory hands a place of the territory that no structure
// owns to one of the territory's structures (any structure for the
// platform), which then keeps it true. Anything else answers not found.
func (s *Store) AssignPlaceInTerritory(ctx context.Context, tc scope.Territory, placeID, structureID int64, now time.Time) error {
	tid, all, err := tc.ID()
	if err != nil {
		return err
	}
	w := placeWhere{args: []any{structureID, store.DBTime(now), placeID}}
	w.add("id = $3")
	w.add("structure_id IS NULL")
	if err := w.inTerritory(tc, ""); err != nil {
		return err
	}
	if all {
		w.add("EXISTS (SELECT 1 FROM structures WHERE id = $1)")
	} else {
		w.add("EXISTS (SELECT 1 FROM structures WHERE id = $1 AND territory_id = " + w.arg(tid) + ")")
	}
	defer s.PlacesWritten()
	res, err := s.Writer().ExecContext(ctx, "UPDATE places SET structure_id = $1, modified_at = $2"+w.sql(), w.args...)
	if err != nil {
		return err
	}
	return store.ExpectOne(res)
}

// Place returns any place by id, open or closed (public data).
func (s *Store) Place(ctx context.Context, id int64) (place.Place, error) {
	p, err := scanPlace(s.Reader().QueryRowContext(ctx, placeSelect+" WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// StructurePlace returns a place only if the scope's structure owns it.
func (s *Store) StructurePlace(ctx context.Context, sc scope.Structure, id int64) (place.Place, error) {
	w := placeWhere{args: []any{id}}
	w.add("id = $1")
	if err := w.ownedBy(sc, "structure_id"); err != nil {
		return place.Place{}, err
	}
	p, err := scanPlace(s.Reader().QueryRowContext(ctx, placeSelect+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// PlaceInTerritory returns a place of the territory's communes, open or
// closed, owned or not (any place for the platform).
func (s *Store) PlaceInTerritory(ctx context.Context, tc scope.Territory, id int64) (place.Place, error) {
	w := placeWhere{args: []any{id}}
	w.add("id = $1")
	if err := w.inTerritory(tc, ""); err != nil {
		return place.Place{}, err
	}
	p, err := scanPlace(s.Reader().QueryRowContext(ctx, placeSelect+w.sql(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// StructurePlaces returns the places the scope's structure owns, closed
// ones too, by id.
func (s *Store) StructurePlaces(ctx context.Context, sc scope.Structure) ([]place.Place, error) {
	var w placeWhere
	if err := w.ownedBy(sc, "structure_id"); err != nil {
		return nil, err
	}
	return s.queryPlaces(ctx, placeSelect+w.sql()+" ORDER BY id", w.args)
}

// PlacesInTerritory returns the places of the territory's communes, open
// or closed, owned or not (every place for the platform), by id.
func (s *Store) PlacesInTerritory(ctx context.Context, tc scope.Territory) ([]place.Place, error) {
	var w placeWhere
	if err := w.inTerritory(tc, ""); err != nil {
		return nil, err
	}
	return s.queryPlaces(ctx, placeSelect+w.sql()+" ORDER BY id", w.args)
}

// OpenPlacesWithSchemaID returns the open places an exported "id" may name:
// their own identifier, "source-id", or "parcours-N" for a place created
// here. The caller keeps the one the export names so.
func (s *Store) OpenPlacesWithSchemaID(ctx context.Context, id string) ([]place.Place, error) {
	return s.queryPlaces(ctx, placeSelect+` WHERE status = 'ouvert' AND (source_id = $1 OR source || '-' || source_id = $1
		OR (source_id = '' AND 'parcours-' || CAST(id AS TEXT) = $1)) ORDER BY id`, []any{id})
}

func (s *Store) queryPlaces(ctx context.Context, q string, args []any) ([]place.Place, error) {
	rows, err := s.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []place.Place
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PlaceFilter narrows the open data of ListPlaces; zero values mean "any".
type PlaceFilter struct {
	StructureID   int64    // the open places a structure holds (public data)
	InseeCodes    []string // any of these communes
	Department    string
	Service       string // one of the schema's services
	ModifiedSince time.Time
	AfterID       int64 // cursor: places with a greater id
	Limit         int   // 0: no limit
}

// ListPlaces returns open places by increasing id: the open data that the
// search, exports and the API publish, and that anyone may read.
func (s *Store) ListPlaces(ctx context.Context, f PlaceFilter) ([]place.Place, error) {
	var out []place.Place
	err := s.EachPlace(ctx, f, func(p place.Place) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// EachPlace streams the open places of a filter, by increasing id, without
// holding them all in memory.
func (s *Store) EachPlace(ctx context.Context, f PlaceFilter, fn func(place.Place) error) error {
	var w placeWhere
	w.add("status = 'ouvert'")
	if f.StructureID != 0 {
		w.add("structure_id = " + w.arg(f.StructureID))
	}
	if len(f.InseeCodes) > 0 {
		ph := make([]string, len(f.InseeCodes))
		for i, c := range f.InseeCodes {
			ph[i] = w.arg(c)
		}
		w.add("code_insee IN (" + strings.Join(ph, ", ") + ")")
	}
	if f.Department != "" {
		w.add("departement = " + w.arg(f.Department))
	}
	if f.Service != "" {
		w.add("('|' || services || '|') LIKE " + w.arg("%|"+store.EscapeLike(f.Service)+"|%") + " ESCAPE '\\'")
	}
	if !f.ModifiedSince.IsZero() {
		w.add("modified_at >= " + w.arg(store.DBTime(f.ModifiedSince)))
	}
	if f.AfterID > 0 {
		w.add("id > " + w.arg(f.AfterID))
	}
	q := placeSelect + w.sql() + " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT " + w.arg(f.Limit)
	}
	rows, err := s.Reader().QueryContext(ctx, q, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanPlace(rows)
		if err != nil {
			return err
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CountPlaces counts open places (or all with includeClosed).
func (s *Store) CountPlaces(ctx context.Context, includeClosed bool) (int, error) {
	var n int
	q := "SELECT COUNT(*) FROM places"
	if !includeClosed {
		q += " WHERE status = 'ouvert'"
	}
	err := s.Reader().QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// PlacesVersion reports the latest modification time and the number of
// places, so that in-memory indexes know when to reload.
func (s *Store) PlacesVersion(ctx context.Context) (time.Time, int, error) {
	var t any
	var n int
	if err := s.Reader().QueryRowContext(ctx, "SELECT MAX(modified_at), COUNT(*) FROM places").Scan(&t, &n); err != nil {
		return time.Time{}, 0, err
	}
	latest, err := store.AnyTime(t)
	return latest, n, err
}
