package safe_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/access"
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/retention"
	"github.com/parcours-numerique/parcours/internal/service/persons"
	retentionsvc "github.com/parcours-numerique/parcours/internal/service/retention"
	"github.com/parcours-numerique/parcours/internal/service/safe"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/safestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

type world struct {
	st       *store.Store
	clk      *clock
	key      docsafe.TerritoryKey
	dir      string
	svc      *safe.Service
	mediator *account.Actor
	other    *account.Actor
}

func structureWith(t *testing.T, st *store.Store, name string, now time.Time, role account.Role) *account.Actor {
	t.Helper()
	ctx := context.Background()
	s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "92050"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateUser(ctx, account.NewUser{Email: string(role) + "@" + strings.ReplaceAll(strings.ToLower(name), " ", "") + ".fr", Name: "Agnès " + name, StructureID: s.ID, Role: role}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.ActorForMembership(ctx, id, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	w := &world{st: st, clk: &clock{now: time.Date(2026, 12, 7, 10, 0, 0, 0, frtime.Paris)}, dir: t.TempDir()}
	var err error
	if w.key, err = docsafe.NewTerritoryKey(); err != nil {
		t.Fatal(err)
	}
	w.mediator = structureWith(t, st, "CCAS de Nanterre", w.clk.Now(), account.RoleMediation)
	w.other = structureWith(t, st, "Autre CCAS", w.clk.Now(), account.RoleMediation)
	w.svc = w.service(w.key, 0)
	return w
}

func (w *world) service(k docsafe.TerritoryKey, personQuota int64) *safe.Service {
	return safe.New(w.st, nil, safe.Config{Key: k, Dir: w.dir, PersonQuota: personQuota, BaseURL: "https://parcours.test", Now: w.clk.Now})
}

func (w *world) person(t *testing.T, kind person.Kind, first, phone string) int64 {
	t.Helper()
	p := person.Person{Kind: kind, FirstName: first, LastName: "Curie", Phone: phone, Status: person.InProgress}
	if kind == person.Anonymous {
		p.FirstName, p.LastName, p.Phone = "", "", ""
	}
	if err := w.st.CreatePerson(context.Background(), w.mediator.Scope(), &p, nil, journal.By(w.mediator, journal.Create, "test"), w.clk.Now()); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

// openSafe opens a followed person's safe with their consent.
func (w *world) openSafe(t *testing.T, first, phone string) int64 {
	t.Helper()
	id := w.person(t, person.Followed, first, phone)
	if _, err := w.svc.Open(context.Background(), w.mediator, id, true); err != nil {
		t.Fatal(err)
	}
	return id
}

func pdf(text string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Title (" + text + ") >> endobj\ntrailer\n%%EOF\n")
}

func fields(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestStoredBytesUnreadableWithoutKey reads the file on disk: the document's
// text is not in it, another territory key does not open it, and the
// file's name says nothing of the person.
func TestStoredBytesUnreadableWithoutKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		secret := "TITRE DE SEJOUR MARIE CURIE 9912345678"
		d, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindResidence, ExpiresOn: "2027-03-07", Data: pdf(secret)})
		if err != nil {
			t.Fatal(err)
		}
		names := files(t, w.dir)
		if len(names) != 1 || names[0] != d.BlobID || strings.Contains(names[0], "Marie") || strings.Contains(names[0], "Curie") {
			t.Fatalf("files on disk %v, want one named %s", names, d.BlobID)
		}
		stored, err := os.ReadFile(filepath.Join(w.dir, d.BlobID))
		if err != nil {
			t.Fatal(err)
		}
		for _, clear := range []string{secret, "9912345678", "%PDF", "MARIE"} {
			if bytes.Contains(stored, []byte(clear)) {
				t.Fatalf("%q readable in the stored file", clear)
			}
		}
		other, _ := docsafe.NewTerritoryKey()
		if _, _, err := w.service(other, 0).Download(ctx, w.mediator, d.ID); err == nil {
			t.Fatal("another territory key read the document")
		}
		wrongDocKey, _ := docsafe.NewDocumentKey()
		if _, err := docsafe.Decrypt(wrongDocKey, stored, d.BlobID); err == nil {
			t.Fatal("another document key decrypted the file")
		}
		_, got, err := w.svc.Download(ctx, w.mediator, d.ID)
		if err != nil || !bytes.Contains(got, []byte(secret)) {
			t.Fatalf("the right key reads it back: %v", err)
		}
		if _, _, err := w.svc.Download(ctx, w.other, d.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads the document: %v", err)
		}
		if _, _, err := safe.New(st, nil, safe.Config{Dir: w.dir, Now: w.clk.Now}).Download(ctx, w.mediator, d.ID); err != safe.ErrDisabled {
			t.Fatalf("without a key the safe says it is disabled: %v", err)
		}
	})
}

// TestRotationKeepsEveryDocumentReadable: after the rotation the new key
// reads every document, the old one none, and no file was rewritten.
func TestRotationKeepsEveryDocumentReadable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		var ids []int64
		before := map[string][]byte{}
		for i, text := range []string{"avis impot 2025", "attestation caf"} {
			kind := []string{docsafe.KindTax, docsafe.KindCAF}[i]
			d, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: kind, Data: pdf(text)})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
			before[d.BlobID], _ = os.ReadFile(filepath.Join(w.dir, d.BlobID))
		}
		next, _ := docsafe.NewTerritoryKey()
		stranger, _ := docsafe.NewTerritoryKey()
		if _, err := safe.RotateKey(ctx, st, stranger, next); err == nil {
			t.Fatal("a rotation from a key that wrapped nothing succeeded")
		}
		n, err := safe.RotateKey(ctx, st, w.key, next)
		if err != nil || n != 2 {
			t.Fatalf("rotated %d: %v", n, err)
		}
		for _, id := range ids {
			if _, _, err := w.service(next, 0).Download(ctx, w.mediator, id); err != nil {
				t.Fatalf("document %d unreadable with the new key: %v", id, err)
			}
			if _, _, err := w.svc.Download(ctx, w.mediator, id); err == nil {
				t.Fatalf("document %d still readable with the old key", id)
			}
		}
		for blob, b := range before {
			now, _ := os.ReadFile(filepath.Join(w.dir, blob))
			if !bytes.Equal(now, b) {
				t.Fatalf("file %s rewritten by the rotation", blob)
			}
		}
	})
}

// TestConsentRequired: the safe opens only for a followed person who
// agreed; withdrawing the consent closes the staff's access, not the person's.
func TestConsentRequired(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.person(t, person.Followed, "Marie", "+33612345678")
		if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindOther, Data: pdf("x")}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a document before the safe is open: %v", err)
		}
		if _, err := w.svc.Open(ctx, w.mediator, marie, false); fields(err)["accord"] == "" {
			t.Fatalf("opened without the consent box: %v", err)
		}
		anon := w.person(t, person.Anonymous, "", "")
		if _, err := w.svc.Open(ctx, w.mediator, anon, true); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("an anonymous person's safe: %v", err)
		}
		sf, err := w.svc.Open(ctx, w.mediator, marie, true)
		if err != nil {
			t.Fatal(err)
		}
		v, err := w.svc.Overview(ctx, w.mediator, marie)
		if err != nil || !v.Opened() || v.Safe.ConsentWording != safe.Wording(w.mediator) || !strings.Contains(v.Safe.ConsentWording, "CCAS de Nanterre") ||
			v.Safe.ConsentVersion != docsafe.ConsentVersion || v.Safe.ConsentHash != docsafe.ConsentHash(docsafe.ConsentVersion, v.Safe.ConsentWording) || sf.ID != v.Safe.ID {
			t.Fatalf("consent kept %+v %v", v.Safe, err)
		}
		if _, err := w.svc.Open(ctx, w.mediator, marie, true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("opened twice: %v", err)
		}
		d, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindIdentity, Data: pdf("cni")})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Withdraw(ctx, w.mediator, marie); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.Download(ctx, w.mediator, d.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("staff read after the withdrawal: %v", err)
		}
		if v, err := w.svc.Overview(ctx, w.mediator, marie); err != nil || len(v.Documents) != 0 {
			t.Fatalf("staff list after the withdrawal: %d %v", len(v.Documents), err)
		}
		h := w.holder(t, "06 12 34 56 78")
		if _, b, err := w.svc.HolderDownload(ctx, h, d.ID); err != nil || !bytes.Contains(b, []byte("cni")) {
			t.Fatalf("the person keeps their safe: %v", err)
		}
		if _, err := w.svc.Open(ctx, w.mediator, marie, true); err != nil {
			t.Fatalf("a new consent opens it again: %v", err)
		}
		if _, _, err := w.svc.Download(ctx, w.mediator, d.ID); err != nil {
			t.Fatal(err)
		}
		// Every read is journaled.
		entries, _, err := st.ListJournal(ctx, w.mediator.Scope(), store.JournalFilter{PersonID: marie})
		if err != nil {
			t.Fatal(err)
		}
		var reads []string
		for _, e := range entries {
			if strings.Contains(e.What, "document lu") {
				reads = append(reads, e.Who)
			}
		}
		if len(reads) != 2 {
			t.Fatalf("journaled reads %v, want the person's and the conseillère's", reads)
		}
	})
}

// holder asks a code for phone and types it back.
func (w *world) holder(t *testing.T, phone string) safe.Holder {
	t.Helper()
	ctx := context.Background()
	if err := w.svc.RequestCode(ctx, phone, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	var body string
	if err := w.st.Reader().QueryRowContext(ctx, "SELECT body FROM notifications WHERE kind = 'code_coffre' ORDER BY id DESC LIMIT 1").Scan(&body); err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`\d{6}`).FindString(body)
	// The outbox took it (no SMS channel here): the page of messages shows it.
	if _, err := w.st.Writer().ExecContext(ctx, "UPDATE notifications SET status = 'boite' WHERE kind = 'code_coffre'"); err != nil {
		t.Fatal(err)
	}
	h, err := w.svc.VerifyCode(ctx, phone, code, "192.0.2.1", false)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestPersonReachesTheirSafeByCode: a code by SMS opens the person's safe;
// a wrong code is refused in French, then throttled; a phone without a safe
// gets the same answer and no SMS.
func TestPersonReachesTheirSafeByCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindAddress, Data: pdf("edf")}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.RequestCode(ctx, "01 23", "192.0.2.9"); fields(err)["telephone"] == "" {
			t.Fatalf("a wrong number: %v", err)
		}
		if err := w.svc.RequestCode(ctx, "07 00 00 00 01", "192.0.2.9"); err != nil {
			t.Fatalf("a phone without a safe gets the same answer: %v", err)
		}
		var n int
		_ = st.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE kind = 'code_coffre'").Scan(&n)
		if n != 0 {
			t.Fatal("an SMS went to a phone without a safe")
		}
		h := w.holder(t, "06 12 34 56 78")
		docs, err := w.svc.HolderDocuments(ctx, h)
		if err != nil || len(docs) != 1 {
			t.Fatalf("holder documents %d %v", len(docs), err)
		}
		codeBodies := func() []string {
			var out []string
			rows, err := st.Reader().QueryContext(ctx, "SELECT body FROM notifications WHERE kind = 'code_coffre' ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var b string
				_ = rows.Scan(&b)
				out = append(out, b)
			}
			return out
		}
		if b := codeBodies(); len(b) != 1 || b[0] != safestore.CodeSpent {
			t.Fatalf("a used code stays readable in the outbox: %q", b)
		}
		// A code never typed is blanked once expired.
		if err := w.svc.RequestCode(ctx, "06 12 34 56 78", "192.0.2.7"); err != nil {
			t.Fatal(err)
		}
		_, _ = st.Writer().ExecContext(ctx, "UPDATE notifications SET status = 'boite' WHERE kind = 'code_coffre'")
		if b := codeBodies(); len(b) != 2 || b[1] == safestore.CodeSpent {
			t.Fatalf("a valid code is shown: %q", b)
		}
		w.clk.Add(safe.CodeLife + time.Minute)
		if _, _, err := w.svc.RunChores(ctx); err != nil {
			t.Fatal(err)
		}
		if b := codeBodies(); b[1] != safestore.CodeSpent {
			t.Fatalf("an expired code stays readable: %q", b)
		}
		h = w.holder(t, "06 12 34 56 78")
		if _, err := w.svc.VerifyCode(ctx, "0612345678", "000000", "192.0.2.1", false); fields(err)["code"] == "" {
			t.Fatalf("a used or wrong code: %v", err)
		}
		var last error
		for range 6 {
			_, last = w.svc.VerifyCode(ctx, "0612345678", "111111", "192.0.2.2", false)
		}
		if !apperr.Is(last, apperr.TooManyRequests) || fields(last)["code"] == "" {
			t.Fatalf("codes are throttled: %v", last)
		}
		w.clk.Add(safe.HolderLife + time.Minute)
		if _, err := w.svc.HolderDocuments(ctx, h); !apperr.Is(err, apperr.Unauthorized) {
			t.Fatalf("the holder's access ends: %v", err)
		}
	})
}

// TestShareLinkExpires: a link opens its document until it expires or is
// revoked, and the read shows in who accessed it.
func TestShareLinkExpires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		d, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindCAF, Data: pdf("caf")})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Share(ctx, w.mediator, d.ID, "3j"); fields(err)["duree"] == "" {
			t.Fatalf("an unknown duration: %v", err)
		}
		sh, err := w.svc.Share(ctx, w.mediator, d.ID, "1h")
		if err != nil || !strings.HasPrefix(sh.URL, "https://parcours.test"+safe.SharePath) {
			t.Fatalf("%+v %v", sh, err)
		}
		token := strings.TrimPrefix(sh.URL, "https://parcours.test"+safe.SharePath)
		if _, b, err := w.svc.SharedDownload(ctx, token); err != nil || !bytes.Contains(b, []byte("caf")) {
			t.Fatalf("the link opens the document: %v", err)
		}
		w.clk.Add(61 * time.Minute)
		if _, _, err := w.svc.SharedDownload(ctx, token); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an expired link: %v", err)
		}
		h := w.holder(t, "+33612345678")
		sh2, err := w.svc.HolderShare(ctx, h, d.ID, "7j")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.HolderRevoke(ctx, h, d.ID, sh2.Share.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.SharedDownload(ctx, strings.TrimPrefix(sh2.URL, "https://parcours.test"+safe.SharePath)); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a revoked link: %v", err)
		}
		docs, err := w.svc.HolderDocuments(ctx, h)
		if err != nil || len(docs) != 1 || len(docs[0].Accesses) != 1 || docs[0].Accesses[0].By != docsafe.ByShare || len(docs[0].Shares) != 2 {
			t.Fatalf("who accessed: %+v %v", docs, err)
		}
		// The right of access lists the papers and who opened them.
		ps := persons.New(st, w.clk.Now)
		ps.MoreAccess(w.svc.AccessSection)
		f, err := ps.AccessFile(ctx, w.mediator, marie, persons.AccessJSON)
		if err != nil {
			t.Fatal(err)
		}
		var last access.Section
		for _, sec := range f.Sections {
			if sec.Title == "Votre coffre-fort numérique" {
				last = sec
			}
		}
		if len(last.Items) != 2 || last.Items[1].Title != "Attestation CAF" ||
			!strings.Contains(fmt.Sprint(last.Items[1].Fields), "Quelqu'un avec le lien de partage") {
			t.Fatalf("right of access: %+v", last)
		}
	})
}

// TestQuotaRefused: a document that would pass the person's quota is
// refused with a French message and leaves no file.
func TestQuotaRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		small := w.service(w.key, 300)
		if _, err := small.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindOther, Data: pdf(strings.Repeat("a", 100))}); err != nil {
			t.Fatal(err)
		}
		_, err := small.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindOther, Data: pdf(strings.Repeat("b", 100))})
		if msg := fields(err)["fichier"]; !strings.Contains(msg, "plein") {
			t.Fatalf("quota: %v", err)
		}
		if n := len(files(t, w.dir)); n != 1 {
			t.Fatalf("%d files on disk after a refusal, want 1", n)
		}
		ahmed := w.openSafe(t, "Ahmed", "+33698765432")
		full := safe.New(st, nil, safe.Config{Key: w.key, Dir: w.dir, StructureQuota: 300, Now: w.clk.Now})
		_, err = full.Upload(ctx, w.mediator, ahmed, safe.Upload{Kind: docsafe.KindOther, Data: pdf(strings.Repeat("c", 100))})
		if msg := fields(err)["fichier"]; !strings.Contains(msg, "Les coffres-forts de votre structure sont pleins") {
			t.Fatalf("structure quota: %v", err)
		}
		_, err = w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: "passeport_perime", ExpiresOn: "31/12", Data: []byte("bonjour")})
		f := fields(err)
		if f["type"] == "" || f["expiration"] == "" {
			t.Fatalf("field errors %v", f)
		}
		if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindOther, Data: []byte("bonjour")}); fields(err)["fichier"] == "" {
			t.Fatalf("a text file: %v", err)
		}
	})
}

// TestErasureLeavesNoFile: erasing a person, by hand or by the retention,
// removes their documents' rows and files.
func TestErasureLeavesNoFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		for _, k := range []string{docsafe.KindIdentity, docsafe.KindTax} {
			if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: k, Data: pdf(k)}); err != nil {
				t.Fatal(err)
			}
		}
		ps := persons.New(st, w.clk.Now)
		ps.AfterErase(w.svc.Sweep)
		if err := ps.Delete(ctx, w.mediator, marie); err != nil {
			t.Fatal(err)
		}
		if f := files(t, w.dir); len(f) != 0 {
			t.Fatalf("files left after the erasure: %v", f)
		}
		for _, table := range []string{"safes", "safe_documents", "safe_erased_files"} {
			var n int
			if err := st.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Fatalf("%s: %d rows left (%v)", table, n, err)
			}
		}

		// The retention: a file left without contact past the cutoff goes with its safe.
		ahmed := w.openSafe(t, "Ahmed", "+33698765432")
		if _, err := w.svc.Upload(ctx, w.mediator, ahmed, safe.Upload{Kind: docsafe.KindPassport, Data: pdf("passeport")}); err != nil {
			t.Fatal(err)
		}
		w.clk.Add(4 * 366 * 24 * time.Hour)
		rs := retentionsvc.New(st, retention.Default(), w.clk.Now)
		rs.AfterErase(w.svc.Sweep)
		if _, err := rs.Run(ctx, account.Console(), false); err != nil {
			t.Fatal(err)
		}
		if f := files(t, w.dir); len(f) != 0 {
			t.Fatalf("files left after the retention: %v", f)
		}
	})
}

// TestReminderQueuedOnce: a residence permit expiring in three months is
// reminded once by SMS, whatever the runs; an identity card three months
// ahead is not yet.
func TestReminderQueuedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		marie := w.openSafe(t, "Marie", "+33612345678")
		in3 := w.clk.Now().AddDate(0, 3, 0).Format("2006-01-02")
		if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindResidence, ExpiresOn: in3, Data: pdf("titre")}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Upload(ctx, w.mediator, marie, safe.Upload{Kind: docsafe.KindIdentity, ExpiresOn: in3, Data: pdf("cni")}); err != nil {
			t.Fatal(err)
		}
		for i, want := range []int{1, 0, 0} {
			n, err := w.svc.SendReminders(ctx)
			if err != nil || n != want {
				t.Fatalf("run %d: %d reminders, want %d (%v)", i, n, want, err)
			}
		}
		var n int
		var body, to string
		if err := st.Reader().QueryRowContext(ctx, "SELECT COUNT(*), MAX(body), MAX(recipient) FROM notifications WHERE kind = 'rappel_coffre'").Scan(&n, &body, &to); err != nil {
			t.Fatal(err)
		}
		if n != 1 || to != "+33612345678" || !strings.Contains(body, "Titre de séjour") || !strings.Contains(body, "https://parcours.test/coffre") {
			t.Fatalf("%d reminders: %q to %s", n, body, to)
		}
	})
}

// TestMergeKeepsTheSafe: merging a duplicate brings its documents into the
// kept file's safe, or its safe when the kept file has none.
func TestMergeKeepsTheSafe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		ps := persons.New(st, w.clk.Now)
		ps.AfterMerge(w.svc.AfterMerge)
		keep := w.openSafe(t, "Marie", "+33612345678")
		drop := w.openSafe(t, "Marie", "")
		for _, id := range []int64{keep, drop} {
			if _, err := w.svc.Upload(ctx, w.mediator, id, safe.Upload{Kind: docsafe.KindOther, Data: pdf("doc")}); err != nil {
				t.Fatal(err)
			}
		}
		if err := ps.Merge(ctx, w.mediator, keep, drop); err != nil {
			t.Fatal(err)
		}
		docs, err := w.svc.Documents(ctx, w.mediator, keep)
		if err != nil || len(docs) != 2 {
			t.Fatalf("kept file's documents: %d %v", len(docs), err)
		}
		alone := w.person(t, person.Followed, "Jean", "")
		dup := w.openSafe(t, "Jean", "")
		if _, err := w.svc.Upload(ctx, w.mediator, dup, safe.Upload{Kind: docsafe.KindOther, Data: pdf("doc")}); err != nil {
			t.Fatal(err)
		}
		if err := ps.Merge(ctx, w.mediator, alone, dup); err != nil {
			t.Fatal(err)
		}
		if docs, err := w.svc.Documents(ctx, w.mediator, alone); err != nil || len(docs) != 1 {
			t.Fatalf("the duplicate's safe moves whole: %d %v", len(docs), err)
		}
	})
}

// TestSharedPhoneEndsWhenIdle: on a phone said to be shared, the access ends
// SharedIdle after the last request, well before HolderLife; any request
// before then keeps it; on a phone of one's own, only HolderLife counts.
func TestSharedPhoneEndsWhenIdle(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	own := safe.Holder{Phone: "+33612345678", Until: now.Add(safe.HolderLife), Seen: now}
	shared := own
	shared.Shared = true
	for _, c := range []struct {
		name        string
		h           safe.Holder
		at          time.Duration
		valid, idle bool
	}{
		{"OwnPhoneIdle", own, safe.SharedIdle + time.Minute, true, false},
		{"OwnPhoneAfterLife", own, safe.HolderLife, false, false},
		{"SharedJustBeforeIdle", shared, safe.SharedIdle - time.Second, true, false},
		{"SharedIdle", shared, safe.SharedIdle, false, true},
		{"SharedAfterLife", shared, safe.HolderLife, false, false},
		{"Nobody", safe.Holder{Shared: true, Until: now.Add(safe.HolderLife), Seen: now}, 0, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.h.Valid(now.Add(c.at)); got != c.valid {
				t.Errorf("Valid after %v = %v", c.at, got)
			}
			if got := c.h.Idle(now.Add(c.at)); got != c.idle {
				t.Errorf("Idle after %v = %v", c.at, got)
			}
		})
	}
	if safe.SharedIdle >= safe.HolderLife || safe.SharedIdle > 10*time.Minute {
		t.Errorf("a shared phone's access lasts %v idle: not a short session", safe.SharedIdle)
	}
	// A request at 4 minutes carries the access 4 minutes further.
	shared.Seen = now.Add(4 * time.Minute)
	if !shared.Valid(now.Add(8 * time.Minute)) {
		t.Error("a request does not keep a shared phone's access open")
	}
}
