package crawler

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// guardedServer counts every request it gets, robots.txt included; /go?to=URL redirects.
func guardedServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if to := r.URL.Query().Get("to"); to != "" {
			http.Redirect(w, r, to, http.StatusFound)
			return
		}
		fmt.Fprint(w, "reachable")
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestGuardRefusesLoopback(t *testing.T) {
	srv, hits := guardedServer(t)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	urls := []string{
		srv.URL + "/",
		"http://localhost:" + port + "/",
		"http://[::1]:" + port + "/",
		"http://0.0.0.0:" + port + "/",
		"http://[::ffff:127.0.0.1]:" + port + "/",
		"http://2130706433:" + port + "/",
		"http://0177.0.0.1:" + port + "/",
		"http://0x7f.0.0.1:" + port + "/",
		"http://0x7f000001:" + port + "/",
		"http://127.1:" + port + "/",
		"http://169.254.169.254/latest/meta-data/",
		"http://[fd00:ec2::254]/latest/meta-data/",
	}
	for _, ignoreRobots := range []bool{false, true} {
		c := New(Config{Timeout: 5 * time.Second, IgnoreRobots: ignoreRobots})
		for _, u := range urls {
			p, err := c.Fetch(t.Context(), u)
			if !errors.Is(err, ErrPrivateAddress) || p.ErrClass != page.ErrClassPrivate {
				t.Errorf("Fetch(%s) err = %v, class %q; want ErrPrivateAddress, class private", u, err, p.ErrClass)
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the loopback server got %d requests, want 0", n)
	}
}

// TestGuardRedirectToPrivate serves a "public" site from loopback: the test hook treats
// 127.0.0.1 as public, and Resolve points public.test at the server. Its redirects to
// private addresses must be refused at dial time.
func TestGuardRedirectToPrivate(t *testing.T) {
	srv, hits := guardedServer(t)
	addr := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	public := netip.MustParseAddr("127.0.0.1")

	newCrawler := func() *Crawler {
		c := New(Config{
			Timeout: 5 * time.Second,
			Resolve: map[string]string{"public.test:80": addr, "rebind.test:80": "127.0.0.2:" + port},
		})
		c.guard.blocked = func(a netip.Addr) bool { return a != public && isBlockedAddr(a) }
		return c
	}

	// The control: the fake public site itself is reachable, via a redirect too.
	p, err := newCrawler().Fetch(t.Context(), "http://public.test/go?to=/landing")
	if err != nil || string(p.Body) != "reachable" {
		t.Fatalf("public site: err = %v, body %q; want it reachable", err, p.Body)
	}

	targets := []string{
		"http://169.254.169.254/latest/meta-data/",
		"http://127.0.0.2:" + port + "/",
		"http://[::1]:" + port + "/",
		"http://10.0.0.1/",
		"http://2130706434:" + port + "/", // 127.0.0.2, Go's URL parser keeps it as a name
		"http://0x7f.0.0.2:" + port + "/",
		"http://0177.0.0.2:" + port + "/",
		"http://[::ffff:169.254.169.254]/",
		"http://rebind.test/", // a "DNS answer" pointing at loopback
		"http://localhost:" + port + "/",
	}
	for _, target := range targets {
		before := hits.Load()
		start := "http://public.test/go?to=" + target
		p, err := newCrawler().Fetch(t.Context(), start)
		if !errors.Is(err, ErrPrivateAddress) || p.ErrClass != page.ErrClassPrivate {
			t.Errorf("redirect to %s: err = %v, class %q; want ErrPrivateAddress", target, err, p.ErrClass)
			continue
		}
		wantHops := []page.Hop{{URL: start, Status: http.StatusFound}}
		if !equalHops(p.Redirects, wantHops) || p.Status != 0 {
			t.Errorf("redirect to %s: Redirects = %v, Status = %d; want %v, 0", target, p.Redirects, p.Status, wantHops)
		}
		if p.FinalURL == start || p.FinalURL == "" {
			t.Errorf("redirect to %s: FinalURL = %q, want the refused target", target, p.FinalURL)
		}
		// robots.txt of public.test is cached per crawler: 2 requests (robots, /go).
		if n := hits.Load() - before; n != 2 {
			t.Errorf("redirect to %s: server got %d requests, want 2", target, n)
		}
	}
}

func TestGuardResolveToLoopback(t *testing.T) {
	srv, hits := guardedServer(t)
	c := New(Config{Timeout: 5 * time.Second, Resolve: map[string]string{"evil.test:80": srv.Listener.Addr().String()}})
	p, err := c.Fetch(t.Context(), "http://evil.test/")
	if !errors.Is(err, ErrPrivateAddress) || p.ErrClass != page.ErrClassPrivate {
		t.Errorf("Fetch via Resolve to loopback: err = %v, class %q; want ErrPrivateAddress", err, p.ErrClass)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
	// AllowPrivate lifts the guard.
	c = New(Config{Timeout: 5 * time.Second, AllowPrivate: true, Resolve: map[string]string{"evil.test:80": srv.Listener.Addr().String()}})
	if _, err := c.Fetch(t.Context(), "http://evil.test/"); err != nil {
		t.Errorf("AllowPrivate: err = %v, want nil", err)
	}
}
