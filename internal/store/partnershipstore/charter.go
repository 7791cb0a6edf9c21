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

// PublishCharter records a new version of the territory's charter: the
// next number, its day and the hash of its wording.
func (s *Store) PublishCharter(ctx context.Context, t scope.Territory, v *partnership.CharterVersion, j journal.Entry, now time.Time) error {
	tid, err := territoryID(t)
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var last int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM charter_versions WHERE territory_id = $1", tid).Scan(&last); err != nil {
			return err
		}
		v.TerritoryID, v.Version = tid, last+1
		v.Hash = partnership.CharterHash(v.Version, v.Body)
		err := tx.QueryRowContext(ctx, `INSERT INTO charter_versions (territory_id, version, body, body_hash, published_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, tid, v.Version, v.Body, v.Hash, v.PublishedOn, store.DBTime(now)).Scan(&v.ID)
		if store.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Une autre version vient d'être publiée : rechargez la page.")
		}
		if err != nil {
			return err
		}
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// CurrentCharter returns the territory's latest version with its
// signatures, by structure name; ok is false when there is none.
func (s *Store) CurrentCharter(ctx context.Context, territoryID int64) (partnership.CharterVersion, bool, error) {
	var v partnership.CharterVersion
	err := s.Reader().QueryRowContext(ctx, `SELECT id, territory_id, version, body, body_hash, published_on FROM charter_versions
		WHERE territory_id = $1 ORDER BY version DESC LIMIT 1`, territoryID).Scan(&v.ID, &v.TerritoryID, &v.Version, &v.Body, &v.Hash, &v.PublishedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	if err != nil {
		return v, false, err
	}
	v.Signatures, err = s.signatures(ctx, "g.charter_version_id = $1", v.ID)
	return v, true, err
}

// CharterVersions lists the territory's versions, the latest first, with
// their signatures.
func (s *Store) CharterVersions(ctx context.Context, t scope.Territory) ([]partnership.CharterVersion, error) {
	tid, err := territoryID(t)
	if err != nil {
		return nil, err
	}
	var out []partnership.CharterVersion
	err = s.each(ctx, "SELECT id, territory_id, version, body, body_hash, published_on FROM charter_versions WHERE territory_id = $1 ORDER BY version DESC", []any{tid},
		func(rows *sql.Rows) error {
			var v partnership.CharterVersion
			if err := rows.Scan(&v.ID, &v.TerritoryID, &v.Version, &v.Body, &v.Hash, &v.PublishedOn); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Signatures, err = s.signatures(ctx, "g.charter_version_id = $1", out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// StructureSignatures lists the versions a structure signed, the latest first.
func (s *Store) StructureSignatures(ctx context.Context, sc scope.Structure) ([]partnership.CharterSignature, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.signatures(ctx, "g.structure_id = $1", sid)
}

func (s *Store) signatures(ctx context.Context, cond string, arg any) ([]partnership.CharterSignature, error) {
	var out []partnership.CharterSignature
	err := s.each(ctx, `SELECT g.id, g.charter_version_id, v.version, g.structure_id, st.name, g.signer_name, g.signer_role, g.signed_on, g.body_hash, g.created_at
		FROM charter_signatures g JOIN charter_versions v ON v.id = g.charter_version_id JOIN structures st ON st.id = g.structure_id
		WHERE `+cond+" ORDER BY v.version DESC, st.name, st.id", []any{arg}, func(rows *sql.Rows) error {
		var g partnership.CharterSignature
		if err := rows.Scan(&g.ID, &g.VersionID, &g.Version, &g.StructureID, &g.StructureName, &g.SignerName, &g.SignerRole, &g.SignedOn, &g.Hash, &g.CreatedAt); err != nil {
			return err
		}
		out = append(out, g)
		return nil
	})
	return out, err
}

// SignCharter records that the scope's structure signed a version of its
// territory's charter; the hash of the wording signed is copied from the
// version. A second signature of the same version is refused.
func (s *Store) SignCharter(ctx context.Context, sc scope.Structure, versionID int64, g *partnership.CharterSignature, recordedBy int64, j journal.Entry, now time.Time) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	return s.Write(ctx, func(tx *sql.Tx) error {
		var hash string
		var version int
		err := tx.QueryRowContext(ctx, `SELECT v.body_hash, v.version FROM charter_versions v JOIN structures st ON st.territory_id = v.territory_id
			WHERE v.id = $1 AND st.id = $2`, versionID, sid).Scan(&hash, &version)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		g.VersionID, g.Version, g.StructureID, g.Hash = versionID, version, sid, hash
		err = tx.QueryRowContext(ctx, `INSERT INTO charter_signatures (charter_version_id, structure_id, signer_name, signer_role, signed_on, body_hash, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, versionID, sid, g.SignerName, g.SignerRole, g.SignedOn, hash, store.NullInt(recordedBy), store.DBTime(now)).Scan(&g.ID)
		if store.IsUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "Votre structure a déjà signé cette version de la charte.")
		}
		if err != nil {
			return err
		}
		j.StructureID = sid
		return store.InsertJournal(ctx, tx, j, now)
	})
}

// CharterVersionFor answers not found unless the version is of the
// territory of the scope's structure.
func (s *Store) CharterVersionFor(ctx context.Context, sc scope.Structure, versionID int64) error {
	sid, err := sc.ID()
	if err != nil {
		return err
	}
	var n int
	if err := s.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM charter_versions v JOIN structures st ON st.territory_id = v.territory_id
		WHERE v.id = $1 AND st.id = $2`, versionID, sid).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return apperr.NotFoundError()
	}
	return nil
}
