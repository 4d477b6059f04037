package checker

import (
	"context"
	"sync"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// limitedArchiver holds archive look-ups to the audit's connection limit, sharing the
// slots of the fetcher.
type limitedArchiver struct {
	a     archiver
	slots chan struct{}
}

func limitArchiver(a archiver, slots chan struct{}) *limitedArchiver {
	return &limitedArchiver{a: a, slots: slots}
}

func (l *limitedArchiver) Archived(ctx context.Context, url string, near time.Time) (*page.Page, time.Time, error) {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
	defer func() { <-l.slots }()
	return l.a.Archived(ctx, url, near)
}

// archiveCache answers each archive look-up (a URL near a day) once per run, however many
// articles cite the dead original; concurrent look-ups of one key wait for the first.
type archiveCache struct {
	a  archiver
	mu sync.Mutex
	m  map[string]*archived
}

type archived struct {
	done chan struct{}
	page *page.Page
	at   time.Time
	err  error
}

func newArchiveCache(a archiver) *archiveCache {
	return &archiveCache{a: a, m: map[string]*archived{}}
}

func (c *archiveCache) Archived(ctx context.Context, url string, near time.Time) (*page.Page, time.Time, error) {
	key := near.UTC().Format("2006-01-02") + " " + url
	c.mu.Lock()
	e, ok := c.m[key]
	if !ok {
		e = &archived{done: make(chan struct{})}
		c.m[key] = e
	}
	c.mu.Unlock()
	if !ok {
		e.page, e.at, e.err = c.a.Archived(ctx, url, near)
		if ctx.Err() != nil {
			// A look-up cut short says nothing of the archive: let the next one ask again.
			c.mu.Lock()
			delete(c.m, key)
			c.mu.Unlock()
		}
		close(e.done)
		return e.page, e.at, e.err
	}
	select {
	case <-e.done:
		return e.page, e.at, e.err
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
}
