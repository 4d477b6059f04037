package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/store"
)

// auditWeb serves a generated web slowly enough (a few ms a request) for an audit of it to
// be caught part-way, and returns the flags that point the binary at it.
func auditWeb(t *testing.T, n int, delay time.Duration) (benchweb.Web, []string) {
	t.Helper()
	web := benchweb.Web{N: n, Sites: 5}
	h := web.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	addr := strings.TrimPrefix(srv.URL, "http://")
	flags := []string{"--allow-private", "--no-archive", "--quiet", "--workers", "2"}
	for _, host := range web.Hosts() {
		flags = append(flags, "--resolve", host+":80:"+addr)
	}
	return web, flags
}

func writeURLs(t *testing.T, web benchweb.Web) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(p, []byte("# generated web\n"+web.URLs()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// startAudit starts the binary without waiting for it.
func startAudit(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	requireBinary(t)
	cmd := exec.Command(binPath, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, &stderr
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// articleFinding is a stored finding with the URL of its article.
type articleFinding struct {
	url string
	store.Finding
}

// storedFindings are the findings of the articles of run (0: every run) of the database
// at loc (a SQLite path or a postgres:// URL; db is open on it), with their texts as the
// store reads them back.
func storedFindings(t *testing.T, db *sql.DB, loc string, run int64) []articleFinding {
	t.Helper()
	rows, err := db.Query(`SELECT id, url FROM articles WHERE $1 = 0 OR run_id = $1 ORDER BY id`, run)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type article struct {
		id  int64
		url string
	}
	var articles []article
	for rows.Next() {
		var a article
		if err := rows.Scan(&a.id, &a.url); err != nil {
			t.Fatal(err)
		}
		articles = append(articles, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), loc)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []articleFinding
	for _, a := range articles {
		fs, err := st.FindingsOf(t.Context(), a.id)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			out = append(out, articleFinding{a.url, f})
		}
	}
	return out
}

// waitDone waits until at least n items of the database's audits are done.
func waitDone(t *testing.T, path string, n int) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			var done int
			db := openDB(t, path)
			err := db.QueryRow(`SELECT count(*) FROM audit_items WHERE state = 'done'`).Scan(&done)
			db.Close()
			if err == nil && done >= n {
				return done
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("audit did not get %d items done in time", n)
	return 0
}

// snapshot is what an audit stored, independent of ids and times: per article, its
// verdicts and findings; the item states; and duplicate counts.
func snapshot(t *testing.T, path string) string {
	t.Helper()
	db := openDB(t, path)
	var lines []string
	q := func(query string) {
		rows, err := db.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
	}
	q(`SELECT 'article', url, title, score, grade, count(*) FROM articles GROUP BY url ORDER BY url`)
	q(`SELECT 'quote', a.url, q.idx, q.text, q.verdict, q.source_url FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY a.url, q.idx`)
	q(`SELECT 'citation', a.url, c.idx, c.url, c.verdict FROM citations c JOIN articles a ON a.id = c.article_id ORDER BY a.url, c.idx`)
	for _, f := range storedFindings(t, db, path, 0) {
		lines = append(lines, fmt.Sprint("finding", f.url, f.Rule, f.Severity, f.SubjectKind, f.SubjectIndex, f.Message, string(f.Evidence)))
	}
	q(`SELECT 'item', position, kind, input, state, error FROM audit_items ORDER BY position`)
	q(`SELECT 'pages', count(*) FROM pages`)
	q(`SELECT 'runs', state, count(*) FROM runs GROUP BY state`)
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// TestAuditKillAndResume kills a real audit with SIGKILL part-way, resumes it, and
// compares the database with an uninterrupted audit of the same input: nothing finished
// is lost, nothing is done twice.
func TestAuditKillAndResume(t *testing.T) {
	web, flags := auditWeb(t, 60, 3*time.Millisecond)
	urls := writeURLs(t, web)
	dir := t.TempDir()
	clean, killed := filepath.Join(dir, "clean.db"), filepath.Join(dir, "killed.db")

	r := runBinary(t, nil, append([]string{"audit", "--db", clean, "--urls", urls}, flags...)...)
	if r.code != exitOK {
		t.Fatalf("clean audit: %s", r)
	}

	cmd, _ := startAudit(t, append([]string{"audit", "--db", killed, "--urls", urls}, flags...)...)
	done := waitDone(t, killed, 15)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	var after int
	if err := openDB(t, killed).QueryRow(`SELECT count(*) FROM audit_items WHERE state = 'done'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after >= web.N {
		t.Fatalf("the audit finished (%d items) before it was killed; slow the web down", after)
	}
	t.Logf("killed with %d (then %d) of %d items done", done, after, web.N)

	// The dial overrides are settings of the process, not of the run: pass them again.
	r = runBinary(t, nil, append([]string{"audit", "--db", killed, "--resume"}, flags...)...)
	if r.code != exitOK {
		t.Fatalf("resume: %s", r)
	}
	got, want := snapshot(t, killed), snapshot(t, clean)
	if got != want {
		t.Errorf("database after kill and resume differs from an uninterrupted audit:\n%s", snapshotDiff(want, got))
	}
}

// TestAuditInterruptAndResume sends one SIGINT: the articles in flight finish, the run is
// marked interrupted with a resume hint, and --resume completes it.
func TestAuditInterruptAndResume(t *testing.T) {
	web, flags := auditWeb(t, 60, 3*time.Millisecond)
	urls := writeURLs(t, web)
	db := filepath.Join(t.TempDir(), "p.db")
	cmd, stderr := startAudit(t, append([]string{"audit", "--db", db, "--urls", urls}, flags...)...)
	waitDone(t, db, 10)
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("interrupted audit exited with %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr.String(), "provcheck audit --resume --run 1") {
		t.Errorf("stderr lacks the resume hint:\n%s", stderr)
	}
	var state string
	var pending int
	conn := openDB(t, db)
	if err := conn.QueryRow(`SELECT state FROM runs WHERE id = 1`).Scan(&state); err != nil || state != "interrupted" {
		t.Errorf("run state = %q (%v), want interrupted", state, err)
	}
	if err := conn.QueryRow(`SELECT count(*) FROM audit_items WHERE state = 'pending'`).Scan(&pending); err != nil || pending == 0 {
		t.Errorf("pending items = %d (%v), want some left for the resume", pending, err)
	}
	r := runBinary(t, nil, append([]string{"audit", "--db", db, "--resume"}, flags...)...)
	if r.code != exitOK {
		t.Fatalf("resume: %s", r)
	}
	var done, articles int
	conn.QueryRow(`SELECT count(*) FROM audit_items WHERE state = 'done'`).Scan(&done)
	conn.QueryRow(`SELECT count(DISTINCT url) FROM articles`).Scan(&articles)
	if done != web.N || articles != web.N {
		t.Errorf("after resume: %d items done, %d articles, want %d of each", done, articles, web.N)
	}
	if !strings.Contains(string(r.stdout), "Audit run 1") {
		t.Errorf("no summary:\n%s", r.stdout)
	}
}

// snapshotDiff lists the lines only one side has.
func snapshotDiff(want, got string) string {
	w, g := map[string]bool{}, map[string]bool{}
	for _, l := range strings.Split(want, "\n") {
		w[l] = true
	}
	for _, l := range strings.Split(got, "\n") {
		g[l] = true
	}
	var b strings.Builder
	n := 0
	for _, l := range strings.Split(want, "\n") {
		if !g[l] && n < 20 {
			fmt.Fprintf(&b, "- %s\n", l)
			n++
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] && n < 40 {
			fmt.Fprintf(&b, "+ %s\n", l)
			n++
		}
	}
	return b.String()
}
