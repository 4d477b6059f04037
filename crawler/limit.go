package crawler

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// hostLimiter bounds the requests in flight per host (host[:port] as in the URL) across
// every fetch of one Crawler: one counting semaphore per host, created on first use.
//
// With a delay, requests to a host go one at a time and the next starts only once the
// delay has passed since the previous one ended. Spacing only the starts is not enough: a
// request whose connection is slow to open reaches the server late, right before the next
// one, and the host sees two requests at once.
//
// With a gate, a request that has its slot here then waits for the gate's turn too, and
// gives the gate's slot back before its own: the gate holds the limit across crawlers,
// the limiter keeps one crawler's requests from queueing at the gate all at once.
type hostLimiter struct {
	slots int
	delay time.Duration
	gate  HostGate // nil: this crawler's limit only
	mu    sync.Mutex
	sems  map[string]chan struct{}
	next  map[string]time.Time // earliest start of the next request per host
}

func newHostLimiter(slots int, delay time.Duration, gate HostGate) *hostLimiter {
	if delay > 0 {
		slots = 1
	}
	return &hostLimiter{slots: slots, delay: delay, gate: gate, sems: make(map[string]chan struct{}), next: make(map[string]time.Time)}
}

// acquire waits for a slot on host (and for the host's delay to pass), then for the
// gate's turn, or for ctx. The returned release is idempotent.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	local, err := l.acquireLocal(ctx, host)
	if err != nil || l.gate == nil {
		return local, err
	}
	shared, err := l.gate.Acquire(ctx, host)
	if err != nil {
		local()
		return nil, fmt.Errorf("%w: %s: %w", ErrHostGate, host, err)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			if shared != nil {
				shared()
			}
			local()
		})
	}, nil
}

// acquireLocal is acquire without the gate.
func (l *hostLimiter) acquireLocal(ctx context.Context, host string) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l.mu.Lock()
	sem, ok := l.sems[host]
	if !ok {
		sem = make(chan struct{}, l.slots)
		l.sems[host] = sem
	}
	l.mu.Unlock()
	select {
	case sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if l.delay > 0 {
				l.mu.Lock()
				l.next[host] = time.Now().Add(l.delay)
				l.mu.Unlock()
			}
			<-sem
		})
	}
	if l.delay > 0 {
		l.mu.Lock()
		at := l.next[host]
		l.mu.Unlock()
		if err := sleep(ctx, time.Until(at)); err != nil {
			release()
			return nil, err
		}
	}
	return release, nil
}

// sleep waits for d or for ctx, whichever ends first.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
