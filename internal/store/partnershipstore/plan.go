package partnershipstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/partnership"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// actionWhere is the condition of the actions a reach sees: the
// territory's, or those the structure leads or co-leads.
func (r Reach) actionWhere(n int) (string, []any, error) {
	if r.party.Valid() {
		sid, err := r.party.ID()
		if err != nil {
			return "", nil, err
		}
		return "(a.lead_structure_id = " + arg(n) + " OR EXISTS (SELECT 1 FROM plan_action_coleads c WHERE c.action_id = a.id AND c.structure_id = " + arg(n) + "))", []any{sid}, nil
	}
	id, all, err := r.territory.ID()
	if err != nil {
		return "", nil, err
	}
	if all {
		return "TRUE", nil, nil
	}
	return "a.territory_id = " + arg(n), []any{id}, nil
}

// CreateProposal records a proposal of the territory; its questionnaire,
// when named, is one of the territory's structures'.
func (s *Store) CreateProposal(ctx context.Context, t scope.Territory, p *partnership.Proposal, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if p.QuestionnaireID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM questionnaires q JOIN structures s ON s.id = q.structure_id
				WHERE q.id = $1 AND s.territory_id = $2`, p.QuestionnaireID, tid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Field("questionnaire", "Choisissez un questionnaire du diagnostic du territoire.")
			}
		}
		if err := tx.QueryRowContext(ctx, "INSERT INTO plan_proposals (territory_id, body, origin, questionnaire_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			tid, p.Body, p.Origin, store.NullInt(p.QuestionnaireID), store.DBTime(now)).Scan(&p.ID); err != nil {
			return err
		}
		p.TerritoryID = tid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Proposals lists the territory's proposals, oldest first, each with its
// actions (a structure's reach sees only the proposals of its actions).
func (s *Store) Proposals(ctx context.Context, r Reach) ([]partnership.Proposal, error) {
	return s.proposals(ctx, r, 0)
}

// Proposal returns one proposal with its actions.
func (s *Store) Proposal(ctx context.Context, r Reach, id int64) (partnership.Proposal, error) {
	list, err := s.proposals(ctx, r, id)
	if err != nil {
		return partnership.Proposal{}, err
	}
	if len(list) == 0 {
		return partnership.Proposal{}, apperr.NotFoundError()
	}
	return list[0], nil
}

func (s *Store) proposals(ctx context.Context, r Reach, id int64) ([]partnership.Proposal, error) {
	actions, err := s.actions(ctx, r, 0, false)
	if err != nil {
		return nil, err
	}
	var cond string
	var args []any
	if r.party.Valid() {
		cond = "FALSE"
		for _, a := range actions {
			cond += " OR p.id = " + arg(len(args)+1)
			args = append(args, a.ProposalID)
		}
	} else {
		tid, err := territoryID(r.territory)
		if err != nil {
			return nil, err
		}
		cond, args = "p.territory_id = $1", []any{tid}
	}
	q := `SELECT p.id, p.territory_id, p.body, p.origin, COALESCE(p.questionnaire_id, 0), COALESCE(q.title, ''), p.created_at
		FROM plan_proposals p LEFT JOIN questionnaires q ON q.id = p.questionnaire_id WHERE (` + cond + ")"
	if id != 0 {
		q += " AND p.id = " + arg(len(args)+1)
		args = append(args, id)
	}
	rows, err := s.Reader().QueryContext(ctx, q+" ORDER BY p.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []partnership.Proposal
	for rows.Next() {
		var p partnership.Proposal
		if err := rows.Scan(&p.ID, &p.TerritoryID, &p.Body, &p.Origin, &p.QuestionnaireID, &p.Questionnaire, &p.CreatedAt); err != nil {
			return nil, err
		}
		for _, a := range actions {
			if a.ProposalID == p.ID {
				p.Actions = append(p.Actions, a)
			}
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreateAction records an action drawn from a proposal of the territory,
// its lead and co-leads among the territory's structures.
func (s *Store) CreateAction(ctx context.Context, t scope.Territory, a *partnership.Action, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM plan_proposals WHERE id = $1 AND territory_id = $2", a.ProposalID, tid).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		if err := checkStructures(ctx, tx, tid, []int64{a.LeadID}, "pilote", "Choisissez une structure du territoire."); err != nil {
			return err
		}
		ids := make([]int64, len(a.CoLeads))
		for i, c := range a.CoLeads {
			ids[i] = c.StructureID
		}
		if err := checkStructures(ctx, tx, tid, ids, "copilotes", "Choisissez des structures du territoire."); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_actions (territory_id, proposal_id, title, description, lead_structure_id, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, tid, a.ProposalID, a.Title, a.Description, a.LeadID, a.Status, store.DBTime(now)).Scan(&a.ID); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, "INSERT INTO plan_action_coleads (action_id, structure_id) VALUES ($1, $2)", a.ID, id); err != nil {
				return err
			}
		}
		a.TerritoryID = tid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Actions lists the actions the reach sees, with their co-leads and
// indicators.
func (s *Store) Actions(ctx context.Context, r Reach) ([]partnership.Action, error) {
	return s.actions(ctx, r, 0, false)
}

// Action returns one action the reach sees, with its reviews.
func (s *Store) Action(ctx context.Context, r Reach, id int64) (partnership.Action, error) {
	list, err := s.actions(ctx, r, id, true)
	if err != nil {
		return partnership.Action{}, err
	}
	if len(list) == 0 {
		return partnership.Action{}, apperr.NotFoundError()
	}
	return list[0], nil
}

func (s *Store) actions(ctx context.Context, r Reach, id int64, reviews bool) ([]partnership.Action, error) {
	cond, args, err := r.actionWhere(1)
	if err != nil {
		return nil, err
	}
	if id != 0 {
		cond += " AND a.id = " + arg(len(args)+1)
		args = append(args, id)
	}
	rows, err := s.Reader().QueryContext(ctx, `SELECT a.id, a.territory_id, a.proposal_id, a.title, a.description, a.lead_structure_id, s.name, a.status, a.created_at, a.updated_at
		FROM plan_actions a JOIN structures s ON s.id = a.lead_structure_id WHERE `+cond+" ORDER BY a.proposal_id, a.id", args...)
	if err != nil {
		return nil, err
	}
	var out []partnership.Action
	index := map[int64]int{}
	for rows.Next() {
		var a partnership.Action
		if err := rows.Scan(&a.ID, &a.TerritoryID, &a.ProposalID, &a.Title, &a.Description, &a.LeadID, &a.LeadName, &a.Status, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		index[a.ID] = len(out)
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	err = s.each(ctx, `SELECT c.action_id, c.structure_id, s.name FROM plan_action_coleads c JOIN structures s ON s.id = c.structure_id
		JOIN plan_actions a ON a.id = c.action_id WHERE `+cond+" ORDER BY s.name, s.id", args, func(rows *sql.Rows) error {
		var aid int64
		var p partnership.Party
		if err := rows.Scan(&aid, &p.StructureID, &p.Name); err != nil {
			return err
		}
		out[index[aid]].CoLeads = append(out[index[aid]].CoLeads, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, `SELECT i.id, i.action_id, i.name, i.target, i.current_value FROM plan_indicators i
		JOIN plan_actions a ON a.id = i.action_id WHERE `+cond+" ORDER BY i.id", args, func(rows *sql.Rows) error {
		var i partnership.Indicator
		if err := rows.Scan(&i.ID, &i.ActionID, &i.Name, &i.Target, &i.Current); err != nil {
			return err
		}
		out[index[i.ActionID]].Indicators = append(out[index[i.ActionID]].Indicators, i)
		return nil
	})
	if err != nil || !reviews {
		return out, err
	}
	err = s.each(ctx, `SELECT v.id, v.action_id, v.reviewed_on, v.body, v.status_before, v.status_after, v.author FROM plan_reviews v
		JOIN plan_actions a ON a.id = v.action_id WHERE `+cond+" ORDER BY v.reviewed_on DESC, v.id DESC", args, func(rows *sql.Rows) error {
		var v partnership.Review
		if err := rows.Scan(&v.ID, &v.ActionID, &v.On, &v.Body, &v.StatusBefore, &v.StatusAfter, &v.Author); err != nil {
			return err
		}
		out[index[v.ActionID]].Reviews = append(out[index[v.ActionID]].Reviews, v)
		return nil
	})
	return out, err
}

func (s *Store) each(ctx context.Context, q string, args []any, fn func(*sql.Rows) error) error {
	rows, err := s.Reader().QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// actionInTerritory answers not found unless the action is the territory's.
func actionInTerritory(ctx context.Context, tx *sql.Tx, tid, id int64) (status string, err error) {
	err = tx.QueryRowContext(ctx, "SELECT status FROM plan_actions WHERE id = $1 AND territory_id = $2", id, tid).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.NotFoundError()
	}
	return status, err
}

// AddIndicator adds an indicator to an action of the territory.
func (s *Store) AddIndicator(ctx context.Context, t scope.Territory, i *partnership.Indicator, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := actionInTerritory(ctx, tx, tid, i.ActionID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "INSERT INTO plan_indicators (action_id, name, target, current_value, updated_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			i.ActionID, i.Name, i.Target, i.Current, store.DBTime(now)).Scan(&i.ID); err != nil {
			return err
		}
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// SetIndicator records the value an indicator of the territory reached.
func (s *Store) SetIndicator(ctx context.Context, t scope.Territory, actionID, id int64, current int, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := actionInTerritory(ctx, tx, tid, actionID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE plan_indicators SET current_value = $3, updated_at = $4 WHERE id = $1 AND action_id = $2", id, actionID, current, store.DBTime(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = apperr.NotFoundError()
			}
			return err
		}
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// AddReview records an interim review of an action of the territory and
// moves the action to the review's status, in one transaction.
func (s *Store) AddReview(ctx context.Context, t scope.Territory, v *partnership.Review, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		before, err := actionInTerritory(ctx, tx, tid, v.ActionID)
		if err != nil {
			return err
		}
		v.StatusBefore = before
		if err := tx.QueryRowContext(ctx, `INSERT INTO plan_reviews (action_id, reviewed_on, body, status_before, status_after, author, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, v.ActionID, v.On, v.Body, v.StatusBefore, v.StatusAfter, v.Author, store.DBTime(now)).Scan(&v.ID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE plan_actions SET status = $2, updated_at = $3 WHERE id = $1", v.ActionID, v.StatusAfter, store.DBTime(now)); err != nil {
			return err
		}
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Questionnaire is a questionnaire of the diagnostic a proposal may come from.
type Questionnaire struct {
	ID        int64
	Title     string
	Structure string
}

// Questionnaires lists the questionnaires of the territory's structures.
func (s *Store) Questionnaires(ctx context.Context, t scope.Territory) ([]Questionnaire, error) {
	tid, err := territoryID(t)
	if err != nil {
		return nil, err
	}
	var out []Questionnaire
	err = s.each(ctx, `SELECT q.id, q.title, s.name FROM questionnaires q JOIN structures s ON s.id = q.structure_id
		WHERE s.territory_id = $1 ORDER BY q.title, q.id`, []any{tid}, func(rows *sql.Rows) error {
		var q Questionnaire
		if err := rows.Scan(&q.ID, &q.Title, &q.Structure); err != nil {
			return err
		}
		out = append(out, q)
		return nil
	})
	return out, err
}
