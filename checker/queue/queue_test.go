package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/checker/store/storetest"
)

// openStore opens a store in a fresh schema of the server of $PROVCHECK_TEST_POSTGRES,
// dropped at the end of the test; without a server it skips, or fails under CI.
func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, _ := openStoreURL(t)
	return st
}

// openStoreURL is openStore that also returns the URL of the schema, for more processes.
func openStoreURL(t testing.TB) (*store.Store, string) {
	t.Helper()
	u := storetest.Schema(t, storetest.Server(t), "queue")
	st, err := store.Open(t.Context(), u)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if err := Migrate(t.Context(), st); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return st, u
}

// fakeChecker makes a check of each item without fetching anything; the items of
// transient fail on their first attempt, those of permanent on every attempt.
type fakeChecker struct {
	transient, permanent map[int]bool
	mu                   sync.Mutex
	calls                map[int]int
}

func (f *fakeChecker) CheckItem(_ context.Context, _ int64, it store.Item) (*store.Check, error) {
	f.mu.Lock()
	f.calls[it.Position]++
	n := f.calls[it.Position]
	f.mu.Unlock()
	switch {
	case f.permanent[it.Position]:
		return nil, Permanent(fmt.Errorf("bad input %s", it.Input))
	case f.transient[it.Position] && n == 1:
		return nil, errors.New("connection reset")
	}
	return &store.Check{
		URL: it.Input, FinalURL: it.Input, Title: "Article " + it.Input, Fetch: -1,
		Findings: []store.Finding{{Rule: "link.dead", Severity: "medium", SubjectKind: "citation", Message: "dead " + it.Input}},
		Score:    70, Grade: "C", Report: []byte(`{}`), CheckedAt: time.Now(),
	}, nil
}

// plan records a run of n items and enqueues them.
func plan(t testing.TB, st *store.Store, n int) (int64, []store.Item) {
	t.Helper()
	ctx := t.Context()
	run, err := st.StartRun(ctx, store.KindAudit, "urls.txt", "{}")
	if err != nil {
		t.Fatal(err)
	}
	var items []store.Item
	for i := range n {
		items = append(items, store.Item{Position: i, Kind: "url", Input: fmt.Sprintf("https://news.example/%d", i)})
	}
	if err := st.AddItems(ctx, run, items); err != nil {
		t.Fatal(err)
	}
	return run, items
}

// waitDone waits until no item of run is pending.
func waitDone(t testing.TB, st *store.Store, run int64, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		pending, err := st.Items(t.Context(), run, store.ItemPending)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d items still pending after %v", len(pending), within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestJobs(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	const n = 30
	run, items := plan(t, st, n)
	for i, want := range []int{n, 0} { // planning twice enqueues nothing twice
		added, err := Enqueue(ctx, st, run, items)
		if err != nil || added != want {
			t.Fatalf("Enqueue #%d = %d, %v; want %d, nil", i+1, added, err, want)
		}
	}

	check := &fakeChecker{transient: map[int]bool{3: true, 17: true}, permanent: map[int]bool{5: true}, calls: map[int]int{}}
	w, err := NewWorker(st, check, WorkerConfig{Workers: 4, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Start(ctx); err != nil {
		t.Fatal(err)
	}
	waitDone(t, st, run, 60*time.Second)
	stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := w.Stop(stopCtx); err != nil {
		t.Fatal(err)
	}

	sum, err := st.RunSummary(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Items[store.ItemDone] != n-1 || sum.Items[store.ItemFailed] != 1 || sum.Articles != n-1 {
		t.Errorf("items %v, articles %d; want %d done, 1 failed, %d articles (none twice)", sum.Items, sum.Articles, n-1, n-1)
	}
	if len(sum.Failed) != 1 || sum.Failed[0].Position != 5 || sum.Failed[0].Err != "bad input https://news.example/5" {
		t.Errorf("failed items = %+v, want item 5 with its reason", sum.Failed)
	}
	if check.calls[3] != 2 || check.calls[17] != 2 || check.calls[5] != 1 {
		t.Errorf("attempts: item 3 %d, item 17 %d, item 5 %d; want 2, 2 (retried) and 1 (permanent)", check.calls[3], check.calls[17], check.calls[5])
	}
	db, _ := st.PostgresDB()
	var open int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE state <> 'completed'`).Scan(&open); err != nil || open != 0 {
		t.Errorf("jobs not completed = %d, %v; want 0", open, err)
	}
}

func TestJobsNeedPostgres(t *testing.T) {
	st, err := store.Open(t.Context(), t.TempDir()+"/p.db")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := Migrate(t.Context(), st); err == nil {
		t.Error("Migrate on SQLite: no error")
	}
	if _, err := NewWorker(st, &fakeChecker{}, WorkerConfig{}); err == nil {
		t.Error("NewWorker on SQLite: no error")
	}
}

// BenchmarkJobs measures what the queue costs an article: b.N jobs of a checker that
// fetches nothing, through one process of 4 workers.
func BenchmarkJobs(b *testing.B) {
	st := openStore(b)
	run, items := plan(b, st, b.N)
	w, err := NewWorker(st, &fakeChecker{calls: map[int]int{}}, WorkerConfig{Workers: 4, PollInterval: 20 * time.Millisecond})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	if _, err := Enqueue(b.Context(), st, run, items); err != nil {
		b.Fatal(err)
	}
	if err := w.Start(b.Context()); err != nil {
		b.Fatal(err)
	}
	waitDone(b, st, run, 10*time.Minute)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "jobs/s")
	if err := w.Stop(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// givingUpChecker checks item 0 as fakeChecker does and fails item 1 with fail.
type givingUpChecker struct {
	fakeChecker
	fail func(ctx context.Context) error
}

func (g *givingUpChecker) CheckItem(ctx context.Context, runID int64, it store.Item) (*store.Check, error) {
	if it.Position == 1 && g.fail != nil {
		return nil, g.fail(ctx)
	}
	return g.fakeChecker.CheckItem(ctx, runID, it)
}

// TestGivenUpJobsFailTheirItem makes the job of one item fail on each of its attempts in
// a way River gives up on without the worker recording the item (or, out of time, with
// the worker recording it on the last attempt): the wait for the run ends, with the item
// failed with its reason and the run's last item recorded.
func TestGivenUpJobsFailTheirItem(t *testing.T) {
	tests := []struct {
		name string
		fail func(ctx context.Context) error
		args string // when set, item 1's job args become this (%d: the run)
		want string // the failed item's reason starts so
	}{
		{"out of time", func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }, "",
			"checking took longer than 300ms"},
		{"panics", func(context.Context) error { panic("boom") }, "",
			"job discarded after 2 attempts: boom"},
		{"cancelled", func(context.Context) error { return river.JobCancel(errors.New("withdrawn by an editor")) }, "",
			"job cancelled: withdrawn by an editor"},
		{"args undecodable", nil, `{"run_id": "%d", "position": "1"}`,
			"job discarded after 2 attempts: json: cannot unmarshal string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, db, run := enqueued(t, 2)
			ctx := t.Context()
			// Two attempts, not MaxAttempts, keep River's backoff to one second.
			if _, err := db.ExecContext(ctx, `UPDATE river_job SET max_attempts = 2`); err != nil {
				t.Fatal(err)
			}
			if tc.args != "" {
				if _, err := db.ExecContext(ctx, `UPDATE river_job SET args = $1::jsonb WHERE args @> '{"position": 1}'`,
					fmt.Sprintf(tc.args, run)); err != nil {
					t.Fatal(err)
				}
			}
			var mu sync.Mutex
			closed := false
			check := &givingUpChecker{fakeChecker: fakeChecker{calls: map[int]int{}}, fail: tc.fail}
			w, err := NewWorker(st, check, WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond, RescueAfter: 300 * time.Millisecond,
				Recorded: func(ctx context.Context, runID int64) {
					if pending, err := st.HasPending(ctx, runID); err == nil && !pending && runID == run {
						mu.Lock()
						closed = true
						mu.Unlock()
					}
				}})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Start(ctx); err != nil {
				t.Fatal(err)
			}
			waitDone(t, st, run, 30*time.Second)
			stopCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			if err := w.Stop(stopCtx); err != nil {
				t.Fatal(err)
			}
			done, err := st.Item(ctx, run, 0)
			if err != nil || done.State != store.ItemDone {
				t.Errorf("item 0 = %+v, %v; want done", done, err)
			}
			failed, err := st.Item(ctx, run, 1)
			if err != nil || failed.State != store.ItemFailed || !strings.HasPrefix(failed.Err, tc.want) {
				t.Errorf("item 1 = %q %q, %v; want failed with a reason starting %q", failed.State, failed.Err, err, tc.want)
			}
			mu.Lock()
			defer mu.Unlock()
			if !closed {
				t.Error("Recorded was not called once the run had no pending item")
			}
		})
	}
}

func TestItemOf(t *testing.T) {
	tests := []struct {
		args     string
		run      int64
		position int
		ok       bool
	}{
		{`{"run_id": 7, "position": 3}`, 7, 3, true},
		{`{"run_id": "7", "position": " 3 "}`, 7, 3, true},
		{`{"run_id": 7}`, 0, 0, false},
		{`{"run_id": 7, "position": -1}`, 0, 0, false},
		{`{"run_id": 7, "position": 1.5}`, 0, 0, false},
		{`[1, 2]`, 0, 0, false},
		{`not json`, 0, 0, false},
	}
	for _, tc := range tests {
		run, pos, ok := itemOf([]byte(tc.args))
		if run != tc.run || pos != tc.position || ok != tc.ok {
			t.Errorf("itemOf(%s) = %d, %d, %v; want %d, %d, %v", tc.args, run, pos, ok, tc.run, tc.position, tc.ok)
		}
	}
}

// enqueued opens a store with a run of n planned items, each enqueued as a job, and
// returns the store, its PostgreSQL database and the run.
func enqueued(t *testing.T, n int) (*store.Store, *sql.DB, int64) {
	t.Helper()
	st := openStore(t)
	run, items := plan(t, st, n)
	if _, err := Enqueue(t.Context(), st, run, items); err != nil {
		t.Fatal(err)
	}
	db, _ := st.PostgresDB()
	return st, db, run
}

// TestSweepReadsOnlyNewGivenUpJobs: after its first sweep, which lists every job River
// gave up on, a worker's sweep lists only those given up since its last one (with a
// minute's slack); a new worker starts from all of them again.
func TestSweepReadsOnlyNewGivenUpJobs(t *testing.T) {
	st, db, run := enqueued(t, 2)
	ctx := t.Context()
	giveUp := func(position int, ago time.Duration) {
		t.Helper()
		if _, err := db.ExecContext(ctx,
			`UPDATE river_job SET state = 'discarded', finalized_at = now() - make_interval(secs => $1)
			 WHERE args @> jsonb_build_object('position', $2::int)`, ago.Seconds(), position); err != nil {
			t.Fatal(err)
		}
	}
	sweep := func(sw *sweeper, want int) {
		t.Helper()
		if n, err := sw.sweep(ctx); err != nil || n != want {
			t.Fatalf("sweep = %d, %v; want %d items failed", n, err, want)
		}
	}
	sw := &sweeper{st: st, db: db, log: slog.New(slog.DiscardHandler)}
	giveUp(0, 0)
	sweep(sw, 1) // the first sweep: all
	// Given up "an hour ago" but seen only now: older than the last sweep and its slack,
	// so this worker's sweeps no longer read it.
	giveUp(1, time.Hour)
	sweep(sw, 0)
	if it, err := st.Item(ctx, run, 1); err != nil || it.State != store.ItemPending {
		t.Fatalf("item 1 = %+v, %v; want pending still", it, err)
	}
	sweep(&sweeper{st: st, db: db, log: slog.New(slog.DiscardHandler)}, 1) // a new worker's first sweep
	if it, err := st.Item(ctx, run, 1); err != nil || it.State != store.ItemFailed {
		t.Fatalf("item 1 = %+v, %v; want failed", it, err)
	}

	// A given-up job whose item another job will still check is looked at again by id,
	// however long ago it was given up: item 0 of a second run, resumed.
	run2, items2 := plan(t, st, 1)
	if _, err := Enqueue(ctx, st, run2, items2); err != nil {
		t.Fatal(err)
	}
	var first int64
	if err := db.QueryRowContext(ctx, `UPDATE river_job SET state = 'discarded', finalized_at = now() - interval '1 hour'
		WHERE args @> jsonb_build_object('run_id', $1::bigint) RETURNING id`, run2).Scan(&first); err != nil {
		t.Fatal(err)
	}
	if n, err := Enqueue(ctx, st, run2, items2); err != nil || n != 1 {
		t.Fatalf("enqueue again = %d, %v; want 1 job", n, err)
	}
	sw = &sweeper{st: st, db: db, log: slog.New(slog.DiscardHandler)}
	sweep(sw, 0) // the item has a live job
	if _, err := db.ExecContext(ctx, `UPDATE river_job SET state = 'discarded', finalized_at = now() - interval '1 hour'
		WHERE args @> jsonb_build_object('run_id', $1::bigint) AND id <> $2`, run2, first); err != nil {
		t.Fatal(err)
	}
	sweep(sw, 1) // the first job, by its id: no live job now
	if it, err := st.Item(ctx, run2, 0); err != nil || it.State != store.ItemFailed {
		t.Fatalf("run 2 item 0 = %+v, %v; want failed", it, err)
	}
}
