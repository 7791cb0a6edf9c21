package placefile

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/csvsafe"
	"github.com/parcours-numerique/parcours/internal/hours"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Export formats.
const (
	FormatSchemaCSV     = "schema-csv"
	FormatSchemaJSON    = "schema-json"
	FormatDataInclusion = "data-inclusion"
)

// ExportFormats lists the formats Export writes.
var ExportFormats = []string{FormatSchemaCSV, FormatSchemaJSON, FormatDataInclusion}

// SchemaCSVHeader is the header line of the official example file of
// schema v1.0.2, byte for byte (its odd quoting included): the columns, in
// order, that every exported CSV starts with.
const SchemaCSVHeader = `"id","pivot","nom","commune","code_postal","code_insee","adresse","complement_adresse","latitude","longitude","typologie","telephone","courriels","site_web","horaires","presentation_resume","presentation_detail","source","itinerance","structure_parente","date_maj","services","publics_specifiquement_adresses","prise_en_charge_specifique","frais_a_charge","dispositif_programmes_nationaux",formations_labels,autres_formations_labels,modalites_acces,modalites_accompagnement,"fiche_acces_libre","prise_rdv"`

// IDs gives every exported place its schema "id". Imported ids are unique
// only within their source: when several open places share one, each is
// written "source-id" (an import of the file finds the place again).
type IDs struct {
	collisions map[string]bool
	emitted    map[string]bool // within one file, for the rare remaining clash
}

// NewIDs reads the identifiers several open places share.
func NewIDs(ctx context.Context, st *placestore.Store) (*IDs, error) {
	c, err := st.PlaceIDCollisions(ctx)
	if err != nil {
		return nil, err
	}
	return &IDs{collisions: c}, nil
}

// IDsFor reads the identifiers a page of places shares with other places
// (the open-data API, page by page).
func IDsFor(ctx context.Context, st *placestore.Store, places []place.Place) (*IDs, error) {
	keys := make([]string, len(places))
	for i := range places {
		keys[i] = places[i].SchemaID()
	}
	c, err := st.PlaceIDCollisionsAmong(ctx, keys)
	if err != nil {
		return nil, err
	}
	return &IDs{collisions: c}, nil
}

// ID returns the schema id of a place.
func (x *IDs) ID(p *place.Place) string {
	id := p.SchemaID()
	if x != nil && x.collisions[id] {
		id = p.Source + "-" + id
	}
	if x != nil && x.emitted != nil {
		if x.emitted[id] {
			id += "-" + strconv.FormatInt(p.ID, 10)
		}
		x.emitted[id] = true
	}
	return id
}

// Record is one place with the schema's field names, in the schema's order;
// empty fields are left out of its JSON form.
type Record struct {
	cells [32]string
}

// NewRecord builds the record of a place (made Exportable first).
func NewRecord(p place.Place, id string) Record {
	p = Exportable(p)
	var r Record
	j := func(l []string) string { return strings.Join(l, "|") }
	date := ""
	if !p.UpdatedOn.IsZero() {
		date = p.UpdatedOn.UTC().Format(placestore.DateLayout)
	}
	h := p.Hours
	if h != "" {
		if s, err := hours.Parse(h); err == nil {
			h = s.String()
		} else {
			h = ""
		}
	}
	r.cells = [32]string{
		id, p.Pivot, p.Name, p.Commune, p.PostalCode, p.InseeCode, p.Address, p.AddressComplement,
		"", "", j(p.Typologies), p.Phone, j(p.Emails), j(p.Websites), h,
		p.Summary, p.Description, p.Collector, j(p.Itinerance), p.ParentStructure,
		date, j(p.Services), j(p.Publics), j(p.SpecificSupport),
		j(p.Fees), j(p.NationalPrograms), j(p.TrainingLabels), j(p.OtherLabels),
		j(p.AccessModes), j(p.SupportModes), p.AccessibilityURL, p.BookingURL,
	}
	for i, c := range r.cells {
		if strings.IndexByte(c, '\r') >= 0 {
			r.cells[i] = strings.ReplaceAll(strings.ReplaceAll(c, "\r\n", "\n"), "\r", "\n")
		}
	}
	if p.HasCoords {
		r.cells[8], r.cells[9] = formatCoord(p.Latitude), formatCoord(p.Longitude)
	}
	return r
}

func formatCoord(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Get returns a field of the record by its schema name.
func (r Record) Get(field string) string {
	if i := slices.Index(place.SchemaFields, field); i >= 0 {
		return r.cells[i]
	}
	return ""
}

// MarshalJSON writes the record as the national library's JSON: fields in
// schema order, coordinates as numbers, empty fields absent.
func (r Record) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 1024)
	b = append(b, '{')
	first := true
	for i, name := range place.SchemaFields {
		v := r.cells[i]
		if v == "" {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, name)
		b = append(b, ':')
		if i == 8 || i == 9 {
			b = append(b, v...)
		} else {
			b = appendJSONString(b, v)
		}
	}
	return append(b, '}'), nil
}

func appendJSONString(b []byte, s string) []byte {
	enc, _ := json.Marshal(s) // escapes <, >, & too: harmless in JSON
	return append(b, enc...)
}

// Export writes every open place in one of ExportFormats and returns how
// many it wrote.
func Export(ctx context.Context, st *placestore.Store, w io.Writer, format string) (int, error) {
	switch format {
	case FormatSchemaCSV, FormatSchemaJSON, FormatDataInclusion:
	default:
		return 0, apperr.New(apperr.Invalid, fmt.Sprintf("Format d'export inconnu « %s » : %s.", format, strings.Join(ExportFormats, ", ")))
	}
	ids, err := NewIDs(ctx, st)
	if err != nil {
		return 0, err
	}
	ids.emitted = map[string]bool{}
	bw := bufio.NewWriterSize(w, 64<<10)
	n := 0
	switch format {
	case FormatSchemaCSV:
		cw := NewCSVWriter(bw)
		err = st.EachPlace(ctx, placestore.PlaceFilter{}, func(p place.Place) error {
			n++
			return cw.Write(NewRecord(p, ids.ID(&p)))
		})
		if err == nil {
			err = cw.Flush()
		}
	case FormatSchemaJSON:
		bw.WriteString("[")
		err = st.EachPlace(ctx, placestore.PlaceFilter{}, func(p place.Place) error {
			if n > 0 {
				bw.WriteString(",")
			}
			n++
			bw.WriteString("\n")
			b, _ := NewRecord(p, ids.ID(&p)).MarshalJSON()
			_, err := bw.Write(b)
			return err
		})
		bw.WriteString("\n]\n")
	case FormatDataInclusion:
		n, err = writeDataInclusion(ctx, st, bw, ids)
	}
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// CSVWriter writes schema CSV: the official header, "," between columns,
// "|" between values, quotes only where needed, LF line ends, and no cell a
// spreadsheet would run as a formula (csvsafe).
type CSVWriter struct {
	w      io.Writer
	cw     *csvsafe.Writer
	header bool
}

// NewCSVWriter starts a schema CSV on w.
func NewCSVWriter(w io.Writer) *CSVWriter {
	return &CSVWriter{w: w, cw: csvsafe.NewWriter(w)}
}

// Write adds one record (the header first).
func (c *CSVWriter) Write(r Record) error {
	if !c.header {
		c.header = true
		if _, err := io.WriteString(c.w, SchemaCSVHeader+"\n"); err != nil {
			return err
		}
	}
	cells := r.cells
	// The guard's apostrophe must not push the résumé past the schema's length.
	if i := summaryColumn; csvsafe.Cell(cells[i]) != cells[i] && utf8.RuneCountInString(cells[i]) >= place.MaxSummary {
		cells[i] = shorten(cells[i], place.MaxSummary-1)
	}
	return c.cw.Write(cells[:])
}

// summaryColumn is presentation_resume's column.
var summaryColumn = slices.Index(place.SchemaFields, "presentation_resume")

// Flush writes the header even for an empty file, then buffered rows.
func (c *CSVWriter) Flush() error {
	if !c.header {
		c.header = true
		if _, err := io.WriteString(c.w, SchemaCSVHeader+"\n"); err != nil {
			return err
		}
	}
	return c.cw.Flush()
}
