package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/referral"
)

// SettingReferralSecret holds the key that signs referral links, made at first use.
const SettingReferralSecret = "referral_secret"

// ReferralSecret returns the signing key of referral links, creating it
// once (two servers starting together agree on the first one stored).
func (s *Store) ReferralSecret(ctx context.Context) ([]byte, error) {
	return s.secret(ctx, SettingReferralSecret)
}

const referralSelect = `SELECT r.id, r.sender_structure_id, s.name, r.receiver_structure_id, r.receiver_place_id, r.receiver_name,
	r.person_id, r.evaluation_id, r.consent_id, r.person_name, r.contact_method, r.contact_value, r.service, r.available_from,
	r.reason, r.informed, r.state, r.refusal_reasons, r.comment, r.link_expires_at, r.created_by, COALESCE(u.name, ''),
	r.created_at, r.reminded_at, r.closed_at
	FROM referrals r JOIN structures s ON s.id = r.sender_structure_id LEFT JOIN users u ON u.id = r.created_by`

func scanReferral(row interface{ Scan(...any) error }) (referral.Referral, error) {
	var r referral.Referral
	var recv, placeID, personID, evalID, consentID, by nullInt64
	var state, reasons string
	var link, reminded, closed sql.NullTime
	err := row.Scan(&r.ID, &r.SenderStructureID, &r.SenderName, &recv, &placeID, &r.ReceiverName,
		&personID, &evalID, &consentID, &r.PersonName, &r.ContactMethod, &r.ContactValue, &r.Service, &r.AvailableFrom,
		&r.Reason, &r.Informed, &state, &reasons, &r.Comment, &link, &by, &r.CreatorName,
		&r.CreatedAt, &reminded, &closed)
	if err != nil {
		return r, err
	}
	r.ReceiverStructureID, r.ReceiverPlaceID, r.PersonID, r.EvaluationID, r.ConsentID, r.CreatedBy = recv.v(), placeID.v(), personID.v(), evalID.v(), consentID.v(), by.v()
	r.State, r.RefusalReasons = referral.State(state), splitList(reasons)
	r.LinkExpiresAt, r.RemindedAt, r.ClosedAt, r.CreatedAt = utc(link), utc(reminded), utc(closed), r.CreatedAt.UTC()
	return r, nil
}

func insertReferralEvent(ctx context.Context, db execer, id int64, kind string, userID int64, who, detail string, now time.Time) error {
	_, err := db.ExecContext(ctx, "INSERT INTO referral_events (referral_id, at, kind, user_id, who, detail) VALUES ($1, $2, $3, $4, $5, $6)",
		id, ts(now), kind, nullInt(userID), who, detail)
	return err
}

// CreateReferral saves a validated referral and logs its creation; the
// person, when given, must belong to the sender's structure.
func (s *Store) CreateReferral(ctx context.Context, r *referral.Referral, who string, j journal.Entry, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if r.PersonID != 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM persons WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL",
				r.PersonID, r.SenderStructureID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.NotFoundError()
			}
		}
		if r.ReceiverStructureID == r.SenderStructureID {
			return apperr.New(apperr.Invalid, "Une structure ne s'oriente pas une personne à elle-même : choisissez une autre structure.")
		}
		r.State = referral.Open
		if err := tx.QueryRowContext(ctx, `INSERT INTO referrals (sender_structure_id, receiver_structure_id, receiver_place_id, receiver_name,
			person_id, evaluation_id, consent_id, person_name, contact_method, contact_value, service, available_from, reason, informed,
			state, link_expires_at, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'ouverte', $15, $16, $17) RETURNING id`,
			r.SenderStructureID, nullInt(r.ReceiverStructureID), nullInt(r.ReceiverPlaceID), r.ReceiverName,
			nullInt(r.PersonID), nullInt(r.EvaluationID), nullInt(r.ConsentID), r.PersonName, r.ContactMethod, r.ContactValue,
			r.Service, r.AvailableFrom, r.Reason, r.Informed, ts(r.LinkExpiresAt), nullInt(r.CreatedBy), ts(now)).Scan(&r.ID); err != nil {
			return err
		}
		r.CreatedAt = now.UTC().Truncate(time.Microsecond)
		if err := insertReferralEvent(ctx, tx, r.ID, "creation", r.CreatedBy, who, "Orientation vers "+r.ReceiverName, now); err != nil {
			return err
		}
		if r.PersonID != 0 {
			j.StructureID, j.PersonID = r.SenderStructureID, r.PersonID
			return insertJournal(ctx, tx, j, now)
		}
		return nil
	})
}

func (s *Store) referralEvents(ctx context.Context, r *referral.Referral) error {
	rows, err := s.r.QueryContext(ctx, "SELECT at, kind, who, detail FROM referral_events WHERE referral_id = $1 ORDER BY id", r.ID)
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

// Referral returns a referral the structure sent or received, with its history.
func (s *Store) Referral(ctx context.Context, structureID, id int64) (referral.Referral, error) {
	r, err := scanReferral(s.r.QueryRowContext(ctx, referralSelect+" WHERE r.id = $1 AND (r.sender_structure_id = $2 OR r.receiver_structure_id = $2)", id, structureID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	if err != nil {
		return r, err
	}
	return r, s.referralEvents(ctx, &r)
}

// ReferralForLink returns a referral answered through a signed link.
func (s *Store) ReferralForLink(ctx context.Context, id int64) (referral.Referral, error) {
	r, err := scanReferral(s.r.QueryRowContext(ctx, referralSelect+" WHERE r.id = $1 AND r.receiver_structure_id IS NULL", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.NotFoundError()
	}
	if err != nil {
		return r, err
	}
	return r, s.referralEvents(ctx, &r)
}

// ReferralFilter narrows ListReferrals.
type ReferralFilter struct {
	Box      string // "recues" (received), "envoyees" (sent); empty: both
	State    referral.State
	PersonID int64 // sent about this person
	Limit    int
}

// ListReferrals returns the structure's referrals, newest first.
func (s *Store) ListReferrals(ctx context.Context, structureID int64, f ReferralFilter) ([]referral.Referral, error) {
	where := "(r.sender_structure_id = $1 OR r.receiver_structure_id = $1)"
	switch f.Box {
	case "recues":
		where = "r.receiver_structure_id = $1"
	case "envoyees":
		where = "r.sender_structure_id = $1"
	}
	args := []any{structureID}
	if f.State != "" {
		args = append(args, string(f.State))
		where += " AND r.state = $" + itoa(len(args))
	}
	if f.PersonID != 0 {
		args = append(args, f.PersonID)
		where += " AND r.sender_structure_id = $1 AND r.person_id = $" + itoa(len(args))
	}
	q := referralSelect + " WHERE " + where + " ORDER BY r.created_at DESC, r.id DESC"
	if f.Limit > 0 {
		q += " LIMIT " + itoa(f.Limit)
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
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideReferral records the receiver's answer. receiverID is the deciding
// structure, 0 for an answer through a signed link. An answer after 30
// days, or to a referral already closed, is refused.
func (s *Store) DecideReferral(ctx context.Context, receiverID, id int64, d referral.Decision, userID int64, who string, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var state string
		var created time.Time
		var sender int64
		var personID nullInt64
		q := "SELECT state, created_at, sender_structure_id, person_id FROM referrals WHERE id = $1 AND receiver_structure_id = $2"
		args := []any{id, receiverID}
		if receiverID == 0 {
			q, args = "SELECT state, created_at, sender_structure_id, person_id FROM referrals WHERE id = $1 AND receiver_structure_id IS NULL", []any{id}
		}
		err := tx.QueryRowContext(ctx, q, args...).Scan(&state, &created, &sender, &personID)
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
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET state = $2, refusal_reasons = $3, comment = $4, closed_at = $5, decided_by = $6
			WHERE id = $1 AND state = 'ouverte'`, id, string(newState), joinList(d.Reasons), d.Comment, ts(now), nullInt(userID)); err != nil {
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
		return insertJournal(ctx, tx, journal.Entry{StructureID: sender, ActorStructureID: receiverID, UserID: userID, Who: who,
			PersonID: personID.v(), Action: journal.Update, What: "Orientation n° " + itoa(int(id)) + " : réponse « " + referralStateWord(string(newState)) + " »"}, now)
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

// ReferralChores reminds the receivers of referrals open for 10 days and
// expires those open for 30. Each referral is reminded and expired once:
// running it twice changes nothing more.
func (s *Store) ReferralChores(ctx context.Context, now time.Time) (reminded []int64, expired int, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
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
		exp, err := collect("UPDATE referrals SET state = 'expiree', closed_at = $1 WHERE state = 'ouverte' AND created_at <= $2 RETURNING id",
			ts(now), ts(now.Add(-referral.ExpireAfter)))
		if err != nil {
			return err
		}
		for _, id := range exp {
			if err := insertReferralEvent(ctx, tx, id, string(referral.Expired), 0, "Parcours", "Sans réponse depuis 30 jours : orientation expirée", now); err != nil {
				return err
			}
		}
		rem, err := collect("UPDATE referrals SET reminded_at = $1 WHERE state = 'ouverte' AND reminded_at IS NULL AND created_at <= $2 RETURNING id",
			ts(now), ts(now.Add(-referral.RemindAfter)))
		if err != nil {
			return err
		}
		for _, id := range rem {
			if err := insertReferralEvent(ctx, tx, id, "rappel", 0, "Parcours", "Sans réponse depuis 10 jours : rappel à la structure qui reçoit", now); err != nil {
				return err
			}
		}
		reminded, expired = rem, len(exp)
		return nil
	})
	return reminded, expired, err
}

// LogReferralEvent adds a line to a referral's history (a signed link read, a new link).
func (s *Store) LogReferralEvent(ctx context.Context, id int64, kind string, userID int64, who, detail string, now time.Time) error {
	return insertReferralEvent(ctx, s.w, id, kind, userID, who, detail, now)
}

// SetReferralLink records a new signed link's expiry.
func (s *Store) SetReferralLink(ctx context.Context, senderID, id int64, expires time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE referrals SET link_expires_at = $3 WHERE id = $1 AND sender_structure_id = $2 AND receiver_structure_id IS NULL AND state = 'ouverte'",
		id, senderID, ts(expires))
	if err != nil {
		return err
	}
	return expectOne(res)
}
