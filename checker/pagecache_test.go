package checker

import (
	"context"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

// countingFetcher answers every URL with a page of 100 bytes and counts the requests.
type countingFetcher struct{ asked map[string]int }

func (f *countingFetcher) Fetch(_ context.Context, u string) (*page.Page, error) {
	f.asked[u]++
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, Body: []byte(strings.Repeat("x", 100))}, nil
}

func (f *countingFetcher) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = f.Fetch(ctx, u)
	}
	return out
}

func TestPageCacheEvictedPages(t *testing.T) {
	f := &countingFetcher{asked: map[string]int{}}
	stored := map[string]bool{"https://a.example/stored": true}
	reloads := 0
	pc := newPageCache(f, 1500, func(_ context.Context, u string) (*page.Page, bool) {
		reloads++
		if !stored[u] {
			return nil, false
		}
		return &page.Page{RequestURL: u, Status: 200}, true
	})
	ctx := context.Background()
	pc.FetchAll(ctx, []string{"https://a.example/stored", "https://a.example/unstored"})
	if reloads != 0 {
		t.Errorf("a new run looked %d new URLs up in the database, want none", reloads)
	}
	pc.FetchAll(ctx, []string{"https://a.example/other"}) // pushes both out (budget ~1 page)
	got := pc.FetchAll(ctx, []string{"https://a.example/stored", "https://a.example/unstored"})
	if got[0] == nil || got[1] == nil || !got[1].OK() {
		t.Fatalf("pages after eviction = %v", got)
	}
	if f.asked["https://a.example/stored"] != 1 {
		t.Errorf("a stored page pushed out of memory was fetched %d times, want once", f.asked["https://a.example/stored"])
	}
	if f.asked["https://a.example/unstored"] != 2 {
		t.Errorf("an evicted page not yet stored was fetched %d times, want twice (and no endless wait)", f.asked["https://a.example/unstored"])
	}
}
