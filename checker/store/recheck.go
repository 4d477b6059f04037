package store

import (
	"context"
	"fmt"
)

// DeadLinks returns the distinct URLs of the citations of a run whose verdict is dead, in
// order, for `audit --recheck`.
func (s *Store) DeadLinks(ctx context.Context, runID int64) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT c.url FROM citations c
		JOIN articles a ON a.id = c.article_id
		WHERE a.run_id = ? AND c.verdict = 'dead' ORDER BY c.url`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: dead links of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("store: dead links of run %d: %w", runID, err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: dead links of run %d: %w", runID, err)
	}
	return out, nil
}
