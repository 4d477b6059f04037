package checker

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/checker/store/storetest"
	"github.com/provcheck/provcheck/crawler/page"
)

// workerSession is a session of its own on the PostgreSQL database at url (as a worker
// process on another machine has), fetching from web.
func workerSession(t *testing.T, url string, web *fakeWeb) *Session {
	t.Helper()
	db, err := store.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Session{cfg: SessionConfig{Engine: engine(t)}, db: db, fetch: web}
}

// TestWorkersShareOriginals runs one audit on two workers (two sessions, as on two
// machines): every article is checked once, and the wire story and the dead page that
// all of them cite are each fetched once for the run, not once per worker.
func TestWorkersShareOriginals(t *testing.T) {
	url := storetest.Schema(t, storetest.Server(t), "worker")
	const n = 40
	web, urls := auditWeb(n)
	planner := workerSession(t, url, web)
	items := make([]inputs.Item, n)
	for i, u := range urls {
		items[i] = inputs.Item{Kind: ItemURL, Input: u}
	}
	ctx := t.Context()
	run, err := planner.StartAudit(ctx, "test", struct{}{}, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{n, 0} { // planning twice enqueues nothing twice
		if added, err := planner.Enqueue(ctx, run); err != nil || added != want {
			t.Fatalf("Enqueue #%d = %d, %v; want %d", i+1, added, err, want)
		}
	}

	var workers []*Worker
	errs := make(chan error, 2)
	for range 2 {
		w, err := workerSession(t, url, web).Worker(ctx, WorkerConfig{Workers: 4, PollInterval: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		workers = append(workers, w)
		go func() { errs <- w.Run(ctx) }()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		p, err := planner.db.RunProgress(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.Pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d items still pending after a minute", p.Pending)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, w := range workers {
		w.Drain()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Errorf("Run after Drain = %v, want nil", err)
		}
	}

	for _, u := range []string{wireURL, "https://gone.example/x"} {
		if got := web.count(u); got != 1 {
			t.Errorf("%s fetched %d times by two workers, want once", u, got)
		}
	}
	for _, u := range urls {
		if got := web.count(u); got != 1 {
			t.Errorf("article %s fetched %d times, want once", u, got)
		}
	}
	sum, err := planner.db.RunSummary(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Items[store.ItemDone] != n || sum.Articles != n {
		t.Errorf("items %v, %d articles; want %d done, %d articles", sum.Items, sum.Articles, n, n)
	}
	if r, err := planner.db.Run(ctx, run.ID); err != nil || r.State != store.StateDone {
		t.Errorf("run state = %q, %v; want done (closed by the worker of its last item)", r.State, err)
	}
}

// TestWorkerAuditAndStop plans a run and works it in the planning process (as
// `provcheck audit --db postgres://…` does), then checks that a worker stops when
// canceled and that a SQLite session has no worker.
func TestWorkerAuditAndStop(t *testing.T) {
	url := storetest.Schema(t, storetest.Server(t), "worker")
	const n = 12
	web, urls := auditWeb(n)
	ss := workerSession(t, url, web)
	items := make([]inputs.Item, n)
	for i, u := range urls {
		items[i] = inputs.Item{Kind: ItemURL, Input: u}
	}
	ctx := t.Context()
	run := enqueuedRun(t, ss, items)
	w, err := ss.Worker(ctx, WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var seen []int
	stats, err := w.Audit(ctx, run.ID, func(finished, _ int) { seen = append(seen, finished) })
	if err != nil {
		t.Fatal(err)
	}
	if stats.Done != n || stats.Failed != 0 || stats.Fetches+stats.CacheHits != 2*n || web.count(wireURL) != 1 {
		t.Errorf("stats %+v, wire fetched %d times; want %d done, %d originals asked for, the wire fetched once", stats, web.count(wireURL), n, 2*n)
	}
	if len(seen) == 0 || seen[len(seen)-1] != n {
		t.Errorf("progress = %v, want it to end at %d", seen, n)
	}

	w, err = ss.Worker(ctx, WorkerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(cctx) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) {
			t.Errorf("Run canceled = %v, want ErrInterrupted", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a canceled worker did not stop")
	}

	sqlite := &Session{cfg: SessionConfig{Engine: engine(t)}, db: openSQLite(t)}
	if _, err := sqlite.Worker(ctx, WorkerConfig{}); !errors.Is(err, ErrInput) {
		t.Errorf("Worker on SQLite = %v, want an input error", err)
	}
	if sqlite.Queued() {
		t.Error("a SQLite session says its audits are queued")
	}
	if _, err := sqlite.Enqueue(ctx, run); !errors.Is(err, ErrInput) {
		t.Errorf("Enqueue on SQLite = %v, want an input error", err)
	}
}

func openSQLite(t *testing.T) *store.Store {
	t.Helper()
	db, err := store.Open(t.Context(), fmt.Sprintf("%s/w.db", t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestWorkerAuditWARCOneStream works the items of a one-stream WARC, backwards, as jobs:
// every page is read, as the record it names.
func TestWorkerAuditWARCOneStream(t *testing.T) {
	url := storetest.Schema(t, storetest.Server(t), "worker")
	const n = 30
	web, _ := auditWeb(0)
	items, urls, titles := oneStreamWARC(t, n)
	slices.Reverse(items)
	ss := workerSession(t, url, web)
	ctx := t.Context()
	run := enqueuedRun(t, ss, items)
	w, err := ss.Worker(ctx, WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	stats, err := w.Audit(ctx, run.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Done != n || stats.Failed != 0 {
		t.Errorf("stats = %+v, want %d done, none failed", stats, n)
	}
	checkWARCReports(t, ss.db, run.ID, urls, titles, nil)
}

// publishedBoard is a run's shared originals as another worker left them: the pages it
// published are read back, any other URL is claimed.
type publishedBoard map[string]*page.Page

func (b publishedBoard) Take(_ context.Context, _ int64, u string) (*page.Page, bool, error) {
	if p, ok := b[u]; ok {
		return p, false, nil
	}
	return nil, true, nil
}

func (publishedBoard) Publish(context.Context, int64, string, *page.Page) error { return nil }
func (publishedBoard) Release(int64, string)                                    {}

// TestSharedOriginalsCountAsReused counts an original another worker published as
// reused, not as fetched: only the one this worker claimed went over the network.
func TestSharedOriginalsCountAsReused(t *testing.T) {
	const n = 3
	web, urls := auditWeb(n)
	db, id := auditRun(t, urls)
	wire, _ := web.Fetch(t.Context(), wireURL)
	web.asked = nil
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 1})
	a.shared, a.sharedPoll = publishedBoard{wireURL: wire}, time.Millisecond
	stats, err := a.Run(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	// Each article cites the wire story (published by another worker) and a dead page.
	if stats.Done != n || stats.Fetches != 1 || stats.CacheHits != 2*n-1 {
		t.Errorf("stats = %+v, want %d done, 1 original fetched (the dead page), %d reused", stats, n, 2*n-1)
	}
	if got := web.count(wireURL); got != 0 {
		t.Errorf("the published original was fetched %d times, want 0", got)
	}
}

// TestWorkerAuditEndsWhenJobsGiveUp works a run whose jobs fail on every attempt in ways
// River gives up on: the articles' originals never answer (each attempt runs out of
// time), or an item's job args cannot be decoded. The wait ends, with the items failed
// with their reason and the run done.
func TestWorkerAuditEndsWhenJobsGiveUp(t *testing.T) {
	const n = 3
	tests := []struct {
		name   string
		stall  bool   // the originals never answer
		args   string // when set, the job args of item 1 become this (%d: the run)
		failed int
		want   string // the failed items' reason starts so
	}{
		{"out of time", true, "", n, "checking took longer than 300ms"},
		{"args undecodable", false, `{"run_id": "%d", "position": "1"}`, 1, "job discarded after 2 attempts: json: cannot unmarshal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			url := storetest.Schema(t, storetest.Server(t), "worker")
			fw, urls := auditWeb(n)
			ss := workerSession(t, url, fw)
			if tc.stall {
				ss.fetch = &stallingWeb{fakeWeb: fw, started: make(chan struct{})}
			}
			items := make([]inputs.Item, n)
			for i, u := range urls {
				items[i] = inputs.Item{Kind: ItemURL, Input: u}
			}
			ctx := t.Context()
			run := enqueuedRun(t, ss, items)
			db, _ := ss.db.PostgresDB()
			// Two attempts, not queue.MaxAttempts, keep River's backoff to one second.
			if _, err := db.ExecContext(ctx, `UPDATE river_job SET max_attempts = 2`); err != nil {
				t.Fatal(err)
			}
			if tc.args != "" {
				if _, err := db.ExecContext(ctx, `UPDATE river_job SET args = $1::jsonb WHERE args @> '{"position": 1}'`,
					fmt.Sprintf(tc.args, run.ID)); err != nil {
					t.Fatal(err)
				}
			}
			w, err := ss.Worker(ctx, WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond, RescueAfter: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			actx, cancel := context.WithTimeout(ctx, 60*time.Second)
			defer cancel()
			stats, err := w.Audit(actx, run.ID, nil)
			if err != nil {
				t.Fatalf("Audit = %v, want it to end once no item is pending", err)
			}
			if stats.Done != n-tc.failed || stats.Failed != tc.failed {
				t.Errorf("stats = %+v, want %d done, %d failed", stats, n-tc.failed, tc.failed)
			}
			sum, err := ss.db.RunSummary(ctx, run.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(sum.Failed) != tc.failed {
				t.Fatalf("failed items = %+v, want %d", sum.Failed, tc.failed)
			}
			for _, it := range sum.Failed {
				if !strings.HasPrefix(it.Err, tc.want) {
					t.Errorf("item %d failed with %q, want a reason starting %q", it.Position, it.Err, tc.want)
				}
			}
			if r, err := ss.db.Run(ctx, run.ID); err != nil || r.State != store.StateDone {
				t.Errorf("run state = %q, %v; want done", r.State, err)
			}
		})
	}
}

// enqueuedRun starts an audit run of items and enqueues its jobs.
func enqueuedRun(t *testing.T, ss *Session, items []inputs.Item) AuditRun {
	t.Helper()
	run, err := ss.StartAudit(t.Context(), "test", struct{}{}, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Enqueue(t.Context(), run); err != nil {
		t.Fatal(err)
	}
	return run
}

// stampedWeb is a fakeWeb whose pages say when they were fetched, as the crawler's do.
type stampedWeb struct{ *fakeWeb }

func (w stampedWeb) Fetch(ctx context.Context, u string) (*page.Page, error) {
	p, err := w.fakeWeb.Fetch(ctx, u)
	p.FetchedAt = time.Now()
	return p, err
}

func (w stampedWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = w.Fetch(ctx, u)
	}
	return out
}

// TestWorkersReuseRecentOriginals audits the same articles in two runs on two machines
// (two sessions on one PostgreSQL database): the second run reuses the wire story the
// first fetched, from the database, while it is younger than the reuse age; a failed
// fetch is asked again, and so is everything once reuse is off. Verdicts are the same.
func TestWorkersReuseRecentOriginals(t *testing.T) {
	url := storetest.Schema(t, storetest.Server(t), "worker")
	const n = 6
	web, urls := auditWeb(n)
	items := make([]inputs.Item, n)
	for i, u := range urls {
		items[i] = inputs.Item{Kind: ItemURL, Input: u}
	}
	ctx := t.Context()
	machine := func(reuse time.Duration) (*Session, *Worker) {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		ss := &Session{cfg: SessionConfig{Engine: engine(t)}, db: db, fetch: stampedWeb{web}}
		w, err := ss.Worker(ctx, WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond, ReuseAge: reuse})
		if err != nil {
			t.Fatal(err)
		}
		return ss, w
	}
	audit := func(reuse time.Duration) (AuditStats, map[string]store.Verdicts) {
		t.Helper()
		ss, w := machine(reuse)
		run := enqueuedRun(t, ss, items)
		stats, err := w.Audit(ctx, run.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, err := ss.db.RunVerdicts(ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		return stats, v
	}

	first, want := audit(time.Hour)
	if got := web.count(wireURL); got != 1 || first.Fetches != 2 {
		t.Fatalf("first run: wire fetched %d times, stats %+v; want once, 2 originals fetched", got, first)
	}
	tests := []struct {
		name        string
		reuse       time.Duration
		wireFetches int // by this run
	}{
		{"within the reuse age", time.Hour, 0},
		{"reuse off", -1, 1},
	}
	for _, tt := range tests {
		web.asked = nil
		stats, got := audit(tt.reuse)
		if c := web.count(wireURL); c != tt.wireFetches {
			t.Errorf("%s: wire fetched %d times, want %d", tt.name, c, tt.wireFetches)
		}
		if c := web.count("https://gone.example/x"); c != 1 {
			t.Errorf("%s: the dead page was asked %d times, want once (a failure is never reused)", tt.name, c)
		}
		if stats.Done != n || stats.Fetches != 1+tt.wireFetches || stats.CacheHits != 2*n-1-tt.wireFetches {
			t.Errorf("%s: stats %+v; want %d done, %d fetched, %d reused", tt.name, stats, n, 1+tt.wireFetches, 2*n-1-tt.wireFetches)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: verdicts %v, want the first run's %v", tt.name, got, want)
		}
	}
}
