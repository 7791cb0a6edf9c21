package partnerships

import (
	"context"
	"strconv"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/activitystats"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store/partnershipstore"
)

// Plan is the action plan as the actor reads it.
type Plan struct {
	Proposals []partnership.Proposal
	Progress  partnership.Progress
	Manage    bool // the coordination: records proposals, actions, reviews
}

// Plan returns the proposals the actor reads with their actions and the
// actions by status: the whole plan of the territory it coordinates, or
// the actions its structure leads or co-leads.
func (s *Service) Plan(ctx context.Context, a *account.Actor) (Plan, error) {
	r, manage, err := reach(a)
	if err != nil {
		return Plan{}, err
	}
	p := Plan{Manage: manage}
	if p.Proposals, err = s.st.Proposals(ctx, r); err != nil {
		return p, err
	}
	var all []partnership.Action
	for _, pr := range p.Proposals {
		all = append(all, pr.Actions...)
	}
	p.Progress = partnership.ProgressOf(all)
	return p, nil
}

// Proposal returns a proposal the actor reads, with its actions.
func (s *Service) Proposal(ctx context.Context, a *account.Actor, id int64) (partnership.Proposal, bool, error) {
	r, manage, err := reach(a)
	if err != nil {
		return partnership.Proposal{}, false, err
	}
	p, err := s.st.Proposal(ctx, r, id)
	return p, manage, err
}

// Questionnaires lists the diagnostic's questionnaires of the territory
// the actor coordinates, that a proposal may come from.
func (s *Service) Questionnaires(ctx context.Context, a *account.Actor) ([]partnershipstore.Questionnaire, error) {
	t, err := pilot(a)
	if err != nil {
		return nil, err
	}
	return s.st.Questionnaires(ctx, t)
}

// CreateProposal records a proposal of the actor's territory.
func (s *Service) CreateProposal(ctx context.Context, a *account.Actor, body, origin string, questionnaireID int64) (partnership.Proposal, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Proposal{}, err
	}
	p, err := partnership.NewProposal(body, origin, questionnaireID)
	if err != nil {
		return p, err
	}
	now := s.cfg.Now()
	err = s.st.CreateProposal(ctx, t, &p, entry(a, journal.Create, "Plan d'action : proposition enregistrée", now), now)
	return p, err
}

// ownAction answers not found unless the action is of the territory:
// another territory's is not found, whatever the form says.
func (s *Service) ownAction(ctx context.Context, t scope.Territory, id int64) error {
	_, err := s.st.Action(ctx, partnershipstore.OfTerritory(t), id)
	return err
}

// CreateAction turns a proposal of the actor's territory into an action,
// to launch.
func (s *Service) CreateAction(ctx context.Context, a *account.Actor, proposalID int64, in partnership.ActionInput) (partnership.Action, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Action{}, err
	}
	if _, err := s.st.Proposal(ctx, partnershipstore.OfTerritory(t), proposalID); err != nil {
		return partnership.Action{}, err
	}
	act, err := in.Action()
	if err != nil {
		return act, err
	}
	act.ProposalID = proposalID
	now := s.cfg.Now()
	err = s.st.CreateAction(ctx, t, &act, entry(a, journal.Create, "Plan d'action : action « "+act.Title+" » enregistrée", now), now)
	return act, err
}

// Actions lists the actions the actor reads.
func (s *Service) Actions(ctx context.Context, a *account.Actor) ([]partnership.Action, error) {
	r, _, err := reach(a)
	if err != nil {
		return nil, err
	}
	return s.st.Actions(ctx, r)
}

// Action returns an action the actor reads with its indicators and reviews.
func (s *Service) Action(ctx context.Context, a *account.Actor, id int64) (partnership.Action, bool, error) {
	r, manage, err := reach(a)
	if err != nil {
		return partnership.Action{}, false, err
	}
	act, err := s.st.Action(ctx, r, id)
	return act, manage, err
}

// AddIndicator adds an indicator to an action of the actor's territory.
func (s *Service) AddIndicator(ctx context.Context, a *account.Actor, actionID int64, name, target, current string) (partnership.Indicator, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Indicator{}, err
	}
	if err := s.ownAction(ctx, t, actionID); err != nil {
		return partnership.Indicator{}, err
	}
	i, err := partnership.NewIndicator(name, target, current)
	if err != nil {
		return i, err
	}
	i.ActionID = actionID
	now := s.cfg.Now()
	err = s.st.AddIndicator(ctx, t, &i, entry(a, journal.Create, "Plan d'action : indicateur « "+i.Name+" » de l'action n° "+strconv.FormatInt(actionID, 10), now), now)
	return i, err
}

// SetIndicator records the value an indicator reached.
func (s *Service) SetIndicator(ctx context.Context, a *account.Actor, actionID, indicatorID int64, value string) error {
	t, err := pilot(a)
	if err != nil {
		return err
	}
	if err := s.ownAction(ctx, t, actionID); err != nil {
		return err
	}
	n, err := partnership.ParseCurrent(value)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	return s.st.SetIndicator(ctx, t, actionID, indicatorID, n, entry(a, journal.Update, "Plan d'action : indicateur n° "+strconv.FormatInt(indicatorID, 10)+" à "+strconv.Itoa(n), now), now)
}

// AddReview records an interim review of an action of the actor's
// territory; the action takes the review's status.
func (s *Service) AddReview(ctx context.Context, a *account.Actor, actionID int64, day, body, status string) (partnership.Review, error) {
	t, err := pilot(a)
	if err != nil {
		return partnership.Review{}, err
	}
	if err := s.ownAction(ctx, t, actionID); err != nil {
		return partnership.Review{}, err
	}
	v, err := partnership.NewReview(day, body, status, s.Today())
	if err != nil {
		return v, err
	}
	v.ActionID, v.Author = actionID, a.User.Name
	now := s.cfg.Now()
	err = s.st.AddReview(ctx, t, &v, entry(a, journal.Create, "Plan d'action : point d'étape de l'action n° "+strconv.FormatInt(actionID, 10), now), now)
	return v, err
}

// BilanPlan is the plan's progress a bilan shows: the territory's actions,
// or when structureID is not 0 those the structure leads or co-leads. The
// figures service calls it once it checked the reader's rights.
func (s *Service) BilanPlan(ctx context.Context, t scope.Territory, structureID int64) (*activitystats.ActionPlan, error) {
	r, intro := partnershipstore.OfTerritory(t), "Les actions du plan d'action du territoire."
	if structureID != 0 {
		r, intro = partnershipstore.OfParty(scope.OfStructure(structureID)), "Les actions du plan d'action du territoire que la structure pilote ou co-pilote."
	}
	actions, err := s.st.Actions(ctx, r)
	if err != nil {
		return nil, err
	}
	p := &activitystats.ActionPlan{Intro: intro}
	for _, c := range partnership.ProgressOf(actions).ByStatus {
		p.ByStatus = append(p.ByStatus, activitystats.Count{Key: c.Status, Label: c.Label, N: c.N})
	}
	for _, a := range actions {
		pa := activitystats.PlanAction{ID: a.ID, Title: a.Title, Status: a.StatusLabel(), Lead: a.LeadName, CoLeads: a.CoLeadNames()}
		for _, i := range a.Indicators {
			pa.Indicators = append(pa.Indicators, activitystats.PlanIndicator{Name: i.Name, Target: i.Target, Current: i.Current})
		}
		p.Actions = append(p.Actions, pa)
	}
	return p, nil
}
