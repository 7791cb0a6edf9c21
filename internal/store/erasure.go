package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
)

// ErasedName replaces a person's name wherever a row must keep a name.
const ErasedName = "Personne supprimée"

// erasedMention replaces the person's name, phone or e-mail where they
// appear verbatim in free text written by staff.
const erasedMention = "[personne effacée]"

// erasePerson removes a person's identity and contact details from every
// table of the structure and keeps what the statistics count: the person's
// statistical attributes, the appointments, registrations, referrals,
// evaluations and activities as rows without a name. Rows not linked to
// the file but carrying the same phone or e-mail (an online booking, a
// message) are erased too, and every message not yet sent is stopped. The
// person's document safe goes, its files listed in safe_erased_files for
// the safe's service to remove from disk once the transaction is committed.
// Journal rows stay, detached: they carry no name of a resident.
func erasePerson(ctx context.Context, tx *sql.Tx, structureID, id int64, now time.Time) error {
	var first, last, phone, email string
	err := tx.QueryRowContext(ctx, `SELECT first_name, last_name, phone, email FROM persons
		WHERE id = $1 AND structure_id = $2 AND deleted_at IS NULL AND merged_into IS NULL`, id, structureID).Scan(&first, &last, &phone, &email)
	if errors.Is(err, sql.ErrNoRows) {
		return apperr.NotFoundError()
	}
	if err != nil {
		return err
	}
	// Mentions found verbatim in free text: the full name both ways round,
	// the phone and the e-mail ("" never matches: see the statements).
	var mentions []string
	if first != "" && last != "" {
		mentions = append(mentions, first+" "+last, last+" "+first)
	}
	mentions = append(mentions, phone, email)

	// The contact rows the person left: linked to the file, or carrying the
	// file's phone or e-mail.
	const sameContact = `(person_id = $1 OR ($3 <> '' AND phone = $3) OR ($4 <> '' AND email = $4))`
	at := DBTime(now)
	contact := []any{id, structureID, phone, email}
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`UPDATE persons SET kind = 'anonyme', first_name = '', last_name = '', name_key = '', dup_key = '',
			phone = '', email = '', language = '', needs = '', deleted_at = $3, updated_at = $3
			WHERE id = $1 AND structure_id = $2`, []any{id, structureID, at}},
		{"DELETE FROM person_words WHERE person_id = $1 AND structure_id = $2", []any{id, structureID}},
		{"UPDATE consents SET withdrawn_at = COALESCE(withdrawn_at, $3) WHERE person_id = $1 AND structure_id = $2", []any{id, structureID, at}},
		// Messages first, while the appointments and registrations still
		// carry the contact they were sent to.
		{`UPDATE notifications SET recipient = '', subject = '', body = '', ics = '',
			status = CASE WHEN status IN ('a_envoyer', 'envoi') THEN 'arret' ELSE status END, claimed_by = '', claimed_until = NULL
			WHERE structure_id = $2 AND (
				appointment_id IN (SELECT id FROM appointments WHERE structure_id = $2 AND ` + sameContact + `)
				OR registration_id IN (SELECT id FROM workshop_registrations WHERE structure_id = $2 AND ` + sameContact + `)
				OR ($3 <> '' AND recipient = $3) OR ($4 <> '' AND recipient = $4))`, contact},
		{`UPDATE notification_receipts SET detail = '', provider_id = '' WHERE notification_id IN
			(SELECT id FROM notifications WHERE structure_id = $1 AND recipient = '' AND body = '')`, []any{structureID}},
		{"DELETE FROM notification_optouts WHERE structure_id = $1 AND (($2 <> '' AND contact = $2) OR ($3 <> '' AND contact = $3))", []any{structureID, phone, email}},
		{`UPDATE appointments SET name = '` + ErasedName + `', phone = '', email = '', need = '', cancel_reason = '', updated_at = $5
			WHERE structure_id = $2 AND ` + sameContact, append(contact, at)},
		{`UPDATE workshop_registrations SET name = '` + ErasedName + `', phone = '', email = '', dedup_key = 'efface:' || id, updated_at = $5
			WHERE structure_id = $2 AND ` + sameContact, append(contact, at)},
		{`UPDATE referral_events SET detail = '' WHERE referral_id IN
			(SELECT id FROM referrals WHERE person_id = $1 AND sender_structure_id = $2)`, []any{id, structureID}},
		{`UPDATE referrals SET person_name = '` + ErasedName + `', contact_value = '', available_from = '', reason = '', comment = '', updated_at = $3
			WHERE person_id = $1 AND sender_structure_id = $2`, []any{id, structureID, at}},
		{"UPDATE activities SET notes = '', updated_at = $3 WHERE person_id = $1 AND structure_id = $2 AND notes <> ''", []any{id, structureID, at}},
		// The document safe: its files are listed for removal from disk, its rows go.
		{`INSERT INTO safe_erased_files (blob_id, erased_at) SELECT blob_id, $3 FROM safe_documents
			WHERE person_id = $1 AND structure_id = $2 ON CONFLICT (blob_id) DO NOTHING`, []any{id, structureID, at}},
		{"DELETE FROM safe_documents WHERE person_id = $1 AND structure_id = $2", []any{id, structureID}},
		{"DELETE FROM safes WHERE person_id = $1 AND structure_id = $2", []any{id, structureID}},
		// The scanned signed loan agreement bears the person's name and
		// signature; the loan keeps that it was signed.
		{"UPDATE device_loans SET agreement_scan = NULL, agreement_scan_type = '' WHERE person_id = $1 AND structure_id = $2 AND agreement_scan IS NOT NULL", []any{id, structureID}},
	} {
		if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
			return err
		}
	}
	// Free text where staff wrote the name, phone or e-mail verbatim ($1 the
	// structure, $2 the mention, $3 its replacement, $4 a LIKE pattern).
	for _, m := range mentions {
		if m == "" {
			continue
		}
		for _, q := range []string{
			"UPDATE activities SET notes = REPLACE(notes, $2, $3), precisions = REPLACE(precisions, $2, $3), titre = REPLACE(titre, $2, $3), updated_at = $5 WHERE structure_id = $1 AND (notes LIKE $4 OR precisions LIKE $4 OR titre LIKE $4)",
			"UPDATE referrals SET reason = REPLACE(reason, $2, $3), comment = REPLACE(comment, $2, $3), person_name = REPLACE(person_name, $2, $3), contact_value = REPLACE(contact_value, $2, $3), updated_at = $5 WHERE (sender_structure_id = $1 OR receiver_structure_id = $1) AND (reason LIKE $4 OR comment LIKE $4 OR person_name LIKE $4 OR contact_value LIKE $4)",
			"UPDATE appointments SET need = REPLACE(need, $2, $3), cancel_reason = REPLACE(cancel_reason, $2, $3), updated_at = $5 WHERE structure_id = $1 AND (need LIKE $4 OR cancel_reason LIKE $4)",
			"UPDATE referral_events SET detail = REPLACE(detail, $2, $3) WHERE referral_id IN (SELECT id FROM referrals WHERE sender_structure_id = $1 OR receiver_structure_id = $1) AND detail LIKE $4",
			"UPDATE notifications SET subject = REPLACE(subject, $2, $3), body = REPLACE(body, $2, $3), ics = REPLACE(ics, $2, $3) WHERE structure_id = $1 AND (subject LIKE $4 OR body LIKE $4 OR ics LIKE $4)",
		} {
			args := []any{structureID, m, erasedMention, "%" + EscapeLike(m) + "%"}
			if strings.Contains(q, "$5") {
				args = append(args, at)
			}
			if _, err := tx.ExecContext(ctx, strings.ReplaceAll(q, "LIKE $4", `LIKE $4 ESCAPE '\'`), args...); err != nil {
				return err
			}
		}
	}
	return nil
}
