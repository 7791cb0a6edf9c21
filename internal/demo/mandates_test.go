package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/demo"
	"github.com/parcours-numerique/parcours/internal/mandate"
	"github.com/parcours-numerique/parcours/internal/scope"
	mandatesvc "github.com/parcours-numerique/parcours/internal/service/mandates"
	"github.com/parcours-numerique/parcours/internal/store/mandatestore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
)

// TestMandateDemo: the demo territory has a trained aidant who signed the
// charter and logs in with a second factor, and a signed paper mandate for
// a person with no e-mail and no phone, already used once.
func TestMandateDemo(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	now := time.Now()
	d, err := demo.Load(ctx, st, now)
	if err != nil {
		t.Fatal(err)
	}
	sc := scope.OfStructure(d.Structures[demo.CCAS])
	aidant, err := st.ActorForMembership(ctx, d.Aidant, d.Structures[demo.CCAS])
	if err != nil {
		t.Fatal(err)
	}
	status, err := mandatesvc.New(st, "", func() time.Time { return now }).Aidant(ctx, aidant)
	if err != nil || !status.Ready() {
		t.Fatalf("demo aidant %+v %v", status, err)
	}
	list, err := mandatestore.New(st).Mandates(ctx, sc, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("demo mandates %d %v", len(list), err)
	}
	m := list[0]
	p, err := st.Person(ctx, sc, m.PersonID)
	if err != nil || p.Email != "" || p.Phone != "" || p.FirstName != demo.MandatePersonFirst {
		t.Fatalf("the mandate's person %+v %v", p, err)
	}
	if m.Status(now) != mandate.Valid || m.Signature != mandate.SignedOnPaper || m.PersonInitials != "J. M." {
		t.Fatalf("demo mandate %+v", m)
	}
	events, err := mandatestore.New(st).Events(ctx, sc, 0, m.ID)
	if err != nil || len(events) != 3 || events[2].Kind != mandate.EventUsed {
		t.Fatalf("demo mandate history %+v %v", events, err)
	}
}
