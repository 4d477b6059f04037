package crawler

import (
	"bytes"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// nxdomainServer is a working DNS server that answers NXDOMAIN for every name but known
// ("" for none), which it gives an address of the documentation range.
func nxdomainServer(t *testing.T, known string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var q dnsmessage.Message
			if q.Unpack(buf[:n]) != nil {
				continue
			}
			q.Header.Response, q.Header.RCode, q.Header.RecursionAvailable = true, dnsmessage.RCodeNameError, true
			q.Answers, q.Authorities, q.Additionals = nil, nil, nil
			if len(q.Questions) == 1 && known != "" && strings.EqualFold(q.Questions[0].Name.String(), known+".") {
				q.Header.RCode = dnsmessage.RCodeSuccess
				if q.Questions[0].Type == dnsmessage.TypeA {
					q.Answers = []dnsmessage.Resource{{
						Header: dnsmessage.ResourceHeader{Name: q.Questions[0].Name, Type: dnsmessage.TypeA, Class: dnsmessage.ClassINET, TTL: 60},
						Body:   &dnsmessage.AResource{A: [4]byte{192, 0, 2, 1}},
					}}
				}
			}
			if b, err := q.Pack(); err == nil {
				_, _ = pc.WriteTo(b, from)
			}
		}
	}()
	return pc.LocalAddr().String()
}

// closedPort is a local UDP port nothing listens on: a resolver that does not answer.
func closedPort(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	_ = pc.Close()
	return addr
}

func TestResolverAnswersVersusResolverDown(t *testing.T) {
	tests := []struct {
		name, dns string
		want      page.ErrClass
	}{
		{"NXDOMAIN from a working resolver is a dead name", nxdomainServer(t, "canary.test"), page.ErrClassDNS},
		{"NXDOMAIN from a resolver that resolves nothing, not even the canary, is unreachable", nxdomainServer(t, ""), page.ErrClassUnreachable},
		{"a resolver that does not answer is unreachable", closedPort(t), page.ErrClassUnreachable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Config{DNS: tc.dns, DNSCanary: "canary.test", IgnoreRobots: true, Timeout: 5 * time.Second, RetryLater: -1})
			p, err := c.Fetch(t.Context(), "http://news.invalid-test-host.example/a")
			if err == nil || p.ErrClass != tc.want {
				t.Errorf("Fetch err %v, class %q; want class %q", err, p.ErrClass, tc.want)
			}
		})
	}
}

func TestNetworkDownSaysSoOnce(t *testing.T) {
	var logs bytes.Buffer
	c := New(Config{
		DNS: closedPort(t), IgnoreRobots: true, Timeout: 5 * time.Second,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	urls := []string{"http://a.example/1", "http://b.example/2", "http://c.example/3", "http://a.example/4"}
	for range 2 {
		for _, p := range c.FetchAll(t.Context(), urls) {
			if p.ErrClass != page.ErrClassUnreachable {
				t.Errorf("%s: class %q, want unreachable", p.RequestURL, p.ErrClass)
			}
		}
	}
	if n := strings.Count(logs.String(), "network seems unreachable"); n != 1 {
		t.Errorf("the network-down warning was logged %d times, want once:\n%s", n, logs.String())
	}
}

// Refused connections on most hosts of a batch point at our network: they are unreachable,
// not dead, and not retried.
func TestMostHostsRefusedIsNetworkDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	_ = ln.Close()
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	defer ok.Close()
	resolve := map[string]string{"a.example:80": closed, "b.example:80": closed, "c.example:80": closed, "up.example:80": ok.Listener.Addr().String()}
	dir := t.TempDir()
	ev, err := warc.NewWriter(dir, warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{AllowPrivate: true, IgnoreRobots: true, Resolve: resolve, RetryLater: time.Hour, Evidence: ev})
	start := time.Now()
	urls := []string{"http://a.example/", "http://b.example/", "http://c.example/", "http://up.example/"}
	pages := c.FetchAll(t.Context(), urls)
	if time.Since(start) > 30*time.Second {
		t.Errorf("FetchAll waited to retry a batch judged network-down")
	}
	for _, p := range pages[:3] {
		if p.ErrClass != page.ErrClassUnreachable {
			t.Errorf("%s: class %q, want unreachable", p.RequestURL, p.ErrClass)
		}
	}
	if !pages[3].OK() {
		t.Errorf("%s: %q, want fetched", pages[3].RequestURL, pages[3].ErrClass)
	}
	// A replay of the evidence judges the batch as the live run did.
	if err := ev.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := NewReplay(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.FetchAll(t.Context(), urls)[:3] {
		if p.ErrClass != page.ErrClassUnreachable {
			t.Errorf("replay of %s: class %q, want unreachable as live", p.RequestURL, p.ErrClass)
		}
	}
}

// One host failing with a 5xx while the rest answer is a transient failure: it is tried
// again after the batch, and a second answer wins.
func TestTransientFailureRetriedLater(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flaky":
			if calls.Add(1) == 1 {
				http.Error(w, "bad gateway", http.StatusBadGateway)
				return
			}
			_, _ = w.Write([]byte("back"))
		case "/down":
			http.Error(w, "bad gateway", http.StatusBadGateway)
		default:
			_, _ = w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	c := New(Config{AllowPrivate: true, IgnoreRobots: true, RetryLater: 10 * time.Millisecond})
	pages := c.FetchAll(t.Context(), []string{srv.URL + "/flaky", srv.URL + "/down", srv.URL + "/ok"})
	if p := pages[0]; !p.OK() || p.Retries != 1 {
		t.Errorf("/flaky: status %d, retries %d; want 200 after one later retry", p.Status, p.Retries)
	}
	if p := pages[1]; p.Status != http.StatusBadGateway || p.Retries != 1 {
		t.Errorf("/down: status %d, retries %d; want 502 after one later retry", p.Status, p.Retries)
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("/flaky asked %d times, want 2", n)
	}
}

// blackholeDNS is a DNS server that reads every query and answers none, recording the
// names asked.
func blackholeDNS(t *testing.T) (addr string, asked func() map[string]bool) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pc.Close() })
	var mu sync.Mutex
	names := map[string]bool{}
	go func() {
		buf := make([]byte, 1500)
		for {
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var q dnsmessage.Message
			if q.Unpack(buf[:n]) == nil && len(q.Questions) == 1 {
				mu.Lock()
				names[strings.TrimSuffix(q.Questions[0].Name.String(), ".")] = true
				mu.Unlock()
			}
		}
	}()
	return pc.LocalAddr().String(), func() map[string]bool {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(names)
	}
}

// TestResolverDownNotAskedAgain: once a lookup has gone unanswered for 2 s and the canary,
// asked in the background then, did not answer either (in 5 s), no name is asked of the resolver for a while; each link fails
// at once as unreachable, where each used to wait for the resolver's time-out.
func TestResolverDownNotAskedAgain(t *testing.T) {
	dns, asked := blackholeDNS(t)
	c := New(Config{DNS: dns, DNSCanary: "canary.test", IgnoreRobots: true, Timeout: time.Second, RetryLater: -1})
	first, _ := c.Fetch(t.Context(), "http://first.example/a")
	if first.ErrClass != page.ErrClassTimeout && first.ErrClass != page.ErrClassUnreachable {
		t.Fatalf("first fetch: class %q (%s), want a time-out", first.ErrClass, first.Err)
	}
	for deadline := time.Now().Add(15 * time.Second); c.blindUntil.Load() == 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the canary was not asked after the lookup that went unanswered")
		}
	}
	for _, u := range []string{"http://second.example/b", "http://third.example/c"} {
		start := time.Now()
		p, err := c.Fetch(t.Context(), u)
		if err == nil || p.ErrClass != page.ErrClassUnreachable || !strings.Contains(p.Err, "not asked") {
			t.Errorf("%s: class %q (%s), want unreachable, not asked", u, p.ErrClass, p.Err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("%s took %v, want it refused at once", u, d)
		}
	}
	got := asked()
	if !got["first.example"] || !got["canary.test"] {
		t.Errorf("names asked %v, want first.example and the canary", got)
	}
	if got["second.example"] || got["third.example"] {
		t.Errorf("names asked %v: the later links were asked of a resolver known down", got)
	}
	// An address needs no resolver: it is still fetched (here refused by the guard).
	if p, _ := c.Fetch(t.Context(), "http://127.0.0.1:1/"); strings.Contains(p.Err, "not asked") {
		t.Errorf("an IP address was refused as a name: %s", p.Err)
	}
}
