package networkstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/network"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// oneTerritory is the territory a scope names; the whole platform is not a
// territory with a network, and is refused.
func oneTerritory(t scope.Territory) (int64, error) {
	id, all, err := t.ID()
	switch {
	case err != nil:
		return 0, err
	case all:
		return 0, apperr.New(apperr.Conflict, "Le réseau est celui d'un territoire : choisissez-en un.")
	}
	return id, nil
}

// CreateNews posts a news item of the scope's network.
func (s *Store) CreateNews(ctx context.Context, t scope.Territory, n *network.News, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	n.TerritoryID, n.CreatedAt = tid, now.UTC().Truncate(time.Microsecond)
	return s.Writer().QueryRowContext(ctx, "INSERT INTO network_news (territory_id, title, body, author, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
		tid, n.Title, n.Body, n.Author, store.DBTime(now)).Scan(&n.ID)
}

// ListNews returns the scope's news posted since the instant, newest first.
func (s *Store) ListNews(ctx context.Context, t scope.Territory, since time.Time) ([]network.News, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return nil, err
	}
	rows, err := s.Reader().QueryContext(ctx, "SELECT id, territory_id, title, body, author, created_at FROM network_news WHERE territory_id = $1 AND created_at >= $2 ORDER BY created_at DESC, id DESC",
		tid, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []network.News
	for rows.Next() {
		var n network.News
		if err := rows.Scan(&n.ID, &n.TerritoryID, &n.Title, &n.Body, &n.Author, &n.CreatedAt); err != nil {
			return nil, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out = append(out, n)
	}
	return out, rows.Err()
}

// CreateIssue records a draft letter of the scope's network.
func (s *Store) CreateIssue(ctx context.Context, t scope.Territory, is *network.Issue, now time.Time) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	sections, err := json.Marshal(is.Sections)
	if err != nil {
		return err
	}
	is.TerritoryID, is.Status, is.CreatedAt = tid, network.Draft, now.UTC().Truncate(time.Microsecond)
	return s.Writer().QueryRowContext(ctx, "INSERT INTO newsletter_issues (territory_id, title, intro, sections, status, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
		tid, is.Title, is.Intro, string(sections), network.Draft, store.DBTime(now)).Scan(&is.ID)
}

const issueSelect = `SELECT i.id, i.territory_id, t.name, i.title, i.intro, i.sections, i.status, i.recipients, i.created_at, i.sent_at
	FROM newsletter_issues i JOIN territories t ON t.id = i.territory_id`

func scanIssues(rows *sql.Rows) ([]network.Issue, error) {
	defer rows.Close()
	var out []network.Issue
	for rows.Next() {
		var is network.Issue
		var sections string
		var sent sql.NullTime
		if err := rows.Scan(&is.ID, &is.TerritoryID, &is.Territory, &is.Title, &is.Intro, &sections, &is.Status, &is.Recipients, &is.CreatedAt, &sent); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(sections), &is.Sections); err != nil {
			return nil, err
		}
		is.CreatedAt, is.SentAt = is.CreatedAt.UTC(), store.UTC(sent)
		out = append(out, is)
	}
	return out, rows.Err()
}

func (s *Store) oneIssue(ctx context.Context, where string, args ...any) (network.Issue, error) {
	rows, err := s.Reader().QueryContext(ctx, issueSelect+" WHERE "+where, args...)
	if err != nil {
		return network.Issue{}, err
	}
	list, err := scanIssues(rows)
	if err != nil {
		return network.Issue{}, err
	}
	if len(list) == 0 {
		return network.Issue{}, apperr.NotFoundError()
	}
	return list[0], nil
}

// Issue returns a letter of the scope's network, draft or sent.
func (s *Store) Issue(ctx context.Context, t scope.Territory, id int64) (network.Issue, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return network.Issue{}, err
	}
	return s.oneIssue(ctx, "i.id = $1 AND i.territory_id = $2", id, tid)
}

// ListIssues returns the scope's letters, drafts first, then the newest.
func (s *Store) ListIssues(ctx context.Context, t scope.Territory) ([]network.Issue, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return nil, err
	}
	rows, err := s.Reader().QueryContext(ctx, issueSelect+" WHERE i.territory_id = $1 ORDER BY CASE WHEN i.status = 'brouillon' THEN 0 ELSE 1 END, i.created_at DESC, i.id DESC", tid)
	if err != nil {
		return nil, err
	}
	return scanIssues(rows)
}

// LastIssueSentAt is when the scope's last letter went out (zero: never).
func (s *Store) LastIssueSentAt(ctx context.Context, t scope.Territory) (time.Time, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return time.Time{}, err
	}
	var at sql.NullTime
	err = s.Reader().QueryRowContext(ctx, "SELECT MAX(sent_at) FROM newsletter_issues WHERE territory_id = $1 AND status = 'envoyee'", tid).Scan(&at)
	return store.UTC(at), err
}

// SetIssueIntro changes the introduction of a draft of the scope's network;
// a sent letter is not changed.
func (s *Store) SetIssueIntro(ctx context.Context, t scope.Territory, id int64, intro string) error {
	tid, err := oneTerritory(t)
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, "UPDATE newsletter_issues SET intro = $1 WHERE id = $2 AND territory_id = $3 AND status = 'brouillon'", intro, id, tid)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return s.issueNotDraft(ctx, tid, id)
	}
	return nil
}

func (s *Store) issueNotDraft(ctx context.Context, tid, id int64) error {
	var status string
	err := s.Reader().QueryRowContext(ctx, "SELECT status FROM newsletter_issues WHERE id = $1 AND territory_id = $2", id, tid).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError()
	}
	if err != nil {
		return err
	}
	return apperr.New(apperr.Conflict, "Cette lettre est déjà envoyée : elle ne change plus.")
}

// SendIssue marks a draft of the scope's network as sent and queues, in
// the same transaction, one message per subscriber who has not left,
// written by letter; it returns how many were queued. A letter is sent once.
func (s *Store) SendIssue(ctx context.Context, t scope.Territory, id int64, letter func(network.Subscriber) notify.Message, now time.Time) (int, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE newsletter_issues SET status = 'envoyee', sent_at = $1 WHERE id = $2 AND territory_id = $3 AND status = 'brouillon'", store.DBTime(now), id, tid)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return s.issueNotDraft(ctx, tid, id)
		}
		subs, err := subscribers(ctx, tx, tid)
		if err != nil {
			return err
		}
		msgs := make([]notify.Message, len(subs))
		for i, sub := range subs {
			msgs[i] = letter(sub)
		}
		if err := store.InsertMessages(ctx, tx, msgs, now); err != nil {
			return err
		}
		n = len(msgs)
		_, err = tx.ExecContext(ctx, "UPDATE newsletter_issues SET recipients = $1 WHERE id = $2", n, id)
		return err
	})
	return n, err
}

// PublicIssues returns every sent letter, newest first: the public archive.
func (s *Store) PublicIssues(ctx context.Context, limit int) ([]network.Issue, error) {
	rows, err := s.Reader().QueryContext(ctx, issueSelect+" WHERE i.status = 'envoyee' ORDER BY i.sent_at DESC, i.id DESC LIMIT $1", limit)
	if err != nil {
		return nil, err
	}
	return scanIssues(rows)
}

// PublicIssue returns a sent letter; a draft is not found.
func (s *Store) PublicIssue(ctx context.Context, id int64) (network.Issue, error) {
	return s.oneIssue(ctx, "i.id = $1 AND i.status = 'envoyee'", id)
}

// AddSubscribers adds addresses to the scope's letter; an address already
// there, even one that left, is not added again. It returns how many were
// added. token makes each new address's unsubscribe token.
func (s *Store) AddSubscribers(ctx context.Context, t scope.Territory, emails []string, token func() string, now time.Time) (int, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return 0, err
	}
	added := 0
	err = s.Write(ctx, func(tx *sql.Tx) error {
		added = 0
		for _, e := range emails {
			res, err := tx.ExecContext(ctx, "INSERT INTO newsletter_subscribers (territory_id, email, token, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (territory_id, email) DO NOTHING",
				tid, e, token(), store.DBTime(now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		return nil
	})
	return added, err
}

func subscribers(ctx context.Context, db store.Querier, tid int64) ([]network.Subscriber, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, territory_id, email, token, created_at FROM newsletter_subscribers WHERE territory_id = $1 AND unsubscribed_at IS NULL ORDER BY email", tid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []network.Subscriber
	for rows.Next() {
		var sub network.Subscriber
		if err := rows.Scan(&sub.ID, &sub.TerritoryID, &sub.Email, &sub.Token, &sub.CreatedAt); err != nil {
			return nil, err
		}
		sub.CreatedAt = sub.CreatedAt.UTC()
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Subscribers returns the addresses that receive the scope's letter.
func (s *Store) Subscribers(ctx context.Context, t scope.Territory) ([]network.Subscriber, error) {
	tid, err := oneTerritory(t)
	if err != nil {
		return nil, err
	}
	return subscribers(ctx, s.Reader(), tid)
}

// SubscriberByToken returns the subscriber an unsubscribe link names.
func (s *Store) SubscriberByToken(ctx context.Context, token string) (network.Subscriber, error) {
	var sub network.Subscriber
	var left sql.NullTime
	err := s.Reader().QueryRowContext(ctx, "SELECT id, territory_id, email, token, created_at, unsubscribed_at FROM newsletter_subscribers WHERE token = $1", token).
		Scan(&sub.ID, &sub.TerritoryID, &sub.Email, &sub.Token, &sub.CreatedAt, &left)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, apperr.NotFoundError()
	}
	sub.CreatedAt, sub.UnsubscribedAt = sub.CreatedAt.UTC(), store.UTC(left)
	return sub, err
}

// Unsubscribe takes the link's address off its territory's letter and
// stops the letters queued for it; unsubscribing twice changes nothing.
func (s *Store) Unsubscribe(ctx context.Context, token string, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		var tid int64
		var email string
		err := tx.QueryRowContext(ctx, "SELECT territory_id, email FROM newsletter_subscribers WHERE token = $1", token).Scan(&tid, &email)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE newsletter_subscribers SET unsubscribed_at = $1 WHERE token = $2 AND unsubscribed_at IS NULL", store.DBTime(now), token); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE notifications SET status = 'arret' WHERE kind = $1 AND recipient = $2 AND status IN ('a_envoyer', 'boite')
			AND structure_id IN (SELECT id FROM structures WHERE territory_id = $3)`, string(notify.Newsletter), email, tid)
		return err
	})
}
