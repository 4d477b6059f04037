package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, to look into the database a check wrote

	"github.com/provcheck/provcheck/rules"
)

// binPath is the provcheck binary TestMain builds; "" under -short, where the end-to-end
// tests skip.
var binPath string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "provcheck-e2e-")
	if err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		os.Exit(1)
	}
	name := "provcheck"
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	bin := filepath.Join(dir, name)
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build: %v\n%s", err, out)
		_ = os.RemoveAll(dir)
		os.Exit(1)
	}
	binPath = bin
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// e2eDir holds the end-to-end fixtures: the article template and the static originals.
const e2eDir = "../../testdata/e2e"

// The quote every fixture article prints and the speech original carries word for word.
const speechQuote = "entering a decade of careful and patient investment in clean water"

// slowDelay is how long /slow takes to answer: far longer than the --timeout the tests
// give, so that a run which does not honour the timeout shows in its duration.
const slowDelay = 10 * time.Second

// renderArticle renders the fixture article citing href.
func renderArticle(t testing.TB, href string) []byte {
	t.Helper()
	tmpl, err := template.ParseFiles(filepath.Join(e2eDir, "article.html.tmpl"))
	if err != nil {
		t.Fatalf("parse article template: %v", err)
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, struct{ Href string }{href}); err != nil {
		t.Fatalf("render article: %v", err)
	}
	return b.Bytes()
}

// site is the web the end-to-end tests check: articles under /a/NAME that cite one
// original each, and originals that answer 200, redirect, fail, loop, hang or are
// disallowed by robots.txt.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int // requests per path
	// slowWaits is, for each request to /slow, how long the client waited before it gave
	// up (or slowDelay when it waited to the end).
	slowWaits []time.Duration
}

// articleCites maps /a/NAME to the href the article cites.
var articleCites = map[string]string{
	"verified": "/orig/speech.html",
	"chain":    "/hop/1",
	"404":      "/status/404",
	"410":      "/status/410",
	"loop":     "/loop/a",
	"slow":     "/slow",
	"robots":   "/private/speech.html",
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{hits: map[string]int{}}
	speech, err := os.ReadFile(filepath.Join(e2eDir, "site", "orig", "speech.html"))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	articles := map[string][]byte{}
	for name, href := range articleCites {
		articles[name] = renderArticle(t, href)
	}
	html := func(w http.ResponseWriter, status int, body []byte) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /", http.FileServer(http.Dir(filepath.Join(e2eDir, "site"))))
	mux.HandleFunc("GET /robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("GET /a/{name}", func(w http.ResponseWriter, r *http.Request) {
		b, ok := articles[r.PathValue("name")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		html(w, http.StatusOK, b)
	})
	mux.HandleFunc("GET /hop/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/hop/2", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /hop/2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/orig/speech.html", http.StatusFound)
	})
	mux.HandleFunc("GET /loop/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("GET /loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusFound)
	})
	mux.HandleFunc("GET /status/404", func(w http.ResponseWriter, _ *http.Request) {
		html(w, http.StatusNotFound, []byte("<html><body><h1>Not found</h1></body></html>"))
	})
	mux.HandleFunc("GET /status/410", func(w http.ResponseWriter, _ *http.Request) {
		html(w, http.StatusGone, []byte("<html><body><h1>Gone</h1></body></html>"))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		select {
		case <-time.After(slowDelay):
			html(w, http.StatusOK, speech)
		case <-r.Context().Done(): // the client gave up: let the server close promptly
		}
		s.mu.Lock()
		s.slowWaits = append(s.slowWaits, time.Since(start))
		s.mu.Unlock()
	})
	mux.HandleFunc("GET /private/speech.html", func(w http.ResponseWriter, _ *http.Request) {
		html(w, http.StatusOK, speech)
	})
	mux.HandleFunc("GET /img.png", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 64)...))
	})
	mux.HandleFunc("GET /empty", func(w http.ResponseWriter, _ *http.Request) {
		html(w, http.StatusOK, nil)
	})
	mux.HandleFunc("GET /empty.html", func(w http.ResponseWriter, _ *http.Request) {
		html(w, http.StatusOK, []byte("<html><body></body></html>"))
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// hitsOf is how many requests the site has had for path.
func (s *site) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// waitsAtSlow returns how long each client of /slow waited.
func (s *site) waitsAtSlow() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.slowWaits...)
}

// totalHits is how many requests the site has had.
func (s *site) totalHits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.hits {
		n += c
	}
	return n
}

// requireBinary skips an end-to-end test under -short, where TestMain builds no binary.
func requireBinary(t *testing.T) {
	t.Helper()
	if binPath == "" {
		t.Skip("end-to-end test: needs the provcheck binary, not built under -short")
	}
}

// result is what one run of the binary did.
type result struct {
	code           int
	stdout, stderr []byte
	elapsed        time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("exit %d after %v\nstdout:\n%s\nstderr:\n%s", r.code, r.elapsed.Round(time.Millisecond), r.stdout, r.stderr)
}

// runBinary runs the built provcheck with args and stdin in a scratch directory, with the
// default database redirected there too.
func runBinary(t *testing.T, stdin []byte, args ...string) result {
	t.Helper()
	requireBinary(t)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binPath, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "COLUMNS=100", "PROVCHECK_DB="+filepath.Join(dir, "default.db"))
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	res := result{stdout: stdout.Bytes(), stderr: stderr.Bytes(), elapsed: time.Since(start)}
	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("provcheck %s: killed after %v\n%s", strings.Join(args, " "), res.elapsed, res)
	case errors.As(err, &exitErr):
		res.code = exitErr.ExitCode()
	case err != nil:
		t.Fatalf("provcheck %s: %v", strings.Join(args, " "), err)
	}
	return res
}

// jsonCheck is the argument list of a JSON check of target that may fetch from loopback.
func jsonCheck(target string, flags ...string) []string {
	args := append([]string{"check", "--allow-private", "--no-archive", "--no-db", "--format", "json"}, flags...)
	return append(args, target)
}

// wantUsageError checks that a run failed as a usage or input error: exit 2, exactly one
// line on stderr starting "provcheck: ", and no trace of a panic.
func wantUsageError(t *testing.T, r result) string {
	t.Helper()
	if r.code != exitUsage {
		t.Errorf("exit code = %d, want %d\n%s", r.code, exitUsage, r)
	}
	stderr := string(r.stderr)
	if !strings.HasPrefix(stderr, "provcheck: ") || !strings.HasSuffix(stderr, "\n") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want one line starting %q", stderr, "provcheck: ")
	}
	for _, bad := range []string{"panic", "goroutine"} {
		if strings.Contains(stderr+string(r.stdout), bad) {
			t.Errorf("output mentions %q:\n%s", bad, r)
		}
	}
	return stderr
}

// wantOneCitation decodes a run's JSON report, checks it exited 0 and returns the
// report and the citation of u.
func wantOneCitation(t *testing.T, r result, u string) (jsonReport, jsonCitation) {
	t.Helper()
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", r.code, exitOK, r)
	}
	rep := decodeReport(t, r.stdout)
	return rep, rep.citationTo(t, u)
}

// wantDead checks a citation's dead verdict and its link.dead finding.
func wantDead(t *testing.T, rep jsonReport, c jsonCitation, status int, class string) {
	t.Helper()
	if c.Verdict != "dead" {
		t.Errorf("citation %s verdict = %q, want %q", c.URL, c.Verdict, "dead")
	}
	fs := rep.findingsOf("link.dead")
	if len(fs) != 1 {
		t.Fatalf("link.dead findings = %d, want 1: %+v", len(fs), rep.Findings)
	}
	ev := fs[0].Evidence
	if ev.Status != status || ev.ErrorClass != class {
		t.Errorf("link.dead evidence status, error_class = %d, %q, want %d, %q", ev.Status, ev.ErrorClass, status, class)
	}
	if fs[0].Severity != "medium" {
		t.Errorf("link.dead severity = %q, want %q", fs[0].Severity, "medium")
	}
}

func TestE2ECheckURL(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	speech := s.URL + "/orig/speech.html"
	tests := []struct {
		name    string
		article string   // /a/NAME
		flags   []string // before the target
		cites   string   // the citation's resolved URL
		serial  bool     // run alone: the case measures time
		check   func(t *testing.T, rep jsonReport, c jsonCitation, r result)
	}{
		{
			name: "verbatim quote in a 200 original", article: "verified", cites: speech,
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				if c.Verdict != "ok" || c.Status != http.StatusOK || c.FinalURL != speech || len(c.Redirects) != 0 {
					t.Errorf("citation verdict, status, final_url, redirects = %q, %d, %s, %v, want ok, 200, %s, none",
						c.Verdict, c.Status, c.FinalURL, c.Redirects, speech)
				}
				q := rep.quote(t, speechQuote)
				if q.Verdict != "verified" || q.SourceURL != speech {
					t.Errorf("quote verdict, source_url = %q, %s, want verified, %s", q.Verdict, q.SourceURL, speech)
				}
				if !strings.Contains(strings.ToLower(q.SourcePassage), speechQuote) {
					t.Errorf("quote source_passage = %q, want it to hold the quote", q.SourcePassage)
				}
				if rep.Article.URL != s.URL+"/a/verified" || rep.Article.Status != http.StatusOK {
					t.Errorf("article url, status = %s, %d, want %s, 200", rep.Article.URL, rep.Article.Status, s.URL+"/a/verified")
				}
			},
		},
		{
			name: "301 then 302 then 200 on the same host", article: "chain", cites: s.URL + "/hop/1",
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				want := []jsonHop{{URL: s.URL + "/hop/1", Status: 301}, {URL: s.URL + "/hop/2", Status: 302}}
				if fmt.Sprint(c.Redirects) != fmt.Sprint(want) {
					t.Errorf("citation redirects = %v, want %v", c.Redirects, want)
				}
				if c.FinalURL != speech || c.Status != http.StatusOK || c.Verdict != "ok" {
					t.Errorf("citation final_url, status, verdict = %s, %d, %q, want %s, 200, ok", c.FinalURL, c.Status, c.Verdict, speech)
				}
				if fs := rep.findingsOf("link.redirected"); len(fs) != 0 {
					t.Errorf("link.redirected findings = %+v, want none on the same host", fs)
				}
				if q := rep.quote(t, speechQuote); q.Verdict != "verified" {
					t.Errorf("quote verdict = %q, want verified through the redirects", q.Verdict)
				}
			},
		},
		{
			name: "404 original", article: "404", cites: s.URL + "/status/404",
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				wantDead(t, rep, c, http.StatusNotFound, "status")
				if c.Status != http.StatusNotFound {
					t.Errorf("citation status = %d, want 404", c.Status)
				}
			},
		},
		{
			name: "410 original", article: "410", cites: s.URL + "/status/410",
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				wantDead(t, rep, c, http.StatusGone, "status")
				if c.Status != http.StatusGone {
					t.Errorf("citation status = %d, want 410", c.Status)
				}
			},
		},
		{
			name: "redirect loop", article: "loop", cites: s.URL + "/loop/a",
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				wantDead(t, rep, c, 0, "redirects")
				if len(c.Redirects) == 0 {
					t.Errorf("citation redirects = none, want the loop's hops")
				}
			},
		},
		{
			name: "original slower than --timeout", article: "slow", cites: s.URL + "/slow",
			flags: []string{"--timeout", "1s"}, serial: true,
			check: func(t *testing.T, rep jsonReport, c jsonCitation, r result) {
				wantDead(t, rep, c, 0, "timeout")
				// The server's view is exact: the client hung up after about a second, and
				// once more when the timeout was retried later in the run (a timeout is dead
				// only when it happens twice).
				waits := s.waitsAtSlow()
				if len(waits) != 2 {
					t.Errorf("client waited %v at /slow, want two waits of about 1s (--timeout 1s, retried later)", waits)
				}
				for _, w := range waits {
					if w < 900*time.Millisecond || w > 5*time.Second {
						t.Errorf("client waited %v at /slow, want about 1s (--timeout 1s)", w)
					}
				}
				// The whole run, process start to exit: the 1s timeout, not the 10s delay.
				if r.elapsed >= slowDelay {
					t.Errorf("run took %v, want well under %v with --timeout 1s", r.elapsed, slowDelay)
				}
			},
		},
		{
			name: "original disallowed by robots.txt", article: "robots", cites: s.URL + "/private/speech.html",
			check: func(t *testing.T, rep jsonReport, c jsonCitation, _ result) {
				if c.Verdict != "blocked" {
					t.Errorf("citation verdict = %q, want blocked", c.Verdict)
				}
				fs := rep.findingsOf("link.blocked")
				if len(fs) != 1 || fs[0].Evidence.ErrorClass != "robots" {
					t.Errorf("link.blocked findings = %+v, want one with error_class robots", fs)
				}
				if fs := rep.findingsOf("link.dead"); len(fs) != 0 {
					t.Errorf("link.dead findings = %+v, want none: blocked is not dead", fs)
				}
				if n := s.hitsOf("/private/speech.html"); n != 0 {
					t.Errorf("disallowed page fetched %d times, want 0", n)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.serial {
				t.Parallel()
			}
			r := runBinary(t, nil, jsonCheck(s.URL+"/a/"+tc.article, tc.flags...)...)
			rep, c := wantOneCitation(t, r, tc.cites)
			tc.check(t, rep, c, r)
		})
	}
}

func TestE2EFailOn(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	tests := []struct {
		name     string
		article  string
		flags    []string
		wantCode int
	}{
		{"dead link, --fail-on medium", "404", []string{"--fail-on", "medium"}, exitFindings},
		{"dead link, no --fail-on", "404", nil, exitOK},
		{"dead link, --fail-on high", "404", []string{"--fail-on", "high"}, exitOK},
		{"verified, --fail-on info", "verified", []string{"--fail-on", "info"}, exitFindings},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBinary(t, nil, jsonCheck(s.URL+"/a/"+tc.article, tc.flags...)...)
			if r.code != tc.wantCode {
				t.Fatalf("exit code = %d, want %d\n%s", r.code, tc.wantCode, r)
			}
			// The report is written whatever the exit code.
			decodeReport(t, r.stdout)
		})
	}
}

func TestE2EBadInput(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	missing := filepath.Join(t.TempDir(), "missing.html")
	tests := []struct {
		name string
		args []string
		want string // a regexp the stderr line must match
	}{
		{"missing file", []string{"check", "--no-db", missing}, `no such file|cannot find`},
		{"ftp URL", []string{"check", "--no-db", "ftp://x/y"}, `not an http\(s\) URL`},
		{"non-HTML page", jsonCheck(s.URL + "/img.png"), `not an HTML page`},
		{"empty body", jsonCheck(s.URL + "/empty"), `no main text|not an HTML page`},
		{"empty HTML page", jsonCheck(s.URL + "/empty.html"), `no main text`},
		{"unknown flag", []string{"check", "--bogus", s.URL + "/a/verified"}, `-bogus`},
		{"unknown top-level flag", []string{"--bogus"}, `-bogus`},
		{"check without argument", []string{"check", "--no-db"}, `exactly one`},
		{"check with two arguments", []string{"check", "--no-db", "a.html", "b.html"}, `exactly one`},
		{"unknown format", jsonCheck(s.URL+"/a/verified", "--format", "xml"), `--format "xml"`},
		{"unknown severity", jsonCheck(s.URL+"/a/verified", "--fail-on", "severe"), `--fail-on`},
		{"unknown rule", []string{"rules", "explain", "nope"}, `no rule "nope"`},
		{"rules explain without id", []string{"rules", "explain"}, `one rule id`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBinary(t, nil, tc.args...)
			line := wantUsageError(t, r)
			t.Logf("stderr: %s", line)
			if !regexp.MustCompile(tc.want).MatchString(line) {
				t.Errorf("stderr = %q, want it to match %q", line, tc.want)
			}
		})
	}
}

// Without --allow-private the crawler's guard refuses loopback: the article itself cannot
// be fetched, which is an input error, and nothing reaches the server.
func TestE2ERefusesLoopback(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	r := runBinary(t, nil, "check", "--no-db", s.URL+"/a/verified")
	line := wantUsageError(t, r)
	t.Logf("stderr: %s", line)
	if !regexp.MustCompile(`(?i)private|loopback|non-public`).MatchString(line) {
		t.Errorf("stderr = %q, want it to say the address is private or loopback", line)
	}
	if n := s.totalHits(); n != 0 {
		t.Errorf("server saw %d requests, want 0: the guard must refuse before connecting (%v)", n, s.hits)
	}
}

// A local file, its gzip, and standard input are read from disk or the pipe; --base-url
// makes their relative links point at the test server.
func TestE2ELocalInput(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	dir := t.TempDir()
	page := renderArticle(t, "/orig/speech.html")
	plain := filepath.Join(dir, "article.html")
	if err := os.WriteFile(plain, page, 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	if _, err := zw.Write(page); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipped := filepath.Join(dir, "article.html.gz")
	if err := os.WriteFile(zipped, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	base := s.URL + "/a/local"
	speech := s.URL + "/orig/speech.html"
	tests := []struct {
		name   string
		target string
		stdin  []byte
	}{
		{"html file", plain, nil},
		{"gzip file", zipped, nil},
		{"standard input", "-", page},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runBinary(t, tc.stdin, jsonCheck(tc.target, "--base-url", base)...)
			rep, c := wantOneCitation(t, r, speech)
			// Main-text extraction may hand the href over already made absolute.
			if (c.Href != "/orig/speech.html" && c.Href != speech) || c.Verdict != "ok" {
				t.Errorf("citation href, verdict = %q, %q, want %q (or %s), ok", c.Href, c.Verdict, "/orig/speech.html", speech)
			}
			if q := rep.quote(t, speechQuote); q.Verdict != "verified" || q.SourceURL != speech {
				t.Errorf("quote verdict, source_url = %q, %s, want verified, %s", q.Verdict, q.SourceURL, speech)
			}
			if !rep.Article.Local || rep.Article.URL != base {
				t.Errorf("article local, url = %v, %s, want true, %s", rep.Article.Local, rep.Article.URL, base)
			}
		})
	}
}

func TestE2EExtract(t *testing.T) {
	requireBinary(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "article.html")
	if err := os.WriteFile(file, renderArticle(t, "/orig/speech.html"), 0o644); err != nil {
		t.Fatal(err)
	}
	// extract never fetches: a base URL on a host that does not exist is fine.
	r := runBinary(t, nil, "extract", "--base-url", "http://news.example/a/local", file)
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want 0\n%s", r.code, r)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(r.stdout, &raw); err != nil {
		t.Fatalf("decode extract output: %v\n%s", err, r.stdout)
	}
	for _, k := range []string{"url", "title", "byline", "published", "text", "citations", "quotes"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("extract output has no key %q", k)
		}
	}
	var a struct {
		Title     string `json:"title"`
		Text      string `json:"text"`
		Citations []struct {
			Href string `json:"href"`
			URL  string `json:"url"`
		} `json:"citations"`
		Quotes []struct {
			Text string `json:"text"`
		} `json:"quotes"`
	}
	if err := json.Unmarshal(r.stdout, &a); err != nil {
		t.Fatalf("decode extract output: %v", err)
	}
	if want := "Water minister sets out a decade of investment"; a.Title != want {
		t.Errorf("title = %q, want %q", a.Title, want)
	}
	if !strings.Contains(a.Text, "Opposition politicians were less impressed") {
		t.Errorf("text = %q, want it to hold the last paragraph", a.Text)
	}
	if len(a.Citations) != 1 || a.Citations[0].URL != "http://news.example/orig/speech.html" {
		t.Errorf("citations = %+v, want one resolved to http://news.example/orig/speech.html", a.Citations)
	}
	if len(a.Quotes) != 1 || a.Quotes[0].Text != speechQuote {
		t.Errorf("quotes = %+v, want one: %q", a.Quotes, speechQuote)
	}
}

func TestE2ERules(t *testing.T) {
	requireBinary(t)
	t.Run("list", func(t *testing.T) {
		r := runBinary(t, nil, "rules", "list")
		if r.code != exitOK {
			t.Fatalf("exit code = %d, want 0\n%s", r.code, r)
		}
		e, err := rules.New(rules.Config{})
		if err != nil {
			t.Fatal(err)
		}
		listed := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(string(r.stdout)), "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				listed[f[0]] = true
			}
		}
		ids := e.Rules()
		if len(ids) == 0 || len(listed) != len(ids) {
			t.Errorf("rules list printed %d rules, want %d\n%s", len(listed), len(ids), r.stdout)
		}
		for _, d := range ids {
			if !listed[d.ID] {
				t.Errorf("rules list does not list %s", d.ID)
			}
		}
	})
	t.Run("explain quote.altered", func(t *testing.T) {
		r := runBinary(t, nil, "rules", "explain", "quote.altered")
		if r.code != exitOK {
			t.Fatalf("exit code = %d, want 0\n%s", r.code, r)
		}
		rule, ok := rules.Lookup("quote.altered")
		if !ok {
			t.Fatal("rules.Lookup(quote.altered) found nothing")
		}
		d := rule.Describe()
		out := string(r.stdout)
		if !strings.HasPrefix(out, "quote.altered (default severity medium)") {
			t.Errorf("explain output starts %q, want the id and severity first", firstLine(out))
		}
		if !strings.Contains(out, d.Summary) || !strings.Contains(strings.Join(strings.Fields(out), " "), d.Explain) {
			t.Errorf("explain output = %q, want the rule's summary and explanation", out)
		}
	})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// Without --no-db the check is recorded in the SQLite file given by --db.
func TestE2EDatabase(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	r := runBinary(t, nil, "check", "--allow-private", "--no-archive", "--db", db, "--format", "json", s.URL+"/a/404")
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want 0\n%s", r.code, r)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("database file: %v", err)
	}
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	defer conn.Close()
	for _, table := range []string{"articles", "findings", "fetches"} {
		var n int
		if err := conn.QueryRowContext(t.Context(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("count %s: %v", table, err)
			continue
		}
		if n == 0 {
			t.Errorf("table %s has no rows, want the check recorded", table)
		}
	}
}
