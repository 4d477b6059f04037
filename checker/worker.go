package checker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/queue"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
)

// sharedPages is where the workers of a run share its originals (a *queue.Originals).
type sharedPages interface {
	Take(ctx context.Context, runID int64, url string) (p *page.Page, claimed bool, err error)
	Publish(ctx context.Context, runID int64, url string, p *page.Page) error
	Release(runID int64, url string)
}

// sharedFetcher fetches the originals of a run once across every worker of every
// machine: a URL another worker published is read back, one another worker is fetching
// is waited for, any other is claimed, fetched here and published.
type sharedFetcher struct {
	f     batchFetcher
	board sharedPages
	runID int64
	poll  time.Duration
	log   *slog.Logger
	// recent, when set, finds a URL's page that an earlier run fetched recently enough
	// to reuse; a claimed URL is looked for there before it is fetched.
	recent func(ctx context.Context, url string) (*page.Page, bool)
	taken  atomic.Int64 // pages not fetched here: read back from the board or from recent
	// index is the evidence index of this process, written before a page is published:
	// the articles of other workers that read it refer to its captures.
	index *captureBatch
}

func (s *sharedFetcher) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	todo := make([]int, len(urls))
	for i := range todo {
		todo[i] = i
	}
	for len(todo) > 0 {
		var mine, claimed, later []int
		for _, i := range todo {
			p, ok, err := s.board.Take(ctx, s.runID, urls[i])
			switch {
			case err != nil && ctx.Err() != nil:
				out[i] = canceledPage(ctx, urls[i])
			case err != nil:
				// The board failed: fetch it here rather than fail the article.
				s.log.Warn("shared originals", "url", urls[i], "err", err)
				mine = append(mine, i)
			case p != nil:
				out[i] = p
				s.taken.Add(1)
			case ok:
				// Claimed: published for the others once had, from a recent run or fetched.
				claimed = append(claimed, i)
				if p, hit := s.fromRecent(ctx, urls[i]); hit {
					out[i] = p
					s.taken.Add(1)
				} else {
					mine = append(mine, i)
				}
			default:
				later = append(later, i)
			}
		}
		if len(mine) > 0 {
			batch := make([]string, len(mine))
			for k, i := range mine {
				batch[k] = urls[i]
			}
			for k, p := range s.f.FetchAll(ctx, batch) {
				out[mine[k]] = p
			}
		}
		if len(claimed) > 0 && ctx.Err() == nil {
			if err := s.index.sync(ctx); err != nil {
				// Published, the pages would be stored by others without their evidence.
				s.log.Error("index evidence", "err", err)
				for _, i := range claimed {
					s.board.Release(s.runID, urls[i])
				}
				claimed = nil
			}
		}
		for _, i := range claimed {
			if ctx.Err() != nil {
				s.board.Release(s.runID, urls[i]) // cut short: says nothing of the page
				continue
			}
			if err := s.board.Publish(ctx, s.runID, urls[i], out[i]); err != nil {
				s.log.Warn("shared originals", "url", urls[i], "err", err)
				s.board.Release(s.runID, urls[i])
			}
		}
		todo = later
		if len(todo) == 0 {
			break
		}
		t := time.NewTimer(s.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			for _, i := range todo {
				out[i] = canceledPage(ctx, urls[i])
			}
			return out
		case <-t.C:
		}
	}
	return out
}

// fromRecent returns the page of u that an earlier run fetched recently enough, if any.
func (s *sharedFetcher) fromRecent(ctx context.Context, u string) (*page.Page, bool) {
	if s.recent == nil {
		return nil, false
	}
	return s.recent(ctx, u)
}

func canceledPage(ctx context.Context, u string) *page.Page {
	return &page.Page{RequestURL: u, Err: ctx.Err().Error(), ErrClass: page.ErrClassCanceled}
}

// jobChecker checks the items of queued jobs (queue.ItemChecker) with an auditor, one
// run checker (its cache and shared originals) per run, and reads WARC items through one
// reader for the worker's life.
type jobChecker struct {
	a     *Auditor
	warcs inputs.WARCFiles

	mu   sync.Mutex
	runs map[int64]runChecker
	// closed keeps the fetch counts of the runs dropped once finished.
	closed map[int64][2]int
}

type runChecker struct {
	c      *Checker
	counts func() (fetches, reused int)
}

// CheckItem checks an item and returns its record; an item whose input is bad fails at
// once, without retries, as in a single-process audit.
func (j *jobChecker) CheckItem(ctx context.Context, runID int64, it store.Item) (*store.Check, error) {
	rec, _, _, err := j.checkerOf(runID).recordItem(ctx, itemPages{local: j.a.local, warcs: &j.warcs}, it)
	var failed *itemError
	if err != nil && ctx.Err() == nil && errors.As(err, &failed) && errors.Is(err, ErrInput) {
		return nil, queue.Permanent(err)
	}
	if err != nil {
		return nil, err
	}
	// The queue stores the record in a transaction of its own: the captures the report
	// refers to commit before it.
	if err := j.a.index.sync(ctx); err != nil {
		return nil, fmt.Errorf("index evidence: %w", err)
	}
	return rec, nil
}

func (j *jobChecker) checkerOf(runID int64) *Checker {
	j.mu.Lock()
	defer j.mu.Unlock()
	rc, ok := j.runs[runID]
	if !ok {
		rc.c, rc.counts = j.a.runChecker(runID, nil)
		j.runs[runID] = rc
	}
	return rc.c
}

// stats reports what the run checker of a run fetched and reused in this process.
func (j *jobChecker) stats(runID int64) (fetches, reused int) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if rc, ok := j.runs[runID]; ok {
		return rc.counts()
	}
	n := j.closed[runID]
	return n[0], n[1]
}

// forget drops the run checker (and its cache) of a finished run.
func (j *jobChecker) forget(runID int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if rc, ok := j.runs[runID]; ok {
		f, h := rc.counts()
		j.closed[runID] = [2]int{f, h}
		delete(j.runs, runID)
	}
}

// WorkerConfig tunes a worker. The zero value works.
type WorkerConfig struct {
	// Workers is how many articles are checked at once; 0 means 8.
	Workers int
	// Connections bounds the requests in flight across the workers of this process;
	// 0 means 16.
	Connections int
	// RescueAfter is how long one article may take: a job still running then is canceled
	// and retried, and one left by a killed worker is taken over by another worker
	// (within River's rescue interval, 30 s, after it); the fetch of an original left
	// by a killed worker is taken over after it too, or after a minute when that is
	// shorter. 0 means 5 minutes.
	RescueAfter time.Duration
	// PollInterval is how often an idle worker looks for jobs and a waiting one for an
	// original; 0 means 200 ms.
	PollInterval time.Duration
	// ReuseAge is how old a fetch of an original by an earlier run (on any machine) may
	// be and still be reused from the database rather than fetched again; 0 means the
	// crawler's MaxAge (--max-age), negative never. A replaying session never reuses.
	ReuseAge time.Duration
}

// Worker checks the items of audits planned in a PostgreSQL database, as River jobs,
// whichever machine planned them; any number of workers on any number of machines share
// the work, the originals fetched and the record of the runs.
//
// Like [Auditor], it stops when its context is canceled (the jobs in flight are
// abandoned, and retried later by some worker) or, gently, after Drain (the jobs in
// flight finish).
type Worker struct {
	db    *store.Store
	jobs  *jobChecker
	q     *queue.Worker
	board *queue.Originals
	log   *slog.Logger

	drainOnce sync.Once
	drain     chan struct{}
}

// Worker makes a worker of the session's database, which must be PostgreSQL; it
// migrates River's tables.
func (s *Session) Worker(ctx context.Context, cfg WorkerConfig) (*Worker, error) {
	if s.db == nil {
		return nil, InputError(errors.New("a worker needs a database"))
	}
	if _, ok := s.db.PostgresDB(); !ok {
		return nil, InputError(fmt.Errorf("a worker %w", errNotQueued))
	}
	if err := queue.Migrate(ctx, s.db); err != nil {
		return nil, err
	}
	ttl := time.Minute
	if cfg.RescueAfter > 0 {
		ttl = min(ttl, cfg.RescueAfter)
	}
	board, err := queue.NewOriginals(ctx, s.db, ttl)
	if err != nil {
		return nil, err
	}
	poll := cfg.PollInterval
	if poll <= 0 {
		poll = 200 * time.Millisecond
	}
	ck := s.Checker("")
	a := ck.Auditor(s.db, s.crawler, AuditConfig{Workers: cfg.Workers, Connections: cfg.Connections})
	a.shared, a.sharedPoll = board, poll
	a.reuseAge = s.reuseAge(cfg.ReuseAge)
	a.index = s.index
	w := &Worker{db: s.db, jobs: &jobChecker{a: a, runs: map[int64]runChecker{}, closed: map[int64][2]int{}}, board: board, log: ck.log, drain: make(chan struct{})}
	w.q, err = queue.NewWorker(s.db, w.jobs, queue.WorkerConfig{
		Workers: a.cfg.Workers, PollInterval: poll, RescueAfter: cfg.RescueAfter, Recorded: w.recorded,
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

// reuseAge is how old an earlier run's fetch may be for a worker to reuse it: asked, or
// the crawler's; 0 is never.
func (s *Session) reuseAge(asked time.Duration) time.Duration {
	switch {
	case len(s.cfg.Replay) > 0 || asked < 0:
		return 0
	case asked > 0:
		return asked
	case s.crawler != nil:
		return max(s.crawler.MaxAge(), 0)
	}
	return 0
}

// recorded closes a run once its last item is recorded, by whichever worker: the run is
// done, and its shared originals are dropped.
func (w *Worker) recorded(ctx context.Context, runID int64) {
	pending, err := w.db.HasPending(ctx, runID)
	if err != nil || pending {
		return
	}
	w.jobs.forget(runID)
	if err := w.db.FinishRun(ctx, runID, store.StateDone); err != nil {
		w.log.Warn("finish run", "run", runID, "err", err)
	}
	if err := w.board.Forget(ctx, runID); err != nil {
		w.log.Warn("finish run", "run", runID, "err", err)
	}
}

// Drain stops the worker from taking new jobs; the jobs in flight finish. It may be
// called at any time, from any goroutine, any number of times.
func (w *Worker) Drain() { w.drainOnce.Do(func() { close(w.drain) }) }

// Run takes jobs until Drain (then it returns nil once the jobs in flight are stored) or
// until ctx is canceled (then it returns ErrInterrupted once they gave up).
func (w *Worker) Run(ctx context.Context) error {
	if err := w.q.Start(ctx); err != nil {
		return err
	}
	select {
	case <-w.drain:
	case <-ctx.Done():
	}
	return w.stop(ctx)
}

// stop stops taking jobs and waits for those in flight: to finish, or, once ctx is
// canceled, to give up. Then it closes the WARC files the jobs read.
func (w *Worker) stop(ctx context.Context) error {
	defer func() {
		if err := w.jobs.warcs.Close(); err != nil {
			w.log.Warn("close warc files", "err", err)
		}
	}()
	err := w.q.Stop(ctx)
	if ctx.Err() == nil {
		return err
	}
	// Canceling ctx (the context of Start) made it a hard stop: wait for the canceled
	// jobs to return before the database is closed under them.
	wait, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := w.q.StopAndCancel(wait); err != nil {
		return fmt.Errorf("%w: %w", ErrInterrupted, err)
	}
	return fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
}

// Queued reports whether the session's audits run as jobs: its database is PostgreSQL.
func (s *Session) Queued() bool {
	if s.db == nil {
		return false
	}
	_, ok := s.db.PostgresDB()
	return ok
}

// errNotQueued refuses what only a PostgreSQL database's queue can do.
var errNotQueued = errors.New("needs a PostgreSQL database (--db postgres://…)")

// Enqueue makes a job of every pending item of run r, for the workers of any machine,
// and returns how many were new: an item has one job however often it is enqueued.
func (s *Session) Enqueue(ctx context.Context, r AuditRun) (int, error) {
	if !s.Queued() {
		return 0, InputError(fmt.Errorf("enqueuing jobs %w", errNotQueued))
	}
	if err := queue.Migrate(ctx, s.db); err != nil {
		return 0, err
	}
	items, err := s.db.Items(ctx, r.ID, store.ItemPending)
	if err != nil {
		return 0, err
	}
	return queue.Enqueue(ctx, s.db, r.ID, items)
}

// Audit works jobs in this process, along with the workers of other machines, until run
// runID has no pending item; progress is called with the whole run's counts as they
// change: its items finished, done or failed, and those failed. It stops early as Run does (Drain, or ctx) and then returns ErrInterrupted.
// Its stats count the items every worker finished meanwhile, and what this process
// fetched.
func (w *Worker) Audit(ctx context.Context, runID int64, progress func(finished, failed int)) (AuditStats, error) {
	started := time.Now()
	before, err := w.db.RunProgress(ctx, runID)
	if err != nil {
		return AuditStats{}, err
	}
	if err := w.q.Start(ctx); err != nil {
		return AuditStats{}, err
	}
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	now, drained, last := before, false, [2]int{-1, -1}
	for now.Pending > 0 && !drained && ctx.Err() == nil {
		select {
		case <-w.drain:
			drained = true
		case <-ctx.Done():
		case <-tick.C:
		}
		p, err := w.db.RunProgress(ctx, runID)
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			_ = w.stop(ctx)
			return AuditStats{}, err
		}
		now = p
		if progress != nil && (last != [2]int{p.Done, p.Failed}) {
			last = [2]int{p.Done, p.Failed}
			progress(p.Done+p.Failed, p.Failed)
		}
	}
	err = w.stop(ctx)
	if p, perr := w.db.RunProgress(context.WithoutCancel(ctx), runID); perr == nil {
		now = p
	}
	stats := AuditStats{Done: now.Done - before.Done, Failed: now.Failed - before.Failed, Took: time.Since(started)}
	stats.Fetches, stats.CacheHits = w.jobs.stats(runID)
	switch {
	case err != nil:
		return stats, err
	case drained && now.Pending > 0:
		return stats, ErrInterrupted
	}
	return stats, nil
}
