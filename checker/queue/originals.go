package queue

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
)

// originalsTable holds the originals a run has fetched, for every worker of the run: a
// row is claimed by the worker fetching its URL, then holds the page it got. It is a
// cache (a row can always be fetched again), so it is created as it is, outside the
// store's numbered migrations.
const originalsTable = `
CREATE TABLE IF NOT EXISTS provcheck_originals (
    run_id        BIGINT      NOT NULL,
    url           TEXT        NOT NULL,
    claimed_until TIMESTAMPTZ NOT NULL,
    page          BYTEA,      -- the page without its body, as JSON; NULL while being fetched
    body          BYTEA,
    PRIMARY KEY (run_id, url)
)`

// Originals shares the originals of a run between the workers of every machine, so that
// a page cited by a thousand articles is fetched once per run, not once per worker. A
// worker about to fetch a URL claims it; the others wait for the page it publishes. A
// claim not published (its worker was killed) expires after its TTL and is taken over.
type Originals struct {
	db  *sql.DB
	ttl time.Duration
}

// NewOriginals makes the shared originals in the PostgreSQL database of st; a claim
// lasts ttl (0 means 1 minute).
func NewOriginals(ctx context.Context, st *store.Store, ttl time.Duration) (*Originals, error) {
	db, err := postgres(st)
	if err != nil {
		return nil, err
	}
	if err := createTables(ctx, db, originalsTable); err != nil {
		return nil, fmt.Errorf("queue: shared originals: %w", err)
	}
	if ttl <= 0 {
		ttl = time.Minute
	}
	return &Originals{db: db, ttl: ttl}, nil
}

// Take returns the page of url that a worker of run runID published, or claims its fetch
// for the caller (claimed), who then calls Publish or Release. With neither, another
// worker is fetching it: ask again a little later.
func (o *Originals) Take(ctx context.Context, runID int64, url string) (p *page.Page, claimed bool, err error) {
	// A new row, or a claim that expired unpublished, is the caller's.
	err = o.db.QueryRowContext(ctx,
		`INSERT INTO provcheck_originals AS o (run_id, url, claimed_until)
		 VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))
		 ON CONFLICT (run_id, url) DO UPDATE SET claimed_until = EXCLUDED.claimed_until
		   WHERE o.page IS NULL AND o.claimed_until < clock_timestamp()
		 RETURNING true`, runID, url, o.ttl.Seconds()).Scan(&claimed)
	switch {
	case err == nil:
		return nil, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return nil, false, fmt.Errorf("queue: claim %s: %w", url, err)
	}
	var meta, body []byte
	err = o.db.QueryRowContext(ctx,
		`SELECT page, body FROM provcheck_originals WHERE run_id = $1 AND url = $2`, runID, url).Scan(&meta, &body)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && meta == nil) {
		return nil, false, nil // being fetched (or released a moment ago)
	}
	if err != nil {
		return nil, false, fmt.Errorf("queue: original %s: %w", url, err)
	}
	p = &page.Page{}
	if err := json.Unmarshal(meta, p); err != nil {
		return nil, false, fmt.Errorf("queue: original %s: %w", url, err)
	}
	p.Body = body
	return p, false, nil
}

// Publish stores the page of a claimed URL for the other workers of the run.
func (o *Originals) Publish(ctx context.Context, runID int64, url string, p *page.Page) error {
	meta, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("queue: publish %s: %w", url, err)
	}
	body := p.Body
	if body == nil {
		body = []byte{}
	}
	if _, err := o.db.ExecContext(ctx,
		`UPDATE provcheck_originals SET page = $3, body = $4 WHERE run_id = $1 AND url = $2`,
		runID, url, meta, body); err != nil {
		return fmt.Errorf("queue: publish %s: %w", url, err)
	}
	return nil
}

// Release gives up the claim of a URL whose fetch was cut short, so that another worker
// fetches it at once; a failure leaves the claim to expire.
func (o *Originals) Release(runID int64, url string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, _ = o.db.ExecContext(ctx,
		`DELETE FROM provcheck_originals WHERE run_id = $1 AND url = $2 AND page IS NULL`, runID, url)
}

// Forget drops the originals of run runID, once nothing of it is left to check.
func (o *Originals) Forget(ctx context.Context, runID int64) error {
	if _, err := o.db.ExecContext(ctx, `DELETE FROM provcheck_originals WHERE run_id = $1`, runID); err != nil {
		return fmt.Errorf("queue: forget the originals of run %d: %w", runID, err)
	}
	return nil
}
