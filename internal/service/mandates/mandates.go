// Package mandates holds the use cases of the aidants and their mandates:
// the charter an aidant signs once trained, the paper mandate in easy
// French with its public verification page, its signature, uses, renewal
// and revocation, each in the hash-chained journal.
package mandates

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
)

// VerifyPath is where the public verification page of a mandate lives,
// followed by its token.
const VerifyPath = "/mandats/verification/"

// MaxScan is the largest scanned signed page accepted.
const MaxScan = 5 << 20

// ScanTypes are the accepted types of a scanned page.
var ScanTypes = []string{"application/pdf", "image/jpeg", "image/png"}

// Service is the mandates' use cases.
type Service struct {
	st      *mandatestore.Store
	baseURL string
	now     func() time.Time
}

// New returns the service; baseURL starts the verification addresses
// printed in the QR codes; now is its clock (nil: time.Now).
func New(st *store.Store, baseURL string, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{st: mandatestore.New(st), baseURL: strings.TrimRight(baseURL, "/"), now: now}
}

// For returns the service printing verification addresses under origin
// ("https://host") when no public address is configured, so that a QR code
// always holds a whole address; with one configured, it is s itself.
func (s *Service) For(origin string) *Service {
	if s.baseURL != "" || origin == "" {
		return s
	}
	c := *s
	c.baseURL = strings.TrimRight(origin, "/")
	return &c
}

// VerifyURL is the public address of a mandate's verification page.
func (s *Service) VerifyURL(m mandate.Mandate) string { return s.baseURL + VerifyPath + m.Token }

func (s *Service) today() string { return s.now().In(frtime.Paris).Format("2006-01-02") }

// AidantStatus says how far a professional is from acting as an aidant.
type AidantStatus struct {
	TrainedOn       string    // the aidant training's day, "" when none
	CharterSignedAt time.Time // the current charter's signature in this structure
	FactorEnabled   bool      // logs in with a second factor
}

// Ready reports whether the professional is an aidant.
func (a AidantStatus) Ready() bool {
	return a.TrainedOn != "" && !a.CharterSignedAt.IsZero() && a.FactorEnabled
}

// Aidant returns the actor's standing as an aidant of its structure.
func (s *Service) Aidant(ctx context.Context, a *account.Actor) (AidantStatus, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return AidantStatus{}, err
	}
	var st AidantStatus
	var err error
	if st.TrainedOn, err = s.st.AidantTrainedOn(ctx, a.User.ID, s.today()); err != nil {
		return st, err
	}
	if st.CharterSignedAt, err = s.st.CharterSigned(ctx, a.Scope(), a.User.ID, mandate.CharterVersion); err != nil {
		return st, err
	}
	st.FactorEnabled = a.User.HasFactor() || a.Via == account.ViaAPI
	return st, nil
}

// requireAidant lets an aidant of the actor's structure go on: trained,
// charter signed, second factor confirmed within the last FactorIdle.
func (s *Service) requireAidant(ctx context.Context, a *account.Actor) error {
	st, err := s.Aidant(ctx, a)
	if err != nil {
		return err
	}
	switch {
	case st.TrainedOn == "":
		return apperr.New(apperr.Forbidden, "Seul un aidant formé peut créer ou utiliser un mandat : votre formation d'aidant n'est pas enregistrée.")
	case st.CharterSignedAt.IsZero():
		return apperr.New(apperr.Forbidden, "Signez d'abord la charte de l'aidant de votre structure.")
	case !st.FactorEnabled:
		return apperr.New(apperr.Forbidden, "Activez la double authentification : un aidant se connecte toujours avec un code.")
	}
	return a.RequireFreshFactor(s.now())
}

// SignCharter records that the actor, trained, signed the current charter
// of its structure, with the hash of the wording shown.
func (s *Service) SignCharter(ctx context.Context, a *account.Actor, accepted bool) error {
	st, err := s.Aidant(ctx, a)
	if err != nil {
		return err
	}
	if st.TrainedOn == "" {
		return apperr.New(apperr.Forbidden, "La charte se signe après la formation d'aidant : votre formation n'est pas enregistrée.")
	}
	if err := a.RequireFreshFactor(s.now()); err != nil {
		return err
	}
	if !accepted {
		return apperr.Field("accord", "Cochez la case pour signer la charte.")
	}
	j := journal.By(a, journal.Create, "Charte de l'aidant signée (version "+mandate.CharterVersion+")")
	return s.st.SignCharter(ctx, a.Scope(), mandate.CharterSignature{UserID: a.User.ID, Version: mandate.CharterVersion, WordingHash: mandate.CharterHash()}, j, s.now())
}

// CharterPDF prints the charter for the actor to sign on paper too.
func (s *Service) CharterPDF(ctx context.Context, a *account.Actor) ([]byte, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	st, err := s.st.Structure(ctx, a.StructureID())
	if err != nil {
		return nil, err
	}
	return mandate.CharterPDF(a.User.Name, st.Name, s.now())
}

// AllowedCategories are the categories the actor's structure allows.
func (s *Service) AllowedCategories(ctx context.Context, a *account.Actor) ([]string, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	list, err := s.st.AllowedCategories(ctx, a.Scope())
	if len(list) == 0 {
		list = mandate.Categories.Values()
	}
	return list, err
}

// RestrictCategories restricts the structure's new mandates to some
// categories (every category when all are chosen); an aidant decides.
func (s *Service) RestrictCategories(ctx context.Context, a *account.Actor, categories []string) error {
	if err := s.requireAidant(ctx, a); err != nil {
		return err
	}
	categories = mandate.NormalizeCategories(categories)
	if len(categories) == 0 {
		return apperr.Field("categories", "Gardez au moins une catégorie.")
	}
	if len(categories) == len(mandate.Categories) {
		categories = nil
	}
	return s.st.SetAllowedCategories(ctx, a.Scope(), categories)
}

// NewMandate is what an aidant fills in.
type NewMandate struct {
	PersonID   int64
	Categories []string
	Days       int
}

// Create prepares a mandate for a person of the structure: it is printed,
// read with the person and signed on paper before any use.
func (s *Service) Create(ctx context.Context, a *account.Actor, in NewMandate) (mandate.Mandate, error) {
	return s.create(ctx, a, in, 0)
}

func (s *Service) create(ctx context.Context, a *account.Actor, in NewMandate, renews int64) (mandate.Mandate, error) {
	if err := s.requireAidant(ctx, a); err != nil {
		return mandate.Mandate{}, err
	}
	allowed, err := s.AllowedCategories(ctx, a)
	if err != nil {
		return mandate.Mandate{}, err
	}
	var v apperr.Validation
	cats := mandate.NormalizeCategories(in.Categories)
	if len(cats) != len(in.Categories) || len(cats) == 0 {
		v.Add("categories", "Choisissez une ou plusieurs catégories de démarches.")
	}
	for _, c := range cats {
		if !contains(allowed, c) {
			v.Add("categories", "Votre structure ne fait pas de mandat pour : "+mandate.Categories.Label(c)+".")
			break
		}
	}
	if !mandate.ValidDays(in.Days) {
		v.Add("duree", "Choisissez la durée : 1 jour, 1 mois, 6 mois ou 1 an.")
	}
	first, last, err := "", "", error(nil)
	if in.PersonID == 0 {
		v.Add("personne", "Choisissez la personne.")
	} else if first, last, err = s.st.PersonName(ctx, a.Scope(), in.PersonID); err != nil && !v.Merge(err) {
		return mandate.Mandate{}, err
	}
	if err := v.Err(); err != nil {
		return mandate.Mandate{}, err
	}
	st, err := s.st.Structure(ctx, a.StructureID())
	if err != nil {
		return mandate.Mandate{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	m := mandate.Mandate{StructureID: st.ID, StructureName: st.Name, PersonID: in.PersonID, PersonInitials: mandate.Initials(first, last),
		AidantID: a.User.ID, AidantName: a.User.Name, StartsAt: now, EndsAt: now.AddDate(0, 0, in.Days), Days: in.Days,
		WordingVersion: mandate.WordingVersion, Token: mandate.NewToken(), RenewedFrom: renews}
	for _, c := range cats {
		m.Categories = append(m.Categories, mandate.Category{Code: c})
	}
	name := strings.TrimSpace(first + " " + last)
	m.WordingHash = mandate.Hash(m, name, mandate.Texts(mandate.Wording(m, name)))
	labels := mandate.LabelsOf(cats)
	ev := mandate.Event{Kind: mandate.EventCreated, Detail: labels + ", pour " + mandate.Durations.Label(strconv.Itoa(in.Days)), Who: a.User.Name}
	what := "Mandat préparé pour " + labels + " (" + mandate.Durations.Label(strconv.Itoa(in.Days)) + ")"
	if renews != 0 {
		ev.Kind = mandate.EventRenewed
		ev.Detail = "il remplace le mandat n° " + strconv.FormatInt(renews, 10) + ", pour " + labels
		what = "Mandat n° " + strconv.FormatInt(renews, 10) + " renouvelé pour " + labels + " (" + mandate.Durations.Label(strconv.Itoa(in.Days)) + ")"
	}
	err = s.st.CreateMandate(ctx, a.Scope(), &m, ev, a.User.ID, journal.By(a, journal.Create, what), s.now())
	return m, err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// Renew replaces a running mandate by a new one for the same person, for
// the categories and duration chosen (its running categories and duration
// when none are given); the new one is printed and signed again.
func (s *Service) Renew(ctx context.Context, a *account.Actor, id int64, categories []string, days int) (mandate.Mandate, error) {
	if err := s.requireAidant(ctx, a); err != nil {
		return mandate.Mandate{}, err
	}
	old, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return old, err
	}
	if old.PersonID == 0 {
		return old, apperr.New(apperr.Conflict, "Le dossier de la personne a été supprimé : ce mandat ne peut pas être renouvelé.")
	}
	if st := old.Status(s.now()); st == mandate.Revoked || st == mandate.Expired {
		return old, apperr.New(apperr.Conflict, "Ce mandat est déjà arrêté ou expiré : préparez un nouveau mandat.")
	}
	if len(categories) == 0 {
		for _, c := range old.ActiveCategories() {
			categories = append(categories, c.Code)
		}
	}
	if days == 0 {
		days = old.Days
	}
	return s.create(ctx, a, NewMandate{PersonID: old.PersonID, Categories: categories, Days: days}, id)
}

// Use records that the aidant acts for the person under the mandate: which
// démarche, for which category, when, by whom.
func (s *Service) Use(ctx context.Context, a *account.Actor, id int64, category, demarche string) error {
	if err := s.requireAidant(ctx, a); err != nil {
		return err
	}
	demarche = strings.Join(strings.Fields(demarche), " ")
	var v apperr.Validation
	if !mandate.Categories.Has(category) {
		v.Add("categorie", "Choisissez la catégorie de la démarche.")
	}
	if demarche == "" {
		v.Add("demarche", "Indiquez la démarche faite, par exemple : demande de logement social.")
	} else if len(demarche) > 200 {
		v.Add("demarche", "200 caractères au plus.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if _, err := s.st.Mandate(ctx, a.Scope(), id); err != nil {
		return err
	}
	ev := mandate.Event{Kind: mandate.EventUsed, Category: category, Demarche: demarche, Who: a.User.Name}
	j := journal.By(a, journal.Use, "Mandat n° "+strconv.FormatInt(id, 10)+" : démarche « "+demarche+" » ("+mandate.Categories.Label(category)+")")
	return s.st.RecordUse(ctx, a.Scope(), id, ev, a.User.ID, j, s.now())
}

// Revoke stops some categories of a mandate, or all of them when none is
// given, and returns the attestation to print. The person may ask any
// member of the structure's mandate staff: an aidant is not required, but
// the second factor is.
func (s *Service) Revoke(ctx context.Context, a *account.Actor, id int64, categories []string) ([]byte, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	if err := a.RequireFreshFactor(s.now()); err != nil {
		return nil, err
	}
	if c := mandate.NormalizeCategories(categories); len(c) != len(categories) {
		return nil, apperr.Field("categories", "Choisissez des catégories de ce mandat.")
	}
	ev := mandate.Event{Kind: mandate.EventRevoked, Who: a.User.Name}
	j := journal.By(a, journal.Revoke, "Mandat n° "+strconv.FormatInt(id, 10)+" arrêté")
	stopped, err := s.st.RevokeCategories(ctx, a.Scope(), id, categories, ev, a.User.ID, j, s.now())
	if err != nil {
		return nil, err
	}
	m, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return nil, err
	}
	return s.attestation(m, stopped, a.User.Name, s.now())
}

// Attestation reprints the attestation of the mandate's last revocation.
func (s *Service) Attestation(ctx context.Context, a *account.Actor, id int64) ([]byte, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	m, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return nil, err
	}
	events, err := s.st.Events(ctx, a.Scope(), 0, id)
	if err != nil {
		return nil, err
	}
	var last time.Time
	var who string
	var stopped []string
	for _, e := range events {
		if e.Kind != mandate.EventRevoked {
			continue
		}
		if !e.At.Equal(last) {
			last, who, stopped = e.At, e.Who, nil
		}
		stopped = append(stopped, e.Category)
	}
	if len(stopped) == 0 {
		return nil, apperr.New(apperr.NotFound, "Ce mandat n'a été arrêté pour aucune catégorie.")
	}
	if err := s.addJournal(ctx, a, m.PersonID, journal.Export, "Attestation d'arrêt du mandat n° "+strconv.FormatInt(id, 10)+" imprimée"); err != nil {
		return nil, err
	}
	return s.attestation(m, stopped, who, last)
}

func (s *Service) attestation(m mandate.Mandate, stopped []string, who string, at time.Time) ([]byte, error) {
	var cats []mandate.Category
	for _, c := range stopped {
		cats = append(cats, mandate.Category{Code: c})
	}
	return mandate.Revocation{Mandate: m, Revoked: cats, Who: who, At: at, VerifyURL: s.VerifyURL(m)}.PDF()
}

// RecordSignature records the person's signature of the printed mandate:
// scan holds the scanned signed page (PDF, JPEG or PNG, MaxScan at most), or
// is empty when the aidant records that the page was signed on paper.
func (s *Service) RecordSignature(ctx context.Context, a *account.Actor, id int64, scan []byte) error {
	if err := s.requireAidant(ctx, a); err != nil {
		return err
	}
	kind, typ := mandate.SignedOnPaper, ""
	if len(scan) > 0 {
		if len(scan) > MaxScan {
			return apperr.Field("scan", "Le fichier dépasse 5 Mo : scannez la page en noir et blanc ou en qualité moyenne.")
		}
		typ = http.DetectContentType(scan)
		if !contains(ScanTypes, typ) {
			return apperr.Field("scan", "Envoyez la page signée en PDF, JPEG ou PNG.")
		}
		kind = mandate.SignedScan
	}
	label := "signée sur papier"
	if kind == mandate.SignedScan {
		label = "page signée scannée"
	}
	ev := mandate.Event{Kind: mandate.EventSigned, Detail: label, Who: a.User.Name}
	j := journal.By(a, journal.Update, "Mandat n° "+strconv.FormatInt(id, 10)+" : signature enregistrée ("+label+")")
	return s.st.RecordSignature(ctx, a.Scope(), id, kind, scan, typ, ev, a.User.ID, j, s.now())
}

// Scan returns the scanned signed page; the person's document is read: journaled.
func (s *Service) Scan(ctx context.Context, a *account.Actor, id int64) ([]byte, string, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, "", err
	}
	m, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return nil, "", err
	}
	b, typ, err := s.st.Scan(ctx, a.Scope(), id)
	if err != nil {
		return nil, "", err
	}
	return b, typ, s.addJournal(ctx, a, m.PersonID, journal.Read, "Page signée du mandat n° "+strconv.FormatInt(id, 10)+" ouverte")
}

// List lists the structure's mandates (initials only); journaled.
func (s *Service) List(ctx context.Context, a *account.Actor) ([]mandate.Mandate, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	list, err := s.st.Mandates(ctx, a.Scope(), 0)
	if err != nil {
		return nil, err
	}
	return list, s.addJournal(ctx, a, 0, journal.List, "Liste des mandats")
}

// Get returns a mandate of the structure and its history; journaled.
func (s *Service) Get(ctx context.Context, a *account.Actor, id int64) (mandate.Mandate, []mandate.Event, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return mandate.Mandate{}, nil, err
	}
	m, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return m, nil, err
	}
	events, err := s.st.Events(ctx, a.Scope(), 0, id)
	if err != nil {
		return m, nil, err
	}
	return m, events, s.addJournal(ctx, a, m.PersonID, journal.Read, "Mandat n° "+strconv.FormatInt(id, 10)+" consulté")
}

// OfPerson returns a person's mandates and their history in plain French,
// for the person's page (whose opening is journaled by the persons service).
func (s *Service) OfPerson(ctx context.Context, a *account.Actor, personID int64) ([]mandate.Mandate, []mandate.Event, error) {
	if !a.Can(account.PermPersons) && !a.Can(account.PermMandates) {
		return nil, nil, a.Require(account.PermMandates)
	}
	list, err := s.st.Mandates(ctx, a.Scope(), personID)
	if err != nil || len(list) == 0 {
		return list, nil, err
	}
	events, err := s.st.Events(ctx, a.Scope(), personID, 0)
	return list, events, err
}

// PDF prints the mandate in easy French with the aidant's charter, to read
// with the person and sign; the person's name is printed: journaled.
func (s *Service) PDF(ctx context.Context, a *account.Actor, id int64) ([]byte, error) {
	if err := a.Require(account.PermMandates); err != nil {
		return nil, err
	}
	m, err := s.st.Mandate(ctx, a.Scope(), id)
	if err != nil {
		return nil, err
	}
	if m.PersonID == 0 {
		return nil, apperr.New(apperr.Conflict, "Le dossier de la personne a été supprimé : le mandat ne peut plus être imprimé.")
	}
	first, last, err := s.st.PersonName(ctx, a.Scope(), m.PersonID)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(first + " " + last)
	wording := mandate.Wording(m, name)
	if mandate.Hash(m, name, mandate.Texts(wording)) != m.WordingHash {
		// The person's name changed since: the wording signed is not this one.
		return nil, apperr.New(apperr.Conflict, "Le nom de la personne a changé depuis la création du mandat : renouvelez le mandat pour l'imprimer à nouveau.")
	}
	if err := s.addJournal(ctx, a, m.PersonID, journal.Export, "Mandat n° "+strconv.FormatInt(id, 10)+" imprimé"); err != nil {
		return nil, err
	}
	return mandate.Paper{Mandate: m, Wording: wording, VerifyURL: s.VerifyURL(m), Now: m.CreatedAt, WithCharter: true}.PDF()
}

// Verification is what the public verification page shows: nothing about
// the person but the initials.
type Verification struct {
	Status        string
	StatusLabel   string
	StructureName string
	Initials      string
	Categories    []string // the categories covered now (labels)
	Revoked       []string // the categories stopped (labels)
	StartsOn      string
	EndsOn        string
}

// Verify answers the public verification page of a token, without login.
func (s *Service) Verify(ctx context.Context, token string) (Verification, error) {
	if !mandate.ValidToken(token) {
		return Verification{}, apperr.NotFoundError()
	}
	m, err := s.st.MandateByToken(ctx, token)
	if err != nil {
		return Verification{}, err
	}
	now := s.now()
	v := Verification{Status: m.Status(now), StatusLabel: m.StatusLabel(now), StructureName: m.StructureName, Initials: m.PersonInitials,
		StartsOn: m.StartsOn(), EndsOn: m.EndsOn()}
	for _, c := range m.Categories {
		if c.RevokedAt.IsZero() {
			v.Categories = append(v.Categories, c.Label())
		} else {
			v.Revoked = append(v.Revoked, c.Label())
		}
	}
	return v, nil
}

func (s *Service) addJournal(ctx context.Context, a *account.Actor, personID int64, action, what string) error {
	j := journal.By(a, action, what)
	j.PersonID, j.At = personID, s.now()
	return s.st.AddJournal(ctx, a.Scope(), j)
}
