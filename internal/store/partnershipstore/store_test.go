package partnershipstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/partnershipstore"
	"github.com/parcours-numerique/parcours/internal/store/storetest"
	"github.com/parcours-numerique/parcours/internal/structure"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

// TestReaches: a territory's reach sees its rows; a structure's reach the
// conventions it is party to and the actions it leads or co-leads; the
// platform scope writes nowhere; a reminder is queued once.
func TestReaches(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.Store) {
		st, ctx := partnershipstore.New(db), context.Background()
		here, there := structure.Territory{Name: "Ici"}, structure.Territory{Name: "Ailleurs"}
		for _, tr := range []*structure.Territory{&here, &there} {
			if err := st.CreateTerritory(ctx, tr, t0); err != nil {
				t.Fatal(err)
			}
		}
		coord := storetest.Structure(t, db, "Coordination", here.ID, t0).ID
		lead := storetest.Structure(t, db, "France Services", here.ID, t0).ID
		bystander := storetest.Structure(t, db, "Médiathèque", here.ID, t0).ID
		far := storetest.Structure(t, db, "Ailleurs", there.ID, t0).ID
		th, tt := scope.OfTerritory(here.ID), scope.OfTerritory(there.ID)
		j := journal.Entry{StructureID: coord, Who: "test", Action: journal.Create, What: "test", At: t0}

		a := partnership.Agreement{Object: "Téléphones", StartsOn: "2026-01-01", EndsOn: "2026-04-30", RemindDays: 30, Parties: []partnership.Party{{StructureID: lead}}}
		if err := st.CreateAgreement(ctx, scope.Platform(), scope.OfStructure(coord), &a, nil, j, t0); apperr.CodeOf(err) != apperr.Forbidden {
			t.Fatalf("platform scope writes: %v", err)
		}
		if err := st.CreateAgreement(ctx, tt, scope.OfStructure(coord), &a, nil, j, t0); apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a party outside the territory: %v", err)
		}
		if err := st.CreateAgreement(ctx, th, scope.OfStructure(coord), &a, []byte("%PDF-1.4"), j, t0); err != nil {
			t.Fatal(err)
		}
		p := partnership.Proposal{Body: "Équiper"}
		if err := st.CreateProposal(ctx, th, &p, j, t0); err != nil {
			t.Fatal(err)
		}
		act := partnership.Action{ProposalID: p.ID, Title: "Remettre", LeadID: lead, CoLeads: []partnership.Party{{StructureID: coord}}, Status: partnership.ToStart}
		if err := st.CreateAction(ctx, th, &act, j, t0); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name        string
			r           partnershipstore.Reach
			conv, plans int
		}{
			{"territory", partnershipstore.OfTerritory(th), 1, 1},
			{"party and lead", partnershipstore.OfParty(scope.OfStructure(lead)), 1, 1},
			{"co-lead, not a party", partnershipstore.OfParty(scope.OfStructure(coord)), 0, 1},
			{"bystander", partnershipstore.OfParty(scope.OfStructure(bystander)), 0, 0},
			{"other territory", partnershipstore.OfTerritory(tt), 0, 0},
			{"other territory's structure", partnershipstore.OfParty(scope.OfStructure(far)), 0, 0},
		} {
			list, err := st.Agreements(ctx, c.r)
			if err != nil || len(list) != c.conv {
				t.Errorf("%s: agreements %+v %v", c.name, list, err)
			}
			props, err := st.Proposals(ctx, c.r)
			if err != nil || len(props) != c.plans || (c.plans == 1 && len(props[0].Actions) != 1) {
				t.Errorf("%s: proposals %+v %v", c.name, props, err)
			}
			if _, _, err := st.AgreementPDF(ctx, c.r, a.ID); (c.conv == 1) != (err == nil) {
				t.Errorf("%s: pdf %v", c.name, err)
			}
		}
		if err := st.AddReview(ctx, tt, &partnership.Review{ActionID: act.ID, On: "2026-03-01", Body: "x", StatusAfter: partnership.Done, Author: "x"}, j, t0); apperr.CodeOf(err) != apperr.NotFound {
			t.Fatalf("another territory reviews: %v", err)
		}

		m := notify.Message{Kind: notify.AgreementReminder, Channel: notify.Email, To: "coord@ici.fr", Subject: "s", Body: "b", Key: "convention-echeance:1:2026-04-30"}
		for i, want := range []bool{true, false} {
			if queued, err := st.EnqueueReminder(ctx, scope.OfStructure(coord), m, t0); err != nil || queued != want {
				t.Fatalf("enqueue %d: %v %v", i, queued, err)
			}
		}
	})
}
