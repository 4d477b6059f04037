package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Reports returns the JSON reports of the articles checked in run runID, in the order
// they were checked. A run without articles gives an empty slice; no such run gives
// [ErrNotFound].
func (s *Store) Reports(ctx context.Context, runID int64) ([][]byte, error) {
	if _, err := s.Run(ctx, runID); err != nil {
		return nil, err // already says which run and wraps ErrNotFound
	}
	rows, err := s.r.QueryContext(ctx,
		`SELECT report, report_zstd, report_bytes FROM articles WHERE run_id = ? ORDER BY id`, runID)
	if err != nil {
		return nil, fmt.Errorf("store: reports of run %d: %w", runID, err)
	}
	defer rows.Close()
	out := [][]byte{}
	for rows.Next() {
		var r storedReport
		if err := rows.Scan(&r.plain, &r.packed, &r.reportBytes); err != nil {
			return nil, fmt.Errorf("store: reports of run %d: %w", runID, err)
		}
		report, err := s.bodies.report(r)
		if err != nil {
			return nil, fmt.Errorf("store: reports of run %d: %w", runID, err)
		}
		out = append(out, report)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: reports of run %d: %w", runID, err)
	}
	return out, nil
}

// LatestRunWithArticles returns the most recently started run that checked at least one
// article, whatever its kind, or [ErrNotFound].
func (s *Store) LatestRunWithArticles(ctx context.Context) (Run, error) {
	// EXISTS rather than a join: one row per run, and standard SQL.
	row := s.r.QueryRowContext(ctx,
		`SELECT `+runColumns+` FROM runs
		 WHERE EXISTS (SELECT 1 FROM articles WHERE articles.run_id = runs.id)
		 ORDER BY id DESC LIMIT 1`)
	r, err := scanRun(row)
	if err != nil {
		return Run{}, fmt.Errorf("store: latest run with articles: %w", err)
	}
	return r, nil
}

// LatestArticle returns the id of the run and the JSON report of the most recent check
// of the article at url, matched against both the URL asked for and the final URL after
// redirects, or [ErrNotFound].
func (s *Store) LatestArticle(ctx context.Context, url string) (runID int64, report []byte, err error) {
	var r storedReport
	err = s.r.QueryRowContext(ctx,
		`SELECT run_id, report, report_zstd, report_bytes FROM articles
		 WHERE url = ? OR final_url = ?
		 ORDER BY checked_at DESC, id DESC
		 LIMIT 1`, url, url).Scan(&runID, &r.plain, &r.packed, &r.reportBytes)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, fmt.Errorf("store: latest check of %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("store: latest check of %s: %w", url, err)
	}
	if report, err = s.bodies.report(r); err != nil {
		return 0, nil, fmt.Errorf("store: latest check of %s: %w", url, err)
	}
	return runID, report, nil
}

// LatestArticlePlace returns where the most recent check of the article at url is: its
// run and its number n in that run (1-based, in the order of [Store.Reports]), matched as
// [Store.LatestArticle] matches, without reading any report; or [ErrNotFound].
func (s *Store) LatestArticlePlace(ctx context.Context, url string) (runID int64, n int, err error) {
	err = s.r.QueryRowContext(ctx,
		`SELECT a.run_id, (SELECT COUNT(*) FROM articles b WHERE b.run_id = a.run_id AND b.id <= a.id)
		 FROM articles a
		 WHERE a.url = ? OR a.final_url = ?
		 ORDER BY a.checked_at DESC, a.id DESC
		 LIMIT 1`, url, url).Scan(&runID, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("store: latest check of %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: latest check of %s: %w", url, err)
	}
	return runID, n, nil
}
