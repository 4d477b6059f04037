package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		switch r.URL.Path {
		case "/busy-then-ok": // 429 with Retry-After: 1, then 503 without, then 200
			switch n {
			case 1:
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			case 2:
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, "finally")
		case "/always-503":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/come-back-tomorrow":
			w.Header().Set("Retry-After", "86400")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/404":
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	defer srv.Close()
	base := Config{AllowPrivate: true, IgnoreRobots: true, RetryWait: 50 * time.Millisecond, MaxRetryWait: 2 * time.Second}

	reset := func() {
		calls.Store(0)
		mu.Lock()
		times = nil
		mu.Unlock()
	}
	t.Run("Retry-After honoured, then backoff", func(t *testing.T) {
		reset()
		p, err := New(base).Fetch(t.Context(), srv.URL+"/busy-then-ok")
		if err != nil || string(p.Body) != "finally" || p.Retries != 2 {
			t.Fatalf("err %v, body %q, retries %d; want success after 2 retries", err, p.Body, p.Retries)
		}
		if gap := times[1].Sub(times[0]); gap < time.Second {
			t.Errorf("first retry after %v, want >= 1s (Retry-After)", gap)
		}
		if gap := times[2].Sub(times[1]); gap < 100*time.Millisecond || gap > time.Second {
			t.Errorf("second retry after %v, want the doubled backoff (100ms)", gap)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		reset()
		p, _ := New(base).Fetch(t.Context(), srv.URL+"/always-503")
		if calls.Load() != 3 || p.Status != 503 || p.Retries != 2 {
			t.Errorf("requests %d, status %d, retries %d; want 3 requests, 503, 2 retries", calls.Load(), p.Status, p.Retries)
		}
		reset()
		cfg := base
		cfg.Retries = -1
		New(cfg).Fetch(t.Context(), srv.URL+"/always-503")
		if calls.Load() != 1 {
			t.Errorf("Retries -1: %d requests, want 1", calls.Load())
		}
	})
	t.Run("Retry-After beyond the cap is not waited for", func(t *testing.T) {
		reset()
		start := time.Now()
		p, _ := New(base).Fetch(t.Context(), srv.URL+"/come-back-tomorrow")
		if calls.Load() != 1 || p.Status != 429 || time.Since(start) > time.Second {
			t.Errorf("requests %d, status %d, took %v; want one 429 at once", calls.Load(), p.Status, time.Since(start))
		}
	})
	t.Run("caller deadline", func(t *testing.T) {
		reset()
		cfg := base
		cfg.RetryWait = time.Second
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		p, _ := New(cfg).Fetch(ctx, srv.URL+"/always-503")
		if calls.Load() != 1 || p.Status != 503 || time.Since(start) > 250*time.Millisecond {
			t.Errorf("requests %d, status %d, took %v; want one 503 at once", calls.Load(), p.Status, time.Since(start))
		}
	})
	t.Run("404 is not retried", func(t *testing.T) {
		reset()
		New(base).Fetch(t.Context(), srv.URL+"/404")
		if calls.Load() != 1 {
			t.Errorf("%d requests, want 1", calls.Load())
		}
	})
}

func TestRetryAfterParse(t *testing.T) {
	now := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{"120", 2 * time.Minute, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{"Mon, 01 Jan 2024 12:00:30 GMT", 30 * time.Second, true},
		{"Mon, 01 Jan 2024 11:00:00 GMT", 0, true},
		{"99999999999999999999", 0, false},
	}
	for _, tc := range tests {
		got, ok := retryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDelay(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	const delay = 150 * time.Millisecond
	c := New(Config{AllowPrivate: true, Delay: delay, PerHost: 4}) // robots.txt counts too
	c.FetchAll(t.Context(), []string{srv.URL + "/a", srv.URL + "/b", srv.URL + "/c"})
	if len(times) != 4 {
		t.Fatalf("%d requests, want 4 (robots.txt and 3 pages)", len(times))
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < delay-10*time.Millisecond {
			t.Errorf("request %d came %v after the previous, want >= %v", i, gap, delay)
		}
	}
}

func TestContactUserAgent(t *testing.T) {
	var ua atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
	}))
	defer srv.Close()
	New(Config{AllowPrivate: true, Contact: "https://newsroom.example/provcheck"}).Fetch(t.Context(), srv.URL+"/")
	if got, want := ua.Load(), "provcheck/0.1 (+https://newsroom.example/provcheck)"; got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	New(Config{AllowPrivate: true, Contact: "x", UserAgent: "mine/1"}).Fetch(t.Context(), srv.URL+"/")
	if got := ua.Load(); got != "mine/1" {
		t.Errorf("User-Agent = %q, want the explicit one", got)
	}
}

func TestRobotsInfo(t *testing.T) {
	s := newSite(t)
	c := New(testConfig())
	if _, ok := c.Robots(s.url("/ok")); ok {
		t.Errorf("Robots before any fetch: ok = true")
	}
	c.Fetch(t.Context(), s.url("/ok"))
	info, ok := c.Robots(s.url("/anything"))
	if !ok || info.Status != 200 || !info.Rules || info.URL != s.url("/robots.txt") {
		t.Errorf("Robots = %+v, %v; want status 200 with rules", info, ok)
	}
}
