package placestore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/place"
	"github.com/parcours-numerique/parcours/internal/scope"
	"github.com/parcours-numerique/parcours/internal/store"
)

// Translator is a member of a structure who translates its places' texts.
type Translator struct {
	UserID    int64
	Name      string
	GrantedAt time.Time
}

// GrantTranslator makes a member of the scope's structure one of its
// translators; someone who is not a member is not found.
func (s *Store) GrantTranslator(ctx context.Context, sc scope.Structure, userID, grantedBy int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, `INSERT INTO place_translators (structure_id, user_id, granted_by, granted_at)
		SELECT structure_id, user_id, $3, $4 FROM memberships WHERE structure_id = $1 AND user_id = $2
		ON CONFLICT (structure_id, user_id) DO NOTHING`, sid, userID, store.NullInt(grantedBy), store.DBTime(now))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var member int
		if err := s.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE structure_id = $1 AND user_id = $2", sid, userID).Scan(&member); err != nil {
			return err
		}
		if member == 0 {
			return apperr.NotFoundError()
		}
	}
	return nil
}

// WithdrawTranslator ends a member's translator designation; the texts they
// wrote stay.
func (s *Store) WithdrawTranslator(ctx context.Context, sc scope.Structure, userID int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	_, err = s.Writer().ExecContext(ctx, "DELETE FROM place_translators WHERE structure_id = $1 AND user_id = $2", sid, userID)
	return err
}

// Translators lists the scope's structure's translators who are still its
// members, by name.
func (s *Store) Translators(ctx context.Context, sc scope.Structure) ([]Translator, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	var out []Translator
	err = s.EachRow(ctx, `SELECT u.id, u.name, t.granted_at FROM place_translators t
		JOIN memberships m ON m.structure_id = t.structure_id AND m.user_id = t.user_id
		JOIN users u ON u.id = t.user_id
		WHERE t.structure_id = $1 ORDER BY u.name, u.id`, []any{sid}, func(rows *sql.Rows) error {
		var tr Translator
		if err := rows.Scan(&tr.UserID, &tr.Name, &tr.GrantedAt); err != nil {
			return err
		}
		tr.GrantedAt = tr.GrantedAt.UTC()
		out = append(out, tr)
		return nil
	})
	return out, err
}

// IsTranslator reports whether a user is a translator of the scope's
// structure and still one of its members.
func (s *Store) IsTranslator(ctx context.Context, sc scope.Structure, userID int64) (bool, error) {
	sid, err := sc.ID()
	if err != nil {
		return false, err
	}
	var n int
	err = s.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM place_translators t
		JOIN memberships m ON m.structure_id = t.structure_id AND m.user_id = t.user_id
		WHERE t.structure_id = $1 AND t.user_id = $2`, sid, userID).Scan(&n)
	return n > 0, err
}

const translationSelect = `SELECT t.place_id, t.lang, t.summary, t.description,
	COALESCE(t.translated_by, 0), COALESCE(tu.name, ''), t.translated_at,
	COALESCE(t.reviewed_by, 0), COALESCE(ru.name, ''), t.reviewed_at
	FROM place_translations t JOIN places p ON p.id = t.place_id
	LEFT JOIN users tu ON tu.id = t.translated_by LEFT JOIN users ru ON ru.id = t.reviewed_by`

func scanTranslation(row interface{ Scan(...any) error }) (place.Translation, error) {
	var t place.Translation
	var reviewed sql.NullTime
	err := row.Scan(&t.PlaceID, &t.Lang, &t.Summary, &t.Description, &t.TranslatorID, &t.Translator, &t.TranslatedAt,
		&t.ReviewerID, &t.Reviewer, &reviewed)
	t.TranslatedAt, t.ReviewedAt = t.TranslatedAt.UTC(), store.UTC(reviewed)
	return t, err
}

// PlaceTranslations lists the translations of a place the scope's
// structure owns, by language code; another's place is not found.
func (s *Store) PlaceTranslations(ctx context.Context, sc scope.Structure, placeID int64) ([]place.Translation, error) {
	if _, err := s.StructurePlace(ctx, sc, placeID); err != nil {
		return nil, err
	}
	var out []place.Translation
	err := s.EachRow(ctx, translationSelect+" WHERE t.place_id = $1 ORDER BY t.lang", []any{placeID}, func(rows *sql.Rows) error {
		t, err := scanTranslation(rows)
		out = append(out, t)
		return err
	})
	return out, err
}

// SavePlaceTranslation writes a translation of a place the scope's
// structure owns. A text that changes is "à relire" again; saving the same
// texts keeps its review.
func (s *Store) SavePlaceTranslation(ctx context.Context, sc scope.Structure, t *place.Translation, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var owned int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM places WHERE id = $1 AND structure_id = $2", t.PlaceID, sid).Scan(&owned); err != nil {
			return err
		}
		if owned == 0 {
			return apperr.NotFoundError()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO place_translations (place_id, lang, summary, description, translated_by, translated_at)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (place_id, lang) DO UPDATE SET
				reviewed_by = CASE WHEN place_translations.summary = excluded.summary AND place_translations.description = excluded.description THEN place_translations.reviewed_by END,
				reviewed_at = CASE WHEN place_translations.summary = excluded.summary AND place_translations.description = excluded.description THEN place_translations.reviewed_at END,
				translated_by = CASE WHEN place_translations.summary = excluded.summary AND place_translations.description = excluded.description THEN place_translations.translated_by ELSE excluded.translated_by END,
				translated_at = CASE WHEN place_translations.summary = excluded.summary AND place_translations.description = excluded.description THEN place_translations.translated_at ELSE excluded.translated_at END,
				summary = excluded.summary, description = excluded.description`,
			t.PlaceID, t.Lang, t.Summary, t.Description, store.NullInt(t.TranslatorID), store.DBTime(now))
		return err
	})
}

// ReviewPlaceTranslation marks a translation of a place the scope's
// structure owns "relue" by a reviewer, as its texts stand.
func (s *Store) ReviewPlaceTranslation(ctx context.Context, sc scope.Structure, placeID int64, lang string, reviewerID int64, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, `UPDATE place_translations SET reviewed_by = $3, reviewed_at = $4
		WHERE place_id = $1 AND lang = $2 AND place_id IN (SELECT id FROM places WHERE structure_id = $5)`,
		placeID, lang, reviewerID, store.DBTime(now), sid)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// DeletePlaceTranslation removes a translation of a place the scope's
// structure owns: the page shows the French original again.
func (s *Store) DeletePlaceTranslation(ctx context.Context, sc scope.Structure, placeID int64, lang string) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	res, err := s.Writer().ExecContext(ctx, `DELETE FROM place_translations
		WHERE place_id = $1 AND lang = $2 AND place_id IN (SELECT id FROM places WHERE structure_id = $3)`, placeID, lang, sid)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}

// PublicPlaceTranslation returns the translation of a place's texts into a
// language, for its public page (a place's texts are public); ok is false
// when there is none.
func (s *Store) PublicPlaceTranslation(ctx context.Context, placeID int64, lang string) (place.Translation, bool, error) {
	t, err := scanTranslation(s.Reader().QueryRowContext(ctx, translationSelect+" WHERE t.place_id = $1 AND t.lang = $2", placeID, lang))
	if errors.Is(err, sql.ErrNoRows) {
		return place.Translation{}, false, nil
	}
	return t, err == nil, err
}

// TranslationCount is how many languages a place's texts are translated
// into, and how many of these translations are to review.
type TranslationCount struct {
	Total, ToReview int
}

// TranslationCounts counts the translations of each place the scope's
// structure owns, by place id (a place without any is absent).
func (s *Store) TranslationCounts(ctx context.Context, sc scope.Structure) (map[int64]TranslationCount, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	out := map[int64]TranslationCount{}
	err = s.EachRow(ctx, `SELECT t.place_id, COUNT(*), SUM(CASE WHEN t.reviewed_at IS NULL THEN 1 ELSE 0 END)
		FROM place_translations t JOIN places p ON p.id = t.place_id
		WHERE p.structure_id = $1 GROUP BY t.place_id`, []any{sid}, func(rows *sql.Rows) error {
		var id int64
		var c TranslationCount
		if err := rows.Scan(&id, &c.Total, &c.ToReview); err != nil {
			return err
		}
		out[id] = c
		return nil
	})
	return out, err
}
