package queue

import (
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/store"
)

// TestHostLimiter takes leases of one host from four limiters, each with its own pool
// as four worker processes would have, and checks from the times the holders record
// that no more than InFlight held a lease at once and that starts were Delay apart.
func TestHostLimiter(t *testing.T) {
	_, u := openStoreURL(t)
	ctx := t.Context()
	lim := HostLimits{InFlight: 2, Delay: 100 * time.Millisecond}
	var limiters []*HostLimiter
	for range 4 {
		st, err := store.Open(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		h, err := NewHostLimiter(ctx, st, lim)
		if err != nil {
			t.Fatal(err)
		}
		limiters = append(limiters, h)
	}

	var (
		mu              sync.Mutex
		inFlight, most  int
		starts          []time.Time
		otherHostStarts []time.Time
		wg              sync.WaitGroup
	)
	const requests = 16
	for i := range requests {
		wg.Go(func() {
			host := "a.example"
			if i%4 == 3 {
				host = "b.example"
			}
			release, err := limiters[i%len(limiters)].Acquire(ctx, host)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if host == "a.example" {
				inFlight++
				most = max(most, inFlight)
				starts = append(starts, time.Now())
			} else {
				otherHostStarts = append(otherHostStarts, time.Now())
			}
			mu.Unlock()
			time.Sleep(250 * time.Millisecond) // the request, longer than Delay
			mu.Lock()
			if host == "a.example" {
				inFlight--
			}
			mu.Unlock()
			release()
		})
	}
	wg.Wait()
	if most > lim.InFlight {
		t.Errorf("%d requests in flight to one host at once, limit %d", most, lim.InFlight)
	}
	if most < lim.InFlight {
		t.Errorf("at most %d in flight: the limit %d was never used", most, lim.InFlight)
	}
	const slack = 40 * time.Millisecond // a timer that fires late shortens the next gap
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < lim.Delay-slack {
			t.Errorf("starts %d and %d to one host %v apart, want >= %v", i-1, i, gap, lim.Delay)
		}
	}
	if len(starts) != requests*3/4 || len(otherHostStarts) != requests/4 {
		t.Errorf("%d and %d requests leased, want %d and %d", len(starts), len(otherHostStarts), requests*3/4, requests/4)
	}
}
