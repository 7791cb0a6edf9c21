package mandates_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/scope"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	trainingsvc "github.com/parcours-numerique/parcours/internal/service/training"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
	"github.com/parcours-numerique/parcours/internal/training"
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

// world is a territory with its coordination, a CCAS with a mediator (the
// aidant-to-be) and a reception agent, and a structure of another
// territory with its own trained aidant.
type world struct {
	st        *store.Store
	clk       *clock
	svc       *mandatesvc.Service
	training  *trainingsvc.Service
	coord     *account.Actor
	aidant    *account.Actor
	reception *account.Actor
	other     *account.Actor
	personID  int64
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{st: st, clk: &clock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)}}
	w.svc = mandatesvc.New(st, "https://parcours.example.fr", w.clk.Now)
	w.training = trainingsvc.New(st, w.clk.Now)
	now := w.clk.Now()
	newStructure := func(name string, territory int64) int64 {
		s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "92050", TerritoryID: territory}
		s.Normalize()
		if err := st.CreateStructure(ctx, &s, now); err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	actor := func(sid int64, r account.Role, email, name string) *account.Actor {
		id, err := st.CreateUser(ctx, account.NewUser{Email: email, Name: name, StructureID: sid, Role: r}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, sid)
		if err != nil {
			t.Fatal(err)
		}
		// Signed in with a second factor just now.
		a.User.FactorEnabledAt, a.FactorAt = now, now
		return a
	}
	for _, name := range []string{"Nanterre", "Sevran"} {
		terr := structure.Territory{Name: name}
		if err := st.CreateTerritory(ctx, &terr, now); err != nil {
			t.Fatal(err)
		}
		c := newStructure("Coordination "+name, terr.ID)
		if err := st.SetTerritoryCoordinator(ctx, terr.ID, c); err != nil {
			t.Fatal(err)
		}
		coord := actor(c, account.RoleCoordination, "coord@"+strings.ToLower(name)+".fr", "Coordination "+name)
		sid := newStructure("CCAS de "+name, terr.ID)
		med := actor(sid, account.RoleMediation, "aidant@"+strings.ToLower(name)+".fr", "Mehdi Aidant "+name)
		if name == "Nanterre" {
			w.coord, w.aidant = coord, med
			w.reception = actor(sid, account.RoleReception, "accueil@nanterre.fr", "Agnès Accueil")
		} else {
			w.other = med
			w.train(t, coord, med)
			if err := w.svc.SignCharter(ctx, med, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	p := person.Person{StructureID: w.aidant.StructureID(), Kind: person.Followed, FirstName: "Marie-Claire", LastName: "Dupont", Status: person.InProgress}
	p.Normalize()
	if err := st.CreatePerson(ctx, w.aidant.Scope(), &p, nil, journal.By(w.aidant, journal.Create, "test"), now); err != nil {
		t.Fatal(err)
	}
	w.personID = p.ID
	return w
}

func (w *world) train(t *testing.T, coord, who *account.Actor) {
	t.Helper()
	ctx := context.Background()
	c, err := w.training.AddCourse(ctx, coord, training.Course{Title: "Formation d'aidant", Kind: training.Aidant, Minutes: 420})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.training.RecordCompletion(ctx, coord, training.Completion{CourseID: c.ID, UserID: who.User.ID, CompletedOn: "01/03/2026"}); err != nil {
		t.Fatal(err)
	}
}

// TestMandateLifecycle: only a trained aidant who signed the charter, with
// a fresh second factor, prepares a mandate; it is valid once its paper
// signature is recorded; it is used, one category revoked (with its
// attestation), renewed, and the renewal expires; every step is in the
// mandate's history and the journal; the public verification follows.
func TestMandateLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		want := mandatesvc.NewMandate{PersonID: w.personID, Categories: []string{"social", "logement"}, Days: 31}

		t.Run("ErrNotTrained", func(t *testing.T) {
			if _, err := w.svc.Create(ctx, w.aidant, want); !apperr.Is(err, apperr.Forbidden) || !strings.Contains(apperr.MessageOf(err), "formation") {
				t.Fatalf("untrained aidant: %v", err)
			}
			if err := w.svc.SignCharter(ctx, w.aidant, true); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("charter signed before the training: %v", err)
			}
		})
		w.train(t, w.coord, w.aidant)
		t.Run("ErrCharterNotSigned", func(t *testing.T) {
			if _, err := w.svc.Create(ctx, w.aidant, want); !apperr.Is(err, apperr.Forbidden) || !strings.Contains(apperr.MessageOf(err), "charte") {
				t.Fatalf("aidant without charter: %v", err)
			}
		})
		if err := w.svc.SignCharter(ctx, w.aidant, false); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("charter signed without the box ticked: %v", err)
		}
		if err := w.svc.SignCharter(ctx, w.aidant, true); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.SignCharter(ctx, w.aidant, true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("charter signed twice: %v", err)
		}
		t.Run("ErrNotAidant", func(t *testing.T) {
			if _, err := w.svc.Create(ctx, w.reception, want); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("reception agent without training: %v", err)
			}
		})
		t.Run("ErrFactorNotFresh", func(t *testing.T) {
			idle := *w.aidant
			idle.FactorAt = w.clk.Now().Add(-16 * time.Minute)
			if _, err := w.svc.Create(ctx, &idle, want); err != account.ErrFactorNotFresh {
				t.Fatalf("aidant idle 16 minutes: %v", err)
			}
		})
		t.Run("ErrInvalid", func(t *testing.T) {
			_, err := w.svc.Create(ctx, w.aidant, mandatesvc.NewMandate{PersonID: w.personID, Categories: []string{"inconnue"}, Days: 7})
			e, _ := apperr.As(err)
			if e == nil || e.FieldMap()["categories"] == "" || e.FieldMap()["duree"] == "" {
				t.Fatalf("invalid mandate: %v", err)
			}
			if _, err := w.svc.Create(ctx, w.other, want); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("another structure's person: %v", err)
			}
		})
		t.Run("StructureRestriction", func(t *testing.T) {
			if err := w.svc.RestrictCategories(ctx, w.aidant, []string{"social", "logement", "papiers"}); err != nil {
				t.Fatal(err)
			}
			_, err := w.svc.Create(ctx, w.aidant, mandatesvc.NewMandate{PersonID: w.personID, Categories: []string{"argent"}, Days: 1})
			if e, _ := apperr.As(err); e == nil || !strings.Contains(e.FieldMap()["categories"], "Argent") {
				t.Fatalf("category outside the structure's: %v", err)
			}
		})

		m, err := w.svc.Create(ctx, w.aidant, want)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status(w.clk.Now()) != mandate.Pending || m.PersonInitials != "M.-C. D." || m.WordingVersion != mandate.WordingVersion {
			t.Fatalf("new mandate %+v", m)
		}
		if got := mandate.Hash(m, "Marie-Claire Dupont", mandate.Texts(mandate.Wording(m, "Marie-Claire Dupont"))); got != m.WordingHash {
			t.Fatalf("hash %s, want %s", m.WordingHash, got)
		}
		other := m
		other.Categories = []mandate.Category{{Code: "social"}}
		if mandate.Hash(other, "Marie-Claire Dupont", mandate.Texts(mandate.Wording(other, "Marie-Claire Dupont"))) == m.WordingHash {
			t.Fatal("the hash does not depend on the categories")
		}
		verify := func(token, status string) mandatesvc.Verification {
			t.Helper()
			v, err := w.svc.Verify(ctx, token)
			if err != nil || v.Status != status || v.Initials != "M.-C. D." || v.StructureName != "CCAS de Nanterre" {
				t.Fatalf("verification %+v %v, want %s", v, err, status)
			}
			return v
		}
		verify(m.Token, mandate.Pending)
		if err := w.svc.Use(ctx, w.aidant, m.ID, "logement", "Demande de logement social"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use before the signature: %v", err)
		}

		pdf, err := w.svc.PDF(ctx, w.aidant, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfdoctest.Text(t, pdf, false)
		for _, s := range []string{"Je m'appelle Marie-Claire Dupont.", "Logement.", "Social, santé.", "Je peux arrêter le mandat quand je veux.",
			"Le mandat finit le 10 avril 2026.", "https://parcours.example.fr/mandats/verification/" + m.Token, m.WordingHash, "Charte de l'aidant", "Ma signature"} {
			if !strings.Contains(strings.Join(strings.Fields(text), " "), s) {
				t.Errorf("the printed mandate lacks %q:\n%s", s, text)
			}
		}

		t.Run("ErrOtherStructure", func(t *testing.T) {
			if _, _, err := w.svc.Get(ctx, w.other, m.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure reads the mandate: %v", err)
			}
			if err := w.svc.RecordSignature(ctx, w.other, m.ID, nil); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure signs the mandate: %v", err)
			}
			if _, err := w.svc.Revoke(ctx, w.other, m.ID, nil); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("another structure revokes the mandate: %v", err)
			}
		})
		if err := w.svc.RecordSignature(ctx, w.aidant, m.ID, []byte("pas une image")); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a scan that is no PDF nor image: %v", err)
		}
		if err := w.svc.RecordSignature(ctx, w.aidant, m.ID, nil); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.RecordSignature(ctx, w.aidant, m.ID, nil); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("second signature: %v", err)
		}
		verify(m.Token, mandate.Valid)

		w.clk.Add(time.Hour)
		w.aidant.FactorAt = w.clk.Now()
		if err := w.svc.Use(ctx, w.aidant, m.ID, "logement", "  Demande de   logement social "); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Use(ctx, w.aidant, m.ID, "argent", "Déclaration d'impôts"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use for a category the mandate does not cover: %v", err)
		}
		if err := w.svc.Use(ctx, w.reception, m.ID, "logement", "Demande"); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("use by a non-aidant: %v", err)
		}

		// The person stops the "logement" part only: the reception desk may record it.
		w.reception.FactorAt = w.clk.Now()
		att, err := w.svc.Revoke(ctx, w.reception, m.ID, []string{"logement"})
		if err != nil {
			t.Fatal(err)
		}
		atext := strings.Join(strings.Fields(pdfdoctest.Text(t, att, false)), " ")
		for _, s := range []string{"le mandat est arrêté", "Personne : M.-C. D.", "Logement.", "Le mandat continue pour :", "Social, santé."} {
			if !strings.Contains(atext, s) {
				t.Errorf("attestation lacks %q:\n%s", s, atext)
			}
		}
		if strings.Contains(atext, "Dupont") {
			t.Error("the attestation prints the person's name; initials only")
		}
		if err := w.svc.Use(ctx, w.aidant, m.ID, "logement", "Demande"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use of a revoked category: %v", err)
		}
		v := verify(m.Token, mandate.Valid)
		if strings.Join(v.Categories, "|") != "Social, santé" || strings.Join(v.Revoked, "|") != "Logement" {
			t.Fatalf("verification after a partial revocation %+v", v)
		}
		if _, err := w.svc.Revoke(ctx, w.aidant, m.ID, []string{"logement"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a category revoked twice: %v", err)
		}

		renewed, err := w.svc.Renew(ctx, w.aidant, m.ID, nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		if renewed.RenewedFrom != m.ID || strings.Join(renewed.Codes(), ",") != "social" || renewed.Days != 1 {
			t.Fatalf("renewal %+v", renewed)
		}
		verify(m.Token, mandate.Revoked)
		if _, err := w.svc.Renew(ctx, w.aidant, m.ID, nil, 0); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("a replaced mandate renewed again: %v", err)
		}
		if err := w.svc.RecordSignature(ctx, w.aidant, renewed.ID, []byte("%PDF-1.4\n%scan de la page signée")); err != nil {
			t.Fatal(err)
		}
		if b, typ, err := w.svc.Scan(ctx, w.aidant, renewed.ID); err != nil || typ != "application/pdf" || !strings.HasPrefix(string(b), "%PDF") {
			t.Fatalf("scan %q %v", typ, err)
		}
		verify(renewed.Token, mandate.Valid)

		w.clk.Add(24 * time.Hour)
		w.aidant.FactorAt = w.clk.Now()
		verify(renewed.Token, mandate.Expired)
		if err := w.svc.Use(ctx, w.aidant, renewed.ID, "social", "Demande de RSA"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("use of an expired mandate: %v", err)
		}
		if _, err := w.svc.Revoke(ctx, w.aidant, renewed.ID, nil); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("revocation of an expired mandate: %v", err)
		}
		if _, err := w.svc.Verify(ctx, mandate.NewToken()); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("unknown token: %v", err)
		}

		list, events, err := w.svc.OfPerson(ctx, w.reception, w.personID)
		if err != nil || len(list) != 2 {
			t.Fatalf("person's mandates %d %v", len(list), err)
		}
		var history []string
		for _, e := range events {
			history = append(history, e.Sentence())
		}
		h := strings.Join(history, "\n")
		for _, s := range []string{"Le 10 mars 2026, Mehdi Aidant Nanterre a préparé le mandat pour : Social, santé ; Logement, pour 1 mois (31 jours).",
			"a enregistré la signature du mandat (signée sur papier)", "a fait la démarche « Demande de logement social » (Logement).",
			"Agnès Accueil a arrêté le mandat pour : Logement.", "a renouvelé le mandat : il est remplacé par le mandat n° ", "page signée scannée"} {
			if !strings.Contains(h, s) {
				t.Errorf("history lacks %q:\n%s", s, h)
			}
		}

		entries, _, err := st.ListJournal(ctx, scope.OfStructure(w.aidant.StructureID()), store.JournalFilter{PersonID: w.personID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]int{}
		for _, e := range entries {
			actions[e.Action]++
		}
		if actions[journal.Create] < 2 || actions[journal.Use] != 1 || actions[journal.Revoke] != 1 || actions[journal.Update] != 2 || actions[journal.Export] != 1 {
			t.Fatalf("journal of the person's mandates: %v", actions)
		}
		if check, err := st.VerifyJournal(ctx); err != nil || check.Break != nil {
			t.Fatalf("journal chain %+v %v", check, err)
		}
	})
}
