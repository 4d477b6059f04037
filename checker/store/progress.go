package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Progress is how far a run's items have come, whoever checks them.
type Progress struct {
	Pending, Done, Failed int
	// Checked is how many items were checked (done, or failed when checked rather than
	// when planned): those that have a finish time.
	Checked int
	Started time.Time // when the run started
	// Last is when the latest item finished; zero when none has.
	Last time.Time
}

// RunProgress counts the items of a run by state, with when it started and when its
// latest item finished. It reads the items table only, so it sees the work of every
// process sharing the database.
func (s *Store) RunProgress(ctx context.Context, runID int64) (Progress, error) {
	run, err := s.Run(ctx, runID)
	if err != nil {
		return Progress{}, err
	}
	p := Progress{Started: run.StartedAt}
	counts := map[string]int{}
	if err := s.groupCount(ctx, counts, `SELECT state, COUNT(*) FROM audit_items WHERE run_id = ? GROUP BY state`, runID); err != nil {
		return Progress{}, fmt.Errorf("store: progress of run %d: %w", runID, err)
	}
	p.Pending, p.Done, p.Failed = counts[ItemPending], counts[ItemDone], counts[ItemFailed]
	var last sql.NullString
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(finished_at), MAX(finished_at) FROM audit_items WHERE run_id = ?`, runID).Scan(&p.Checked, &last); err != nil {
		return Progress{}, fmt.Errorf("store: progress of run %d: %w", runID, err)
	}
	if p.Last, err = parseNullTime(last); err != nil {
		return Progress{}, fmt.Errorf("store: progress of run %d: %w", runID, err)
	}
	return p, nil
}

// HasPending reports whether run runID has an item still to check.
func (s *Store) HasPending(ctx context.Context, runID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM (SELECT 1 FROM audit_items WHERE run_id = ? AND state = ? LIMIT 1) AS p`,
		runID, ItemPending).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: pending items of run %d: %w", runID, err)
	}
	return n > 0, nil
}
