package persons

import (
	"context"
	"testing"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/person"
)

// TestEachUseCaseDecidesItsPermission: a partner reads no person, no
// journal and no figure; the service says so before reading anything (the
// store is nil here).
func TestEachUseCaseDecidesItsPermission(t *testing.T) {
	s := New(nil, nil)
	ctx := context.Background()
	partner := &account.Actor{User: account.User{ID: 1, Active: true}, Membership: account.Membership{StructureID: 1, Role: account.RolePartner}}
	_, _, errPrepare := s.Prepare(ctx, partner, NewPerson{})
	_, _, errTimeline := s.Timeline(ctx, partner, person.Person{})
	for name, err := range map[string]error{
		"Prepare":         errPrepare,
		"Create":          second(s.Create(ctx, partner, NewPerson{}, "")),
		"Get":             second(s.Get(ctx, partner, 1, "")),
		"List":            second(s.List(ctx, partner, Filter{})),
		"Update":          second(s.Update(ctx, partner, 1, person.Person{})),
		"SetStatus":       s.SetStatus(ctx, partner, 1, person.Waiting),
		"Delete":          s.Delete(ctx, partner, 1),
		"Merge":           s.Merge(ctx, partner, 1, 2),
		"Duplicates":      second(s.Duplicates(ctx, partner, person.Person{})),
		"AddConsent":      second(s.AddConsent(ctx, partner, 1, person.ConsentSMS)),
		"WithdrawConsent": s.WithdrawConsent(ctx, partner, 1, 1),
		"Consents":        second(s.Consents(ctx, partner, 1)),
		"Timeline":        errTimeline,
		"WaitingList":     second(s.WaitingList(ctx, partner)),
		"Journal":         second(s.Journal(ctx, partner, 1)),
		"AccessList":      second(s.AccessList(ctx, partner, 1)),
		"FollowCounts":    second(s.FollowCounts(ctx, partner)),
		"Figures":         second(s.Figures(ctx, partner)),
	} {
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
