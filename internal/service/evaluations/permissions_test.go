package evaluations

import (
	"context"
	"testing"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/evaluation"
)

// TestEachUseCaseDecidesItsPermission: the service refuses a role that may
// not act, before reading anything (the store is nil here).
func TestEachUseCaseDecidesItsPermission(t *testing.T) {
	s := New(nil, nil, nil, nil)
	ctx := context.Background()
	partner := &account.Actor{User: account.User{ID: 1, Active: true}, Membership: account.Membership{StructureID: 1, Role: account.RolePartner}}
	errs := map[string]error{
		"First":         second(s.First(ctx, partner, Welcome{})),
		"Create":        second(s.Create(ctx, partner, 1, Input{})),
		"Update":        second(s.Update(ctx, partner, 1, Input{})),
		"Get":           second(s.Get(ctx, partner, 1)),
		"ListForPerson": second(s.ListForPerson(ctx, partner, 1, time.Time{}, 0, 10)),
		"Workshops":     second(s.Workshops(ctx, partner, evaluation.Evaluation{})),
	}
	for name, err := range errs {
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
