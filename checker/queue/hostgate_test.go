package queue

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
)

var _ crawler.HostGate = (*HostLimiter)(nil)

// visit is one request as the server saw it: from its arrival to the end of its handler.
type visit struct{ start, end time.Time }

// hostLog serves every host name it is reached by and records each request per Host.
type hostLog struct {
	mu     sync.Mutex
	visits map[string][]visit
}

func newHostLog(t testing.TB, work time.Duration) (*hostLog, *httptest.Server) {
	l := &hostLog{visits: map[string][]visit{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		time.Sleep(work)
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private\n")
		} else {
			fmt.Fprintf(w, "<html><p>%s%s</p></html>", r.Host, r.URL.Path)
		}
		l.mu.Lock()
		l.visits[r.Host] = append(l.visits[r.Host], visit{start, time.Now()})
		l.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	return l, srv
}

// most is the largest number of requests in flight at once to host, by the server's log.
func (l *hostLog) most(host string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	type edge struct {
		at time.Time
		d  int
	}
	var edges []edge
	for _, v := range l.visits[host] {
		edges = append(edges, edge{v.start, 1}, edge{v.end, -1})
	}
	// At equal times an end comes first: touching requests do not overlap.
	slices.SortFunc(edges, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.d - b.d
	})
	n, most := 0, 0
	for _, e := range edges {
		n += e.d
		most = max(most, n)
	}
	return most
}

// shortestGap is the least time from the end of a request to host to the start of the
// next one, by the server's log; negative when two overlap.
func (l *hostLog) shortestGap(host string) time.Duration {
	l.mu.Lock()
	vs := slices.Clone(l.visits[host])
	l.mu.Unlock()
	slices.SortFunc(vs, func(a, b visit) int { return a.start.Compare(b.start) })
	gap := time.Duration(1 << 62)
	for i := 1; i < len(vs); i++ {
		gap = min(gap, vs[i].start.Sub(vs[i-1].end))
	}
	return gap
}

func (l *hostLog) count(host string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.visits[host])
}

// TestCrawlersShareHostLimit runs four crawlers, each with a HostLimiter on a pool of its
// own as four worker processes would have, fetching overlapping URLs of three hosts at
// once, and checks by the server's log that no host had more than the limit in flight
// at any instant and, with a delay, that each request started the delay at least after
// the previous one to its host ended. The same crawlers without the gate break the
// limit, so the check can tell.
func TestCrawlersShareHostLimit(t *testing.T) {
	_, u := openStoreURL(t)
	hosts := []string{"a.example", "b.example", "c.example"}
	for _, tc := range []struct {
		name     string
		perHost  int
		delay    time.Duration
		paths    int // per host and crawler
		inFlight int
	}{
		{"in flight", 2, 0, 6, 2},
		{"delay", 2, 80 * time.Millisecond, 2, 1},
	} {
		for _, gated := range []bool{true, false} {
			name := tc.name
			if !gated {
				name += " without the gate"
			}
			t.Run(name, func(t *testing.T) {
				ctx := t.Context()
				log, srv := newHostLog(t, 40*time.Millisecond)
				addr := srv.Listener.Addr().String()
				resolve := map[string]string{}
				for _, h := range hosts {
					resolve[h+":80"] = addr
				}
				prefix := strings.ReplaceAll(name, " ", "-")
				var crawlers []*crawler.Crawler
				for range 4 {
					cfg := crawler.Config{AllowPrivate: true, Resolve: resolve, PerHost: tc.perHost, Delay: tc.delay,
						Parallel: 8, RetryLater: -1, Timeout: 10 * time.Second}
					if gated {
						st, err := store.Open(ctx, u)
						if err != nil {
							t.Fatal(err)
						}
						t.Cleanup(func() { st.Close() })
						h, err := NewHostLimiter(ctx, st, HostLimits{InFlight: tc.perHost, Delay: tc.delay})
						if err != nil {
							t.Fatal(err)
						}
						cfg.HostGate = h
					}
					crawlers = append(crawlers, crawler.New(cfg))
				}
				// Crawler i fetches paths i .. i+paths-1 of every host: each URL by
				// several crawlers, as workers whose articles cite the same originals.
				var wg sync.WaitGroup
				for i, c := range crawlers {
					var urls []string
					for p := i; p < i+tc.paths; p++ {
						for _, h := range hosts {
							urls = append(urls, fmt.Sprintf("http://%s/%s/%d", h, prefix, p))
						}
					}
					wg.Go(func() {
						for _, p := range c.FetchAll(ctx, urls) {
							if !p.OK() {
								t.Errorf("%s: %s", p.RequestURL, p.Err)
							}
						}
					})
				}
				wg.Wait()
				for _, h := range hosts {
					// Each crawler asks robots.txt once per host, and each of its URLs.
					if got, want := log.count(h), len(crawlers)*(1+tc.paths); got != want {
						t.Errorf("%s: %d requests, want %d", h, got, want)
					}
					most, gap := log.most(h), log.shortestGap(h)
					const slack = 10 * time.Millisecond // a clock step between PostgreSQL and us
					broke := most > tc.inFlight || (tc.delay > 0 && gap < tc.delay-slack)
					switch {
					case gated && broke:
						t.Errorf("%s: %d requests in flight at most, shortest gap %v; want <= %d and >= %v",
							h, most, gap, tc.inFlight, tc.delay)
					case !gated && !broke:
						t.Errorf("%s without the gate: %d in flight at most, shortest gap %v: the limit held anyway, so the check tells nothing",
							h, most, gap)
					}
					t.Logf("%s: %d requests, at most %d in flight, shortest gap %v", h, log.count(h), most, gap)
				}
			})
		}
	}
}

// BenchmarkHostGate measures what the PostgreSQL gate adds to a request: a crawler
// fetching a small page from a loopback server with its own limit only, and with a
// HostLimiter too (two transactions per request: the lease and its release). Acquire is
// the lease and release alone.
func BenchmarkHostGate(b *testing.B) {
	_, u := openStoreURL(b)
	ctx := b.Context()
	st, err := store.Open(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	h, err := NewHostLimiter(ctx, st, HostLimits{InFlight: 2})
	if err != nil {
		b.Fatal(err)
	}
	_, srv := newHostLog(b, 0)
	b.Run("Acquire", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			release, err := h.Acquire(ctx, "bench.example")
			if err != nil {
				b.Fatal(err)
			}
			release()
		}
	})
	for _, tc := range []struct {
		name string
		gate crawler.HostGate
	}{
		{"Fetch/local", nil},
		{"Fetch/gated", h},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := crawler.New(crawler.Config{AllowPrivate: true, IgnoreRobots: true, HostGate: tc.gate})
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Fetch(ctx, srv.URL+"/page"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
