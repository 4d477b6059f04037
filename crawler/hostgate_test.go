package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// fakeGate counts the turns it gives and takes back per host, and fails those fail says.
type fakeGate struct {
	fail func(host string, n int) error // n: the host's acquisitions before this one

	mu       sync.Mutex
	held     map[string]int
	acquired map[string]int
	released map[string]int
}

func newFakeGate(fail func(string, int) error) *fakeGate {
	return &fakeGate{fail: fail, held: map[string]int{}, acquired: map[string]int{}, released: map[string]int{}}
}

func (g *fakeGate) Acquire(_ context.Context, host string) (func(), error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fail != nil {
		if err := g.fail(host, g.acquired[host]); err != nil {
			return nil, err
		}
	}
	g.acquired[host]++
	g.held[host]++
	return func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.held[host]--
		g.released[host]++
	}, nil
}

func (g *fakeGate) holds(host string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.held[host] > 0
}

// gatedSite is a server whose handler checks that the gate is held for its host when a
// request arrives and still when its body has been written to the end.
type gatedSite struct {
	srv      *httptest.Server
	host     string
	requests atomic.Int32
	busy     atomic.Int32
	robotsAt atomic.Pointer[string] // where robots.txt redirects to; nil: served here
	errs     chan string
}

func newGatedSite(t *testing.T, gate func() *fakeGate, other func() string) *gatedSite {
	s := &gatedSite{errs: make(chan string, 100)}
	check := func(r *http.Request, when string) {
		if g := gate(); g != nil && !g.holds(s.host) {
			s.errs <- fmt.Sprintf("%s %s: gate not held %s", s.host, r.URL.Path, when)
		}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		check(r, "on arrival")
		switch {
		case r.URL.Path == "/robots.txt" && s.robotsAt.Load() != nil:
			http.Redirect(w, r, *s.robotsAt.Load(), http.StatusMovedPermanently)
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		case r.URL.Path == "/to-other":
			http.Redirect(w, r, other()+"/page", http.StatusFound)
		case r.URL.Path == "/busy" && s.busy.Add(1) == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case r.URL.Path == "/wayback/available":
			fmt.Fprintf(w, `{"archived_snapshots":{"closest":{"status":"200","available":true,`+
				`"url":"%s/web/20220330123456/http://gone.example/","timestamp":"20220330123456"}}}`, s.srv.URL)
		default:
			// Written in flushed chunks: the client reads the end of the body only once
			// this handler has returned, so the check below runs before the release.
			for range 3 {
				fmt.Fprint(w, strings.Repeat("chunk ", 1000))
				w.(http.Flusher).Flush()
			}
		}
		check(r, "at the end of the body")
	}))
	t.Cleanup(s.srv.Close)
	s.host = s.srv.Listener.Addr().String()
	return s
}

func (s *gatedSite) failures() []string {
	var out []string
	for {
		select {
		case e := <-s.errs:
			out = append(out, e)
		default:
			return out
		}
	}
}

// TestHostGate checks that every request the crawler sends (robots.txt, pages, redirect
// hops to another host, retries, archive look-ups) takes a turn of the gate for its host,
// holds it until its body has been read, and gives it back once.
func TestHostGate(t *testing.T) {
	var gate *fakeGate
	var a, b *gatedSite
	a = newGatedSite(t, func() *fakeGate { return gate }, func() string { return b.srv.URL })
	b = newGatedSite(t, func() *fakeGate { return gate }, func() string { return a.srv.URL })
	gate = newFakeGate(nil)
	cfg := testConfig()
	cfg.RetryWait = 10 * time.Millisecond
	cfg.ArchiveEndpoint = a.srv.URL + "/wayback/available"
	cfg.HostGate = gate
	c := New(cfg)
	ctx := t.Context()
	for _, u := range []string{a.srv.URL + "/page", a.srv.URL + "/to-other", a.srv.URL + "/busy"} {
		if p, err := c.Fetch(ctx, u); err != nil || !p.OK() {
			t.Errorf("Fetch(%s): %v", u, err)
		}
	}
	if _, err := c.Fetch(ctx, b.srv.URL+"/private"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("Fetch(/private) err = %v, want ErrDisallowed", err)
	}
	if _, _, err := c.Archived(ctx, "http://gone.example/", time.Time{}); err != nil {
		t.Errorf("Archived: %v", err)
	}
	pages := c.FetchAll(ctx, []string{a.srv.URL + "/x", b.srv.URL + "/y", a.srv.URL + "/z", b.srv.URL + "/w"})
	for _, p := range pages {
		if !p.OK() {
			t.Errorf("FetchAll %s: %s", p.RequestURL, p.Err)
		}
	}
	for _, s := range []*gatedSite{a, b} {
		for _, f := range s.failures() {
			t.Error(f)
		}
		gate.mu.Lock()
		acq, rel, held := gate.acquired[s.host], gate.released[s.host], gate.held[s.host]
		gate.mu.Unlock()
		// a: robots.txt, /page, /to-other, /busy twice, the API, the snapshot, /x, /z.
		// b: robots.txt, the hop from a, /y, /w (/private is refused by robots.txt).
		want := map[*gatedSite]int32{a: 9, b: 4}[s]
		if got := s.requests.Load(); got != want {
			t.Errorf("%s: %d requests, want %d", s.host, got, want)
		}
		if acq != int(s.requests.Load()) || rel != acq || held != 0 {
			t.Errorf("%s: %d requests, gate acquired %d, released %d, held %d; want as many acquired and released as requests",
				s.host, s.requests.Load(), acq, rel, held)
		}
	}
}

// TestHostGateError checks that a gate that fails fails the fetch it was asked for, with
// nothing sent to the host, as a link that could not be checked (not a dead one), and
// that a robots.txt the gate kept from being fetched is not taken for "allow all".
func TestHostGateError(t *testing.T) {
	errDown := errors.New("lease table unreachable")
	var gate *fakeGate
	var a, b *gatedSite
	a = newGatedSite(t, func() *fakeGate { return gate }, func() string { return b.srv.URL })
	b = newGatedSite(t, func() *fakeGate { return gate }, func() string { return a.srv.URL })
	var bDown atomic.Bool
	bDown.Store(true)
	gate = newFakeGate(func(host string, n int) error {
		if host == b.host && bDown.Load() {
			return errDown
		}
		return nil
	})
	cfg := testConfig()
	cfg.HostGate = gate
	cfg.IgnoreRobots = true
	ignoring := New(cfg)
	cfg.IgnoreRobots = false
	c := New(cfg)
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		c    *Crawler
		url  string
	}{
		{"robots.txt", c, b.srv.URL + "/page"},
		{"robots.txt of a redirect target", c, a.srv.URL + "/to-other"},
		{"first request", ignoring, b.srv.URL + "/page"},
		{"redirect hop", ignoring, a.srv.URL + "/to-other"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.c.Fetch(ctx, tc.url)
			if !errors.Is(err, ErrHostGate) || !errors.Is(err, errDown) {
				t.Errorf("err = %v, want ErrHostGate wrapping the gate's error", err)
			}
			if p.ErrClass != page.ErrClassUnreachable || p.OK() {
				t.Errorf("ErrClass = %q, OK %v; want %q", p.ErrClass, p.OK(), page.ErrClassUnreachable)
			}
			if !strings.Contains(p.Err, "host gate") || !strings.Contains(p.Err, b.host) {
				t.Errorf("Err = %q, want it to name the gate and the host", p.Err)
			}
		})
	}
	// A robots.txt that redirects to the host whose gate fails.
	d := newGatedSite(t, func() *fakeGate { return gate }, func() string { return b.srv.URL })
	elsewhere := b.srv.URL + "/robots.txt"
	d.robotsAt.Store(&elsewhere)
	if _, err := c.Fetch(ctx, d.srv.URL+"/private"); !errors.Is(err, ErrHostGate) {
		t.Errorf("robots.txt redirected to the failing host: err = %v, want ErrHostGate", err)
	}
	if n := b.requests.Load(); n != 0 {
		t.Errorf("%d requests reached the host whose gate failed, want 0", n)
	}
	bDown.Store(false)
	if _, err := c.Fetch(ctx, b.srv.URL+"/private"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("once the gate works: err = %v, want ErrDisallowed (robots.txt read, not skipped)", err)
	}
	if p, err := c.Fetch(ctx, b.srv.URL+"/page"); err != nil || !p.OK() {
		t.Errorf("once the gate works: %v", err)
	}
	if _, err := c.Fetch(ctx, d.srv.URL+"/private"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("once the gate works: redirected robots.txt: err = %v, want ErrDisallowed", err)
	}
	for _, s := range []*gatedSite{a, b, d} {
		for _, f := range s.failures() {
			t.Error(f)
		}
	}
	gate.mu.Lock()
	defer gate.mu.Unlock()
	for h, n := range gate.acquired {
		if gate.released[h] != n || gate.held[h] != 0 {
			t.Errorf("%s: acquired %d, released %d, held %d", h, n, gate.released[h], gate.held[h])
		}
	}
}
