// Package safe holds the use cases of the document safe (coffre-fort
// numérique): a conseiller opens it inside a followed person's
// accompaniment with their consent, stores their papers encrypted, reads
// them only while the consent holds (every read journaled); the person
// reaches it with a code sent by SMS, shares one document through a link
// that expires and sees who read each one; reminders go by SMS before a
// document expires; the key rotation re-wraps every document key.
// Web pages, the API, commands and background jobs call these methods.
package safe

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/access"
	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/safestore"
	"github.com/parcours-numerique/parcours/internal/textcheck"
)

// Outbox wakes the delivery of messages just recorded (the agenda's outbox).
type Outbox interface {
	Recorded(ctx context.Context)
}

// Config is the safe's configuration.
type Config struct {
	Key            docsafe.TerritoryKey // zero: the safe is disabled
	Dir            string               // folder of the encrypted files
	PersonQuota    int64                // bytes; 0: docsafe.DefaultPersonQuota
	StructureQuota int64                // bytes; 0: docsafe.DefaultStructureQuota
	BaseURL        string               // public URL, for the links of SMS and share links
	Now            func() time.Time
}

// Service is the safe's use cases.
type Service struct {
	st   *safestore.Store
	base *store.Store
	out  Outbox
	cfg  Config
	disk docsafe.Disk
}

// New returns the service; out may be nil.
func New(st *store.Store, out Outbox, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PersonQuota <= 0 {
		cfg.PersonQuota = docsafe.DefaultPersonQuota
	}
	if cfg.StructureQuota <= 0 {
		cfg.StructureQuota = docsafe.DefaultStructureQuota
	}
	return &Service{st: safestore.New(st), base: st, out: out, cfg: cfg, disk: docsafe.Disk{Dir: cfg.Dir}}
}

// Enabled reports whether a territory key is configured.
func (s *Service) Enabled() bool { return s.cfg.Key.Valid() && s.cfg.Dir != "" }

// ErrDisabled says the safe cannot be used on this server.
var ErrDisabled = apperr.New(apperr.Conflict, "Le coffre-fort numérique n'est pas activé sur ce serveur : l'exploitant doit donner une clé de coffre-fort (option --safe-key-file ou PARCOURS_SAFE_KEY_FILE).")

func (s *Service) enabled() error {
	if !s.Enabled() {
		return ErrDisabled
	}
	return nil
}

// CodeLife is how long a code sent by SMS opens the safe.
const CodeLife = 10 * time.Minute

// HolderLife is how long a person stays in their safe after the code.
const HolderLife = 30 * time.Minute

// SharedIdle is how long a person who said their phone is shared (family,
// association) stays in their safe without doing anything: the next person
// to pick up the phone does not find it open.
const SharedIdle = 5 * time.Minute

// Wording returns the consent text shown for the actor's structure.
func Wording(a *account.Actor) string { return docsafe.ConsentWording(a.Membership.StructureName) }

// View is a person's safe as staff see it.
type View struct {
	Person    person.Person
	Safe      docsafe.Safe // ID 0: not opened
	Wording   string       // the consent text to read to the person
	Documents []docsafe.Document
	Used      int64 // bytes stored in the person's safe
	Quota     int64
	Enabled   bool
}

// Opened reports whether the safe exists.
func (v View) Opened() bool { return v.Safe.ID != 0 }

// person returns a current followed person of the actor's structure.
func (s *Service) person(ctx context.Context, a *account.Actor, personID int64) (person.Person, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return person.Person{}, err
	}
	p, err := s.base.Person(ctx, a.Scope(), personID)
	if err != nil {
		return p, err
	}
	if p.Deleted() || p.MergedInto != 0 {
		return person.Person{}, apperr.NotFoundError()
	}
	return p, nil
}

func (s *Service) entry(a *account.Actor, personID int64, action, what string) journal.Entry {
	e := journal.By(a, action, what)
	e.PersonID, e.At = personID, s.cfg.Now()
	return e
}

// Overview returns a person's safe: the consent to ask for when it is not
// open, the documents while the consent holds (the listing is journaled).
func (s *Service) Overview(ctx context.Context, a *account.Actor, personID int64) (View, error) {
	p, err := s.person(ctx, a, personID)
	if err != nil {
		return View{}, err
	}
	v := View{Person: p, Wording: Wording(a), Quota: s.cfg.PersonQuota, Enabled: s.Enabled()}
	v.Safe, err = s.st.Safe(ctx, a.Scope(), personID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !v.Safe.StaffAccess()) {
		return v, s.base.AddJournal(ctx, a.Scope(), s.entry(a, personID, journal.Read, "Coffre-fort : page de la personne consultée (coffre fermé aux conseillers)"))
	}
	if err != nil {
		return v, err
	}
	v.Documents, err = s.st.Documents(ctx, a.Scope(), v.Safe.ID)
	if err != nil {
		return v, err
	}
	for _, d := range v.Documents {
		v.Used += d.Size
	}
	return v, s.base.AddJournal(ctx, a.Scope(), s.entry(a, personID, journal.List, "Coffre-fort : liste des documents consultée"))
}

// Open opens a followed person's safe (or records their consent again after
// a withdrawal) once the consent was read to them: agreed is the box the
// conseiller ticks. The exact wording, its version and hash are kept.
func (s *Service) Open(ctx context.Context, a *account.Actor, personID int64, agreed bool) (docsafe.Safe, error) {
	if err := s.enabled(); err != nil {
		return docsafe.Safe{}, err
	}
	p, err := s.person(ctx, a, personID)
	if err != nil {
		return docsafe.Safe{}, err
	}
	if p.Kind != person.Followed {
		return docsafe.Safe{}, apperr.New(apperr.Invalid, "Le coffre-fort s'ouvre pour une personne suivie, dont le nom est connu : pas pour une personne anonyme.")
	}
	if !agreed {
		return docsafe.Safe{}, apperr.Field("accord", "Lisez le texte à la personne, puis cochez la case si elle est d'accord.")
	}
	w := Wording(a)
	sf := docsafe.Safe{PersonID: personID, ConsentVersion: docsafe.ConsentVersion, ConsentWording: w,
		ConsentHash: docsafe.ConsentHash(docsafe.ConsentVersion, w), OpenedBy: a.User.ID}
	err = s.st.OpenSafe(ctx, a.Scope(), &sf, s.entry(a, personID, journal.Create, "Coffre-fort ouvert avec l'accord de la personne ("+docsafe.ConsentVersion+")"), s.cfg.Now())
	return sf, err
}

// AccessSection is what the right of access hands over about the safe: the
// consent, each document (never its content) and who read it. The
// documents are listed even after a withdrawal: it is the person's file.
func (s *Service) AccessSection(ctx context.Context, sc scope.Structure, personID int64) ([]access.Section, error) {
	sf, err := s.st.Safe(ctx, sc, personID)
	if apperr.Is(err, apperr.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	docs, err := s.st.Documents(ctx, sc, sf.ID)
	if err != nil {
		return nil, err
	}
	sec := access.Section{Title: "Votre coffre-fort numérique", About: "Les papiers rangés pour vous, chiffrés, et qui les a ouverts. Les papiers eux-mêmes se téléchargent avec le code reçu par SMS.", Empty: "Aucun document."}
	withdrawn := ""
	if !sf.ConsentWithdrawnAt.IsZero() {
		withdrawn = frtime.Date(sf.ConsentWithdrawnAt)
	}
	sec.Add("Votre accord", "Donné le", frtime.Date(sf.OpenedAt), "Phrase acceptée", sf.ConsentWording, "Retiré le", withdrawn)
	for _, d := range docs {
		var reads []string
		for _, a := range d.Accesses {
			reads = append(reads, frtime.DateTime(a.At)+" : "+a.ByLabel())
		}
		sec.Add(d.Name(), "Type", d.KindLabel(), "Rangé le", frtime.Date(d.CreatedAt), "Expire le", d.ExpiresOn, "Ouvert par", strings.Join(reads, " ; "))
	}
	return []access.Section{sec}, nil
}

// AfterMerge gives the safe of a merged duplicate to the file kept (the
// persons' merge calls it once committed).
func (s *Service) AfterMerge(ctx context.Context, sc scope.Structure, keepID, dropID int64) error {
	return s.st.MoveToKept(ctx, sc, keepID, dropID)
}

// Withdraw records that the person withdrew their consent: the staff no
// longer reach the safe; the person keeps it.
func (s *Service) Withdraw(ctx context.Context, a *account.Actor, personID int64) error {
	if _, err := s.person(ctx, a, personID); err != nil {
		return err
	}
	return s.st.WithdrawConsent(ctx, a.Scope(), personID, s.entry(a, personID, journal.Update, "Coffre-fort : accord retiré, accès des conseillers fermé"), s.cfg.Now())
}

// staffSafe returns the person's safe if the staff may reach it.
func (s *Service) staffSafe(ctx context.Context, a *account.Actor, personID int64) (docsafe.Safe, error) {
	if err := s.enabled(); err != nil {
		return docsafe.Safe{}, err
	}
	if _, err := s.person(ctx, a, personID); err != nil {
		return docsafe.Safe{}, err
	}
	sf, err := s.st.Safe(ctx, a.Scope(), personID)
	if apperr.Is(err, apperr.NotFound) {
		return sf, apperr.New(apperr.Conflict, "Cette personne n'a pas de coffre-fort : ouvrez-le d'abord avec son accord.")
	}
	if err != nil {
		return sf, err
	}
	if !sf.StaffAccess() {
		return sf, apperr.New(apperr.Forbidden, "La personne a retiré son accord : les conseillers n'ont plus accès à son coffre-fort.")
	}
	return sf, nil
}

// staffDocument returns a document of the structure whose safe the staff
// may still reach.
func (s *Service) staffDocument(ctx context.Context, a *account.Actor, id int64) (docsafe.Document, error) {
	if err := a.Require(account.PermPersons); err != nil {
		return docsafe.Document{}, err
	}
	d, err := s.st.Document(ctx, a.Scope(), id)
	if err != nil {
		return d, err
	}
	_, err = s.staffSafe(ctx, a, d.PersonID)
	return d, err
}

// Document describes a document (never its content) while the staff may
// reach its safe.
func (s *Service) Document(ctx context.Context, a *account.Actor, id int64) (docsafe.Document, error) {
	return s.staffDocument(ctx, a, id)
}

// Documents lists a person's documents (the listing is journaled).
func (s *Service) Documents(ctx context.Context, a *account.Actor, personID int64) ([]docsafe.Document, error) {
	sf, err := s.staffSafe(ctx, a, personID)
	if err != nil {
		return nil, err
	}
	docs, err := s.st.Documents(ctx, a.Scope(), sf.ID)
	if err != nil {
		return nil, err
	}
	return docs, s.base.AddJournal(ctx, a.Scope(), s.entry(a, personID, journal.List, "Coffre-fort : liste des documents consultée"))
}

// Upload is a document given to the safe.
type Upload struct {
	Kind      string
	Title     string
	ExpiresOn string // YYYY-MM-DD or ""
	Data      []byte
}

func (s *Service) check(in *Upload) error {
	var v apperr.Validation
	in.Title = strings.TrimSpace(in.Title)
	in.ExpiresOn = strings.TrimSpace(in.ExpiresOn)
	if !docsafe.Kinds.Has(in.Kind) {
		v.Add("type", "Choisissez le type de document.")
	}
	switch {
	case !textcheck.Valid(in.Title):
		v.Add("titre", textcheck.Message)
	case len([]rune(in.Title)) > 120:
		v.Add("titre", "Le nom du document fait 120 caractères au plus.")
	}
	if in.ExpiresOn != "" {
		d, err := time.Parse("2006-01-02", in.ExpiresOn)
		if err != nil || d.Year() < 2000 || d.Year() > 2200 {
			v.Add("expiration", "Saisissez la date d'expiration sous la forme jj/mm/aaaa, par exemple 07/03/2027.")
		}
	}
	if len(in.Data) == 0 {
		v.Add("fichier", "Choisissez le fichier : un PDF, ou une photo JPEG ou PNG.")
	}
	return v.Err()
}

// Upload stores a document in a person's safe: its content checked, a photo
// straightened and compressed, encrypted with a key of its own wrapped by
// the territory key, within the person's and the structure's quotas.
func (s *Service) Upload(ctx context.Context, a *account.Actor, personID int64, in Upload) (docsafe.Document, error) {
	sf, err := s.staffSafe(ctx, a, personID)
	if err != nil {
		return docsafe.Document{}, err
	}
	if err := s.check(&in); err != nil {
		return docsafe.Document{}, err
	}
	data, ct, err := docsafe.Prepare(in.Data)
	if err != nil {
		return docsafe.Document{}, err
	}
	d := docsafe.Document{SafeID: sf.ID, PersonID: personID, BlobID: docsafe.NewBlobID(), Kind: in.Kind, Title: in.Title,
		ContentType: ct, Size: int64(len(data)), ExpiresOn: in.ExpiresOn, KeyID: s.cfg.Key.ID}
	if err := s.seal(&d, data); err != nil {
		return d, err
	}
	quota := func(u safestore.Usage) error {
		if u.Person+d.Size > s.cfg.PersonQuota {
			return apperr.Field("fichier", fmt.Sprintf("Le coffre-fort de cette personne est plein : il garde %s au plus et en contient déjà %s. Supprimez un document qui ne sert plus.",
				Megabytes(s.cfg.PersonQuota), Megabytes(u.Person)))
		}
		if u.Structure+d.Size > s.cfg.StructureQuota {
			return apperr.Field("fichier", fmt.Sprintf("Les coffres-forts de votre structure sont pleins (%s au plus). Demandez à l'exploitant d'augmenter la place.", Megabytes(s.cfg.StructureQuota)))
		}
		return nil
	}
	j := s.entry(a, personID, journal.Create, "Coffre-fort : document ajouté ("+d.KindLabel()+")")
	if err := s.st.AddDocument(ctx, a.Scope(), &d, quota, j, s.cfg.Now()); err != nil {
		_ = s.disk.Remove(d.BlobID)
		return d, err
	}
	return d, nil
}

// seal encrypts data with a new document key, writes the file and keeps
// the wrapped key in d.
func (s *Service) seal(d *docsafe.Document, data []byte) error {
	key, err := docsafe.NewDocumentKey()
	if err != nil {
		return err
	}
	sealed, err := docsafe.Encrypt(key, data, d.BlobID)
	if err != nil {
		return err
	}
	if d.WrappedKey, err = s.cfg.Key.Wrap(key, d.BlobID); err != nil {
		return err
	}
	return s.disk.Put(d.BlobID, sealed)
}

// open reads and decrypts a document's file.
func (s *Service) open(d docsafe.Document) ([]byte, error) {
	if err := s.enabled(); err != nil {
		return nil, err
	}
	if d.KeyID != s.cfg.Key.ID {
		return nil, fmt.Errorf("document %d : enveloppé par la clé %s, la clé configurée est %s", d.ID, d.KeyID, s.cfg.Key.ID)
	}
	key, err := s.cfg.Key.Unwrap(d.WrappedKey, d.BlobID)
	if err != nil {
		return nil, err
	}
	sealed, err := s.disk.Get(d.BlobID)
	if err != nil {
		return nil, err
	}
	return docsafe.Decrypt(key, sealed, d.BlobID)
}

// Download returns a document's bytes to a conseiller while the consent
// holds; the read is recorded and journaled before the bytes leave.
func (s *Service) Download(ctx context.Context, a *account.Actor, id int64) (docsafe.Document, []byte, error) {
	d, err := s.staffDocument(ctx, a, id)
	if err != nil {
		return d, nil, err
	}
	b, err := s.open(d)
	if err != nil {
		return d, nil, err
	}
	j := s.entry(a, d.PersonID, journal.Read, "Coffre-fort : document lu ("+d.KindLabel()+")")
	err = s.st.RecordAccess(ctx, a.Scope(), d, docsafe.Access{By: docsafe.ByStaff, Who: a.User.Name}, j, s.cfg.Now())
	if err != nil {
		return d, nil, err
	}
	return d, b, nil
}

// Delete removes a document: its row now, its file from disk right after.
func (s *Service) Delete(ctx context.Context, a *account.Actor, id int64) error {
	d, err := s.staffDocument(ctx, a, id)
	if err != nil {
		return err
	}
	if err := s.st.DeleteDocument(ctx, a.Scope(), d, s.entry(a, d.PersonID, journal.Delete, "Coffre-fort : document supprimé ("+d.KindLabel()+")"), s.cfg.Now()); err != nil {
		return err
	}
	_, err = s.Sweep(ctx)
	return err
}

// Shared is a share link just made: the address is shown once, only its
// hash is kept.
type Shared struct {
	Share docsafe.Share
	URL   string
}

// Share makes a link that opens one document for a while (docsafe.ShareDurations).
func (s *Service) Share(ctx context.Context, a *account.Actor, id int64, duration string) (Shared, error) {
	d, err := s.staffDocument(ctx, a, id)
	if err != nil {
		return Shared{}, err
	}
	return s.share(ctx, scope.OfStructure(d.StructureID), d, duration, func(what string) journal.Entry {
		return s.entry(a, d.PersonID, journal.Update, what)
	})
}

func (s *Service) share(ctx context.Context, sc scope.Structure, d docsafe.Document, duration string, entry func(string) journal.Entry) (Shared, error) {
	life, ok := docsafe.ShareDuration(duration)
	if !ok {
		return Shared{}, apperr.Field("duree", "Choisissez combien de temps le lien marche : 1 heure, 24 heures ou 7 jours.")
	}
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return Shared{}, err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := s.cfg.Now()
	sh, err := s.st.CreateShare(ctx, sc, d, hashToken(token), now.Add(life), entry("Coffre-fort : lien de partage créé ("+d.KindLabel()+", jusqu'au "+frtime.DateTime(now.Add(life))+")"), now)
	return Shared{Share: sh, URL: strings.TrimRight(s.cfg.BaseURL, "/") + SharePath + token}, err
}

// SharePath starts the address of a share link.
const SharePath = "/coffre/partage/"

func hashToken(token string) string {
	h := sha256.Sum256([]byte("coffre-partage:" + token))
	return hex.EncodeToString(h[:])
}

// Revoke ends a share link now.
func (s *Service) Revoke(ctx context.Context, a *account.Actor, id, shareID int64) error {
	d, err := s.staffDocument(ctx, a, id)
	if err != nil {
		return err
	}
	return s.st.RevokeShare(ctx, a.Scope(), d, shareID, s.entry(a, d.PersonID, journal.Update, "Coffre-fort : lien de partage retiré ("+d.KindLabel()+")"), s.cfg.Now())
}

// SharedDownload returns the document a share link opens, while it is
// neither expired nor revoked; the read is recorded and journaled.
func (s *Service) SharedDownload(ctx context.Context, token string) (docsafe.Document, []byte, error) {
	if err := s.enabled(); err != nil {
		return docsafe.Document{}, nil, err
	}
	expired := apperr.New(apperr.NotFound, "Ce lien de partage a expiré ou a été retiré. Demandez un nouveau lien à la personne.")
	if token == "" || len(token) > 100 {
		return docsafe.Document{}, nil, expired
	}
	now := s.cfg.Now()
	d, err := s.st.SharedDocument(ctx, hashToken(token), now)
	if apperr.Is(err, apperr.NotFound) {
		return d, nil, expired
	}
	if err != nil {
		return d, nil, err
	}
	b, err := s.open(d)
	if err != nil {
		return d, nil, err
	}
	j := journal.Entry{Who: "Lien de partage", Action: journal.Read, What: "Coffre-fort : document lu par un lien de partage (" + d.KindLabel() + ")", At: now}
	if err := s.st.RecordAccess(ctx, scope.OfStructure(d.StructureID), d, docsafe.Access{By: docsafe.ByShare}, j, now); err != nil {
		return d, nil, err
	}
	return d, b, nil
}

// Megabytes writes a size in French: "50 Mo", "1,5 Mo".
func Megabytes(n int64) string {
	mo := float64(n) / (1 << 20)
	s := strconv.FormatFloat(mo, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " Mo"
}

// Sweep removes from disk the files of erased documents (a deleted
// document, an erased person); it returns how many went.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	ids, err := s.st.ErasedFiles(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		if s.cfg.Dir != "" {
			if err := s.disk.Remove(id); err != nil {
				return n, err
			}
		}
		if err := s.st.ForgetErasedFile(ctx, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// SendReminders records, for every structure, the SMS about documents
// about to expire: four months ahead for a residence permit, one month for
// the others, once per document. It returns how many were recorded.
func (s *Service) SendReminders(ctx context.Context) (int, error) {
	now := s.cfg.Now()
	today := now.In(frtime.Paris)
	day := today.Format("2006-01-02")
	until := today.AddDate(0, 4, 0).Format("2006-01-02")
	due, err := s.st.ExpiringDocuments(ctx, day, until)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range due {
		d := e.Document
		if !docsafe.ReminderDue(d.Kind, d.ExpiresOn, day) || !notify.IsMobile(e.Phone) {
			continue
		}
		exp, _ := time.Parse("2006-01-02", d.ExpiresOn)
		body := e.StructureName + " : votre document « " + d.Name() + " » expire le " + exp.Format("02/01/2006") + ". Pensez à le renouveler à temps. Votre coffre-fort : " +
			strings.TrimRight(s.cfg.BaseURL, "/") + HolderPath
		m := notify.Message{Kind: notify.SafeReminder, Channel: notify.SMS, To: e.Phone, Body: body,
			Key: "coffre-echeance:" + strconv.FormatInt(d.ID, 10) + ":" + d.ExpiresOn}
		if err := s.st.RecordReminder(ctx, scope.OfStructure(d.StructureID), d.ID, m, now); err != nil {
			return n, err
		}
		n++
	}
	if n > 0 && s.out != nil {
		s.out.Recorded(ctx)
	}
	return n, nil
}

// HolderPath is the person's own entrance to their safe.
const HolderPath = "/coffre"

// RunChores is the safe's periodic work: reminders, files of erased
// documents, the SMS of spent codes blanked, expired codes forgotten.
func (s *Service) RunChores(ctx context.Context) (reminders, removed int, err error) {
	if reminders, err = s.SendReminders(ctx); err != nil {
		return reminders, 0, err
	}
	if removed, err = s.Sweep(ctx); err != nil {
		return reminders, removed, err
	}
	now := s.cfg.Now()
	return reminders, removed, s.st.PruneCodes(ctx, now, now.Add(-time.Hour))
}

// RotateKey wraps every document key again with the new territory key, in
// one transaction; the files are not rewritten (their keys do not change).
// A document wrapped by a key that is neither stops it: nothing changes.
func RotateKey(ctx context.Context, st *store.Store, old, next docsafe.TerritoryKey) (int, error) {
	if old.ID == next.ID {
		return 0, errors.New("l'ancienne et la nouvelle clé sont la même clé")
	}
	return safestore.New(st).RewrapKeys(ctx, func(k safestore.KeyRow) ([]byte, string, error) {
		if k.KeyID == next.ID {
			return k.WrappedKey, k.KeyID, nil // already rotated by an interrupted run
		}
		if k.KeyID != old.ID {
			return nil, "", fmt.Errorf("le document %d est enveloppé par la clé %s : ni l'ancienne (%s) ni la nouvelle (%s)", k.ID, k.KeyID, old.ID, next.ID)
		}
		dk, err := old.Unwrap(k.WrappedKey, k.BlobID)
		if err != nil {
			return nil, "", fmt.Errorf("document %d : %w", k.ID, err)
		}
		w, err := next.Wrap(dk, k.BlobID)
		return w, next.ID, err
	})
}

// NormalizePhone reads a phone number typed by a person.
func NormalizePhone(s string) (string, bool) { return place.NormalizePhone(s) }

// newCode draws a six-digit code.
func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}
