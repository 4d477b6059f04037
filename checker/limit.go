package checker

import (
	"context"

	"github.com/provcheck/provcheck/crawler/page"
	"golang.org/x/sync/errgroup"
)

// limitedFetcher holds every request of an audit, whichever worker makes it, to a global
// number of requests in flight; the crawler adds its own per-host limit underneath. A slot
// covers one Fetch with its redirects (the crawler's robots.txt and redirect requests
// happen inside it and take no slot of their own, so slots never nest).
type limitedFetcher struct {
	f     fetcher
	slots chan struct{}
}

func limitFetcher(f fetcher, n int) *limitedFetcher {
	return &limitedFetcher{f: f, slots: make(chan struct{}, n)}
}

func (l *limitedFetcher) Fetch(ctx context.Context, url string) (*page.Page, error) {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return &page.Page{RequestURL: url, Err: ctx.Err().Error(), ErrClass: page.ErrClassCanceled}, ctx.Err()
	}
	defer func() { <-l.slots }()
	return l.f.Fetch(ctx, url)
}

// FetchAll fetches urls concurrently within the global limit, in order.
func (l *limitedFetcher) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	var g errgroup.Group
	for i, u := range urls {
		g.Go(func() error {
			out[i], _ = l.Fetch(ctx, u)
			return nil
		})
	}
	_ = g.Wait()
	return out
}
