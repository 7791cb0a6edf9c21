package store

import "context"

// SessionKeysForTest reads every stored session key, as a copy of the
// database would show them.
func (s *Store) SessionKeysForTest(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT token_hash FROM sessions")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
