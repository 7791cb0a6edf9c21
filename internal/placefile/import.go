package placefile

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
)

// Options tune an import.
type Options struct {
	// StructureID owns the places the file creates, and only places it owns
	// are updated; 0 is national data, owned by no structure.
	StructureID int64
	// DefaultSource is the upsert source of rows without a "source" value;
	// empty means "import" (national data) or "structure-ID".
	DefaultSource string
	DryRun        bool // check only: nothing is written
	// CommitEvery commits every N rows; 0 makes the whole file one
	// transaction (nothing is kept if anything fails).
	CommitEvery int
	Now         time.Time
	// Progress is called now and then with the rows read and the share of
	// the file read (0 to 1).
	Progress func(rows int, done float64)
	// UploadID marks that web upload imported, in the import's transaction.
	UploadID int64
}

// Check reads a file without touching the database: only the file's own
// problems (no updates, no duplicates of stored places).
func Check(data []byte, opt Options) (*Report, error) {
	opt.DryRun = true
	return run(context.Background(), nil, bytes.NewReader(data), opt)
}

// Import reads a place file (format detected) and creates or updates its
// places; each row is all or nothing, and with DryRun nothing is written.
// A returned error means the file could not be imported at all (unreadable,
// database failure): with CommitEvery 0 nothing was kept.
func Import(ctx context.Context, st *placestore.Store, data []byte, opt Options) (*Report, error) {
	return run(ctx, st, bytes.NewReader(data), opt)
}

// ImportFile is Import reading the file from r as it goes, never whole:
// r is read twice (its encoding first, then its rows), and the places are
// written a few hundred a statement.
func ImportFile(ctx context.Context, st *placestore.Store, r io.ReadSeeker, opt Options) (*Report, error) {
	return run(ctx, st, r, opt)
}

type sourceKey struct{ source, id string }

func run(ctx context.Context, st *placestore.Store, r io.ReadSeeker, opt Options) (*Report, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.DefaultSource == "" {
		opt.DefaultSource = "import"
		if opt.StructureID != 0 {
			opt.DefaultSource = "structure-" + strconv.FormatInt(opt.StructureID, 10)
		}
	}
	format, src, fileWarnings, size, err := open(r)
	if err != nil {
		return nil, err
	}
	rep := newReport(format, opt.DryRun)
	rep.Warnings = append(rep.Warnings, fileWarnings...)

	stored := &storedPlaces{ctx: ctx, st: st, structureID: opt.StructureID}
	if st != nil {
		if stored.upTo, err = st.MaxPlaceID(ctx); err != nil {
			return nil, err
		}
		if stored.upTo > 0 {
			if err := st.AnalyzePlaces(ctx, false); err != nil {
				return nil, err
			}
		}
	}
	dups := newDupIndex(nil)
	seen := map[sourceKey]int{}
	conv := &converter{format: format, defaultSource: opt.DefaultSource}

	var batch *placestore.PlaceBatch
	begin := func() error {
		if opt.DryRun || st == nil {
			return nil
		}
		if opt.StructureID != 0 {
			batch, err = st.BeginPlaceBatch(ctx, scope.OfStructure(opt.StructureID))
		} else {
			batch, err = st.BeginOpenDataPlaceBatch(ctx)
		}
		return err
	}
	if err := begin(); err != nil {
		return nil, err
	}
	defer func() {
		if batch != nil {
			_ = batch.Rollback()
		}
	}()
	rows, stop := convertRows(src, conv, size)
	defer stop()
	lastProgress := 0
	var pending []convertedRow
	var done float64
read:
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if batch != nil && opt.CommitEvery > 0 && rep.Total > 0 && rep.Total%opt.CommitEvery == 0 {
			err := batch.Commit(ctx)
			batch = nil
			if err != nil {
				return nil, err
			}
			if err := begin(); err != nil {
				return nil, err
			}
		}
		for len(pending) == 0 {
			c, ok := <-rows
			if !ok {
				break read
			}
			if c.err != nil {
				return nil, c.err
			}
			pending, done = c.rows, c.done
			if err := stored.load(ctx, batch, pending); err != nil {
				return nil, err
			}
		}
		rec := &pending[0]
		pending = pending[1:]
		rep.Total++
		if opt.Progress != nil && rep.Total-lastProgress >= 100 {
			lastProgress = rep.Total
			opt.Progress(rep.Total, done)
		}
		o := &rec.o
		p := &o.p
		if len(o.errs) > 0 {
			rep.Rejected = append(rep.Rejected, Rejected{Row: rec.row, ID: rec.id, Errors: o.errs})
			continue
		}
		key := sourceKey{p.Source, p.SourceID}
		if first, ok := seen[key]; ok {
			rep.Rejected = append(rep.Rejected, Rejected{Row: rec.row, ID: strings.Clone(p.SourceID), Errors: []FieldError{{"id",
				fmt.Sprintf("Identifiant « %s » déjà utilisé par la ligne %d du fichier (même source « %s ») : les identifiants doivent être uniques.", p.SourceID, first, p.Source)}}})
			continue
		}
		seen[sourceKey{strings.Clone(key.source), strings.Clone(key.id)}] = rec.row // copies: not the whole line
		p.StructureID = opt.StructureID
		existing, found := lookup(stored.bySource, stored.byID, key, opt.StructureID)
		if found && existing.StructureID != opt.StructureID {
			owner := "à une structure de Parcours"
			if existing.StructureID == 0 {
				owner = "aux données nationales (sans structure)"
			}
			rep.Rejected = append(rep.Rejected, Rejected{Row: rec.row, ID: strings.Clone(p.SourceID), Errors: []FieldError{{"id",
				fmt.Sprintf("Le lieu « %s » (même source et même identifiant) appartient %s : cet import ne peut pas le modifier.", existing.Name, owner)}}})
			continue
		}
		if found {
			p.ID = existing.ID
			stored.updated.add(existing.ID)
			if existing.Status == place.StatusClosed {
				o.warn("", "Ce lieu est marqué « n'existe plus » dans Parcours : ses informations sont mises à jour, mais il reste fermé.")
			}
			if batch != nil {
				old, ok := stored.olds[existing.ID]
				if !ok {
					return nil, apperr.NotFoundError()
				}
				p.StructureID, p.Status, p.CreatedAt = old.StructureID, old.Status, old.CreatedAt
				if sameContent(&old, p) {
					rep.Unchanged++
				} else if err := batch.Update(ctx, p, opt.Now); err != nil {
					return nil, err
				} else {
					stored.rekeyed(&old, p)
					stored.olds[existing.ID] = *p // what a later row of the file compares to
				}
			} else if existing.Status == place.StatusClosed {
				p.Status = place.StatusClosed
			}
			rep.Updated++
		} else {
			if batch != nil {
				if err := batch.Add(ctx, p, opt.Now); err != nil {
					return nil, err
				}
			}
			rep.Imported++
		}
		warns, err := dups.check(p, rec.row, existing.ID, stored)
		if err != nil {
			return nil, err
		}
		for _, w := range warns {
			o.warn(w.Field, w.Message)
		}
		for _, w := range o.warns {
			rep.Warnings = append(rep.Warnings, Warning{Row: rec.row, ID: strings.Clone(p.SourceID), Field: w.Field, Message: w.Message})
		}
	}
	if opt.Progress != nil {
		opt.Progress(rep.Total, 1)
	}
	if batch != nil {
		if opt.UploadID != 0 {
			ok, err := batch.FinishPlaceUpload(ctx, opt.UploadID, rep.JSON(), opt.Now)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, apperr.New(apperr.Conflict, "Ce fichier a déjà été importé ou abandonné.")
			}
		}
		err := batch.Commit(ctx)
		batch = nil
		if err != nil {
			return nil, err
		}
		// The next import looks places up by index.
		if rep.Imported+rep.Updated-rep.Unchanged >= 1000 {
			if err := st.AnalyzePlaces(ctx, true); err != nil {
				return nil, err
			}
		}
	}
	return rep, nil
}

// convertedRow is a row of the file converted to a place, or the reasons
// it cannot be one.
type convertedRow struct {
	row int
	o   outcome
	id  string // the row's id, for a rejected row
}

// convertedRows are rows converted in a row, with the share of the file
// read after them, or the error that stopped the reading.
type convertedRows struct {
	rows []convertedRow
	done float64
	err  error
}

// convertRows reads and converts the rows of src in the background,
// while the import checks and writes those before: rows come in file
// order, a few hundred at a time. stop ends the reading early.
func convertRows(src recordSource, conv *converter, size int64) (<-chan convertedRows, func()) {
	const chunk = 256
	out := make(chan convertedRows, 4)
	quit := make(chan struct{})
	go func() {
		defer close(out)
		send := func(c convertedRows) bool {
			select {
			case out <- c:
				return true
			case <-quit:
				return false
			}
		}
		rows := make([]convertedRow, 0, chunk)
		for {
			rec, err := src.next()
			if err == io.EOF {
				send(convertedRows{rows: rows, done: 1})
				return
			}
			if err != nil {
				send(convertedRows{err: err})
				return
			}
			c := convertedRow{row: rec.row, o: conv.convert(&rec)}
			if len(c.o.errs) > 0 {
				c.id = strings.Clone(idOf(&rec, &c.o.p))
			}
			rows = append(rows, c)
			if len(rows) == chunk {
				if !send(convertedRows{rows: rows, done: min(1, float64(src.offset())/float64(max(size, 1)))}) {
					return
				}
				rows = make([]convertedRow, 0, chunk)
			}
		}
	}()
	var once sync.Once
	return out, func() {
		once.Do(func() {
			close(quit)
			for range out { // the reader has stopped
			}
		})
	}
}

// lookup finds the stored place a row updates: same source and id; or the
// id the export wrote for it ("source-id" when ids collide, "parcours-N"
// for a place created in Parcours by the same structure).
func lookup(bySource map[sourceKey]*storedKey, byID map[int64]*storedKey, key sourceKey, structureID int64) (storedKey, bool) {
	if k, ok := bySource[key]; ok {
		return *k, true
	}
	if rest, ok := restOf(key); ok {
		if k, ok := bySource[sourceKey{key.source, rest}]; ok {
			return *k, true
		}
	}
	if id, ok := parcoursID(key.id); ok {
		if k, ok := byID[id]; ok && k.SourceID == "" && k.StructureID == structureID && structureID != 0 {
			return *k, true
		}
	}
	return storedKey{}, false
}

// restOf is the id a "source-id" id names, when the id has that form.
func restOf(key sourceKey) (string, bool) {
	rest, ok := strings.CutPrefix(key.id, key.source+"-")
	return rest, ok && rest != ""
}

// parcoursID is the place ID of an exported "parcours-N" id.
func parcoursID(id string) (int64, bool) {
	if n, ok := strings.CutPrefix(id, "parcours-"); ok {
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			return v, true
		}
	}
	return 0, false
}

func idOf(rec *record, p *place.Place) string {
	if p.SourceID != "" {
		return p.SourceID
	}
	return strings.TrimSpace(rec.get("id"))
}

// sameContent reports whether an update would change nothing stored.
func sameContent(a, b *place.Place) bool {
	x, y := *a, *b
	for _, p := range []*place.Place{&x, &y} {
		p.ID, p.CreatedAt, p.ModifiedAt = 0, time.Time{}, time.Time{}
		p.UpdatedOn = p.UpdatedOn.UTC()
		if len(p.Unknown) == 0 {
			p.Unknown = nil
		}
	}
	lists := func(p *place.Place) []*[]string {
		return []*[]string{&p.Typologies, &p.Emails, &p.Websites, &p.Itinerance, &p.Services, &p.Publics, &p.SpecificSupport,
			&p.Fees, &p.NationalPrograms, &p.TrainingLabels, &p.OtherLabels, &p.AccessModes, &p.SupportModes}
	}
	for _, p := range []*place.Place{&x, &y} {
		for _, l := range lists(p) {
			if len(*l) == 0 {
				*l = nil
			}
		}
	}
	return reflect.DeepEqual(x, y)
}
