package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PostgresDB returns the pool of a PostgreSQL store, for a job queue kept in the same
// database (ok is false for SQLite). Its connections take the store's ? placeholders and
// pass SQL written with PostgreSQL's $1, $2, ... through unchanged.
func (s *Store) PostgresDB() (db *sql.DB, ok bool) {
	if !s.postgres {
		return nil, false
	}
	return s.w, true
}

// Item returns one item of a run, or [ErrNotFound].
func (s *Store) Item(ctx context.Context, runID int64, position int) (Item, error) {
	var it Item
	var art sql.NullInt64
	err := s.r.QueryRowContext(ctx,
		`SELECT position, kind, input, state, error, article_id FROM audit_items
		 WHERE run_id = ? AND position = ?`, runID, position).
		Scan(&it.Position, &it.Kind, &it.Input, &it.State, &it.Err, &art)
	if errors.Is(err, sql.ErrNoRows) {
		return Item{}, fmt.Errorf("store: item %d of run %d: %w", position, runID, ErrNotFound)
	}
	if err != nil {
		return Item{}, fmt.Errorf("store: item %d of run %d: %w", position, runID, err)
	}
	it.ArticleID = art.Int64
	return it, nil
}

// FinishItemTx is [Store.FinishItem] with also run in the same transaction before it
// commits (a job queue marks its job complete there); an error of also rolls it all back.
func (s *Store) FinishItemTx(ctx context.Context, runID int64, position int, c *Check, also func(context.Context, *sql.Tx) error) (int64, error) {
	return s.finishItem(ctx, runID, position, c, also)
}

// FailItemTx is [Store.FailItem] with also run in the same transaction before it commits.
func (s *Store) FailItemTx(ctx context.Context, runID int64, position int, reason string, also func(context.Context, *sql.Tx) error) error {
	return s.failItem(ctx, runID, position, reason, also)
}
