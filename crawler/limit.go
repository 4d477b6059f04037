package crawler

import (
	"context"
	"strings"
	"sync"
)

// hostLimiter bounds the requests in flight per host (host[:port] as in the URL) across
// every fetch of one Crawler: one counting semaphore per host, created on first use.
type hostLimiter struct {
	slots int
	mu    sync.Mutex
	sems  map[string]chan struct{}
}

func newHostLimiter(slots int) *hostLimiter {
	return &hostLimiter{slots: slots, sems: make(map[string]chan struct{})}
}

// acquire waits for a slot on host, or for ctx. The returned release is idempotent.
func (l *hostLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	host = strings.ToLower(host)
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
	return func() { once.Do(func() { <-sem }) }, nil
}
