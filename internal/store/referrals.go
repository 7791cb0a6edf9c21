package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/person"
	"github.com/parcours-numerique/parcours/internal/referral"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// SettingReferralSecret holds the key that signs referral links, made at first use.
const SettingReferralSecret = "referral_secret"

// ReferralSecret returns the signing key of referral links, creating it
// once (two servers starting together agree on the first one stored).
func (s *Store) ReferralSecret(ctx context.Context) ([]byte, error) {
	return s.Secret(ctx, SettingReferralSecret)
}

const referralSelect = `SELECT r.id, r.sender_structure_id, s.name, r.receiver_structure_id, r.receiver_place_id, r.receiver_name,
	r.person_id, r.evaluation_id, r.consent_id, r.person_name, r.contact_method, r.contact_value, r.service, r.available_from,
	r.reason, r.informed, r.state, r.refusal_reasons, r.comment, r.link_expires_at, r.created_by, COALESCE(u.name, ''),
	r.created_at, r.reminded_at, r.closed_at, r.updated_at
	FROM referrals r JOIN structures s ON s.id = r.sender_structure_id LEFT JOIN users u ON u.id = r.created_by`

func scanReferral(row interface{ Scan(...any) error }) (referral.Referral, error) {
	var r referral.Referral
	var recv, placeID, personID, evalID, consentID, by nullInt64
	var state, reasons string
	var link, reminded, closed sql.NullTime
	err := row.Scan(&r.ID, &r.SenderStructureID, &r.SenderName, &recv, &placeID, &r.ReceiverName,
		&personID, &evalID, &consentID, &r.PersonName, &r.ContactMethod, &r.ContactValue, &r.Service, &r.AvailableFrom,
		&r.Reason, &r.Informed, &state, &reasons, &r.Comment, &link, &by, &r.CreatorName,
		&r.CreatedAt, &reminded, &closed, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	r.ReceiverStructureID, r.ReceiverPlaceID, r.PersonID, r.EvaluationID, r.ConsentID, r.CreatedBy = recv.v(), placeID.v(), personID.v(), evalID.v(), consentID.v(), by.v()
	r.State, r.RefusalReasons = referral.State(state), SplitList(reasons)
	r.LinkExpiresAt, r.RemindedAt, r.ClosedAt = UTC(link), UTC(reminded), UTC(closed)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, nil
}

func insertReferralEvent(ctx context.Context, db Execer, id int64, kind string, userID int64, who, detail string, now time.Time) error {
	_, err := db.ExecContext(ctx, "INSERT INTO referral_events (referral_id, at, kind, user_id, who, detail) VALUES ($1, $2, $3, $4, $5, $6)",
		id, DBTime(now), kind, NullInt(userID), who, detail)
	return err
}

// Mailer builds the messages about a referral once it is saved (its id is
// in the signed link); they are recorded in the same transaction.
type Mailer func(referral.Referral) ([]notify.Message, error)

// NewReferral is what CreateReferral saves in one transaction.
type NewReferral struct {
	Referral *referral.Referral
	// Consent is a sharing consent collected with the referral, or nil when
	// an active one exists; ConsentJournal journals it.
	Consent        *person.Consent
	ConsentJournal journal.Entry
	Who            string        // the sender, in the referral's history
	Journal        journal.Entry // the person's journal
	Mail           Mailer        // nil: nothing to send
}

// CreateReferral saves a validated referral sent by the scope's structure,
// the sharing consent given with it, its history's first line, the journal
// lines and the messages to the receiver, in one transaction. The person,
// when given, must be a current person of the sender.
func (s *Store) CreateReferral(ctx context.Context, sc scope.Structure, in NewReferral, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	r := in.Referral
	r.SenderStructureID = sid
	return s.Write(ctx, func(tx *sql.Tx) error {
		if r.PersonID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
				r.PersonID, sid).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.NotFoundError()
			}
		}
		if r.ReceiverStructureID == sid {
			return apperr.New(apperr.Invalid, "Une structure ne s'oriente pas une personne à elle-même : choisissez une autre structure.")
		}
		if in.Consent != nil {
			in.Consent.PersonID, in.Consent.StructureID = r.PersonID, sid
			if err := insertConsent(ctx, tx, in.Consent, now); err != nil {
				return err
			}
			r.ConsentID = in.Consent.ID
			j := in.ConsentJournal
			j.StructureID, j.PersonID = sid, r.PersonID
			if err := InsertJournal(ctx, tx, j, now); err != nil {
				return err
			}
		}
		r.State = referral.Open
		if err := tx.QueryRowContext(ctx, `INSERT INTO referrals (sender_structure_id, receiver_structure_id, receiver_place_id, receiver_name,
			person_id, evaluation_id, consent_id, person_name, contact_method, contact_value, service, available_from, reason, informed,
			state, link_expires_at, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'ouverte', $15, $16, $17, $17) RETURNING id`,
			sid, NullInt(r.ReceiverStructureID), NullInt(r.ReceiverPlaceID), r.ReceiverName,
			NullInt(r.PersonID), NullInt(r.EvaluationID), NullInt(r.ConsentID), r.PersonName, r.ContactMethod, r.ContactValue,
			r.Service, r.AvailableFrom, r.Reason, r.Informed, DBTime(r.LinkExpiresAt), NullInt(r.CreatedBy), DBTime(now)).Scan(&r.ID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT name FROM structures WHERE id = $1", sid).Scan(&r.SenderName); err != nil {
			return err
		}
		r.CreatedAt = now.UTC().Truncate(time.Microsecond)
		r.UpdatedAt = r.CreatedAt
		if err := insertReferralEvent(ctx, tx, r.ID, "creation", r.CreatedBy, in.Who, "Orientation vers "+r.ReceiverName, now); err != nil {
			return err
		}
		if err := mail(ctx, tx, in.Mail, *r, now); err != nil {
			return err
		}
		if r.PersonID == 0 {
			return nil
		}
		j := in.Journal
		j.StructureID, j.PersonID = sid, r.PersonID
		return InsertJournal(ctx, tx, j, now)
	})
}

// mail records the messages a Mailer builds for r.
func mail(ctx context.Context, tx *sql.Tx, m Mailer, r referral.Referral, now time.Time) error {
	if m == nil {
		return nil
	}
	msgs, err := m(r)
	if err != nil {
		return err
	}
	return InsertMessages(ctx, tx, msgs, now)
}

func (s *Store) referralEvents(ctx context.Context, db queryer, r *referral.Referral) error {
	rows, err := db.QueryContext(ctx, "SELECT at, kind, who, detail FROM referral_events WHERE referral_id = $1 ORDER BY id", r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e referral.Event
		if err := rows.Scan(&e.At, &e.Kind, &e.Who, &e.Detail); err != nil {
			return err
		}
		e.At = e.At.UTC()
		r.Events = append(r.Events, e)
	}
	return rows.Err()
}

// queryer is a database or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (s *Store) referral(ctx context.Context, db queryer, where string, args ...any) (referral.Referral, error) {
	r, err := scanReferral(db.QueryRowContext(ctx, referralSelect+" WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	if err != nil {
		return r, err
	}
	return r, s.referralEvents(ctx, db, &r)
}

// Referral returns a referral the structure sent or received, with its history.
func (s *Store) Referral(ctx context.Context, sc scope.Structure, id int64) (referral.Referral, error) {
	sid, err := sc.ID()
	if err != nil {
		return referral.Referral{}, err
	}
	return s.referral(ctx, s.r, "r.id = $1 AND (r.sender_structure_id = $2 OR r.receiver_structure_id = $2)", id, sid)
}

// ReferralForLink returns a referral answered through a signed link (sent
// to a place without Parcours), for the public page the link opens.
func (s *Store) ReferralForLink(ctx context.Context, id int64) (referral.Referral, error) {
	return s.referral(ctx, s.r, "r.id = $1 AND r.receiver_structure_id IS NULL", id)
}

// Referral boxes.
const (
	BoxReceived = "recues"
	BoxSent     = "envoyees"
)

// ReferralFilter narrows ListReferrals.
type ReferralFilter struct {
	Box          string // BoxReceived, BoxSent; empty: both
	State        referral.State
	PersonID     int64     // sent about this person
	UpdatedSince time.Time // changed at or after
	// CreatedFrom and CreatedUntil, when set, keep the referrals created in
	// [CreatedFrom, CreatedUntil): the orientations a period's figures count.
	CreatedFrom, CreatedUntil time.Time
	RefusalReason             string // refused for this reason among others
	// DecisionDelay keeps the referrals decided after this delay
	// (referral.DecisionDelays): the rows of a bucket of the dashboard's
	// delays to a decision, told apart here as the figures tell them.
	DecisionDelay string
	// ByID lists by increasing id from AfterID (the API's cursor) instead
	// of newest first.
	ByID    bool
	AfterID int64
	Limit   int
}

// ListReferrals returns the referrals the structure sent or received,
// newest first (or by id).
func (s *Store) ListReferrals(ctx context.Context, sc scope.Structure, f ReferralFilter) ([]referral.Referral, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	where := "(r.sender_structure_id = $1 OR r.receiver_structure_id = $1)"
	switch f.Box {
	case BoxReceived:
		where = "r.receiver_structure_id = $1"
	case BoxSent:
		where = "r.sender_structure_id = $1"
	}
	args := []any{sid}
	arg := func(v any) string {
		args = append(args, v)
		return "$" + Itoa(len(args))
	}
	if f.State != "" {
		where += " AND r.state = " + arg(string(f.State))
	}
	if f.PersonID != 0 {
		where += " AND r.sender_structure_id = $1 AND r.person_id = " + arg(f.PersonID)
	}
	if !f.UpdatedSince.IsZero() {
		where += " AND r.updated_at >= " + arg(DBTime(f.UpdatedSince))
	}
	if f.RefusalReason != "" {
		where += " AND ('|' || r.refusal_reasons || '|') LIKE " + arg("%|"+EscapeLike(f.RefusalReason)+"|%") + " ESCAPE '\\'"
	}
	if !f.CreatedFrom.IsZero() {
		where += " AND r.created_at >= " + arg(DBTime(f.CreatedFrom))
	}
	if !f.CreatedUntil.IsZero() {
		where += " AND r.created_at < " + arg(DBTime(f.CreatedUntil))
	}
	order := " ORDER BY r.created_at DESC, r.id DESC"
	if f.ByID {
		where += " AND r.id > " + arg(f.AfterID)
		order = " ORDER BY r.id"
	}
	if f.DecisionDelay != "" {
		where += " AND r.state IN ('" + string(referral.Accepted) + "', '" + string(referral.Refused) + "') AND r.closed_at IS NOT NULL"
	}
	q := referralSelect + " WHERE " + where + order
	if f.Limit > 0 && f.DecisionDelay == "" {
		q += " LIMIT " + Itoa(f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []referral.Referral
	for rows.Next() {
		r, err := scanReferral(rows)
		if err != nil {
			return nil, err
		}
		if f.DecisionDelay != "" && r.DecisionDelay() != f.DecisionDelay {
			continue
		}
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideReferral records the answer of the scope's structure to a referral
// it received. An answer after 30 days, or to a referral already closed, is
// refused.
func (s *Store) DecideReferral(ctx context.Context, sc scope.Structure, id int64, d referral.Decision, userID int64, who string, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.decide(ctx, "id = $1 AND receiver_structure_id = $2", []any{id, sid}, sid, id, d, userID, who, now)
}

// DecideReferralByLink records the answer given through a signed link by a
// place without Parcours.
func (s *Store) DecideReferralByLink(ctx context.Context, id int64, d referral.Decision, who string, now time.Time) error {
	return s.decide(ctx, "id = $1 AND receiver_structure_id IS NULL", []any{id}, 0, id, d, 0, who, now)
}

func (s *Store) decide(ctx context.Context, where string, args []any, receiverID, id int64, d referral.Decision, userID int64, who string, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		var state string
		var created time.Time
		var sender int64
		var personID nullInt64
		err := tx.QueryRowContext(ctx, "SELECT state, created_at, sender_structure_id, person_id FROM referrals WHERE "+where, args...).Scan(&state, &created, &sender, &personID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		if referral.State(state) != referral.Open {
			return apperr.New(apperr.Conflict, "Cette orientation a déjà une réponse : elle est "+referralStateWord(state)+".")
		}
		if !now.Before(created.Add(referral.ExpireAfter)) {
			return apperr.New(apperr.Conflict, "Cette orientation a expiré : elle est restée plus de 30 jours sans réponse.")
		}
		newState, detail := referral.Accepted, "Orientation validée"
		if !d.Accept {
			newState, detail = referral.Refused, "Orientation refusée"
		}
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET state = $2, refusal_reasons = $3, comment = $4, closed_at = $5, decided_by = $6, updated_at = $5
			WHERE id = $1 AND state = 'ouverte'`, id, string(newState), JoinList(d.Reasons), d.Comment, DBTime(now), NullInt(userID)); err != nil {
			return err
		}
		if d.Comment != "" {
			detail += " : " + d.Comment
		}
		if err := insertReferralEvent(ctx, tx, id, string(newState), userID, who, detail, now); err != nil {
			return err
		}
		if personID.v() == 0 {
			return nil
		}
		// The answer is written in the person's file: the sender's journal says so.
		return InsertJournal(ctx, tx, journal.Entry{StructureID: sender, ActorStructureID: receiverID, UserID: userID, Who: who,
			PersonID: personID.v(), Action: journal.Update, What: "Orientation n° " + Itoa(int(id)) + " : réponse « " + referralStateWord(string(newState)) + " »"}, now)
	})
}

func referralStateWord(state string) string {
	switch referral.State(state) {
	case referral.Accepted:
		return "validée"
	case referral.Refused:
		return "refusée"
	case referral.Expired:
		return "expirée"
	}
	return state
}

// Reminder is what a reminder does to a referral answered through a signed
// link: a new link when NewLink is set (its history line says LinkDetail),
// and the messages to record.
type Reminder struct {
	NewLink    time.Time
	LinkDetail string
	Messages   []notify.Message
}

// ReferralChores expires the referrals open for 30 days and reminds the
// receivers of those open for 10, once each, in one transaction: running it
// twice changes nothing more. For each reminded referral answered through a
// signed link, remind says what else to do. It is the platform's job: it
// reads every structure's referrals.
func (s *Store) ReferralChores(ctx context.Context, now time.Time, remind func(referral.Referral) (Reminder, error)) (reminded, expired int, err error) {
	err = s.Write(ctx, func(tx *sql.Tx) error {
		collect := func(q string, args ...any) ([]int64, error) {
			rows, err := tx.QueryContext(ctx, q, args...)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
			return ids, rows.Err()
		}
		exp, err := collect("UPDATE referrals SET state = 'expiree', closed_at = $1, updated_at = $1 WHERE state = 'ouverte' AND created_at <= $2 RETURNING id",
			DBTime(now), DBTime(now.Add(-referral.ExpireAfter)))
		if err != nil {
			return err
		}
		for _, id := range exp {
			if err := insertReferralEvent(ctx, tx, id, string(referral.Expired), 0, "Parcours", "Sans réponse depuis 30 jours : orientation expirée", now); err != nil {
				return err
			}
		}
		rem, err := collect("UPDATE referrals SET reminded_at = $1, updated_at = $1 WHERE state = 'ouverte' AND reminded_at IS NULL AND created_at <= $2 RETURNING id",
			DBTime(now), DBTime(now.Add(-referral.RemindAfter)))
		if err != nil {
			return err
		}
		for _, id := range rem {
			if err := insertReferralEvent(ctx, tx, id, "rappel", 0, "Parcours", "Sans réponse depuis 10 jours : rappel à la structure qui reçoit", now); err != nil {
				return err
			}
			r, err := s.referral(ctx, tx, "r.id = $1", id)
			if err != nil {
				return err
			}
			if !r.ViaLink() || remind == nil {
				continue // a structure using Parcours sees the reminder in its inbox
			}
			plan, err := remind(r)
			if err != nil {
				return err
			}
			if !plan.NewLink.IsZero() {
				if err := setLink(ctx, tx, id, plan.NewLink, 0, "Parcours", plan.LinkDetail, now); err != nil {
					return err
				}
			}
			if err := InsertMessages(ctx, tx, plan.Messages, now); err != nil {
				return err
			}
		}
		reminded, expired = len(rem), len(exp)
		return nil
	})
	return reminded, expired, err
}

func setLink(ctx context.Context, tx *sql.Tx, id int64, expires time.Time, userID int64, who, detail string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, "UPDATE referrals SET link_expires_at = $2, updated_at = $3 WHERE id = $1", id, DBTime(expires), DBTime(now)); err != nil {
		return err
	}
	return insertReferralEvent(ctx, tx, id, "lien", userID, who, detail, now)
}

// RenewReferralLink gives an open referral the scope's structure sent to a
// place without Parcours a new signed link's expiry, with its history line
// and the messages m builds, in one transaction; it returns the referral.
func (s *Store) RenewReferralLink(ctx context.Context, sc scope.Structure, id int64, expires time.Time, userID int64, who, detail string, m Mailer, now time.Time) (referral.Referral, error) {
	sid, err := sc.ID()
	if err != nil {
		return referral.Referral{}, err
	}
	var r referral.Referral
	err = s.Write(ctx, func(tx *sql.Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, "SELECT 1 FROM referrals WHERE id = $1 AND sender_structure_id = $2 AND receiver_structure_id IS NULL AND state = 'ouverte'", id, sid).Scan(&one); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return apperr.NotFoundError()
			}
			return err
		}
		if err := setLink(ctx, tx, id, expires, userID, who, detail, now); err != nil {
			return err
		}
		if r, err = s.referral(ctx, tx, "r.id = $1", id); err != nil {
			return err
		}
		return mail(ctx, tx, m, r, now)
	})
	return r, err
}
