package main

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to look into the database the workers wrote

	"github.com/provcheck/provcheck/checker/benchweb"
)

// hostLog records, per host, how many requests are in flight and the most there ever were.
type hostLog struct {
	mu       sync.Mutex
	inFlight map[string]int
	peak     map[string]int
}

func (l *hostLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.Host)
		if err != nil {
			host = r.Host
		}
		l.mu.Lock()
		l.inFlight[host]++
		l.peak[host] = max(l.peak[host], l.inFlight[host])
		l.mu.Unlock()
		defer func() {
			l.mu.Lock()
			l.inFlight[host]--
			l.mu.Unlock()
		}()
		time.Sleep(3 * time.Millisecond) // slow enough for workers to be caught part-way
		h.ServeHTTP(w, r)
	})
}

// reset forgets the peaks seen so far.
func (l *hostLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.peak = map[string]int{}
}

// peakOver returns the highest number of requests in flight to one host, and the host.
func (l *hostLog) peakOver() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, host := 0, ""
	for h, p := range l.peak {
		if p > n {
			n, host = p, h
		}
	}
	return n, host
}

// pgItems counts the run's items in the PostgreSQL database by state.
func pgItems(t *testing.T, db *sql.DB) (done, pending int) {
	t.Helper()
	if err := db.QueryRow(`SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'pending') FROM audit_items`).
		Scan(&done, &pending); err != nil {
		t.Fatal(err)
	}
	return done, pending
}

// findingLines are every finding of a database's articles, one line each (article, rule,
// subject, severity, message), sorted; db is open on loc, a SQLite path or a postgres:// URL.
func findingLines(t *testing.T, db *sql.DB, loc string) []string {
	return runFindingLines(t, db, loc, 0)
}

// runFindingLines are the finding lines of one run's articles; run 0 means every run.
func runFindingLines(t *testing.T, db *sql.DB, loc string, run int64) []string {
	t.Helper()
	var out []string
	for _, f := range storedFindings(t, db, loc, run) {
		out = append(out, fmt.Sprintf("%s %s %s#%d %s %s", f.url, f.Rule, f.SubjectKind, f.SubjectIndex, f.Severity, f.Message))
	}
	slices.Sort(out)
	return out
}

// TestWorkersKilledMatchSQLite plans an audit of 300 generated articles on PostgreSQL,
// works it with four worker processes, kills two of them with SIGKILL part-way and starts
// two more: the findings are those of a single-process SQLite audit of the same web, no
// article is stored twice, and no host had more requests in flight than its limit.
func TestWorkersKilledMatchSQLite(t *testing.T) {
	pgURL := postgresDB(t)
	requireBinary(t)
	web := benchweb.Web{N: 300, Sites: 5}
	log := &hostLog{inFlight: map[string]int{}, peak: map[string]int{}}
	srv := httptest.NewServer(log.wrap(web.Handler()))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	flags := []string{"--allow-private", "--no-archive", "--workers", "2", "--warc-dir", t.TempDir()}
	for _, host := range web.Hosts() {
		flags = append(flags, "--resolve", host+":80:"+addr)
	}
	urls := writeURLs(t, web)

	sqlitePath := t.TempDir() + "/single.db"
	if r := runBinary(t, nil, append([]string{"audit", "--quiet", "--db", sqlitePath, "--urls", urls}, flags...)...); r.code != exitOK {
		t.Fatalf("single-process SQLite audit: %s", r)
	}
	log.reset() // from here on, what the workers asked
	r := runBinary(t, nil, append([]string{"audit", "--enqueue-only", "--db", pgURL, "--urls", urls}, flags...)...)
	if r.code != exitOK || strings.TrimSpace(string(r.stdout)) != "1" {
		t.Fatalf("audit --enqueue-only: want run 1 on stdout: %s", r)
	}

	pg, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	stderrs := map[*exec.Cmd]*strings.Builder{}
	startWorker := func() *exec.Cmd {
		t.Helper()
		cmd := exec.Command(binPath, append([]string{"worker", "--db", pgURL, "--rescue-after", "3s"}, flags...)...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		stderrs[cmd] = &strings.Builder{}
		cmd.Stderr = stderrs[cmd]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd
	}
	var workers []*exec.Cmd
	for range 4 {
		workers = append(workers, startWorker())
	}
	waitFor := func(what string, within time.Duration, ok func(done, pending int) bool) (int, int) {
		t.Helper()
		deadline := time.Now().Add(within)
		for {
			done, pending := pgItems(t, pg)
			if ok(done, pending) {
				return done, pending
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within %v (%d done, %d pending)", what, within, done, pending)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	waitFor("30 items done", 30*time.Second, func(done, _ int) bool { return done >= 30 })
	for _, w := range workers[:2] {
		if err := w.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = w.Wait()
	}
	done, _ := pgItems(t, pg)
	if done >= web.N {
		t.Fatalf("every item was done before two workers were killed; slow the web down")
	}
	t.Logf("killed two of four workers with %d of %d items done", done, web.N)
	workers = append(workers[2:], startWorker(), startWorker())
	// A killed worker's jobs wait for --rescue-after and River's rescuer, which looks every 30 s.
	waitFor("no item pending", 50*time.Second, func(_, pending int) bool { return pending == 0 })
	for _, w := range workers {
		if err := w.Process.Signal(os.Interrupt); err != nil {
			t.Fatal(err)
		}
		if err := w.Wait(); err != nil {
			t.Errorf("worker stopped with SIGINT: %v\n%s", err, stderrs[w])
		}
	}

	sqlite := openDB(t, sqlitePath)
	want, got := findingLines(t, sqlite, sqlitePath), findingLines(t, pg, pgURL)
	if len(want) == 0 {
		t.Fatal("the SQLite audit stored no findings")
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings of the killed workers (%d) differ from a single-process SQLite audit (%d):\n%s",
			len(got), len(want), snapshotDiff(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
	var articles, urlsStored, twice, state string
	if err := pg.QueryRow(`SELECT count(*), count(DISTINCT url), (SELECT count(*) FROM
		(SELECT article_id FROM audit_items WHERE article_id IS NOT NULL GROUP BY article_id HAVING count(*) > 1) AS d),
		(SELECT state FROM runs WHERE id = 1) FROM articles`).Scan(&articles, &urlsStored, &twice, &state); err != nil {
		t.Fatal(err)
	}
	n := fmt.Sprint(web.N)
	if articles != n || urlsStored != n || twice != "0" || state != "done" {
		t.Errorf("stored %s articles of %s URLs, %s articles shared by items, run %s; want %d, %d, 0, done", articles, urlsStored, twice, state, web.N, web.N)
	}
	// The per-host limit (2, the crawler's default) held across the processes.
	if peak, host := log.peakOver(); peak > 2 || peak == 0 {
		t.Errorf("%d requests in flight at once to %s from the workers, want at most 2", peak, host)
	} else {
		t.Logf("at most %d requests in flight to one host", peak)
	}
}

// TestAuditPostgresWorksItsJobs audits a web on PostgreSQL in one process (the planning
// process works the jobs it enqueued) and on SQLite: the findings are the same, and
// `audit --status` says the same of both runs.
func TestAuditPostgresWorksItsJobs(t *testing.T) {
	pgURL := postgresDB(t)
	web, flags := auditWeb(t, 40, 0)
	urls := writeURLs(t, web)
	sqlitePath := t.TempDir() + "/a.db"
	runOK := func(args ...string) string {
		t.Helper()
		var stdout, stderr strings.Builder
		if code := run(t.Context(), append([]string{"provcheck"}, args...), strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("%s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
		}
		return stdout.String()
	}
	for _, db := range []string{sqlitePath, pgURL} {
		out := runOK(append([]string{"audit", "--db", db, "--urls", urls, "--warc-dir", t.TempDir()}, flags...)...)
		if !strings.Contains(out, "articles checked  40 (this session: 40 done, 0 failed)") {
			t.Errorf("%s: summary:\n%s", db, out)
		}
		status := runOK("audit", "--status", "--db", db)
		if !strings.HasPrefix(status, "run 1 (done): 40 done, 0 failed, 0 pending of 40 items; ") {
			t.Errorf("%s: audit --status = %q", db, status)
		}
	}
	pg, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if want, got := findingLines(t, openDB(t, sqlitePath), sqlitePath), findingLines(t, pg, pgURL); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("PostgreSQL audit findings (%d) differ from SQLite's (%d):\n%s", len(got), len(want),
			snapshotDiff(strings.Join(want, "\n"), strings.Join(got, "\n")))
	}
	// A run the jobs finished is done: there is nothing to resume.
	var stderr strings.Builder
	if code := run(t.Context(), []string{"provcheck", "audit", "--db", pgURL, "--resume", "--run", "1"}, strings.NewReader(""), &strings.Builder{}, &stderr); code == exitOK {
		t.Errorf("resume of a done run: exit 0, want a refusal\n%s", stderr.String())
	}
}

// TestAuditQueueUsage: --enqueue-only needs PostgreSQL, a worker too, and --status a run.
func TestAuditQueueUsage(t *testing.T) {
	dir := t.TempDir()
	urls := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(urls, []byte("http://news.example/1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"enqueue-only on SQLite", []string{"audit", "--enqueue-only", "--urls", urls, "--db", filepath.Join(dir, "a.db")}, "--enqueue-only needs a PostgreSQL database"},
		{"worker on SQLite", []string{"worker", "--db", filepath.Join(dir, "w.db")}, "a worker needs a PostgreSQL database"},
		// The worker's refusal comes after its database was opened, so w.db exists now.
		{"status without a run", []string{"audit", "--status", "--run", "7", "--db", filepath.Join(dir, "w.db")}, "no run 7 in this database"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := run(t.Context(), append([]string{"provcheck"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
			if code != exitUsage || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), exitUsage, tc.want)
			}
		})
	}
	// --enqueue-only is refused before the database is created.
	if _, err := os.Stat(filepath.Join(dir, "a.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused --enqueue-only left a database behind (stat: %v)", err)
	}
}

// TestBenchProcesses benches a small web with two worker processes on PostgreSQL: every
// verdict matches the truth.
func TestBenchProcesses(t *testing.T) {
	pgURL := postgresDB(t)
	r := runBinary(t, nil, "bench", "--articles", "30", "--sites", "3", "--db", pgURL, "--processes", "2", "--workers", "2")
	if r.code != exitOK {
		t.Fatalf("bench --processes 2: %s", r)
	}
	out := string(r.stdout)
	for _, want := range []string{"articles       30 (30 done, 0 failed)", "processes      2 worker processes"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "1.000  1.000\n"); n != 7 { // three quote verdicts, four citation fates
		t.Errorf("%d verdicts with precision and recall 1, want 7:\n%s", n, out)
	}
	if r := runBinary(t, nil, "bench", "--articles", "3", "--processes", "2"); r.code != exitUsage {
		t.Errorf("bench --processes on SQLite: %s; want a usage error", r)
	}
}

// TestAuditPostgresResume plans an audit with --enqueue-only, then resumes it: the
// resuming process enqueues nothing twice and works the run's jobs to the end.
func TestAuditPostgresResume(t *testing.T) {
	pgURL := postgresDB(t)
	web, flags := auditWeb(t, 20, 0)
	urls := writeURLs(t, web)
	flags = append(flags, "--warc-dir", t.TempDir())
	var stdout, stderr strings.Builder
	if code := run(t.Context(), append([]string{"provcheck", "audit", "--enqueue-only", "--db", pgURL, "--urls", urls}, flags...), strings.NewReader(""), &stdout, &stderr); code != exitOK || stdout.String() != "1\n" {
		t.Fatalf("audit --enqueue-only: exit %d, stdout %q, want run 1\n%s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(t.Context(), append([]string{"provcheck", "audit", "--resume", "--db", pgURL}, flags...), strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("audit --resume: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "run 1: 0 jobs enqueued") {
		t.Errorf("the resume enqueued jobs again:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "items             20 done") {
		t.Errorf("resume summary:\n%s", stdout.String())
	}
}

// TestAuditReusesAnotherMachinesOriginals audits a web on PostgreSQL, then audits it again
// as another machine would (the first machine's WARC files gone): within --max-age no
// original that came back whole the first time is asked again, and the findings are the
// same; with --max-age 0 they are fetched again.
func TestAuditReusesAnotherMachinesOriginals(t *testing.T) {
	pgURL := postgresDB(t)
	web := benchweb.Web{N: 30, Sites: 5}
	articles := map[string]bool{}
	for _, u := range strings.Fields(web.URLs()) {
		articles[strings.TrimPrefix(u, "http://")] = true
	}
	var (
		mu    sync.Mutex
		whole []string // originals answered 2xx, since the last reset
	)
	h := web.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		if u := r.Host + r.URL.Path; !articles[u] && r.URL.Path != "/robots.txt" && rec.status < 300 {
			mu.Lock()
			whole = append(whole, u)
			mu.Unlock()
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	urls := writeURLs(t, web)
	audit := func(warcDir string, extra ...string) []string {
		t.Helper()
		mu.Lock()
		whole = nil
		mu.Unlock()
		args := []string{"provcheck", "audit", "--db", pgURL, "--urls", urls, "--warc-dir", warcDir,
			"--allow-private", "--no-archive", "--quiet", "--workers", "2"}
		for _, host := range web.Hosts() {
			args = append(args, "--resolve", host+":80:"+addr)
		}
		var stdout, stderr strings.Builder
		if code := run(t.Context(), append(args, extra...), strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("audit: exit %d\n%s", code, stderr.String())
		}
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(whole)
	}
	first := t.TempDir()
	if got := audit(first); len(got) == 0 {
		t.Fatal("the first audit fetched no original whole")
	}
	if err := os.RemoveAll(first); err != nil { // another machine has none of its WARC files
		t.Fatal(err)
	}
	if got := audit(t.TempDir()); len(got) != 0 {
		t.Errorf("within --max-age, the second machine fetched %d originals again: %v", len(got), got)
	}
	if got := audit(t.TempDir(), "--max-age", "0"); len(got) == 0 {
		t.Error("with --max-age 0, no original was fetched again")
	}
	pg, err := sql.Open("pgx", pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	want := runFindingLines(t, pg, pgURL, 1)
	for run := int64(2); run <= 3; run++ {
		if got := runFindingLines(t, pg, pgURL, run); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("run %d findings (%d) differ from run 1's (%d):\n%s", run, len(got), len(want),
				snapshotDiff(strings.Join(want, "\n"), strings.Join(got, "\n")))
		}
	}
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
