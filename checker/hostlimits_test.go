package checker

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/queue"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/checker/store/storetest"
	"github.com/provcheck/provcheck/crawler"
)

func TestSharedHostLimitsNeedPostgres(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cfg   SessionConfig
		input bool
	}{
		{"no database", SessionConfig{SharedHostLimits: true}, true},
		{"SQLite", SessionConfig{SharedHostLimits: true, DBPath: filepath.Join(t.TempDir(), "p.db"), NoEvidence: true}, true},
		{"a gate already", SessionConfig{SharedHostLimits: true, Crawl: crawler.Config{HostGate: nopGate{}}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(t.Context(), tc.cfg)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if got := errors.Is(err, ErrInput); got != tc.input {
				t.Errorf("Open: %v; input error %v, want %v", err, got, tc.input)
			}
		})
	}
}

type nopGate struct{}

func (nopGate) Acquire(context.Context, string) (func(), error) { return func() {}, nil }

// TestSharedHostLimits opens a session with shared host limits on PostgreSQL and checks
// that its fetches wait while another process (a limiter of its own on the same
// database) holds the host's only slot, and go through once it lets go.
func TestSharedHostLimits(t *testing.T) {
	u := storetest.Schema(t, storetest.Server(t), "checker")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><p>original</p></html>")
	}))
	t.Cleanup(srv.Close)
	ctx := t.Context()
	s, err := Open(ctx, SessionConfig{DBPath: u, NoEvidence: true, SharedHostLimits: true,
		Crawl: crawler.Config{AllowPrivate: true, IgnoreRobots: true, PerHost: 1, Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })

	other, err := store.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	lim, err := queue.NewHostLimiter(ctx, other, queue.HostLimits{InFlight: 1})
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	release, err := lim.Acquire(ctx, host)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if p, err := s.fetch.Fetch(short, srv.URL+"/a"); err == nil || p.OK() {
		t.Errorf("fetch while another process holds the host's only slot: %v; want it to wait past its deadline", err)
	}
	release()
	if p, err := s.fetch.Fetch(ctx, srv.URL+"/a"); err != nil || !p.OK() {
		t.Errorf("fetch once the slot is free: %v", err)
	}
}
