package web

import (
	"net/http"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/store"
)

type followUpData struct {
	Followed, Finished, Waiting, Lost int
	Month                             int // accompaniments counted this month (a workshop counts its participants)
	MonthSessions                     int
	OpenSent, OpenReceived            int
	Home                              bool // shown on the staff home
	CanList                           bool // the counts link to the lists of persons
}

// homeFollowUp gives the staff home the structure's "suivies / terminées /
// en attente" counts, for the roles that see the follow-up figures.
func (s *Server) homeFollowUp(r *http.Request) (*followUpData, error) {
	a := actorFrom(r)
	if !a.Can(account.PermFollowUpFigures) {
		return nil, nil
	}
	counts, err := s.store.FollowCounts(r.Context(), a.Scope())
	if err != nil {
		return nil, err
	}
	return &followUpData{Followed: counts[person.InProgress], Finished: counts[person.Autonomous], Waiting: counts[person.Waiting], Lost: counts[person.Lost],
		Home: true, CanList: a.Can(account.PermPersons)}, nil
}

// followUpDashboard shows the structure's aggregate figures, like
// Rochefort's "57 suivies, 9 terminées, 10 en attente": never a person.
func (s *Server) followUpDashboard(w http.ResponseWriter, r *http.Request) {
	a := actorFrom(r)
	ctx := r.Context()
	counts, err := s.store.FollowCounts(ctx, a.Scope())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := followUpData{Followed: counts[person.InProgress], Finished: counts[person.Autonomous], Waiting: counts[person.Waiting], Lost: counts[person.Lost]}
	now := s.cfg.Now().In(paris)
	first := now.AddDate(0, 0, 1-now.Day()).Format("2006-01-02")
	acts, _, err := s.store.ListActivities(ctx, a.StructureID(), store.ActivityFilter{From: first})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i := range acts {
		d.Month += acts[i].Count()
	}
	d.MonthSessions = len(acts)
	for _, box := range []string{"envoyees", "recues"} {
		refs, err := s.store.ListReferrals(ctx, a.StructureID(), store.ReferralFilter{Box: box, State: referral.Open})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if box == "envoyees" {
			d.OpenSent = len(refs)
		} else {
			d.OpenReceived = len(refs)
		}
	}
	s.render(w, r, http.StatusOK, "reception_followup", page{Title: "Tableau de suivi", Data: d})
}
