package activities

import (
	"context"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activity"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
)

// TestEachUseCaseDecidesItsPermission: reception records no activity and
// reads none (notes stay with the mediators); the store has no database here.
func TestEachUseCaseDecidesItsPermission(t *testing.T) {
	s := New(activitystore.New(nil), nil)
	ctx := context.Background()
	reception := &account.Actor{User: account.User{ID: 1, Active: true}, Membership: account.Membership{StructureID: 1, Role: account.RoleReception}}
	_, _, errLast := s.LastContext(ctx, reception)
	for name, err := range map[string]error{
		"Record":      second(s.Record(ctx, reception, activity.Activity{})),
		"Get":         second(s.Get(ctx, reception, 1)),
		"List":        second(s.List(ctx, reception, Filter{})),
		"Export":      second(s.Export(ctx, reception, "", "")),
		"LastContext": errLast,
		"Places":      second(s.Places(ctx, reception)),
		"Check":       s.Check(reception, activity.Activity{}),
		"ImportCoop":  second(s.ImportCoop(ctx, reception, nil)),
		"ExportCoop":  second(s.ExportCoop(ctx, reception, "", "")),
		"Delete":      s.Delete(ctx, reception, 1),
		"Update":      second(s.Update(ctx, reception, 1, activity.Activity{})),
	} {
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
