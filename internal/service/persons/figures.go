package persons

import (
	"context"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/frtime"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
	"github.com/parcours-numerique/parcours/internal/store/activitystore"
)

// Counts are the structure's followed persons by follow-up status.
type Counts struct {
	Followed, Finished, Waiting, Lost int
}

// Figures are a structure's aggregate follow-up figures: never a person.
type Figures struct {
	Counts
	Month                  int // accompaniments counted this month (a workshop counts its participants)
	MonthSessions          int // sessions this month
	OpenSent, OpenReceived int // referrals waiting for an answer
}

// FollowCounts counts the structure's followed persons by status, for the
// roles that see the follow-up figures.
func (s *Service) FollowCounts(ctx context.Context, a *account.Actor) (Counts, error) {
	if err := a.Require(account.PermFollowUpFigures); err != nil {
		return Counts{}, err
	}
	c, err := s.st.FollowCounts(ctx, a.Scope())
	if err != nil {
		return Counts{}, err
	}
	return Counts{Followed: c[person.InProgress], Finished: c[person.Autonomous], Waiting: c[person.Waiting], Lost: c[person.Lost]}, nil
}

// Figures gives the follow-up dashboard: the counts, this month's
// accompaniments and the referrals still open.
func (s *Service) Figures(ctx context.Context, a *account.Actor) (Figures, error) {
	counts, err := s.FollowCounts(ctx, a)
	if err != nil {
		return Figures{}, err
	}
	f := Figures{Counts: counts}
	now := s.now().In(frtime.Paris)
	first := now.AddDate(0, 0, 1-now.Day()).Format("2006-01-02")
	acts, _, err := s.activities.ListActivities(ctx, a.Scope(), activitystore.ActivityFilter{From: first})
	if err != nil {
		return f, err
	}
	for i := range acts {
		f.Month += acts[i].Count()
	}
	f.MonthSessions = len(acts)
	for _, box := range []string{store.BoxSent, store.BoxReceived} {
		refs, err := s.st.ListReferrals(ctx, a.Scope(), store.ReferralFilter{Box: box, State: referral.Open})
		if err != nil {
			return f, err
		}
		if box == store.BoxSent {
			f.OpenSent = len(refs)
		} else {
			f.OpenReceived = len(refs)
		}
	}
	return f, nil
}
