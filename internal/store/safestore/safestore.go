// Package safestore is the SQL of the document safe: safes opened with the
// person's consent, their encrypted documents' rows (wrapped keys, never
// the bytes), share links, reads, one-time codes and the files of erased
// documents waiting to leave the disk. One implementation for SQLite and
// PostgreSQL.
package safestore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/docsafe"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/notify"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Store reads and writes the safes.
type Store struct{ *store.Store }

// New returns the safe's store on s.
func New(s *store.Store) *Store { return &Store{s} }

const safeColumns = `s.id, s.structure_id, s.person_id, s.consent_version, s.consent_wording, s.consent_hash,
	COALESCE(s.opened_by, 0), s.opened_at, s.consent_withdrawn_at`

func scanSafe(row interface{ Scan(...any) error }) (docsafe.Safe, error) {
	var sf docsafe.Safe
	var withdrawn sql.NullTime
	err := row.Scan(&sf.ID, &sf.StructureID, &sf.PersonID, &sf.ConsentVersion, &sf.ConsentWording, &sf.ConsentHash,
		&sf.OpenedBy, &sf.OpenedAt, &withdrawn)
	sf.OpenedAt, sf.ConsentWithdrawnAt = sf.OpenedAt.UTC(), store.UTC(withdrawn)
	if errors.Is(err, sql.ErrNoRows) {
		return sf, apperr.NotFoundError()
	}
	return sf, err
}

// Safe returns the safe of a person of the structure (NotFound: none yet).
func (s *Store) Safe(ctx context.Context, sc scope.Structure, personID int64) (docsafe.Safe, error) {
	sid, err := sc.ID()
	if err != nil {
		return docsafe.Safe{}, err
	}
	return scanSafe(s.Reader().QueryRowContext(ctx, "SELECT "+safeColumns+" FROM safes s WHERE s.person_id = $1 AND s.structure_id = $2", personID, sid))
}

// OpenSafe opens the safe of a followed person of the structure with the
// consent given, or records the new consent of a safe whose consent was
// withdrawn, and journals it.
func (s *Store) OpenSafe(ctx context.Context, sc scope.Structure, sf *docsafe.Safe, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var ok bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM persons WHERE id = $1 AND structure_id = $2
			AND kind = 'suivie' AND deleted_at IS NULL AND merged_into IS NULL)`, sf.PersonID, sid).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return apperr.NotFoundError()
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO safes (structure_id, person_id, consent_version, consent_wording, consent_hash, opened_by, opened_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (person_id) DO UPDATE SET consent_version = excluded.consent_version, consent_wording = excluded.consent_wording,
				consent_hash = excluded.consent_hash, opened_by = excluded.opened_by, opened_at = excluded.opened_at, consent_withdrawn_at = NULL
				WHERE safes.consent_withdrawn_at IS NOT NULL AND safes.structure_id = excluded.structure_id
			RETURNING id`, sid, sf.PersonID, sf.ConsentVersion, sf.ConsentWording, sf.ConsentHash, store.NullInt(sf.OpenedBy), store.DBTime(now)).Scan(&sf.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.Conflict, "Le coffre-fort de cette personne est déjà ouvert.")
		}
		if err != nil {
			return err
		}
		sf.StructureID, sf.OpenedAt, sf.ConsentWithdrawnAt = sid, now.UTC().Truncate(time.Microsecond), time.Time{}
		j.StructureID, j.PersonID = sid, sf.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// MoveToKept gives the safe of a merged duplicate (drop) to the file kept
// (keep): its documents join the kept file's safe, or its safe becomes the
// kept file's when that one has none.
func (s *Store) MoveToKept(ctx context.Context, sc scope.Structure, keepID, dropID int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var dropSafe, keepSafe int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM safes WHERE person_id = $1 AND structure_id = $2", dropID, sid).Scan(&dropSafe)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, "SELECT id FROM safes WHERE person_id = $1 AND structure_id = $2", keepID, sid).Scan(&keepSafe)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.ExecContext(ctx, "UPDATE safes SET person_id = $1 WHERE id = $2", keepID, dropSafe); err != nil {
				return err
			}
			keepSafe = dropSafe
		case err != nil:
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE safe_documents SET person_id = $1, safe_id = $2 WHERE safe_id = $3 AND structure_id = $4", keepID, keepSafe, dropSafe, sid); err != nil {
			return err
		}
		if keepSafe == dropSafe {
			return nil
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM safes WHERE id = $1", dropSafe)
		return err
	})
}

// WithdrawConsent closes the staff's access to a person's safe; the person
// keeps theirs.
func (s *Store) WithdrawConsent(ctx context.Context, sc scope.Structure, personID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE safes SET consent_withdrawn_at = $3 WHERE person_id = $1 AND structure_id = $2 AND consent_withdrawn_at IS NULL",
			personID, sid, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, personID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

const documentColumns = `d.id, d.safe_id, d.structure_id, d.person_id, d.blob_id, d.kind, d.title, d.content_type, d.size,
	d.wrapped_key, d.key_id, COALESCE(d.expires_on, ''), d.created_at`

func scanDocument(row interface{ Scan(...any) error }) (docsafe.Document, error) {
	var d docsafe.Document
	var wrapped string
	err := row.Scan(&d.ID, &d.SafeID, &d.StructureID, &d.PersonID, &d.BlobID, &d.Kind, &d.Title, &d.ContentType, &d.Size,
		&wrapped, &d.KeyID, &d.ExpiresOn, &d.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return d, apperr.NotFoundError()
	}
	if err != nil {
		return d, err
	}
	d.CreatedAt = d.CreatedAt.UTC()
	d.WrappedKey, err = base64.StdEncoding.DecodeString(wrapped)
	return d, err
}

// Usage is what the safes hold, in bytes.
type Usage struct {
	Person    int64 // the person's safe
	Structure int64 // every safe of the structure
}

// AddDocument records a document whose encrypted file is already on disk,
// after check accepted the usage before it (the quotas), and journals it.
func (s *Store) AddDocument(ctx context.Context, sc scope.Structure, d *docsafe.Document, check func(Usage) error, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var u Usage
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN person_id = $2 THEN size ELSE 0 END), 0), COALESCE(SUM(size), 0)
			FROM safe_documents WHERE structure_id = $1`, sid, d.PersonID).Scan(&u.Person, &u.Structure); err != nil {
			return err
		}
		if err := check(u); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO safe_documents (safe_id, structure_id, person_id, blob_id, kind, title, content_type, size,
			wrapped_key, key_id, expires_on, uploaded_by, created_at)
			SELECT s.id, s.structure_id, s.person_id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12 FROM safes s
			WHERE s.id = $1 AND s.structure_id = $2 RETURNING id`,
			d.SafeID, sid, d.BlobID, d.Kind, d.Title, d.ContentType, d.Size, base64.StdEncoding.EncodeToString(d.WrappedKey), d.KeyID,
			store.NullStr(d.ExpiresOn), store.NullInt(j.UserID), store.DBTime(now)).Scan(&d.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		d.StructureID, d.CreatedAt = sid, now.UTC().Truncate(time.Microsecond)
		j.StructureID, j.PersonID = sid, d.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// Document returns a document of the structure.
func (s *Store) Document(ctx context.Context, sc scope.Structure, id int64) (docsafe.Document, error) {
	sid, err := sc.ID()
	if err != nil {
		return docsafe.Document{}, err
	}
	return scanDocument(s.Reader().QueryRowContext(ctx, "SELECT "+documentColumns+" FROM safe_documents d WHERE d.id = $1 AND d.structure_id = $2", id, sid))
}

// Documents lists a safe's documents, newest first, with their share links
// and reads.
func (s *Store) Documents(ctx context.Context, sc scope.Structure, safeID int64) ([]docsafe.Document, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.documents(ctx, "d.safe_id = $1 AND d.structure_id = $2", safeID, sid)
}

// HolderDocuments lists the documents of every safe whose person has this
// phone number, in any structure: what a person who proved they hold the
// phone (a code sent by SMS) reads of their own safes.
func (s *Store) HolderDocuments(ctx context.Context, phone string) ([]docsafe.Document, error) {
	if phone == "" {
		return nil, apperr.NotFoundError()
	}
	return s.documents(ctx, "d.person_id IN (SELECT p.id FROM persons p WHERE p.phone = $1 AND p.deleted_at IS NULL AND p.merged_into IS NULL)", phone)
}

// HolderStructures returns the structures (id and name) where a person
// with this phone has a safe.
func (s *Store) HolderStructures(ctx context.Context, phone string) (map[int64]string, error) {
	out := map[int64]string{}
	err := s.EachRow(ctx, `SELECT st.id, st.name FROM safes s JOIN persons p ON p.id = s.person_id JOIN structures st ON st.id = s.structure_id
		WHERE p.phone = $1 AND p.phone <> '' AND p.deleted_at IS NULL AND p.merged_into IS NULL`, []any{phone}, func(r *sql.Rows) error {
		var id int64
		var name string
		err := r.Scan(&id, &name)
		out[id] = name
		return err
	})
	return out, err
}

func (s *Store) documents(ctx context.Context, where string, args ...any) ([]docsafe.Document, error) {
	var out []docsafe.Document
	index := map[int64]int{}
	err := s.EachRow(ctx, "SELECT "+documentColumns+" FROM safe_documents d WHERE "+where+" ORDER BY d.created_at DESC, d.id DESC", args, func(r *sql.Rows) error {
		d, err := scanDocument(r)
		index[d.ID] = len(out)
		out = append(out, d)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = s.EachRow(ctx, `SELECT a.document_id, a.by_kind, a.who, a.at FROM safe_accesses a JOIN safe_documents d ON d.id = a.document_id
		WHERE `+where+" ORDER BY a.at DESC, a.id DESC", args, func(r *sql.Rows) error {
		var id int64
		var a docsafe.Access
		err := r.Scan(&id, &a.By, &a.Who, &a.At)
		a.At = a.At.UTC()
		out[index[id]].Accesses = append(out[index[id]].Accesses, a)
		return err
	})
	if err != nil {
		return out, err
	}
	err = s.EachRow(ctx, `SELECT x.id, x.document_id, x.expires_at, x.revoked_at, x.created_at FROM safe_shares x JOIN safe_documents d ON d.id = x.document_id
		WHERE `+where+" ORDER BY x.created_at DESC, x.id DESC", args, func(r *sql.Rows) error {
		sh, err := scanShare(r)
		out[index[sh.DocumentID]].Shares = append(out[index[sh.DocumentID]].Shares, sh)
		return err
	})
	return out, err
}

func scanShare(row interface{ Scan(...any) error }) (docsafe.Share, error) {
	var sh docsafe.Share
	var revoked sql.NullTime
	err := row.Scan(&sh.ID, &sh.DocumentID, &sh.ExpiresAt, &revoked, &sh.CreatedAt)
	sh.ExpiresAt, sh.CreatedAt, sh.RevokedAt = sh.ExpiresAt.UTC(), sh.CreatedAt.UTC(), store.UTC(revoked)
	return sh, err
}

// RecordAccess notes a read of a document and journals it, in one
// transaction: no read goes unrecorded.
func (s *Store) RecordAccess(ctx context.Context, sc scope.Structure, d docsafe.Document, a docsafe.Access, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO safe_accesses (document_id, by_kind, who, at)
			SELECT id, $3, $4, $5 FROM safe_documents WHERE id = $1 AND structure_id = $2`, d.ID, sid, a.By, a.Who, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, d.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// DeleteDocument removes a document's row (its reads and links with it)
// and lists its file for removal from disk, and journals it.
func (s *Store) DeleteDocument(ctx context.Context, sc scope.Structure, d docsafe.Document, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO safe_erased_files (blob_id, erased_at)
			SELECT blob_id, $3 FROM safe_documents WHERE id = $1 AND structure_id = $2 ON CONFLICT (blob_id) DO NOTHING`, d.ID, sid, store.DBTime(now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM safe_documents WHERE id = $1 AND structure_id = $2", d.ID, sid)
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, d.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// ErasedFiles lists the files of erased documents still to remove from disk.
func (s *Store) ErasedFiles(ctx context.Context) ([]string, error) {
	var out []string
	err := s.EachRow(ctx, "SELECT blob_id FROM safe_erased_files ORDER BY erased_at", nil, func(r *sql.Rows) error {
		var id string
		err := r.Scan(&id)
		out = append(out, id)
		return err
	})
	return out, err
}

// ForgetErasedFile says a file is gone from disk.
func (s *Store) ForgetErasedFile(ctx context.Context, blobID string) error {
	_, err := s.Writer().ExecContext(ctx, "DELETE FROM safe_erased_files WHERE blob_id = $1", blobID)
	return err
}

// CreateShare records a share link (its token's hash only) and journals it.
func (s *Store) CreateShare(ctx context.Context, sc scope.Structure, d docsafe.Document, tokenHash string, expires time.Time, j journal.Entry, now time.Time) (docsafe.Share, error) {
	sid, err := sc.ID()
	if err != nil {
		return docsafe.Share{}, err
	}
	sh := docsafe.Share{DocumentID: d.ID, ExpiresAt: expires.UTC().Truncate(time.Microsecond), CreatedAt: now.UTC().Truncate(time.Microsecond)}
	err = s.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO safe_shares (document_id, token_hash, expires_at, created_at)
			SELECT id, $3, $4, $5 FROM safe_documents WHERE id = $1 AND structure_id = $2 RETURNING id`,
			d.ID, sid, tokenHash, store.DBTime(expires), store.DBTime(now)).Scan(&sh.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, d.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
	return sh, err
}

// RevokeShare ends a share link of a document of the structure now.
func (s *Store) RevokeShare(ctx context.Context, sc scope.Structure, d docsafe.Document, shareID int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE safe_shares SET revoked_at = $4 WHERE id = $1 AND document_id = $2 AND revoked_at IS NULL
			AND document_id IN (SELECT id FROM safe_documents WHERE structure_id = $3)`, shareID, d.ID, sid, store.DBTime(now))
		if err != nil {
			return err
		}
		if err := store.ExpectOne(res); err != nil {
			return err
		}
		j.StructureID, j.PersonID = sid, d.PersonID
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// SharedDocument returns the document a share link opens, if the link is
// neither expired nor revoked at now.
func (s *Store) SharedDocument(ctx context.Context, tokenHash string, now time.Time) (docsafe.Document, error) {
	return scanDocument(s.Reader().QueryRowContext(ctx, "SELECT "+documentColumns+` FROM safe_documents d
		JOIN safe_shares x ON x.document_id = d.id WHERE x.token_hash = $1 AND x.revoked_at IS NULL AND x.expires_at > $2`, tokenHash, store.DBTime(now)))
}

// AddCode records a one-time code (its hash) for a phone (its key), with
// the idempotency key of the SMS that carries it.
func (s *Store) AddCode(ctx context.Context, phoneKey, codeHash, messageKey string, expires, now time.Time) error {
	_, err := s.Writer().ExecContext(ctx, "INSERT INTO safe_codes (phone_key, code_hash, message_key, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)",
		phoneKey, codeHash, messageKey, store.DBTime(expires), store.DBTime(now))
	return err
}

// CodeSpent replaces the text of an SMS that carried a code once the code
// is used or expired: the outbox page no longer shows a code that worked.
const CodeSpent = "Code du coffre-fort numérique (effacé après usage ou expiration)."

// blankCodeMessages blanks the SMS of the codes selected by where, once
// they left the outbox (a message still to send keeps its text).
func blankCodeMessages(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `UPDATE notifications SET body = '`+CodeSpent+`'
		WHERE status NOT IN ('a_envoyer', 'envoi') AND body <> '`+CodeSpent+`'
		AND idempotency_key IN (SELECT message_key FROM safe_codes WHERE message_key <> '' AND `+where+`)`, args...)
	return err
}

// UseCode spends a valid code of the phone; false when none matches.
func (s *Store) UseCode(ctx context.Context, phoneKey, codeHash string, now time.Time) (bool, error) {
	ok := false
	err := s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE safe_codes SET used_at = $3 WHERE phone_key = $1 AND code_hash = $2
			AND used_at IS NULL AND expires_at > $3`, phoneKey, codeHash, store.DBTime(now))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		ok = true
		return blankCodeMessages(ctx, tx, "phone_key = $1 AND code_hash = $2", phoneKey, codeHash)
	})
	return ok, err
}

// PruneCodes blanks the SMS of the codes used or expired at now and
// forgets the codes expired before.
func (s *Store) PruneCodes(ctx context.Context, now, before time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := blankCodeMessages(ctx, tx, "(used_at IS NOT NULL OR expires_at <= $1)", store.DBTime(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM safe_codes WHERE expires_at < $1", store.DBTime(before))
		return err
	})
}

// Expiring is a document to remind its person of.
type Expiring struct {
	Document      docsafe.Document
	Phone         string
	StructureName string
}

// ExpiringDocuments lists, in every structure, the documents expiring after
// from and up to until that no reminder was recorded for, whose safe is
// open and whose person has a phone. A platform job: each reminder is then
// recorded in its structure's scope.
func (s *Store) ExpiringDocuments(ctx context.Context, from, until string) ([]Expiring, error) {
	var out []Expiring
	err := s.EachRow(ctx, "SELECT "+documentColumns+`, p.phone, st.name FROM safe_documents d
		JOIN persons p ON p.id = d.person_id JOIN structures st ON st.id = d.structure_id
		WHERE d.expires_on IS NOT NULL AND d.reminded_at IS NULL AND d.expires_on > $1 AND d.expires_on <= $2
		AND p.phone <> '' AND p.deleted_at IS NULL ORDER BY d.id`, []any{from, until}, func(r *sql.Rows) error {
		var e Expiring
		var wrapped string
		err := r.Scan(&e.Document.ID, &e.Document.SafeID, &e.Document.StructureID, &e.Document.PersonID, &e.Document.BlobID, &e.Document.Kind,
			&e.Document.Title, &e.Document.ContentType, &e.Document.Size, &wrapped, &e.Document.KeyID, &e.Document.ExpiresOn, &e.Document.CreatedAt,
			&e.Phone, &e.StructureName)
		out = append(out, e)
		return err
	})
	return out, err
}

// RecordReminder queues the reminder of a document and marks it reminded,
// in one transaction: a document is reminded once.
func (s *Store) RecordReminder(ctx context.Context, sc scope.Structure, documentID int64, m notify.Message, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE safe_documents SET reminded_at = $3 WHERE id = $1 AND structure_id = $2 AND reminded_at IS NULL",
			documentID, sid, store.DBTime(now))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // another instance reminded it
		}
		m.StructureID = sid
		return store.InsertMessages(ctx, tx, []notify.Message{m}, now)
	})
}

// KeyRow is a document's wrapped key as rotation reads it.
type KeyRow struct {
	ID         int64
	BlobID     string
	KeyID      string
	WrappedKey []byte
}

// RewrapKeys calls rewrap on every document's wrapped key and stores what
// it returns, all in one transaction: an error leaves every key as it was.
// A platform operation (the key rotation command).
func (s *Store) RewrapKeys(ctx context.Context, rewrap func(KeyRow) (wrapped []byte, keyID string, err error)) (int, error) {
	n := 0
	err := s.Write(ctx, func(tx *sql.Tx) error {
		n = 0
		rows, err := tx.QueryContext(ctx, "SELECT id, blob_id, key_id, wrapped_key FROM safe_documents ORDER BY id")
		if err != nil {
			return err
		}
		var all []KeyRow
		for rows.Next() {
			var k KeyRow
			var w string
			if err := rows.Scan(&k.ID, &k.BlobID, &k.KeyID, &w); err != nil {
				rows.Close()
				return err
			}
			if k.WrappedKey, err = base64.StdEncoding.DecodeString(w); err != nil {
				rows.Close()
				return err
			}
			all = append(all, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range all {
			w, id, err := rewrap(k)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE safe_documents SET wrapped_key = $2, key_id = $3 WHERE id = $1",
				k.ID, base64.StdEncoding.EncodeToString(w), id); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
