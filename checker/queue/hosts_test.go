package queue

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/store"
)

// TestHostLimiter takes leases from four limiters, each with its own pool as four worker
// processes would have, and checks by the times the holders record that no more than the
// limit held a lease of one host at once, and that with a delay no request started less
// than the delay after the one before it ended.
func TestHostLimiter(t *testing.T) {
	_, u := openStoreURL(t)
	for _, tc := range []struct {
		name     string
		lim      HostLimits
		inFlight int
	}{
		{"in flight", HostLimits{InFlight: 2}, 2},
		{"delay", HostLimits{InFlight: 2, Delay: 100 * time.Millisecond}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			var limiters []*HostLimiter
			for range 4 {
				st, err := store.Open(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				h, err := NewHostLimiter(ctx, st, tc.lim)
				if err != nil {
					t.Fatal(err)
				}
				limiters = append(limiters, h)
			}
			host := "host-" + tc.name + ".example"
			var (
				mu             sync.Mutex
				inFlight, most int
				other          int
				starts, ends   []time.Time
				wg             sync.WaitGroup
			)
			const requests = 12
			for i := range requests {
				wg.Go(func() {
					h := host
					if i%4 == 3 {
						h = "other-" + host // another host has limits of its own
					}
					release, err := limiters[i%len(limiters)].Acquire(ctx, h)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					if h == host {
						inFlight++
						most = max(most, inFlight)
						starts = append(starts, time.Now())
					} else {
						other++
					}
					mu.Unlock()
					time.Sleep(80 * time.Millisecond) // the request
					mu.Lock()
					if h == host {
						inFlight--
						ends = append(ends, time.Now())
					}
					mu.Unlock()
					release()
				})
			}
			wg.Wait()
			if most != tc.inFlight {
				t.Errorf("at most %d requests in flight to one host, want %d", most, tc.inFlight)
			}
			const slack = 30 * time.Millisecond // a timer that fires late shortens a gap
			for _, end := range ends {
				for _, start := range starts {
					if gap := start.Sub(end); gap >= 0 && gap < tc.lim.Delay-slack {
						t.Errorf("a request started %v after another ended, want >= %v", gap, tc.lim.Delay)
					}
				}
			}
			if len(starts) != requests*3/4 || other != requests/4 {
				t.Errorf("%d and %d requests leased, want %d and %d", len(starts), other, requests*3/4, requests/4)
			}
		})
	}
}

// TestHostLimiterExpiredLease checks that the late release of a lease that expired (its
// holder stalled past TTL) does not free the slot another holder took since, and that
// releasing twice frees nothing more.
func TestHostLimiterExpiredLease(t *testing.T) {
	st, _ := openStoreURL(t)
	ctx := t.Context()
	const ttl = time.Second
	h, err := NewHostLimiter(ctx, st, HostLimits{InFlight: 1, TTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	const host = "stalled.example"
	stalled, err := h.Acquire(ctx, host)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(ttl + 100*time.Millisecond)
	next, err := h.Acquire(ctx, host)
	if err != nil {
		t.Fatal(err)
	}
	stalled() // late: the slot is next's now
	held := func(what string) {
		t.Helper()
		short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if release, err := h.Acquire(short, host); err == nil {
			release()
			t.Errorf("%s: a second lease of a one-slot host was granted", what)
		} else if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: err = %v, want the wait to time out", what, err)
		}
	}
	held("after the expired lease's release")
	next()
	third, err := h.Acquire(ctx, host)
	if err != nil {
		t.Fatal(err)
	}
	next() // again: frees nothing
	held("after a second release")
	third()
}

// TestHostLimiterReleaseLocksSlotFirst holds the lock order that keeps a release and a
// new lease from deadlocking: a new lease locks a free slot, then the host's row; a late
// release of that same slot (its lease ran out) must wait for the slot before it takes
// the host's row, or each waits for the other until PostgreSQL fails one.
func TestHostLimiterReleaseLocksSlotFirst(t *testing.T) {
	st, _ := openStoreURL(t)
	ctx := t.Context()
	h, err := NewHostLimiter(ctx, st, HostLimits{InFlight: 1, TTL: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	const host = "late.example"
	l, _, ok, err := h.try(ctx, host)
	if err != nil || !ok {
		t.Fatalf("try = %v, %v", ok, err)
	}
	// A new lease, part-way: the slot's row locked, the host's not yet.
	tx, err := h.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT slot FROM provcheck_host_slots WHERE host = $1 FOR UPDATE`, host); err != nil {
		t.Fatal(err)
	}
	released := make(chan error, 1)
	go func() {
		_, err := h.db.ExecContext(ctx, releaseSQL, l.host, l.slot, l.until, h.delay.Seconds())
		released <- err
	}()
	time.Sleep(300 * time.Millisecond) // the release is waiting now, for the slot or the host
	if _, err := tx.ExecContext(ctx, `UPDATE provcheck_hosts SET next_start = next_start WHERE host = $1`, host); err != nil {
		t.Fatalf("the new lease's update of the host: %v (the release held the host's row)", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-released; err != nil {
		t.Fatalf("release: %v", err)
	}
}
