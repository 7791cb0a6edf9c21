package equipment_test

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/pdfdoc/pdfdoctest"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/equipment"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	equipmentsvc "github.com/parcours-numerique/parcours/internal/service/equipment"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/equipmentstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

type wakes struct{ n int }

func (w *wakes) Recorded(context.Context) { w.n++ }

type world struct {
	st        *store.Store
	clk       *clock
	svc       *equipmentsvc.Service
	out       *wakes
	mediator  *account.Actor
	reception *account.Actor
	other     *account.Actor
	partnerID int64
}

func structureWith(t *testing.T, st *store.Store, name string, now time.Time, members ...account.Role) (int64, []*account.Actor) {
	t.Helper()
	ctx := context.Background()
	s := structure.Structure{Name: name, Typology: "CCAS", CommuneCode: "92050"}
	s.Normalize()
	if err := st.CreateStructure(ctx, &s, now); err != nil {
		t.Fatal(err)
	}
	var out []*account.Actor
	for _, r := range members {
		id, err := st.CreateUser(ctx, account.NewUser{Email: string(r) + "@" + strings.ReplaceAll(strings.ToLower(name), " ", "") + ".fr", Name: string(r), StructureID: s.ID, Role: r}, "", now)
		if err != nil {
			t.Fatal(err)
		}
		a, err := st.ActorForMembership(ctx, id, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return s.ID, out
}

func newWorld(t *testing.T, st *store.Store) *world {
	w := &world{st: st, clk: &clock{now: time.Date(2026, 3, 10, 9, 0, 0, 0, frtime.Paris)}, out: &wakes{}}
	_, staff := structureWith(t, st, "CCAS de Nanterre", w.clk.Now(), account.RoleMediation, account.RoleReception)
	w.mediator, w.reception = staff[0], staff[1]
	_, others := structureWith(t, st, "Autre CCAS", w.clk.Now(), account.RoleMediation)
	w.other = others[0]
	w.partnerID, _ = structureWith(t, st, "Emmaus Connect", w.clk.Now())
	w.svc = equipmentsvc.New(equipmentstore.New(st), w.out, w.clk.Now)
	return w
}

func (w *world) person(t *testing.T, first string, birthYear int, status person.FollowStatus, phone string) int64 {
	t.Helper()
	p := person.Person{Kind: person.Followed, FirstName: first, LastName: "Test", BirthYear: birthYear, Status: status, Phone: phone}
	if err := w.st.CreatePerson(context.Background(), w.mediator.Scope(), &p, nil, journal.By(w.mediator, journal.Create, "test"), w.clk.Now()); err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func fields(err error) map[string]string {
	if e, ok := apperr.As(err); ok {
		return e.FieldMap()
	}
	return nil
}

func phone() equipment.Device {
	return equipment.Device{Kind: "telephone", Model: "Samsung Galaxy A12", Origin: "reconditionneur", OriginDetail: "Emmaüs Connect",
		IMEI: "490154203237518", Condition: "bon", Grade: "B", Accessories: "chargeur, coque", Location: "Armoire du 1er étage"}
}

// TestLoanWithAgreementRemindersAndReturn: a tablet lent to a person prints
// its agreement, reminds by SMS two days before and once late (never twice,
// whatever the runs), and comes back in the condition recorded; a device
// out cannot be lent again; another structure sees none of it.
func TestLoanWithAgreementRemindersAndReturn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		if _, err := w.svc.AddDevice(ctx, w.reception, equipment.Device{Kind: "telephone", Origin: "don", Condition: "bon", IMEI: "490154203237519"}); fields(err)["imei"] == "" {
			t.Fatalf("a wrong IMEI is refused: %v", err)
		}
		tab, err := w.svc.AddDevice(ctx, w.reception, equipment.Device{Kind: "tablette", Model: "Lenovo Tab M10", Origin: "achat", Serial: "HA1XYZ", Condition: "tres_bon", Accessories: "chargeur"})
		if err != nil {
			t.Fatal(err)
		}
		karim := w.person(t, "Karim", 1950, person.InProgress, "+33612345678")
		if _, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: tab.ID, PersonID: karim, StartsOn: "2026-03-10", DueOn: "2026-03-01"}); fields(err)["retour_prevu"] == "" {
			t.Fatalf("a due date before the start is refused: %v", err)
		}
		loan, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: tab.ID, PersonID: karim, StartsOn: "10/03/2026", DueOn: "10/04/2026", DepositCents: 3000})
		if err != nil {
			t.Fatal(err)
		}
		if loan.BorrowerName != "Karim Test" || loan.DueOn != "2026-04-10" || loan.DeviceLabel != "Tablette Lenovo Tab M10" {
			t.Fatalf("loan %+v", loan)
		}
		if _, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: tab.ID, PartnerStructureID: w.partnerID, StartsOn: "2026-03-10", DueOn: "2026-03-20"}); fields(err)["appareil"] == "" {
			t.Fatalf("a device out is not lent again: %v", err)
		}
		if _, err := w.svc.Lend(ctx, w.other, equipment.Loan{DeviceID: tab.ID, PartnerStructureID: w.partnerID, StartsOn: "2026-03-10", DueOn: "2026-03-20"}); err == nil {
			t.Fatal("another structure cannot lend this device")
		}
		pdf, err := w.svc.Agreement(ctx, w.reception, loan.ID)
		if err != nil {
			t.Fatal(err)
		}
		text := pdfText(t, pdf)
		for _, want := range []string{"Convention de prêt de matériel", "Karim Test", "Tablette Lenovo Tab M10", "HA1XYZ", "Du 10 mars 2026 au 10 avril 2026", "30,00 €", "Signature de l'emprunteur"} {
			if !strings.Contains(text, want) {
				t.Errorf("agreement lacks %q:\n%s", want, text)
			}
		}
		if _, err := w.svc.SignAgreement(ctx, w.reception, loan.ID, nil, false); fields(err)["scan"] == "" {
			t.Fatalf("the signature needs the scan or the paper box: %v", err)
		}
		if _, err := w.svc.SignAgreement(ctx, w.reception, loan.ID, []byte("<html>page signée</html>"), false); fields(err)["scan"] == "" {
			t.Fatalf("a scan that is no PDF, JPEG or PNG is refused, whatever its name: %v", err)
		}
		if _, err := w.svc.SignAgreement(ctx, w.reception, loan.ID, append([]byte("%PDF-1.4\n"), make([]byte, equipmentsvc.MaxScan)...), false); fields(err)["scan"] == "" {
			t.Fatalf("a scan over 5 MB is refused: %v", err)
		}
		if _, err := w.svc.SignAgreement(ctx, w.other, loan.ID, nil, true); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure does not sign this loan: %v", err)
		}
		png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDRpage signée")
		signed, err := w.svc.SignAgreement(ctx, w.reception, loan.ID, png, false)
		if err != nil || signed.AgreementSignature != equipment.SignedScan || signed.AgreementSignedAt.IsZero() || signed.SignatureLabel() != "page signée scannée" {
			t.Fatalf("signed %+v %v", signed, err)
		}
		if _, err := w.svc.SignAgreement(ctx, w.reception, loan.ID, nil, true); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("an agreement is signed once: %v", err)
		}
		if b, typ, err := w.svc.AgreementScan(ctx, w.reception, loan.ID); err != nil || typ != "image/png" || string(b) != string(png) {
			t.Fatalf("scan %q %q %v", b, typ, err)
		}
		if _, _, err := w.svc.AgreementScan(ctx, w.other, loan.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another structure reads no scan: %v", err)
		}
		entries, _, _ := st.ListJournal(ctx, w.reception.Scope(), store.JournalFilter{PersonID: karim, Limit: 3})
		if len(entries) < 2 || entries[0].What != "Convention de prêt n° "+strconv.FormatInt(loan.ID, 10)+" signée : page scannée consultée" ||
			entries[1].What != "Convention de prêt n° "+strconv.FormatInt(loan.ID, 10)+" : page signée scannée" {
			t.Fatalf("journal %+v", entries)
		}
		defer func() {
			// Erasing the person erases the scanned page that bears their signature.
			if err := st.DeletePerson(ctx, w.reception.Scope(), karim, journal.By(w.reception, journal.Delete, "test"), w.clk.Now()); err != nil {
				t.Fatal(err)
			}
			if _, _, err := w.svc.AgreementScan(ctx, w.reception, loan.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("the scan survives the person's erasure: %v", err)
			}
		}()
		remind := func(at time.Time) int {
			w.clk.Set(at)
			n, err := w.svc.SendLoanReminders(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := remind(time.Date(2026, 4, 7, 10, 0, 0, 0, frtime.Paris)); n != 0 {
			t.Fatalf("%d reminders three days before", n)
		}
		remind(time.Date(2026, 4, 8, 10, 0, 0, 0, frtime.Paris))
		remind(time.Date(2026, 4, 9, 10, 0, 0, 0, frtime.Paris))
		remind(time.Date(2026, 4, 11, 10, 0, 0, 0, frtime.Paris))
		remind(time.Date(2026, 4, 12, 10, 0, 0, 0, frtime.Paris))
		msgs, _, err := st.ListMessages(ctx, w.mediator.Scope(), store.MessageFilter{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 2 || msgs[1].Kind != notify.LoanReminder || msgs[0].Kind != notify.LoanLate || msgs[0].Channel != notify.SMS || msgs[0].To != "+33612345678" ||
			!strings.Contains(msgs[1].Body, "rapporter votre tablette le 10/04") {
			t.Fatalf("messages %+v", msgs)
		}
		if w.out.n == 0 {
			t.Fatal("the outbox is woken")
		}
		if err := w.svc.Return(ctx, w.reception, loan.ID, "a_reparer", "Écran fissuré"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Return(ctx, w.reception, loan.ID, "bon", ""); err == nil {
			t.Fatal("a loan is returned once")
		}
		d, _ := w.svc.Device(ctx, w.reception, tab.ID)
		if d.Status != equipment.Available || d.Condition != "a_reparer" {
			t.Fatalf("device after return %+v", d)
		}
		if n := remind(time.Date(2026, 4, 13, 10, 0, 0, 0, frtime.Paris)); n != 0 {
			t.Fatal("no reminder once returned")
		}
		// A partner structure borrows it next.
		if _, err := w.svc.Lend(ctx, w.reception, equipment.Loan{DeviceID: tab.ID, PartnerStructureID: w.partnerID, StartsOn: "2026-04-13", DueOn: "2026-05-13"}); err != nil {
			t.Fatal(err)
		}
		fig, err := w.svc.Figures(ctx, w.mediator)
		if err != nil || fig.Loans != 2 || fig.OpenLoans != 1 || fig.Devices[equipment.Lent] != 1 {
			t.Fatalf("figures %+v %v", fig, err)
		}
		if list, _ := w.svc.Devices(ctx, w.other, ""); len(list) != 0 {
			t.Fatal("another structure sees none of the devices")
		}
	})
}

// TestPhoneGivenToFirstOfExplainedList: three persons ask for a phone; the
// priority list explains each rank from the structure's criteria; the
// committee gives the refurbished phone to the first with its reasons, the
// rank and explanation are kept with the decision, and the handover is
// signed.
func TestPhoneGivenToFirstOfExplainedList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		ph, err := w.svc.AddDevice(ctx, w.reception, phone())
		if err != nil {
			t.Fatal(err)
		}
		cs := equipment.DefaultCriteria()
		cs[3].Param = 70 // age
		if err := w.svc.SetCriteria(ctx, w.reception, cs); err == nil {
			t.Fatal("the reception desk does not set the committee's criteria")
		}
		if err := w.svc.SetCriteria(ctx, w.mediator, cs); err != nil {
			t.Fatal(err)
		}
		ask := func(first string, birth int, status person.FollowStatus, r equipmentsvc.NewRequest) equipment.Request {
			r.PersonID, r.Kind = w.person(t, first, birth, status, ""), "telephone"
			req, err := w.svc.AddRequest(ctx, w.reception, r)
			if err != nil {
				t.Fatal(err)
			}
			w.clk.Set(w.clk.Now().Add(time.Hour))
			return req
		}
		ask("Alice", 1990, person.Waiting, equipmentsvc.NewRequest{MinimumBenefits: true, HouseholdSize: 2})        // 3
		odette := ask("Odette", 1948, person.InProgress, equipmentsvc.NewRequest{NoDevice: true, HouseholdSize: 1}) // 4+2+1 = 7
		ask("Bruno", 1985, person.InProgress, equipmentsvc.NewRequest{MinimumBenefits: true, HouseholdSize: 5})     // 3+2+1 = 6
		ask("Chloé", 1992, person.Waiting, equipmentsvc.NewRequest{MinimumBenefits: true, HouseholdSize: 1})        // 3, tie with Alice, later
		list, err := w.svc.PriorityList(ctx, w.mediator, "telephone")
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, r := range list {
			order = append(order, strings.Fields(r.Request.PersonName)[0])
		}
		if strings.Join(order, ",") != "Odette,Bruno,Alice,Chloé" {
			t.Fatalf("order %v", order)
		}
		if got := list[0].Explanation(); got != "Rang 1 : 7 points — N'a aucun appareil pour aller sur internet (+4), Est accompagné par la structure (+2), A 70 ans ou plus (+1)." {
			t.Fatalf("first explanation %q", got)
		}
		if list[3].TieBreak == "" || !strings.Contains(list[3].Explanation(), "À égalité avec le rang 3, dont la demande est plus ancienne.") {
			t.Fatalf("tie explanation %q", list[3].Explanation())
		}
		if _, err := w.svc.Decide(ctx, w.mediator, equipmentsvc.CommitteeDecision{RequestID: odette.ID, Granted: true, DeviceID: ph.ID}); fields(err)["motifs"] == "" {
			t.Fatalf("reasons are required: %v", err)
		}
		got, err := w.svc.Decide(ctx, w.mediator, equipmentsvc.CommitteeDecision{RequestID: odette.ID, Granted: true, DeviceID: ph.ID,
			Reasons: "Première de la liste ; vit seule sans aucun appareil, démarches retraite en cours."})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != equipment.Granted || got.RankAtDecision != 1 || got.Explanation != list[0].Explanation() || got.DeviceID != ph.ID {
			t.Fatalf("decision %+v", got)
		}
		if _, err := w.svc.Decide(ctx, w.mediator, equipmentsvc.CommitteeDecision{RequestID: list[1].Request.ID, Granted: true, DeviceID: ph.ID, Reasons: "Deuxième de la liste."}); fields(err)["appareil"] == "" {
			t.Fatalf("a reserved phone is not given twice: %v", err)
		}
		if _, err := w.svc.HandOver(ctx, w.reception, odette.ID, false); fields(err)["signature"] == "" {
			t.Fatalf("the handover needs the signature: %v", err)
		}
		if got, err = w.svc.HandOver(ctx, w.reception, odette.ID, true); err != nil || got.Status != equipment.HandedIn || got.HandedOverAt.IsZero() {
			t.Fatalf("handover %+v %v", got, err)
		}
		d, _ := w.svc.Device(ctx, w.reception, ph.ID)
		if d.Status != equipment.Given {
			t.Fatalf("device %+v", d)
		}
		list, _ = w.svc.PriorityList(ctx, w.mediator, "telephone")
		if len(list) != 3 || list[0].Rank != 1 || !strings.HasPrefix(list[0].Request.PersonName, "Bruno") {
			t.Fatalf("the list moves up: %+v", list)
		}

		// The committee sets other criteria: the list follows the stored
		// setting, and every rank's explanation still adds up to its place.
		set := []equipment.Criterion{{Code: equipment.NoDevice, Points: 4}, {Code: equipment.MinimumBenefits, Points: 1, Enabled: true},
			{Code: equipment.Accompanied, Points: 0, Enabled: true}, {Code: equipment.Age, Points: 2, Enabled: true, Param: 30},
			{Code: equipment.Household, Points: 5, Enabled: true, Param: 2}}
		bad := append([]equipment.Criterion(nil), set...)
		bad[4].Points = 11
		if err := w.svc.SetCriteria(ctx, w.mediator, bad); fields(err)["points_foyer"] == "" {
			t.Fatalf("11 points are refused on the criterion's field: %v", err)
		}
		if err := w.svc.SetCriteria(ctx, w.mediator, set); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.svc.Criteria(ctx, w.mediator); len(got) != 5 || got[4] != set[4] || got[0].Enabled {
			t.Fatalf("stored criteria %+v", got)
		}
		if got, _ := w.svc.Criteria(ctx, w.other); got[3].Param != 65 {
			t.Fatalf("another structure keeps the defaults: %+v", got)
		}
		list, _ = w.svc.PriorityList(ctx, w.mediator, "telephone")
		order = nil
		for i, r := range list {
			order = append(order, strings.Fields(r.Request.PersonName)[0])
			sum := 0
			for _, sc := range r.Scored {
				sum += sc.Points
				if sc.Code == equipment.NoDevice || sc.Code == equipment.Accompanied {
					t.Errorf("rank %d scores a criterion that does not count: %+v", r.Rank, sc)
				}
				if !strings.Contains(r.Explanation(), sc.Label+" (+"+strconv.Itoa(sc.Points)+")") {
					t.Errorf("rank %d's explanation lacks %q: %s", r.Rank, sc.Label, r.Explanation())
				}
			}
			if sum != r.Score || r.Rank != i+1 || (i > 0 && list[i-1].Score < r.Score) {
				t.Errorf("rank %d: %d points from %+v, after %d", r.Rank, r.Score, r.Scored, list[max(i-1, 0)].Score)
			}
		}
		if strings.Join(order, ",") != "Alice,Bruno,Chloé" {
			t.Fatalf("order on the stored criteria %v", order)
		}
		if got := list[0].Explanation(); got != "Rang 1 : 8 points — Bénéficie de minima sociaux (RSA, ASS, AAH, ASPA) (+1), A 30 ans ou plus (+2), Foyer de 2 personnes ou plus (+5)." {
			t.Fatalf("first explanation on the stored criteria %q", got)
		}
		if !strings.Contains(list[1].Explanation(), "À égalité avec le rang 1, dont la demande est plus ancienne.") {
			t.Fatalf("tie on the stored criteria %q", list[1].Explanation())
		}
		if all, _, _ := st.ListJournal(ctx, w.mediator.Scope(), store.JournalFilter{Limit: 5}); len(all) < 2 || !strings.HasPrefix(all[1].What, "Critères de distribution du matériel : Bénéficie de minima sociaux") {
			t.Fatalf("criteria journaled before the list read: %+v", all)
		}
		if _, err := w.svc.PriorityList(ctx, w.other, "telephone"); err != nil {
			t.Fatal(err)
		} else if l, _ := w.svc.PriorityList(ctx, w.other, "telephone"); len(l) != 0 {
			t.Fatal("another structure's list is its own")
		}
		entries, _, _ := st.ListJournal(ctx, w.mediator.Scope(), store.JournalFilter{PersonID: odette.PersonID, Limit: 10})
		var whats []string
		for _, e := range entries {
			whats = append(whats, e.What)
		}
		if !strings.Contains(strings.Join(whats, "|"), "Appareil remis contre signature|Décision du comité : appareil attribué|Demande de matériel : téléphone") {
			t.Fatalf("journal %q", whats)
		}
		fig, _ := w.svc.Figures(ctx, w.mediator)
		if fig.Requests != 4 || fig.HandedOver != 1 || fig.Devices[equipment.Given] != 1 {
			t.Fatalf("figures %+v", fig)
		}
	})
}

func pdfText(t *testing.T, pdf []byte) string { return pdfdoctest.Text(t, pdf, false) }
