package referrals

import (
	"context"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
)

// TestEachUseCaseDecidesItsPermission: the service refuses a role that may
// not act, before reading anything (the store is nil here).
func TestEachUseCaseDecidesItsPermission(t *testing.T) {
	s := New(nil, Config{})
	ctx := context.Background()
	actor := func(r account.Role) *account.Actor {
		return &account.Actor{User: account.User{ID: 1, Active: true}, Membership: account.Membership{StructureID: 1, Role: r}}
	}
	partner, coordination := actor(account.RolePartner), actor(account.RoleCoordination)
	for name, err := range map[string]error{
		"Create (partner)":         second(s.Create(ctx, partner, NewReferral{})),
		"Draft (partner)":          second(s.Draft(ctx, partner, 1, 0)),
		"Sheet (partner)":          second(s.Sheet(ctx, partner, 1, "")),
		"Destinations (partner)":   second(s.Destinations(ctx, partner, person.Person{}, "", 0)),
		"Get (coordination)":       second(s.Get(ctx, coordination, 1, "")),
		"List (coordination)":      second(s.List(ctx, coordination, Filter{})),
		"Decide (coordination)":    second(s.Decide(ctx, coordination, 1, DecisionInput{})),
		"RenewLink (partner)":      third(s.RenewLink(ctx, partner, 1, "")),
		"Bookings (coordination)":  second(s.Bookings(ctx, coordination, []referral.Referral{{ID: 1}})),
		"Create (signed out)":      second(s.Create(ctx, nil, NewReferral{})),
		"Decide (inactive user)":   second(s.Decide(ctx, &account.Actor{Membership: account.Membership{StructureID: 1, Role: account.RolePartner}}, 1, DecisionInput{})),
		"List (inactive mediator)": second(s.List(ctx, &account.Actor{Membership: account.Membership{StructureID: 1, Role: account.RoleMediation}}, Filter{})),
	} {
		if name == "Bookings (coordination)" {
			if err != nil {
				t.Errorf("%s: a role that cannot orient books nothing, quietly: %v", name, err)
			}
			continue
		}
		if c := apperr.CodeOf(err); c != apperr.Forbidden && c != apperr.Unauthorized {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }
