package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/parcours-numerique/parcours/internal/account"
	"github.com/parcours-numerique/parcours/internal/apperr"
	"github.com/parcours-numerique/parcours/internal/journal"
	"github.com/parcours-numerique/parcours/internal/scope"
)

const userColumns = "id, email, name, password_hash, active, session_epoch, created_at, last_login_at, totp_enabled_at"

func scanUser(row interface{ Scan(...any) error }) (account.User, error) {
	var u account.User
	var last, factor sql.NullTime
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Active, &u.SessionEpoch, &u.CreatedAt, &last, &factor)
	u.CreatedAt = u.CreatedAt.UTC()
	u.LastLoginAt = UTC(last)
	u.FactorEnabledAt = UTC(factor)
	return u, err
}

var errEmailTaken = apperr.Wrap(apperr.Conflict, "Un compte existe déjà avec cette adresse e-mail.", nil)

// CreateUser inserts a user with one membership, in one transaction: the
// platform administration and the console create accounts, never a structure.
func (s *Store) CreateUser(ctx context.Context, n account.NewUser, passwordHash string, now time.Time) (int64, error) {
	var id int64
	err := s.Write(ctx, func(tx *sql.Tx) (err error) {
		id, err = insertUser(ctx, tx, n, passwordHash, now)
		return err
	})
	return id, err
}

// InviteUser inserts a user without a password, with one membership and the
// hash of the one-time link with which they will choose it, in one
// transaction.
func (s *Store) InviteUser(ctx context.Context, n account.NewUser, linkHash string, createdBy int64, now, expires time.Time) (int64, error) {
	var id int64
	err := s.Write(ctx, func(tx *sql.Tx) (err error) {
		if id, err = insertUser(ctx, tx, n, "", now); err != nil {
			return err
		}
		return insertOneTimeToken(ctx, tx, linkHash, id, account.PurposeInvitation, createdBy, now, expires)
	})
	return id, err
}

func insertUser(ctx context.Context, tx *sql.Tx, n account.NewUser, passwordHash string, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, active, session_epoch, created_at, updated_at)
		VALUES ($1, $2, $3, TRUE, 0, $4, $4) RETURNING id`, account.NormalizeEmail(n.Email), n.Name, passwordHash, DBTime(now)).Scan(&id)
	if IsUniqueViolation(err) {
		return 0, &apperr.Error{Code: apperr.Conflict, Message: errEmailTaken.Message, Fields: []apperr.FieldError{{Field: "email", Message: errEmailTaken.Message}}}
	}
	if err != nil {
		return 0, err
	}
	return id, insertMembership(ctx, tx, id, n.StructureID, n.Role, now)
}

func insertMembership(ctx context.Context, tx *sql.Tx, userID, structureID int64, role account.Role, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, structure_id, role, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, structure_id) DO UPDATE SET role = excluded.role`, userID, structureID, string(role), DBTime(now))
	return err
}

// SetMembershipInTerritory gives a user a role in a structure of the scope
// (adding or changing it); a structure outside the scope is not found.
func (s *Store) SetMembershipInTerritory(ctx context.Context, t scope.Territory, userID, structureID int64, role account.Role, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := StructureInTerritory(ctx, tx, t, structureID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM users WHERE id = $1", userID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return apperr.NotFoundError()
		}
		return insertMembership(ctx, tx, userID, structureID, role, now)
	})
}

// SetManagerInTerritory marks a user's membership in a structure of the
// scope as the structure's manager, or unmarks it, and journals the change
// in that structure in the same transaction. A membership outside the scope,
// or none, is not found.
func (s *Store) SetManagerInTerritory(ctx context.Context, t scope.Territory, userID, structureID int64, manager bool, j journal.Entry, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := StructureInTerritory(ctx, tx, t, structureID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE memberships SET manager = $3 WHERE user_id = $1 AND structure_id = $2", userID, structureID, manager)
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		j.StructureID = structureID
		return InsertJournal(ctx, tx, j, now)
	})
}

// RemoveMembershipInTerritory removes a user's role in a structure of the
// scope; a user keeps at least one membership.
func (s *Store) RemoveMembershipInTerritory(ctx context.Context, t scope.Territory, userID, structureID int64) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		if err := StructureInTerritory(ctx, tx, t, structureID); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM memberships WHERE user_id = $1", userID).Scan(&n); err != nil {
			return err
		}
		if n <= 1 {
			return apperr.New(apperr.Conflict, "Un compte garde au moins un rôle : désactivez le compte plutôt que de retirer son dernier rôle.")
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM memberships WHERE user_id = $1 AND structure_id = $2", userID, structureID)
		if err != nil {
			return err
		}
		return ExpectOne(res)
	})
}

// UserByEmail finds a user by e-mail address.
func (s *Store) UserByEmail(ctx context.Context, email string) (account.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", account.NormalizeEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundError()
	}
	return u, err
}

// User returns a user by id.
func (s *Store) User(ctx context.Context, id int64) (account.User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, apperr.NotFoundError()
	}
	return u, err
}

const membershipQuery = `SELECT m.user_id, m.structure_id, s.name, COALESCE(s.territory_id, 0), COALESCE(t.id, 0), m.role, m.manager
	FROM memberships m
	JOIN structures s ON s.id = m.structure_id
	LEFT JOIN territories t ON t.coordinator_structure_id = s.id`

func scanMemberships(rows *sql.Rows) ([]account.Membership, error) {
	defer rows.Close()
	var out []account.Membership
	for rows.Next() {
		var m account.Membership
		var role string
		if err := rows.Scan(&m.UserID, &m.StructureID, &m.StructureName, &m.StructureTerritoryID, &m.CoordinatedTerritoryID, &role, &m.Manager); err != nil {
			return nil, err
		}
		m.Role = account.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Memberships lists a user's roles, by structure name.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]account.Membership, error) {
	rows, err := s.r.QueryContext(ctx, membershipQuery+" WHERE m.user_id = $1 ORDER BY s.name_key, s.id", userID)
	if err != nil {
		return nil, err
	}
	return scanMemberships(rows)
}

// StructureMembers lists the accounts of the scope's structure, by name.
func (s *Store) StructureMembers(ctx context.Context, sc scope.Structure) ([]account.Member, error) {
	sid, err := sc.ID()
	if err != nil {
		return nil, err
	}
	return s.members(ctx, sid)
}

// StructureMembersInTerritory lists the accounts of a structure of the
// scope (the platform administration); a structure outside it is not found.
func (s *Store) StructureMembersInTerritory(ctx context.Context, t scope.Territory, structureID int64) ([]account.Member, error) {
	if err := StructureInTerritory(ctx, s.r, t, structureID); err != nil {
		return nil, err
	}
	return s.members(ctx, structureID)
}

func (s *Store) members(ctx context.Context, structureID int64) ([]account.Member, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT u.id, u.email, u.name, u.password_hash, u.active, u.session_epoch, u.created_at, u.last_login_at, m.role, m.manager FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.structure_id = $1 ORDER BY u.name, u.id", structureID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.Member
	for rows.Next() {
		var m account.Member
		var last sql.NullTime
		var role string
		if err := rows.Scan(&m.User.ID, &m.User.Email, &m.User.Name, &m.User.PasswordHash, &m.User.Active, &m.User.SessionEpoch, &m.User.CreatedAt, &last, &role, &m.Manager); err != nil {
			return nil, err
		}
		m.User.CreatedAt = m.User.CreatedAt.UTC()
		m.User.LastLoginAt = UTC(last)
		m.Role = account.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ListUsersInTerritory returns the users with a role in the scope's
// structures, with those roles, by name; the whole platform lists every user.
func (s *Store) ListUsersInTerritory(ctx context.Context, t scope.Territory) ([]account.UserRoles, error) {
	cond, args, err := TerritoryCondition(t, "m.structure_id", 1)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + userColumns + " FROM users u WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND " + cond + ") ORDER BY name, id"
	if _, all, _ := t.ID(); all {
		q = "SELECT " + userColumns + " FROM users ORDER BY name, id"
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []account.UserRoles
	index := map[int64]int{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		index[u.ID] = len(out)
		out = append(out, account.UserRoles{User: u})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := s.r.QueryContext(ctx, membershipQuery+" WHERE "+cond+" ORDER BY s.name_key", args...)
	if err != nil {
		return nil, err
	}
	ms, err := scanMemberships(mrows)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if i, ok := index[m.UserID]; ok {
			out[i].Memberships = append(out[i].Memberships, m)
		}
	}
	return out, nil
}

// SetUserActive activates or deactivates a user; deactivation ends their sessions.
func (s *Store) SetUserActive(ctx context.Context, id int64, active bool, now time.Time) error {
	res, err := s.w.ExecContext(ctx, "UPDATE users SET active = $2, session_epoch = session_epoch + 1, updated_at = $3 WHERE id = $1", id, active, DBTime(now))
	if err != nil {
		return err
	}
	return ExpectOne(res)
}

// SetPassword stores a new password hash and ends every session and API
// token of the user, in one transaction.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string, now time.Time) error {
	return s.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1, updated_at = $3 WHERE id = $1", id, hash, DBTime(now))
		if err != nil {
			return err
		}
		if err := ExpectOne(res); err != nil {
			return err
		}
		return revokeAllAPITokens(ctx, tx, id, now)
	})
}

// EndAllSessions invalidates every session and revokes every API token of
// the user ("se déconnecter partout"), in one transaction; new tokens can
// be created afterwards.
func (s *Store) EndAllSessions(ctx context.Context, id int64, now time.Time) (int64, error) {
	var epoch int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = $1 RETURNING session_epoch", id).Scan(&epoch)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundError()
		}
		if err != nil {
			return err
		}
		return revokeAllAPITokens(ctx, tx, id, now)
	})
	return epoch, err
}

func revokeAllAPITokens(ctx context.Context, db Execer, userID int64, now time.Time) error {
	_, err := db.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL", userID, DBTime(now))
	return err
}

// RecordLogin notes a successful login.
func (s *Store) RecordLogin(ctx context.Context, id int64, now time.Time) error {
	_, err := s.w.ExecContext(ctx, "UPDATE users SET last_login_at = $2 WHERE id = $1", id, DBTime(now))
	return err
}

// CreateOneTimeToken stores the hash of a one-time link's secret.
func (s *Store) CreateOneTimeToken(ctx context.Context, hash string, userID int64, purpose string, createdBy int64, now, expires time.Time) error {
	return insertOneTimeToken(ctx, s.w, hash, userID, purpose, createdBy, now, expires)
}

func insertOneTimeToken(ctx context.Context, db Execer, hash string, userID int64, purpose string, createdBy int64, now, expires time.Time) error {
	_, err := db.ExecContext(ctx, `INSERT INTO one_time_tokens (token_hash, user_id, purpose, created_by, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, hash, userID, purpose, NullInt(createdBy), DBTime(now), DBTime(expires))
	return err
}

// OneTimeTokenUser returns the user a valid, unused token belongs to.
func (s *Store) OneTimeTokenUser(ctx context.Context, hash, purpose string, now time.Time) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, "SELECT user_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
		hash, purpose, DBTime(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.New(apperr.NotFound, "Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien à l'administration.")
	}
	return id, err
}

// UseOneTimeToken consumes a token and sets the password in one transaction,
// so a link works exactly once.
func (s *Store) UseOneTimeToken(ctx context.Context, hash, purpose, passwordHash string, now time.Time) (int64, error) {
	var userID int64
	err := s.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE one_time_tokens SET used_at = $3
			WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id`, hash, purpose, DBTime(now)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "Ce lien n'est plus valable : il a déjà servi ou il a expiré. Demandez un nouveau lien à l'administration.")
		}
		if err != nil {
			return err
		}
		// Older links of the same user stop working too.
		if _, err := tx.ExecContext(ctx, "UPDATE one_time_tokens SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL", userID, DBTime(now)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE users SET password_hash = $2, session_epoch = session_epoch + 1, updated_at = $3 WHERE id = $1 AND active", userID, passwordHash, DBTime(now))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Forbidden, "Ce compte est désactivé.")
		}
		return revokeAllAPITokens(ctx, tx, userID, now)
	})
	return userID, err
}

// ThrottleAttempt decides whether one more attempt may be checked and, if
// so, counts it as a failure before it is checked, for every key in the
// same transaction: the row of each key is locked (a no-op UPDATE takes the
// row lock on PostgreSQL; SQLite writes one transaction at a time) while the
// decision is made, so parallel attempts, from one server or several on one
// database, are each counted and see the count of the others. It returns
// the zero time when the attempt may go on, the end of the latest lock
// otherwise (and then counts nothing). A success is then told with
// ResetLoginFailures and ForgiveAttempt.
func (s *Store) ThrottleAttempt(ctx context.Context, now time.Time, keys ...string) (time.Time, error) {
	keys = slices.Clone(keys)
	slices.Sort(keys) // one lock order for every transaction: no deadlock
	var locked time.Time
	err := s.Write(ctx, func(tx *sql.Tx) error {
		locked = time.Time{}
		failures := make([]int, len(keys))
		for i, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, last_failure_at, locked_until) VALUES ($1, 0, $2, $2)
				ON CONFLICT (key) DO NOTHING`, k, DBTime(now)); err != nil {
				return err
			}
			var until time.Time
			if err := tx.QueryRowContext(ctx, "UPDATE login_throttle SET failures = failures WHERE key = $1 RETURNING failures, locked_until", k).Scan(&failures[i], &until); err != nil {
				return err
			}
			if until.After(now) && until.After(locked) {
				locked = until.UTC()
			}
		}
		if !locked.IsZero() {
			return nil
		}
		for i, k := range keys {
			n := failures[i] + 1
			if _, err := tx.ExecContext(ctx, "UPDATE login_throttle SET failures = $2, last_failure_at = $3, locked_until = $4 WHERE key = $1",
				k, n, DBTime(now), DBTime(now.Add(account.LockoutAfter(k, n)))); err != nil {
				return err
			}
		}
		return nil
	})
	return locked, err
}

// ForgiveAttempt takes back the failure counted in advance for keys, after
// the attempt succeeded (a shared address keeps its room).
func (s *Store) ForgiveAttempt(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.w.ExecContext(ctx, "UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0", k); err != nil {
			return err
		}
	}
	return nil
}

// ResetLoginFailures forgets the failures of keys after a success.
func (s *Store) ResetLoginFailures(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.w.ExecContext(ctx, "DELETE FROM login_throttle WHERE key = $1", k); err != nil {
			return err
		}
	}
	return nil
}

// PruneLoginThrottle forgets failures older than a day.
func (s *Store) PruneLoginThrottle(ctx context.Context, now time.Time) error {
	_, err := s.w.ExecContext(ctx, "DELETE FROM login_throttle WHERE last_failure_at < $1 AND locked_until < $2", DBTime(now.Add(-24*time.Hour)), DBTime(now))
	return err
}
