package store

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

func joinList(l []string) string { return strings.Join(l, "|") }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

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
		nullInt(p.StructureID), p.Source, p.SourceID, string(p.Status), p.CoordsFrom, p.Pivot, p.Name, textfold.Key(p.Name), p.Commune,
		p.PostalCode, p.InseeCode, p.Department(), p.Address, p.AddressComplement, lat, lon,
		joinList(p.Typologies), p.Phone, joinList(p.Emails), joinList(p.Websites), p.Hours, p.HoursText, p.Summary,
		p.Description, p.Collector, joinList(p.Itinerance), p.ParentStructure, date, joinList(p.Services),
		joinList(p.Publics), joinList(p.SpecificSupport), joinList(p.Fees),
		joinList(p.NationalPrograms), joinList(p.TrainingLabels), joinList(p.OtherLabels), joinList(p.AccessModes),
		joinList(p.SupportModes), p.AccessibilityURL, p.BookingURL, unknown, place.CompletionOf(p).Score,
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
	p.Typologies, p.Emails, p.Websites, p.Itinerance = splitList(typo), splitList(emails), splitList(sites), splitList(itin)
	p.Services, p.Publics, p.SpecificSupport, p.Fees = splitList(services), splitList(publics), splitList(support), splitList(fees)
	p.NationalPrograms, p.TrainingLabels, p.OtherLabels = splitList(programs), splitList(training), splitList(other)
	p.AccessModes, p.SupportModes = splitList(access), splitList(modes)
	if date != "" {
		p.UpdatedOn, _ = time.Parse(DateLayout, date)
	}
	if unknown != "" {
		_ = json.Unmarshal([]byte(unknown), &p.Unknown)
	}
	p.CreatedAt, p.ModifiedAt = p.CreatedAt.UTC(), p.ModifiedAt.UTC()
	return p, nil
}

// execer is what both *sql.DB and *sql.Tx offer.
type execer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func insertPlace(ctx context.Context, db execer, p *place.Place, now time.Time) error {
	args := append(placeArgs(p), ts(now), ts(now))
	if err := db.QueryRowContext(ctx, placeInsert, args...).Scan(&p.ID); err != nil {
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Un lieu de la même source porte déjà cet identifiant.")
		}
		return err
	}
	p.CreatedAt, p.ModifiedAt = now.UTC().Truncate(time.Microsecond), now.UTC().Truncate(time.Microsecond)
	return nil
}

func updatePlace(ctx context.Context, db execer, p *place.Place, now time.Time) error {
	args := append([]any{p.ID}, placeArgs(p)...)
	res, err := db.ExecContext(ctx, placeUpdate, append(args, ts(now))...)
	if err != nil {
		return err
	}
	if err := expectOne(res); err != nil {
		return err
	}
	p.ModifiedAt = now.UTC().Truncate(time.Microsecond)
	return nil
}

// CreatePlace inserts a validated place and sets its ID.
func (s *Store) CreatePlace(ctx context.Context, p *place.Place, now time.Time) error {
	return insertPlace(ctx, s.w, p, now)
}

// UpdatePlace saves every field of a place. Callers check ownership first
// (StructurePlace) or act as the platform.
func (s *Store) UpdatePlace(ctx context.Context, p *place.Place, now time.Time) error {
	return updatePlace(ctx, s.w, p, now)
}

// Place returns any place by id (public data).
func (s *Store) Place(ctx context.Context, id int64) (place.Place, error) {
	p, err := scanPlace(s.r.QueryRowContext(ctx, placeSelect+" WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// StructurePlace returns a place only if the structure owns it.
func (s *Store) StructurePlace(ctx context.Context, structureID, id int64) (place.Place, error) {
	p, err := scanPlace(s.r.QueryRowContext(ctx, placeSelect+" WHERE id = $1 AND structure_id = $2", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.NotFoundError()
	}
	return p, err
}

// PlaceFilter narrows ListPlaces; zero values mean "any".
type PlaceFilter struct {
	StructureID   int64
	InseeCodes    []string // any of these communes
	Department    string
	Service       string // one of the schema's services
	ModifiedSince time.Time
	IncludeClosed bool
	AfterID       int64 // cursor: places with a greater id
	Limit         int   // 0: no limit
}

// ListPlaces returns places by increasing id, for exports, the open-data
// API and owners' lists.
func (s *Store) ListPlaces(ctx context.Context, f PlaceFilter) ([]place.Place, error) {
	var out []place.Place
	err := s.EachPlace(ctx, f, func(p place.Place) error {
		out = append(out, p)
		return nil
	})
	return out, err
}

// EachPlace streams the places of a filter, by increasing id, without
// holding them all in memory.
func (s *Store) EachPlace(ctx context.Context, f PlaceFilter, fn func(place.Place) error) error {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.StructureID != 0 {
		where = append(where, "structure_id = "+arg(f.StructureID))
	}
	if len(f.InseeCodes) > 0 {
		ph := make([]string, len(f.InseeCodes))
		for i, c := range f.InseeCodes {
			ph[i] = arg(c)
		}
		where = append(where, "code_insee IN ("+strings.Join(ph, ", ")+")")
	}
	if f.Department != "" {
		where = append(where, "departement = "+arg(f.Department))
	}
	if f.Service != "" {
		where = append(where, "('|' || services || '|') LIKE "+arg("%|"+escapeLike(f.Service)+"|%")+" ESCAPE '\\'")
	}
	if !f.ModifiedSince.IsZero() {
		where = append(where, "modified_at >= "+arg(ts(f.ModifiedSince)))
	}
	if !f.IncludeClosed {
		where = append(where, "status = 'ouvert'")
	}
	if f.AfterID > 0 {
		where = append(where, "id > "+arg(f.AfterID))
	}
	q := placeSelect
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
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
	err := s.r.QueryRowContext(ctx, q).Scan(&n)
	return n, err
}

// PlacesVersion reports the latest modification time and the number of
// places, so that in-memory indexes know when to reload.
func (s *Store) PlacesVersion(ctx context.Context) (time.Time, int, error) {
	var t any
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT MAX(modified_at), COUNT(*) FROM places").Scan(&t, &n); err != nil {
		return time.Time{}, 0, err
	}
	latest, err := anyTime(t)
	return latest, n, err
}
