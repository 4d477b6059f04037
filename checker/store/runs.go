package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StartRun records the start of a run in state [StateRunning] and returns its id.
func (s *Store) StartRun(ctx context.Context, kind, input, options string) (int64, error) {
	switch kind {
	case KindCheck, KindAudit, KindDemo:
	default:
		return 0, fmt.Errorf("store: start run: kind %q: %w", kind, ErrInvalid)
	}
	var id int64
	err := s.w.QueryRowContext(ctx,
		`INSERT INTO runs (kind, input, options, state, started_at)
		 VALUES (?, ?, ?, ?, ?) RETURNING id`,
		kind, input, options, StateRunning, formatTime(time.Now())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: start run: %w", err)
	}
	return id, nil
}

// FinishRun records the end of run id in state, one of [StateDone],
// [StateInterrupted] and [StateFailed].
func (s *Store) FinishRun(ctx context.Context, id int64, state string) error {
	switch state {
	case StateDone, StateInterrupted, StateFailed:
	default:
		return fmt.Errorf("store: finish run %d: state %q: %w", id, state, ErrInvalid)
	}
	res, err := s.w.ExecContext(ctx,
		`UPDATE runs SET state = ?, finished_at = ? WHERE id = ?`,
		state, formatTime(time.Now()), id)
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: finish run %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: finish run %d: %w", id, ErrNotFound)
	}
	return nil
}

const runColumns = `id, kind, input, options, state, started_at, finished_at`

// Run returns run id, or [ErrNotFound].
func (s *Store) Run(ctx context.Context, id int64) (Run, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id)
	r, err := scanRun(row)
	if err != nil {
		return Run{}, fmt.Errorf("store: run %d: %w", id, err)
	}
	return r, nil
}

// LatestRun returns the most recently started run of kind, or [ErrNotFound].
func (s *Store) LatestRun(ctx context.Context, kind string) (Run, error) {
	// id, not started_at: ids grow with insertion, clocks can step back.
	row := s.r.QueryRowContext(ctx,
		`SELECT `+runColumns+` FROM runs WHERE kind = ? ORDER BY id DESC LIMIT 1`, kind)
	r, err := scanRun(row)
	if err != nil {
		return Run{}, fmt.Errorf("store: latest %s run: %w", kind, err)
	}
	return r, nil
}

func scanRun(row *sql.Row) (Run, error) {
	var (
		r        Run
		started  string
		finished sql.NullString
	)
	err := row.Scan(&r.ID, &r.Kind, &r.Input, &r.Options, &r.State, &started, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, ErrNotFound
	}
	if err != nil {
		return Run{}, err
	}
	if r.StartedAt, err = parseTime(started); err != nil {
		return Run{}, err
	}
	if r.FinishedAt, err = parseNullTime(finished); err != nil {
		return Run{}, err
	}
	return r, nil
}
