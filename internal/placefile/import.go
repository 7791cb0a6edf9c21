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

	var keys []placestore.PlaceKey
	if st != nil {
		if keys, err = st.PlaceKeys(ctx); err != nil {
			return nil, err
		}
	}
	// Both maps point into keys: one copy of each stored place's key.
	stored := make(map[sourceKey]*placestore.PlaceKey, len(keys))
	byID := make(map[int64]*placestore.PlaceKey, len(keys))
	for i := range keys {
		k := &keys[i]
		byID[k.ID] = k
		if k.SourceID != "" {
			stored[sourceKey{k.Source, k.SourceID}] = k
		}
	}
	dups := newDupIndex(keys)
	for i := range keys { // what only the duplicate index needed
		k := &keys[i]
		k.Pivot, k.NameKey, k.Address, k.PostalCode, k.InseeCode, k.Commune = "", "", "", "", "", ""
	}
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
	var olds map[int64]place.Place // the stored places the pending rows update
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
			if batch != nil {
				if olds, err = batch.Places(ctx, updated(pending, stored, byID, opt.StructureID)); err != nil {
					return nil, err
				}
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
		existing, found := lookup(stored, byID, key, opt.StructureID)
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
			if existing.Status == place.StatusClosed {
				o.warn("", "Ce lieu est marqué « n'existe plus » dans Parcours : ses informations sont mises à jour, mais il reste fermé.")
			}
			if batch != nil {
				old, ok := olds[existing.ID]
				if !ok {
					return nil, apperr.NotFoundError()
				}
				p.StructureID, p.Status, p.CreatedAt = old.StructureID, old.Status, old.CreatedAt
				if sameContent(&old, p) {
					rep.Unchanged++
				} else if err := batch.Update(ctx, p, opt.Now); err != nil {
					return nil, err
				} else {
					olds[existing.ID] = *p // what a later row of the file compares to
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
		for _, w := range dups.check(p, rec.row, existing.ID) {
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

// updated lists the stored places rows may update, to read them at once.
func updated(rows []convertedRow, stored map[sourceKey]*placestore.PlaceKey, byID map[int64]*placestore.PlaceKey, structureID int64) []int64 {
	var ids []int64
	for i := range rows {
		if p := &rows[i].o.p; len(rows[i].o.errs) == 0 {
			if k, ok := lookup(stored, byID, sourceKey{p.Source, p.SourceID}, structureID); ok && k.StructureID == structureID {
				ids = append(ids, k.ID)
			}
		}
	}
	return ids
}

// lookup finds the stored place a row updates: same source and id; or the
// id the export wrote for it ("source-id" when ids collide, "parcours-N"
// for a place created in Parcours by the same structure).
func lookup(stored map[sourceKey]*placestore.PlaceKey, byID map[int64]*placestore.PlaceKey, key sourceKey, structureID int64) (placestore.PlaceKey, bool) {
	if k, ok := stored[key]; ok {
		return *k, true
	}
	if rest, ok := strings.CutPrefix(key.id, key.source+"-"); ok && rest != "" {
		if k, ok := stored[sourceKey{key.source, rest}]; ok {
			return *k, true
		}
	}
	if n, ok := strings.CutPrefix(key.id, "parcours-"); ok {
		if id, err := strconv.ParseInt(n, 10, 64); err == nil {
			if k, ok := byID[id]; ok && k.SourceID == "" && k.StructureID == structureID && structureID != 0 {
				return *k, true
			}
		}
	}
	return placestore.PlaceKey{}, false
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
