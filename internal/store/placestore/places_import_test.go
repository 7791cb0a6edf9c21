package placestore_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/placestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

func TestPlaceBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		owner := newStructure(t, st, "Propriétaire", 0)

		// A rolled-back batch leaves nothing.
		b, err := st.BeginOpenDataPlaceBatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		p := samplePlace("Lieu annulé", 0)
		p.Source, p.SourceID = "hinaura", "1003"
		if err := b.Create(ctx, p, t0); err != nil {
			t.Fatal(err)
		}
		if err := b.Rollback(); err != nil {
			t.Fatal(err)
		}
		if n, _ := st.CountPlaces(ctx, true); n != 0 {
			t.Fatalf("rollback kept %d places", n)
		}

		if _, err := st.BeginPlaceBatch(ctx, scope.Structure{}); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("a batch without owner: %v", err)
		}
		// An open-data batch updates no structure's place.
		owned := samplePlace("Lieu de la structure", owner.ID)
		if err := st.CreatePlace(ctx, owned, t0); err != nil {
			t.Fatal(err)
		}
		b, _ = st.BeginOpenDataPlaceBatch(ctx)
		owned.Name = "Renommé par un import national"
		if err := b.Update(ctx, owned, t0); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an open-data import updates a structure's place: %v", err)
		}
		_ = b.Rollback()

		// A committed batch: create, read back inside, update.
		b, _ = st.BeginPlaceBatch(ctx, scope.OfStructure(owner.ID))
		a := samplePlace("Lieu A", 0)
		a.Source, a.SourceID = "hinaura", "1003"
		c := samplePlace("Lieu C", 0)
		c.Source, c.SourceID = "siao", "1003" // the same id in another source
		for _, p := range []*place.Place{a, c} {
			if err := b.Create(ctx, p, t0); err != nil {
				t.Fatal(err)
			}
		}
		got, err := b.Place(ctx, a.ID)
		if err != nil || got.Name != "Lieu A" || got.StructureID != owner.ID {
			t.Fatalf("read inside the batch: %+v %v", got, err)
		}
		a.Name = "Lieu A rénové"
		if err := b.Update(ctx, a, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		dup := samplePlace("Doublon", 0)
		dup.Source, dup.SourceID = "hinaura", "1003"
		if err := b.Create(ctx, dup, t0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("same source and id: %v", err)
		}
		if st.Dialect() == store.Postgres {
			// PostgreSQL aborts the transaction after an error: nothing is kept.
			_ = b.Rollback()
			if n, _ := st.CountPlaces(ctx, true); n != 1 {
				t.Fatalf("%d places after an aborted transaction", n)
			}
			return
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if p, _ := st.Place(ctx, a.ID); p.Name != "Lieu A rénové" || !p.ModifiedAt.Equal(t0.Add(time.Hour).Truncate(time.Microsecond)) {
			t.Fatalf("after commit: %+v", p)
		}
	})
}

// Queued places are written a few hundred a statement and at Commit; a
// statement that fails fails the whole batch.
func TestPlaceBatchAdd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		owner := newStructure(t, st, "Propriétaire", 0)
		b, err := st.BeginPlaceBatch(ctx, scope.OfStructure(owner.ID))
		if err != nil {
			t.Fatal(err)
		}
		const n = 263 // one full statement and a remainder
		for i := range n {
			p := samplePlace("Lieu "+strconv.Itoa(i), 0)
			p.Source, p.SourceID = "hinaura", "a-"+strconv.Itoa(i)
			if err := b.Add(ctx, p, t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		ps, err := st.ListPlaces(ctx, placestore.PlaceFilter{})
		if err != nil || len(ps) != n {
			t.Fatalf("%d places, %v", len(ps), err)
		}
		last := ps[0]
		for _, p := range ps {
			if p.SourceID == "a-262" {
				last = p
			}
		}
		if last.Name != "Lieu 262" || last.StructureID != owner.ID || last.Services[1] != "Accès internet et matériel informatique" || !last.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
			t.Fatalf("the remainder's last place: %+v", last)
		}

		// ImportCandidates reads several at once, each once, by ID; an
		// unknown ID is absent, and so is a place above UpTo.
		b, _ = st.BeginPlaceBatch(ctx, scope.OfStructure(owner.ID))
		got, err := b.ImportCandidates(ctx, placestore.ImportLookup{UpTo: last.ID, SourceIDs: []string{"a-262", "a-0", "", "absent"}, IDs: []int64{last.ID, last.ID + 1000}})
		_ = b.Rollback()
		if err != nil || len(got) != 2 || got[0].SourceID != "a-0" || got[1].ID != last.ID || got[1].Name != "Lieu 262" {
			t.Fatalf("%+v %v", got, err)
		}
		got, err = st.ImportCandidates(ctx, placestore.ImportLookup{UpTo: last.ID - 1, SourceIDs: []string{"a-262"}, IDs: []int64{last.ID}})
		if err != nil || len(got) != 0 {
			t.Fatalf("a place created after the import began: %+v %v", got, err)
		}

		// The same source and id again: the batch fails at Commit, and
		// nothing of it is kept.
		b, _ = st.BeginOpenDataPlaceBatch(ctx)
		for _, id := range []string{"b-1", "a-1"} {
			p := samplePlace("Doublon", 0)
			p.Source, p.SourceID = "hinaura", id
			if err := b.Add(ctx, p, t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Commit(ctx); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("same source and id: %v", err)
		}
		if c, _ := st.CountPlaces(ctx, true); c != n {
			t.Fatalf("%d places after a failed batch", c)
		}
	})
}

func TestImportCandidatesAndIDCollisions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		own := samplePlace("Créé ici", 0) // no source id: exported as parcours-N
		for _, p := range []struct {
			source, id string
			closed     bool
		}{{"hinaura", "1003", false}, {"siao", "1003", false}, {"cd72", "2000", false}, {"cd35", "2000", true}, {"odspep", "parcours-1", false}} {
			q := samplePlace("Lieu "+p.source, 0)
			q.Source, q.SourceID = p.source, p.id
			if p.closed {
				q.Status = place.StatusClosed
			}
			if err := st.CreatePlace(ctx, q, t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.CreatePlace(ctx, own, t0); err != nil {
			t.Fatal(err)
		}
		// Nothing has an empty source id in common: places created in
		// Parcours are found by ID.
		upTo, err := st.MaxPlaceID(ctx)
		if err != nil || upTo != own.ID {
			t.Fatalf("max ID %d %v, want %d", upTo, err, own.ID)
		}
		found, err := st.ImportCandidates(ctx, placestore.ImportLookup{UpTo: upTo, SourceIDs: []string{"1003", "2000", ""}, IDs: []int64{own.ID}})
		if err != nil || len(found) != 5 || found[0].Source != "hinaura" || found[3].Status != place.StatusClosed || found[4].ID != own.ID {
			t.Fatalf("candidates %+v %v", found, err)
		}
		all, err := st.PlaceIDCollisions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ownKey := own.SchemaID()
		// 1003 twice among open places; 2000 once open (the other is closed);
		// the imported "parcours-1" clashes with place 1 only if that is ours.
		if !all["1003"] || all["2000"] || all[ownKey] != (ownKey == "parcours-1") {
			t.Fatalf("collisions %v (own %s)", all, ownKey)
		}
		some, err := st.PlaceIDCollisionsAmong(ctx, []string{"1003", "2000", "parcours-1", "absent"})
		if err != nil || !some["1003"] || some["2000"] || !some["parcours-1"] || some["absent"] {
			t.Fatalf("among: %v %v", some, err)
		}
	})
}

// OpenNeighbours finds the open places an import's rows may duplicate: in
// the same commune, by postal code when there is no commune code, or with
// the same SIRET and postal code; closed places and places created after
// the import began are not.
func TestOpenNeighbours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		ids := map[string]int64{}
		for _, c := range []struct {
			name, pivot, postal, insee string
			closed                     bool
		}{
			{"Rochefort", "21170168700017", "17300", "17299", false},
			{"Rochefort fermé", "21170168700017", "17300", "17299", true},
			{"Sans code", "11111111111111", "17450", "", false},
			{"Fouras même SIRET", "22222222222222", "17450", "17168", false},
			{"Ailleurs", "22222222222222", "33000", "33063", false},
			{"Tard", "21170168700017", "17300", "17299", false},
		} {
			p := samplePlace(c.name, 0)
			p.Pivot, p.PostalCode, p.InseeCode = c.pivot, c.postal, c.insee
			if c.closed {
				p.Status = place.StatusClosed
			}
			if err := st.CreatePlace(ctx, p, t0); err != nil {
				t.Fatal(err)
			}
			ids[c.name] = p.ID
		}
		names := func(l placestore.NeighbourLookup) string {
			t.Helper()
			l.UpTo = ids["Tard"] - 1
			ns, err := st.OpenNeighbours(ctx, l)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range ns {
				for name, id := range ids {
					if id == n.ID && n.BySiret {
						out = append(out, name+" (SIRET "+n.Pivot+" "+n.PostalCode+" "+n.Address+")")
					} else if id == n.ID {
						out = append(out, name+" ("+n.NameKey+" "+n.InseeCode+" "+n.PostalCode+" "+n.Commune+")")
					}
				}
			}
			return strings.Join(out, ", ")
		}
		for _, tc := range []struct {
			l    placestore.NeighbourLookup
			want string
		}{
			{placestore.NeighbourLookup{InseeCodes: []string{"17299", "17168"}}, "Rochefort (rochefort 17299  ), Fouras même SIRET (fouras meme siret 17168  )"},
			{placestore.NeighbourLookup{PostalCodes: []string{"17450", "17300"}}, "Sans code (sans code  17450 Rochefort)"},
			{placestore.NeighbourLookup{SiretPostal: [][2]string{{"22222222222222", "17450"}, {"11111111111111", "17450"}, {"21170168700017", "33000"}}},
				"Sans code (SIRET 11111111111111 17450 1 rue de la République), Fouras même SIRET (SIRET 22222222222222 17450 1 rue de la République)"},
			{placestore.NeighbourLookup{InseeCodes: []string{"17168"}, SiretPostal: [][2]string{{"22222222222222", "17450"}}},
				"Fouras même SIRET (fouras meme siret 17168  ), Fouras même SIRET (SIRET 22222222222222 17450 1 rue de la République)"},
			{placestore.NeighbourLookup{}, ""},
		} {
			if got := names(tc.l); got != tc.want {
				t.Errorf("%+v: %q, want %q", tc.l, got, tc.want)
			}
		}
		b, err := st.BeginOpenDataPlaceBatch(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Rollback()
		ns, err := b.OpenNeighbours(ctx, placestore.NeighbourLookup{UpTo: ids["Tard"], InseeCodes: []string{"33063"}})
		if err != nil || len(ns) != 1 || ns[0].ID != ids["Ailleurs"] || ns[0].NameKey != "ailleurs" || ns[0].InseeCode != "33063" {
			t.Fatalf("in the batch: %+v %v", ns, err)
		}
	})
}

func TestPlaceUploads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st := placestore.New(db)
		ctx := context.Background()
		mine := newStructure(t, st, "Coordination", 0)
		other := newStructure(t, st, "Autre", 0)
		uid, err := st.CreateUser(ctx, account.NewUser{Email: "coord@exemple.fr", Name: "Camille", StructureID: mine.ID, Role: account.RoleCoordination}, "", t0)
		if err != nil {
			t.Fatal(err)
		}
		terr := structure.Territory{Name: "Territoire", CommuneCodes: []string{"17299"}}
		if err := st.CreateTerritory(ctx, &terr, t0); err != nil {
			t.Fatal(err)
		}
		inTerritory := newStructure(t, st, "Dans le territoire", terr.ID)
		u := placestore.PlaceUpload{UserID: uid, FileName: "lieux.csv", Format: "schéma v1, CSV", OwnerStructureID: mine.ID, Report: []byte(`{"total":1}`)}
		content := []byte("id,nom\n1,\x00binaire\xff\n")
		mineScope := scope.OfStructure(mine.ID)
		if err := st.CreatePlaceUpload(ctx, mineScope, &u, content, t0); err != nil {
			t.Fatal(err)
		}
		o := placestore.PlaceUpload{StructureID: mine.ID, FileName: "autre.json", Format: "schéma v0.1, JSON", Report: []byte(`{}`)}
		if err := st.CreatePlaceUpload(ctx, scope.OfStructure(other.ID), &o, []byte("[]"), t0.Add(time.Minute)); err != nil || o.StructureID != other.ID {
			t.Fatalf("the scope decides whose upload it is: %+v %v", o, err)
		}
		n := placestore.PlaceUpload{FileName: "voisin.csv", Report: []byte(`{}`)}
		if err := st.CreatePlaceUpload(ctx, scope.OfStructure(inTerritory.ID), &n, []byte("id"), t0); err != nil {
			t.Fatal(err)
		}
		if err := st.CreatePlaceUpload(ctx, scope.Structure{}, &placestore.PlaceUpload{}, nil, t0); !errors.Is(err, scope.ErrMissing) {
			t.Fatalf("an upload without structure: %v", err)
		}
		if got, err := st.PlaceUploadInTerritory(ctx, scope.OfTerritory(terr.ID), n.ID); err != nil || got.ID != n.ID {
			t.Fatalf("the territory reads its structures' uploads: %+v %v", got, err)
		}
		if _, err := st.PlaceUploadInTerritory(ctx, scope.OfTerritory(terr.ID), o.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("the territory reads another structure's upload: %v", err)
		}
		if b, err := st.PlaceUploadContentInTerritory(ctx, scope.OfTerritory(terr.ID), n.ID); err != nil || string(b) != "id" {
			t.Fatalf("content in the territory: %q %v", b, err)
		}
		if _, err := st.PlaceUploadContentInTerritory(ctx, scope.OfTerritory(terr.ID), o.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("content outside the territory: %v", err)
		}
		if ok, err := st.CancelPlaceUploadInTerritory(ctx, scope.OfTerritory(terr.ID), o.ID, t0); ok || err != nil {
			t.Fatalf("the territory cancels another structure's upload: %v %v", ok, err)
		}
		if ok, err := st.CancelPlaceUploadInTerritory(ctx, scope.OfTerritory(terr.ID), n.ID, t0); !ok || err != nil {
			t.Fatalf("the territory cancels its structure's upload: %v %v", ok, err)
		}

		got, err := st.PlaceUpload(ctx, mineScope, u.ID)
		if err != nil || got.UserName != "Camille" || got.Size != len(content) || got.Status != placestore.UploadChecked || got.OwnerStructureID != mine.ID ||
			string(got.Report) != `{"total":1}` || !got.CreatedAt.Equal(t0.Truncate(time.Microsecond)) {
			t.Fatalf("%+v %v", got, err)
		}
		if _, err := st.PlaceUpload(ctx, mineScope, o.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure's upload: %v", err)
		}
		if _, err := st.PlaceUploadContent(ctx, mineScope, o.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure's content: %v", err)
		}
		if a, err := st.PlaceUploadInTerritory(ctx, scope.Platform(), o.ID); err != nil || a.StructureID != other.ID || a.OwnerStructureID != 0 {
			t.Fatalf("platform view: %+v %v", a, err)
		}
		if b, err := st.PlaceUploadContent(ctx, mineScope, u.ID); err != nil || string(b) != string(content) {
			t.Fatalf("content %q %v", b, err)
		}
		list, err := st.PlaceUploads(ctx, mineScope, 10)
		if err != nil || len(list) != 1 || list[0].ID != u.ID {
			t.Fatalf("list %+v %v", list, err)
		}

		// Imported inside the import's transaction, once.
		b, _ := st.BeginPlaceBatch(ctx, mineScope)
		if ok, err := b.FinishPlaceUpload(ctx, u.ID, []byte(`{"total":1,"imported":1}`), t0.Add(time.Hour)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		if ok, _ := b.FinishPlaceUpload(ctx, u.ID, []byte(`{}`), t0); ok {
			t.Fatal("finished twice")
		}
		if err := b.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		got, _ = st.PlaceUpload(ctx, mineScope, u.ID)
		if got.Status != placestore.UploadImported || string(got.Result) != `{"total":1,"imported":1}` || got.DoneAt.IsZero() {
			t.Fatalf("after import: %+v", got)
		}
		if _, err := st.PlaceUploadContent(ctx, mineScope, u.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatal("the content of an imported file must be gone")
		}
		if ok, err := st.CancelPlaceUpload(ctx, mineScope, u.ID, t0); ok || err != nil {
			t.Fatalf("cancel after import: %v %v", ok, err)
		}

		// Abandon: scoped, then pruning of old waiting files.
		if ok, _ := st.CancelPlaceUpload(ctx, mineScope, o.ID, t0); ok {
			t.Fatal("cancelled another structure's upload")
		}
		if n, err := st.PrunePlaceUploads(ctx, t0, t0.Add(time.Hour)); n != 0 || err != nil {
			t.Fatalf("pruned %d (%v) before the cut-off", n, err)
		}
		if n, err := st.PrunePlaceUploads(ctx, t0.Add(2*time.Minute), t0.Add(time.Hour)); n != 1 || err != nil {
			t.Fatalf("pruned %d (%v)", n, err)
		}
		if a, _ := st.PlaceUploadInTerritory(ctx, scope.Platform(), o.ID); a.Status != placestore.UploadCancelled {
			t.Fatalf("pruned upload: %+v", a)
		}
	})
}
