// Package queue runs the articles of an audit as River jobs on PostgreSQL, so that
// provcheck workers on many machines share one run.
//
// Planning an audit enqueues one [ArticleArgs] job per item, unique by run and item, so
// that planning twice enqueues nothing twice. A worker takes jobs until stopped: it checks
// the item, then stores the article, marks the item done and completes the job in one
// transaction (river.JobCompleteTx), so a worker killed at any point leaves its article
// to be retried, never half-written and never stored twice. A failure is retried with
// River's backoff; on the last attempt (a last attempt out of time included), or at once
// when it is [Permanent], the item is recorded failed with its reason, again in the
// transaction that completes the job. A job River gives up on otherwise (discarded after
// a panic, args it cannot decode or a worker killed once too often; cancelled) is found
// by every started worker's sweep, which records its item failed with the job's last
// error, so that no item is left pending with no job to check it.
package queue

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
)

// MaxAttempts is how many times an article is tried before it is recorded failed.
const MaxAttempts = 4

// ArticleArgs is the job of one audit item.
type ArticleArgs struct {
	RunID    int64 `json:"run_id"`
	Position int   `json:"position"`
}

// Kind names the job kind in River's tables.
func (ArticleArgs) Kind() string { return "provcheck_article" }

// InsertOpts makes a job unique by its run and item, whatever its state: a job that is
// done is not enqueued again.
func (ArticleArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ErrPermanent marks a failure that another attempt would not change (a bad input item).
var ErrPermanent = errors.New("permanent failure")

// Permanent wraps err so that the item is recorded failed without retries.
func Permanent(err error) error { return fmt.Errorf("%w: %w", ErrPermanent, err) }

// ItemChecker checks one item of a run and returns what to store of it.
type ItemChecker interface {
	CheckItem(ctx context.Context, runID int64, it store.Item) (*store.Check, error)
}

// Migrate brings River's tables up to date in the database of st, which must be
// PostgreSQL.
func Migrate(ctx context.Context, st *store.Store) error {
	db, err := postgres(st)
	if err != nil {
		return err
	}
	m, err := rivermigrate.New(riverdatabasesql.New(db), nil)
	if err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	// River's migrations need transactions of their own (one adds an enum value the next
	// uses), so the lock is held by a connection of its own around them.
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, schemaLock); err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, schemaLock)
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: migrate: %w", err)
	}
	return nil
}

// schemaLock is the key of the advisory lock under which the queue's tables are made:
// workers started together would otherwise race to create them, and PostgreSQL fails
// concurrent CREATE TABLE IF NOT EXISTS of one table.
const schemaLock = 0x70726f71 // "proq"

// locked runs fn in a transaction that holds the schema lock.
func locked(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, schemaLock); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// createTables runs ddl (CREATE TABLE IF NOT EXISTS …) under the schema lock.
func createTables(ctx context.Context, db *sql.DB, ddl string) error {
	return locked(ctx, db, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, ddl)
		return err
	})
}

func postgres(st *store.Store) (*sql.DB, error) {
	db, ok := st.PostgresDB()
	if !ok {
		return nil, errors.New("queue: jobs need a PostgreSQL database (--db postgres://…)")
	}
	return db, nil
}

// Enqueue inserts one job per pending item of a run and returns how many were new.
func Enqueue(ctx context.Context, st *store.Store, runID int64, items []store.Item) (int, error) {
	db, err := postgres(st)
	if err != nil {
		return 0, err
	}
	client, err := river.NewClient(riverdatabasesql.New(db), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return 0, fmt.Errorf("queue: enqueue: %w", err)
	}
	const batch = 1000
	added := 0
	for start := 0; start < len(items); start += batch {
		var params []river.InsertManyParams
		for _, it := range items[start:min(start+batch, len(items))] {
			if it.State != "" && it.State != store.ItemPending {
				continue
			}
			params = append(params, river.InsertManyParams{Args: ArticleArgs{RunID: runID, Position: it.Position}})
		}
		if len(params) == 0 {
			continue
		}
		res, err := client.InsertMany(ctx, params)
		if err != nil {
			return added, fmt.Errorf("queue: enqueue run %d: %w", runID, err)
		}
		for _, r := range res {
			if !r.UniqueSkippedAsDuplicate {
				added++
			}
		}
	}
	return added, nil
}

// WorkerConfig tunes a worker process.
type WorkerConfig struct {
	// Workers is how many articles one process checks at once; 0 means 8.
	Workers int
	// PollInterval is how often an idle worker looks for jobs; 0 means 200 ms.
	PollInterval time.Duration
	// RescueAfter is how long a job may run: after it, a job still running is canceled
	// and retried, and one whose worker was killed is given to another worker (by River's
	// rescuer, which looks every 30 seconds); 0 means 5 minutes.
	RescueAfter time.Duration
	// Logger receives River's own log; nil discards it.
	Logger *slog.Logger
	// Recorded, when set, is called after an item's outcome (done or failed) committed
	// with its job.
	Recorded func(ctx context.Context, runID int64)
}

// Worker takes article jobs from PostgreSQL and checks them. While started, it also
// sweeps for jobs River gave up on (see sweeper), whoever worked them.
type Worker struct {
	client *river.Client[*sql.Tx]
	sweep  *sweeper
	every  time.Duration

	mu        sync.Mutex
	stopSweep context.CancelFunc // nil when not started
	swept     chan struct{}      // closed when the sweep has stopped
}

// NewWorker makes a worker that checks items with check and stores them in st.
func NewWorker(st *store.Store, check ItemChecker, cfg WorkerConfig) (*Worker, error) {
	db, err := postgres(st)
	if err != nil {
		return nil, err
	}
	n := cfg.Workers
	if n <= 0 {
		n = 8
	}
	poll := cfg.PollInterval
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	rescue := cfg.RescueAfter
	if rescue <= 0 {
		rescue = 5 * time.Minute
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &articleWorker{st: st, check: check, recorded: cfg.Recorded, timeout: rescue}); err != nil {
		return nil, fmt.Errorf("queue: worker: %w", err)
	}
	client, err := river.NewClient(riverdatabasesql.New(db), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:           workers,
		FetchPollInterval: poll,
		FetchCooldown:     min(poll, 5*time.Millisecond),
		// River rescues no job that may still be within its timeout (none, with no
		// timeout), so a job's time is the rescue's: an article still running then is
		// canceled, and retried like a killed worker's.
		JobTimeout:           rescue,
		RescueStuckJobsAfter: rescue,
		Logger:               logger,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: worker: %w", err)
	}
	sw := &sweeper{st: st, db: db, log: logger, recorded: cfg.Recorded}
	return &Worker{client: client, sweep: sw, every: sweepInterval(poll)}, nil
}

// Start starts taking jobs, and sweeping for given-up ones; they are worked until Stop.
func (w *Worker) Start(ctx context.Context) error {
	if err := w.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopSweep == nil {
		sctx, cancel := context.WithCancel(ctx)
		w.stopSweep, w.swept = cancel, make(chan struct{})
		go func(done chan struct{}) {
			defer close(done)
			w.sweep.run(sctx, w.every)
		}(w.swept)
	}
	return nil
}

// endSweep stops the sweep and waits for it.
func (w *Worker) endSweep() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopSweep != nil {
		w.stopSweep()
		<-w.swept
		w.stopSweep, w.swept = nil, nil
	}
}

// Stop stops taking jobs and waits for those in flight, until ctx is done.
func (w *Worker) Stop(ctx context.Context) error {
	w.endSweep()
	if err := w.client.Stop(ctx); err != nil {
		return fmt.Errorf("queue: stop: %w", err)
	}
	return nil
}

// StopAndCancel stops taking jobs, cancels those in flight and waits for them to return,
// until ctx is done.
func (w *Worker) StopAndCancel(ctx context.Context) error {
	w.endSweep()
	if err := w.client.StopAndCancel(ctx); err != nil {
		return fmt.Errorf("queue: stop: %w", err)
	}
	return nil
}

type articleWorker struct {
	river.WorkerDefaults[ArticleArgs]
	st       *store.Store
	check    ItemChecker
	recorded func(ctx context.Context, runID int64)
	timeout  time.Duration // River's job timeout
}

func (w *articleWorker) Work(ctx context.Context, job *river.Job[ArticleArgs]) error {
	runID, pos := job.Args.RunID, job.Args.Position
	complete := func(ctx context.Context, tx *sql.Tx) error {
		_, err := river.JobCompleteTx[*riverdatabasesql.Driver](ctx, tx, job)
		return err
	}
	it, err := w.st.Item(ctx, runID, pos)
	if err != nil {
		return fmt.Errorf("queue: item %d of run %d: %w", pos, runID, err)
	}
	if it.State != store.ItemPending {
		return nil // finished already (by a resumed single-process audit, say)
	}
	c, err := w.check.CheckItem(ctx, runID, it)
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && job.Attempt >= job.MaxAttempts:
		// The last attempt ran out of time: River would discard the job and leave the item
		// pending. Whatever the check made of it, cut short, is not stored.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		err = w.st.FailItemTx(ctx, runID, pos, fmt.Sprintf("checking took longer than %v", w.timeout), complete)
	case ctx.Err() != nil:
		// Stopped (River makes the job available again) or out of time (it retries it).
		return cmp.Or(err, ctx.Err())
	case err != nil:
		if job.Attempt < job.MaxAttempts && !errors.Is(err, ErrPermanent) {
			return err // River retries it with backoff
		}
		reason := strings.Join(strings.Fields(strings.TrimPrefix(err.Error(), ErrPermanent.Error()+": ")), " ")
		err = w.st.FailItemTx(ctx, runID, pos, reason, complete)
	default:
		_, err = w.st.FinishItemTx(ctx, runID, pos, c, complete)
	}
	if err == nil && w.recorded != nil {
		w.recorded(ctx, runID)
	}
	return err
}
