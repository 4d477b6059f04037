package store

import (
	"context"
	"database/sql"
	"fmt"
)

// RunRow is a run with how far it has got: the articles it has checked and, for an
// audit, its planned items per state.
type RunRow struct {
	Run
	Articles int
	Items    int // audit items planned; 0 for a check
	Pending  int // audit items not yet done or failed
}

// Runs returns the most recent runs, newest first, at most limit of them (limit < 1:
// 50).
func (s *Store) Runs(ctx context.Context, limit int) ([]RunRow, error) {
	if limit < 1 {
		limit = 50
	}
	rows, err := s.r.QueryContext(ctx,
		`SELECT id, kind, input, options, state, started_at, finished_at,
		   (SELECT COUNT(*) FROM articles a WHERE a.run_id = runs.id),
		   (SELECT COUNT(*) FROM audit_items i WHERE i.run_id = runs.id),
		   (SELECT COUNT(*) FROM audit_items i WHERE i.run_id = runs.id AND i.state = ?)
		 FROM runs ORDER BY id DESC LIMIT ?`, ItemPending, limit)
	if err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	defer rows.Close()
	out := []RunRow{}
	for rows.Next() {
		var (
			r        RunRow
			started  string
			finished sql.NullString
		)
		if err := rows.Scan(&r.ID, &r.Kind, &r.Input, &r.Options, &r.State, &started, &finished,
			&r.Articles, &r.Items, &r.Pending); err != nil {
			return nil, fmt.Errorf("store: runs: %w", err)
		}
		if r.StartedAt, err = parseTime(started); err != nil {
			return nil, fmt.Errorf("store: runs: %w", err)
		}
		if r.FinishedAt, err = parseNullTime(finished); err != nil {
			return nil, fmt.Errorf("store: runs: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: runs: %w", err)
	}
	return out, nil
}
