package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/rules"
)

const hostile = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`

// demoCheck returns a CheckFunc over the bundled demo web, configured as `provcheck
// demo` configures its check (private addresses allowed: the demo is on loopback).
func demoCheck(t testing.TB, allowPrivate bool) CheckFunc {
	t.Helper()
	srv, err := demo.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	cr := crawler.New(crawler.Config{
		AllowPrivate: allowPrivate, IgnoreRobots: true, Resolve: srv.Resolve(), Timeout: 5 * time.Second, RetryLater: -1,
		Posts: social.New(demo.Social()),
	})
	engine, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ck := checker.New(cr, engine, checker.Config{NoArchive: true, Depth: 2})
	return ck.CheckURL
}

type fixture struct {
	srv *Server
	db  *store.Store
	h   http.Handler
}

func newFixture(t testing.TB, cfg Config) *fixture {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	cfg.DB = db
	s, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &fixture{srv: s, db: db, h: s}
}

// do serves a request for target, with cookies.
func (f *fixture) do(t testing.TB, method, target string, form url.Values, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequestWithContext(t.Context(), method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t testing.TB, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// csrf returns the CSRF cookie the server hands out.
func (f *fixture) csrf(t testing.TB) *http.Cookie {
	t.Helper()
	for _, c := range f.do(t, "GET", "/", nil).Cookies() {
		if c.Name == csrfCookie {
			return c
		}
	}
	t.Fatal("no CSRF cookie on the start page")
	return nil
}

// submit posts url through the form and waits for the check to end; it returns the run id
// and the final status page's location.
func (f *fixture) submit(t testing.TB, u string) int64 {
	t.Helper()
	c := f.csrf(t)
	res := f.do(t, "POST", "/check", url.Values{"url": {u}, csrfField: {c.Value}}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /check: %d %s", res.StatusCode, readBody(t, res))
	}
	var id int64
	if _, err := fmt.Sscanf(res.Header.Get("Location"), "/checks/%d", &id); err != nil {
		t.Fatalf("POST /check went to %q", res.Header.Get("Location"))
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		meta, err := f.db.Run(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if meta.State != store.StateRunning {
			return id
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("check %d did not end in 60 s", id)
	return 0
}

// demoFixture is a server whose database holds one check of the demo article, submitted
// through the form.
func demoFixture(t testing.TB) (*fixture, int64) {
	f := newFixture(t, Config{Check: demoCheck(t, true)})
	id := f.submit(t, demo.ArticleURL)
	return f, id
}

// A check submitted through the page stores the findings `provcheck check` finds, and
// its status page leads to the report, where the altered quote shows "just" struck and
// "fair" inserted.
func TestSubmitStoresTheCheck(t *testing.T) {
	f, id := demoFixture(t)
	res := f.do(t, "GET", fmt.Sprintf("/checks/%d", id), nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/runs/%d/articles/1", id) {
		t.Fatalf("status page: %d to %q, want 303 to the article", res.StatusCode, res.Header.Get("Location"))
	}
	res = f.do(t, "GET", "/article?url="+url.QueryEscape(demo.ArticleURL), nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/runs/%d/articles/1", id) {
		t.Fatalf("/article?url=: %d to %q, want 303 to the article", res.StatusCode, res.Header.Get("Location"))
	}
	raw, err := f.db.Reports(t.Context(), id)
	if err != nil || len(raw) != 1 {
		t.Fatalf("stored reports: %d, %v", len(raw), err)
	}
	stored, err := report.Parse(raw[0])
	if err != nil {
		t.Fatal(err)
	}
	direct, err := demoCheck(t, true)(t.Context(), demo.ArticleURL)
	if err != nil {
		t.Fatal(err)
	}
	key := func(fs []rules.Finding) map[string]int {
		m := map[string]int{}
		for _, fd := range fs {
			m[fmt.Sprintf("%s|%s|%s|%d|%s", fd.Rule, fd.Severity, fd.Subject.Kind, fd.Subject.Index, fd.Message)]++
		}
		return m
	}
	got, want := key(stored.Findings), key(direct.Report().Findings)
	if len(want) == 0 {
		t.Fatal("the direct check found nothing")
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("finding %s: stored %d times, the check finds it %d times", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("finding %s stored %d times, not found by the check", k, n)
		}
	}
	body := readBody(t, f.do(t, "GET", fmt.Sprintf("/runs/%d/articles/1", id), nil))
	for _, s := range []string{"<del>just</del>", "<ins>fair</ins>", fmt.Sprintf(`href="/runs/%d"`, id)} {
		if !strings.Contains(body, s) {
			t.Errorf("article page lacks %s", s)
		}
	}
}

// Every route answers with the status it should, sets the CSP, and never echoes hostile
// input unescaped.
func TestRoutes(t *testing.T) {
	f, id := demoFixture(t)
	// A run whose input is hostile: shown on the runs pages.
	if _, err := f.db.StartRun(t.Context(), store.KindAudit, hostile, "{}"); err != nil {
		t.Fatal(err)
	}
	q := url.QueryEscape
	long := strings.Repeat("a", 100_000)
	run := fmt.Sprintf("/runs/%d", id)
	tests := []struct {
		target string
		status int
		want   string // in the body
	}{
		{"/", 200, "Check a link"},
		{"/runs", 200, run},
		{run, 200, "/articles/1"},
		{run + "?sort=findings", 200, "/articles/1"},
		{run + "?sort=date&rule=quote.altered&severity=medium", 200, "/articles/1"},
		{run + "?rule=quote.nothing", 200, "No article of this run matches"},
		{run + "?rule=" + q(hostile), 200, "No article of this run matches"},
		{run + "?sort=" + q(hostile), 400, "Sort by"},
		{run + "?severity=" + q(hostile), 400, "Severity"},
		{run + "?severity=" + long, 400, "Severity"},
		{"/runs/999", 404, "no such run"},
		{"/runs/0", 404, ""},
		{"/runs/-1", 404, ""},
		{"/runs/abc", 404, ""},
		{"/runs/" + q(hostile), 404, ""},
		{"/runs/99999999999999999999999", 404, ""},
		{"/runs/" + long, 404, ""},
		{run + "/articles/1", 200, "<del>just</del>"},
		{run + "/articles/2", 404, "has no article 2"},
		{run + "/articles/0", 404, ""},
		{run + "/articles/" + q(hostile), 404, ""},
		{"/runs/999/articles/1", 404, ""},
		{run + "/export/csv", 200, "quote.altered"},
		{run + "/export/jsonl", 200, `"schema"`},
		{run + "/export/claimreview", 200, "ClaimReview"},
		{run + "/export/prov", 200, "wasDerivedFrom"},
		{run + "/export/dot", 200, "digraph"},
		{run + "/export/md", 200, "just"},
		{run + "/export/html", 200, "<del>just</del>"},
		{run + "/export/" + q(hostile), 404, "No export format"},
		{run + "/export/" + long, 404, ""},
		{"/runs/999/export/csv", 404, ""},
		{run + "/articles/1/export/csv", 200, "quote.altered"},
		{run + "/articles/1/export/jsonl", 200, `"schema"`},
		{run + "/articles/3/export/csv", 404, ""},
		{"/article?url=" + q(demo.ArticleURL), 303, ""},
		{"/article?url=" + q(hostile), 404, ""},
		{"/article?url=" + long, 404, ""},
		{"/article", 404, ""},
		{"/quotes", 200, "Search quotes"},
		{"/quotes?q=" + q("a multipolar, just, democratic world order"), 200, "first published"},
		{"/quotes?q=" + q(hostile), 200, "No article among"},
		{"/quotes?q=" + long, 400, "at most"},
		{"/sources", 200, "worldnews.example"},
		{"/sources?by=author&sort=altered", 200, "Byline"},
		{"/sources?by=" + q(hostile), 400, "site or author"},
		{"/sources?sort=" + q(hostile), 400, "Sort by"},
		{fmt.Sprintf("/checks/%d", id), 303, ""},
		{"/checks/999", 404, ""},
		{"/checks/" + q(hostile), 404, ""},
		{"/static/style.css", 200, "--accent"},
		{"/" + q(hostile), 404, "no page"},
		{"/check", 404, ""},
	}
	for _, tt := range tests {
		name := tt.target
		if len(name) > 80 {
			name = name[:80]
		}
		t.Run(name, func(t *testing.T) {
			res := f.do(t, "GET", tt.target, nil)
			body := readBody(t, res)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %.300s", res.StatusCode, tt.status, body)
			}
			if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script") {
				t.Errorf("CSP %q", csp)
			}
			if tt.want != "" && !strings.Contains(body, tt.want) {
				t.Errorf("body lacks %q: %.500s", tt.want, body)
			}
			for _, bad := range []string{"<script", "<img src=x"} {
				if strings.Contains(body, bad) {
					t.Errorf("body carries %q unescaped", bad)
				}
			}
		})
	}
}

// The form refuses a POST without the CSRF token, from another origin, or with an
// address that is not an http(s) URL, and shows the hostile value escaped.
func TestSubmitRefuses(t *testing.T) {
	f := newFixture(t, Config{Check: func(context.Context, string) (*checker.Result, error) {
		t.Error("a refused submission was checked")
		return nil, context.Canceled
	}})
	c := f.csrf(t)
	tests := []struct {
		name    string
		form    url.Values
		cookie  bool
		origin  string
		status  int
		message string
	}{
		{"no token", url.Values{"url": {demo.ArticleURL}}, true, "", 403, "expired"},
		{"no cookie", url.Values{"url": {demo.ArticleURL}, csrfField: {c.Value}}, false, "", 403, "expired"},
		{"wrong token", url.Values{"url": {demo.ArticleURL}, csrfField: {strings.Repeat("0", 64)}}, true, "", 403, "expired"},
		{"other origin", url.Values{"url": {demo.ArticleURL}, csrfField: {c.Value}}, true, "http://evil.example", 403, "expired"},
		{"script URL", url.Values{"url": {"javascript:alert(1)"}, csrfField: {c.Value}}, true, "", 400, "not an http(s) address"},
		{"hostile", url.Values{"url": {hostile}, csrfField: {c.Value}}, true, "", 400, "not an http(s) address"},
		{"empty", url.Values{"url": {"  "}, csrfField: {c.Value}}, true, "", 400, "Give the address"},
		{"long", url.Values{"url": {"http://a.example/" + strings.Repeat("a", 5000)}, csrfField: {c.Value}}, true, "", 400, "longer than"},
		{"huge body", url.Values{"url": {strings.Repeat("a", 100_000)}, csrfField: {c.Value}}, true, "", 400, "could not be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequestWithContext(t.Context(), "POST", "/check", strings.NewReader(tt.form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tt.origin != "" {
				req.Header.Set("Origin", tt.origin)
			}
			if tt.cookie {
				req.AddCookie(c)
			}
			rec := httptest.NewRecorder()
			f.h.ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != tt.status || !strings.Contains(body, tt.message) {
				t.Fatalf("%d %.400s; want %d with %q", rec.Code, body, tt.status, tt.message)
			}
			if strings.Contains(body, "<script") || strings.Contains(body, "<img src=x") {
				t.Error("hostile input echoed unescaped")
			}
		})
	}
}

// Beyond MaxChecks running checks a submission is answered busy, and accepted again once
// one ends.
func TestBusy(t *testing.T) {
	release := make(chan struct{})
	f := newFixture(t, Config{MaxChecks: 1, Check: func(ctx context.Context, _ string) (*checker.Result, error) {
		select {
		case <-release:
		case <-ctx.Done():
		}
		return nil, fmt.Errorf("the page did not answer")
	}})
	c := f.csrf(t)
	form := url.Values{"url": {"http://news.example/a"}, csrfField: {c.Value}}
	first := f.do(t, "POST", "/check", form, c)
	if first.StatusCode != http.StatusSeeOther {
		t.Fatalf("first: %d", first.StatusCode)
	}
	busy := f.do(t, "POST", "/check", form, c)
	if body := readBody(t, busy); busy.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "Busy") || busy.Header.Get("Retry-After") == "" {
		t.Fatalf("second: %d %q, want 503 busy with Retry-After", busy.StatusCode, body)
	}
	// While it runs, its page shows progress and refreshes.
	loc := first.Header.Get("Location")
	if body := readBody(t, f.do(t, "GET", loc, nil)); !strings.Contains(body, "Checking") || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Errorf("progress page: %.400s", body)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		res := f.do(t, "POST", "/check", form, c)
		if res.StatusCode == http.StatusSeeOther {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d after the first check ended", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The failed check says why.
	if body := readBody(t, f.do(t, "GET", loc, nil)); !strings.Contains(body, "did not answer") {
		t.Errorf("failed check page: %.400s", body)
	}
}

// The crawler's address guard applies to a submitted URL as on the command line: a
// loopback address is refused unless private addresses are allowed.
func TestSubmitGuard(t *testing.T) {
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "<html><body><p>internal</p></body></html>")
	}))
	defer local.Close()
	f := newFixture(t, Config{Check: demoCheck(t, false)})
	id := f.submit(t, local.URL+"/admin")
	body := readBody(t, f.do(t, "GET", fmt.Sprintf("/checks/%d", id), nil))
	if !strings.Contains(body, "non-public address") {
		t.Errorf("a loopback URL was not refused by the guard: %.600s", body)
	}
	meta, err := f.db.Run(t.Context(), id)
	if err != nil || meta.State != store.StateFailed {
		t.Errorf("run %d: %+v %v, want failed", id, meta, err)
	}
}

func TestToken(t *testing.T) {
	f := newFixture(t, Config{Token: "s3cret"})
	if res := f.do(t, "GET", "/", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", res.StatusCode)
	}
	if res := f.do(t, "GET", "/runs/1/export/csv", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token, export: %d, want 401", res.StatusCode)
	}
	if res := f.do(t, "GET", "/?token=wrong", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong token: %d, want 401", res.StatusCode)
	}
	if res := f.do(t, "GET", "/", nil, &http.Cookie{Name: tokenCookie, Value: "wrong"}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong cookie: %d, want 401", res.StatusCode)
	}
	res := f.do(t, "GET", "/runs?token=s3cret", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/runs" {
		t.Fatalf("?token=: %d to %q, want 303 to /runs", res.StatusCode, res.Header.Get("Location"))
	}
	var kept *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == tokenCookie {
			kept = c
		}
	}
	if kept == nil || !kept.HttpOnly {
		t.Fatalf("token cookie %+v", kept)
	}
	if res := f.do(t, "GET", "/runs", nil, kept); res.StatusCode != http.StatusOK {
		t.Errorf("with the cookie: %d", res.StatusCode)
	}
	req := httptest.NewRequestWithContext(t.Context(), "GET", "/runs", nil)
	req.Header.Set("Authorization", "Bearer s3cret")
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("bearer: %d", rec.Code)
	}
}

func TestCheckBind(t *testing.T) {
	tests := []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"[::1]:8080", "", true},
		{"localhost:8080", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"192.168.1.5:8080", "", false},
		{"[::]:8080", "", false},
		{"0.0.0.0:8080", "tok", true},
		{"nonsense", "", false},
	}
	for _, tt := range tests {
		if err := CheckBind(tt.addr, tt.token); (err == nil) != tt.ok {
			t.Errorf("CheckBind(%q, %q) = %v, want ok %v", tt.addr, tt.token, err, tt.ok)
		}
	}
}

// An audit started elsewhere (the command line) shows up on the runs pages with its
// progress, and they refresh while it runs.
func TestAuditShowsLive(t *testing.T) {
	f := newFixture(t, Config{})
	id, err := f.db.StartRun(t.Context(), store.KindAudit, "urls.txt", "{}")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddItems(t.Context(), id, []store.Item{
		{Position: 0, Kind: "url", Input: "http://a.example/1"},
		{Position: 1, Kind: "url", Input: "http://a.example/2"},
		{Position: 2, Kind: "url", Input: "http://a.example/3", State: store.ItemFailed, Err: "bad"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{"/runs", "/"} {
		body := readBody(t, f.do(t, "GET", target, nil))
		if !strings.Contains(body, "2 of 3 to go") {
			t.Errorf("%s does not show the audit's progress: %.800s", target, body)
		}
	}
	if body := readBody(t, f.do(t, "GET", "/runs", nil)); !strings.Contains(body, `http-equiv="refresh"`) {
		t.Error("the runs page does not refresh while a run is running")
	}
	body := readBody(t, f.do(t, "GET", fmt.Sprintf("/runs/%d", id), nil))
	if !strings.Contains(body, "2 items to go") || !strings.Contains(body, `http-equiv="refresh"`) {
		t.Errorf("run page: %.800s", body)
	}
	if err := f.db.FinishRun(t.Context(), id, store.StateDone); err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, f.do(t, "GET", "/runs", nil)); strings.Contains(body, `http-equiv="refresh"`) {
		t.Error("the runs page still refreshes once every run has ended")
	}
	// Without a check function the page is read-only.
	if body := readBody(t, f.do(t, "GET", "/", nil)); strings.Contains(body, `action="/check"`) {
		t.Error("a read-only server offers the check form")
	}
}

// TestFailuresBounded: the server remembers why the latest checks failed, and forgets
// the oldest reasons beyond maxFailures rather than growing for as long as it runs.
func TestFailuresBounded(t *testing.T) {
	s := &Server{failures: map[int64]string{}}
	for id := int64(1); id <= maxFailures+10; id++ {
		s.rememberFailure(id, fmt.Sprintf("reason %d", id))
	}
	if len(s.failures) != maxFailures || len(s.failOrder) != maxFailures {
		t.Fatalf("remembers %d reasons (%d in order), want %d", len(s.failures), len(s.failOrder), maxFailures)
	}
	if got := s.failure(10); got != "" {
		t.Errorf("failure(10) = %q, want it forgotten", got)
	}
	if got, want := s.failure(maxFailures+10), fmt.Sprintf("reason %d", maxFailures+10); got != want {
		t.Errorf("latest failure = %q, want %q", got, want)
	}
}
