package store

// Messages to residents: the outbox with its idempotency keys,
// per-message claims so that two instances never send the same message,
// receipts, opt-outs, and the leases that keep periodic work to one
// instance at a time.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
)

// insertMessages records messages in the caller's transaction. A message
// whose key is already recorded is skipped: each is recorded once, whatever
// the retries or the instances. A message to someone who opted out is
// recorded as not sent, with its receipt.
func InsertMessages(ctx context.Context, tx *sql.Tx, msgs []notify.Message, now time.Time) error {
	for _, m := range msgs {
		var id int64
		var status string
		err := tx.QueryRowContext(ctx, `INSERT INTO notifications (structure_id, kind, channel, recipient, subject, body, ics, idempotency_key, status,
			appointment_id, registration_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
				CASE WHEN EXISTS (SELECT 1 FROM notification_optouts o WHERE o.structure_id = $1 AND o.contact = $4) THEN 'arret' ELSE 'a_envoyer' END,
				$9, $10, $11)
			ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, status`,
			m.StructureID, string(m.Kind), string(m.Channel), m.To, m.Subject, m.Body, m.ICS, m.Key,
			NullInt(m.AppointmentID), NullInt(m.RegistrationID), DBTime(now)).Scan(&id, &status)
		if errors.Is(err, sql.ErrNoRows) {
			continue // already recorded
		}
		if err != nil {
			return err
		}
		if status == notify.OptedOut {
			if err := insertReceipt(ctx, tx, id, notify.Receipt{Channel: m.Channel, Result: notify.OptedOut, Detail: "La personne a demandé à ne plus recevoir de messages."}, now); err != nil {
				return err
			}
		}
	}
	return nil
}

func insertReceipt(ctx context.Context, db Execer, id int64, r notify.Receipt, now time.Time) error {
	_, err := db.ExecContext(ctx, "INSERT INTO notification_receipts (notification_id, channel, result, detail, provider_id, at) VALUES ($1, $2, $3, $4, $5, $6)",
		id, string(r.Channel), r.Result, truncate(r.Detail, 500), truncate(r.ProviderID, 200), DBTime(now))
	return err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// EnqueueMessages records messages of the structure outside any other change.
func (s *Store) EnqueueMessages(ctx context.Context, sc scope.Structure, msgs []notify.Message, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	if len(msgs) == 0 {
		return nil
	}
	for i := range msgs {
		msgs[i].StructureID = sid
	}
	return s.Write(ctx, func(tx *sql.Tx) error { return InsertMessages(ctx, tx, msgs, now) })
}

const messageSelect = `SELECT id, structure_id, kind, channel, recipient, subject, body, ics, idempotency_key, status, attempts,
	COALESCE(appointment_id, 0), COALESCE(registration_id, 0), created_at, sent_at FROM notifications`

func scanMessage(row interface{ Scan(...any) error }) (notify.Message, error) {
	var m notify.Message
	var kind, channel string
	var sent sql.NullTime
	err := row.Scan(&m.ID, &m.StructureID, &kind, &channel, &m.To, &m.Subject, &m.Body, &m.ICS, &m.Key, &m.Status, &m.Attempts,
		&m.AppointmentID, &m.RegistrationID, &m.CreatedAt, &sent)
	m.Kind, m.Channel = notify.Kind(kind), notify.Channel(channel)
	m.CreatedAt, m.SentAt = m.CreatedAt.UTC(), UTC(sent)
	return m, err
}

// DeliverableMessages lists messages waiting for a sender, and those whose
// claim ended without an answer (an instance stopped while sending).
func (s *Store) DeliverableMessages(ctx context.Context, now time.Time, limit int) ([]notify.Message, error) {
	rows, err := s.r.QueryContext(ctx, messageSelect+` WHERE status = 'a_envoyer' OR (status = 'envoi' AND claimed_until < $1) ORDER BY id LIMIT $2`, DBTime(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []notify.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ClaimMessage makes holder the only sender of a message until until; it
// reports false when another instance has it or it was already sent.
func (s *Store) ClaimMessage(ctx context.Context, id int64, holder string, until, now time.Time) (bool, error) {
	res, err := s.w.ExecContext(ctx, `UPDATE notifications SET status = 'envoi', claimed_by = $2, claimed_until = $3, attempts = attempts + 1
		WHERE id = $1 AND (status = 'a_envoyer' OR (status = 'envoi' AND claimed_until < $4))`, id, holder, DBTime(until), DBTime(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// FinishMessage records the outcome of the holder's attempt: its receipt,
// and the new status (notify.Pending to try again later).
func (s *Store) FinishMessage(ctx context.Context, id int64, holder, status string, r notify.Receipt, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		var sent any
		if status == notify.Sent {
			sent = DBTime(now)
		}
		res, err := tx.ExecContext(ctx, `UPDATE notifications SET status = $3, sent_at = COALESCE($4, sent_at), claimed_until = NULL
			WHERE id = $1 AND claimed_by = $2 AND status = 'envoi'`, id, holder, status, sent)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // the claim was lost: the other instance records its own receipt
		}
		return insertReceipt(ctx, tx, id, r, now)
	})
}

// OptedOut reports whether a contact asked the structure for no more messages.
func (s *Store) OptedOut(ctx context.Context, sc scope.Structure, contact string) (bool, error) {
	sid, err := sc.ID()
	if err != nil {
		return false, err
	}
	var n int
	err = s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM notification_optouts WHERE structure_id = $1 AND contact = $2", sid, contact).Scan(&n)
	return n > 0, err
}

// OptOut records that a contact wants no more messages from the structure;
// source is "agent" or "lien". Messages not yet sent will not be.
func (s *Store) OptOut(ctx context.Context, sc scope.Structure, contact, source string, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO notification_optouts (structure_id, contact, source, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (structure_id, contact) DO NOTHING`, sid, contact, source, DBTime(now))
	return err
}

// OptIn removes an opt-out of the structure (the person asks for messages again).
func (s *Store) OptIn(ctx context.Context, sc scope.Structure, contact string) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	_, err = s.w.ExecContext(ctx, "DELETE FROM notification_optouts WHERE structure_id = $1 AND contact = $2", sid, contact)
	return err
}

// OptOutEntry is one opt-out, for staff.
type OptOutEntry struct {
	Contact   string
	Source    string
	CreatedAt time.Time
}

// ListOptOuts lists a structure's opt-outs, newest first.
func (s *Store) ListOptOuts(ctx context.Context, sc scope.Structure) ([]OptOutEntry, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []OptOutEntry
	err = s.EachRow(ctx, "SELECT contact, source, created_at FROM notification_optouts WHERE structure_id = $1 ORDER BY created_at DESC, contact", []any{sid},
		func(rows *sql.Rows) error {
			var e OptOutEntry
			err := rows.Scan(&e.Contact, &e.Source, &e.CreatedAt)
			e.CreatedAt = e.CreatedAt.UTC()
			out = append(out, e)
			return err
		})
	return out, err
}

// MessageFilter narrows ListMessages.
type MessageFilter struct {
	Status         string
	AppointmentID  int64
	RegistrationID int64
	Limit, Offset  int
}

// ListMessages lists a structure's messages, newest first, with their
// receipts, and counts them.
func (s *Store) ListMessages(ctx context.Context, sc scope.Structure, f MessageFilter) ([]notify.Message, int, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, 0, err
	}
	where := []string{"structure_id = $1"}
	args := []any{sid}
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Status != "" {
		where = append(where, "status = "+arg(f.Status))
	}
	if f.AppointmentID != 0 {
		where = append(where, "appointment_id = "+arg(f.AppointmentID))
	}
	if f.RegistrationID != 0 {
		where = append(where, "registration_id = "+arg(f.RegistrationID))
	}
	w := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications"+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q := messageSelect + w + " ORDER BY id DESC LIMIT " + arg(f.Limit) + " OFFSET " + arg(f.Offset)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, 0, err
	}
	var out []notify.Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	if len(out) == 0 {
		return out, total, nil
	}
	ids := make([]int64, len(out))
	byID := map[int64]*notify.Message{}
	for i := range out {
		ids[i] = out[i].ID
		byID[out[i].ID] = &out[i]
	}
	in, rargs := IDList(1, ids)
	rows, err = s.r.QueryContext(ctx, "SELECT notification_id, channel, result, detail, provider_id, at FROM notification_receipts WHERE notification_id IN ("+in+") ORDER BY id", rargs...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r notify.Receipt
		var ch string
		if err := rows.Scan(&id, &ch, &r.Result, &r.Detail, &r.ProviderID, &r.At); err != nil {
			return nil, 0, err
		}
		r.Channel, r.At = notify.Channel(ch), r.At.UTC()
		byID[id].Receipts = append(byID[id].Receipts, r)
	}
	return out, total, rows.Err()
}

// TakeLease makes holder the only one running a job until until, unless
// another holder's lease is still running; it reports whether holder has it.
func (s *Store) TakeLease(ctx context.Context, name, holder string, until, now time.Time) (bool, error) {
	var got string
	err := s.w.QueryRowContext(ctx, `INSERT INTO job_leases (name, holder, until_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until_at = excluded.until_at
		WHERE job_leases.until_at < $4 OR job_leases.holder = excluded.holder
		RETURNING holder`, name, holder, DBTime(until), DBTime(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return got == holder, nil
}

// ReleaseLease ends holder's lease early.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM job_leases WHERE name = $1 AND holder = $2", name, holder)
	return err
}
