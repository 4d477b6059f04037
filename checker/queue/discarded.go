package queue

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/checker/store"
)

// A job River gives up on without the item recorded stays discarded (its attempts spent:
// the job panicked, timed out, could not store its item, its args would not decode, or
// River's rescuer found its worker killed once too often) or cancelled, and its item
// pending: an audit waiting for the run would wait for ever. The sweep finds such jobs,
// whichever process worked them, and records their items failed with the job's last
// error.

// sweepInterval is how often a worker sweeps for given-up jobs, for a poll interval.
func sweepInterval(poll time.Duration) time.Duration { return max(10*poll, time.Second) }

// sweeper records failed the items of given-up jobs.
type sweeper struct {
	st       *store.Store
	db       *sql.DB
	log      *slog.Logger
	recorded func(ctx context.Context, runID int64)
	// settled holds the given-up jobs whose item needs nothing more (recorded failed here,
	// or finished some other way), so that each sweep looks only at new ones.
	settled map[int64]bool
	// since is how far back, by the server's clock, the next sweep lists jobs River gave
	// up on (zero: all of them, as the first sweep of a process does), and unsettled the
	// jobs an earlier sweep listed whose item another job may still check, looked at
	// again whenever they were given up. Each sweep then reads the jobs given up since the
	// last one, not all River keeps (a week of them).
	since     time.Time
	unsettled []int64
}

// sweepSlack is how far before the last sweep the next one looks: a job is stamped
// finalised inside the transaction that commits it, which may commit a little later.
const sweepSlack = time.Minute

// givenUp is a discarded or cancelled article job.
type givenUp struct {
	id       int64
	state    string
	attempt  int
	args     []byte
	lastErr  string
	runID    int64
	position int
}

// run sweeps every interval until ctx is done.
func (s *sweeper) run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.sweep(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("queue: sweep given-up jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweep records failed the pending item of each given-up job that no other job of the
// same item will check (a resumed audit enqueues a new job for it), and returns how many.
func (s *sweeper) sweep(ctx context.Context) (int, error) {
	var now time.Time
	if err := s.db.QueryRowContext(ctx, `SELECT now()`).Scan(&now); err != nil {
		return 0, fmt.Errorf("queue: given-up jobs: %w", err)
	}
	jobs, err := s.givenUp(ctx, s.since, s.unsettled)
	if err != nil {
		return 0, err
	}
	still := make(map[int64]bool, len(s.settled))
	var unsettled []int64
	failed := 0
	var errs []error
	for _, j := range jobs {
		if s.settled[j.id] {
			still[j.id] = true
			continue
		}
		done, err := s.settle(ctx, j)
		switch {
		case err != nil:
			errs = append(errs, err)
			unsettled = append(unsettled, j.id)
			continue
		case done == settledFailed:
			failed++
		}
		if done != settledNot {
			still[j.id] = true
		} else {
			unsettled = append(unsettled, j.id)
		}
	}
	s.settled, s.unsettled = still, unsettled
	s.since = now.Add(-sweepSlack)
	return failed, errors.Join(errs...)
}

type settlement int

const (
	settledNot     settlement = iota // look again next time: another job may check the item
	settledAlready                   // the item needs nothing (finished, or the job names none)
	settledFailed                    // the item was recorded failed here
)

// settle records the item of a given-up job failed, unless it is finished or another job
// of it may still check it.
func (s *sweeper) settle(ctx context.Context, j givenUp) (settlement, error) {
	var ok bool
	if j.runID, j.position, ok = itemOf(j.args); !ok {
		s.log.Warn("queue: a given-up job names no audit item", "job", j.id, "args", string(j.args))
		return settledAlready, nil
	}
	it, err := s.st.Item(ctx, j.runID, j.position)
	if errors.Is(err, store.ErrNotFound) {
		return settledAlready, nil
	}
	if err != nil {
		return settledNot, err
	}
	if it.State != store.ItemPending {
		return settledAlready, nil
	}
	args, err := json.Marshal(ArticleArgs{RunID: j.runID, Position: j.position})
	if err != nil {
		return settledNot, err
	}
	var live bool
	if err := s.db.QueryRowContext(ctx,
		`SELECT EXISTS (SELECT 1 FROM river_job WHERE kind = $1
		   AND state IN ('available', 'pending', 'retryable', 'running', 'scheduled') AND args @> $2::jsonb)`,
		ArticleArgs{}.Kind(), string(args)).Scan(&live); err != nil {
		return settledNot, fmt.Errorf("queue: jobs of item %d of run %d: %w", j.position, j.runID, err)
	}
	if live {
		return settledNot, nil
	}
	err = s.st.FailItem(ctx, j.runID, j.position, j.reason())
	if errors.Is(err, store.ErrInvalid) {
		return settledAlready, nil // finished meanwhile
	}
	if err != nil {
		return settledNot, err
	}
	if s.recorded != nil {
		// As after a job: the run may be over. Done even when the sweep is being stopped,
		// as a job in flight is.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		s.recorded(rctx, j.runID)
		cancel()
	}
	return settledFailed, nil
}

// givenUp lists the discarded and cancelled article jobs River keeps (it deletes them
// after a while: a week, a day) that it gave up on at since or later, and the jobs of
// ids whenever they were given up; all of them for a zero since.
func (s *sweeper) givenUp(ctx context.Context, since time.Time, ids []int64) ([]givenUp, error) {
	from := "-infinity"
	if !since.IsZero() {
		from = since.UTC().Format(time.RFC3339Nano)
	}
	if ids == nil {
		ids = []int64{}
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, state, attempt, args, COALESCE(errors[array_length(errors, 1)]->>'error', '')
		 FROM river_job WHERE kind = $1 AND state IN ('discarded', 'cancelled')
		   AND (finalized_at >= $2::timestamptz OR id = ANY($3::bigint[]))`, ArticleArgs{}.Kind(), from, ids)
	if err != nil {
		return nil, fmt.Errorf("queue: given-up jobs: %w", err)
	}
	defer rows.Close()
	var out []givenUp
	for rows.Next() {
		var j givenUp
		if err := rows.Scan(&j.id, &j.state, &j.attempt, &j.args, &j.lastErr); err != nil {
			return nil, fmt.Errorf("queue: given-up jobs: %w", err)
		}
		out = append(out, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("queue: given-up jobs: %w", err)
	}
	return out, nil
}

// reason says why the item of a given-up job failed.
func (j givenUp) reason() string {
	msg := strings.Join(strings.Fields(strings.TrimPrefix(j.lastErr, "JobCancelError: ")), " ")
	if msg == "" {
		msg = "no error recorded"
	}
	if j.state == "cancelled" {
		return "job cancelled: " + msg
	}
	return fmt.Sprintf("job discarded after %d attempts: %s", j.attempt, msg)
}

// itemOf reads the run and item a job's args name, leniently: args that River could not
// decode into [ArticleArgs] (numbers written as strings, say) still name their item.
func itemOf(args []byte) (runID int64, position int, ok bool) {
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(args))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return 0, 0, false
	}
	num := func(key string) (int64, bool) {
		switch v := raw[key].(type) {
		case json.Number:
			n, err := v.Int64()
			return n, err == nil
		case string:
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
		return 0, false
	}
	r, ok1 := num("run_id")
	p, ok2 := num("position")
	if !ok1 || !ok2 || p < 0 || p != int64(int(p)) {
		return 0, 0, false
	}
	return r, int(p), true
}
