package checker

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
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

// TestPageCacheSharesParseOfOnePage: a page reached through another link (a short link)
// that came back with the same bytes reads as the page did, under its own URL, without a
// second parse; other bytes, or a page pushed out of memory, are parsed anew.
func TestPageCacheSharesParseOfOnePage(t *testing.T) {
	const story = "https://wire.example/story"
	body := `<html><head><title>W</title></head><body><article><h1>W</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said on <a href="/tunxi">Wednesday in Tunxi</a>.</p>` + filler + `</article></body></html>`
	pg := func(req, b string) *page.Page {
		return &page.Page{RequestURL: req, FinalURL: story, Status: 200, ContentType: "text/html", Body: []byte(b)}
	}
	pages := map[string]*page.Page{
		story:                     pg(story, body),
		"https://short.example/1": pg("https://short.example/1", body),
		"https://short.example/2": pg("https://short.example/2", strings.Replace(body, "just", "fair", 1)),
	}
	web := &mapFetcher{pages}
	pc := newPageCache(web, 1<<20, nil)
	var ex extract.Options
	read := func(u string) (*extract.Article, bool) {
		p := pc.FetchAll(t.Context(), []string{u})[0]
		if a, err, ok := pc.parsed(p); ok {
			if err != nil {
				t.Fatal(err)
			}
			return a, true
		}
		a, err := ex.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		pc.keepParsed(p, a, err)
		return a, false
	}
	if _, shared := read(story); shared {
		t.Fatal("the first page read came from the cache")
	}
	a, shared := read("https://short.example/1")
	if !shared {
		t.Error("the same page through a short link was parsed again")
	}
	if want, _ := ex.Parse(pages["https://short.example/1"]); !reflect.DeepEqual(a, want) {
		t.Errorf("shared article = %+v\nwant what parsing it gives: %+v", a, want)
	}
	pc.budget = 0
	pc.shrink() // keeps the last page fetched, the short link's, which was not parsed
	pages["https://short.example/3"] = pg("https://short.example/3", body)
	if _, shared := read("https://short.example/3"); shared {
		t.Error("a page pushed out of memory was still shared")
	}
	if _, shared := read("https://short.example/2"); shared {
		t.Error("a page of other bytes at the same URL shared the parse")
	}
}

// mapFetcher answers each URL with its page.
type mapFetcher struct{ pages map[string]*page.Page }

func (f *mapFetcher) FetchAll(_ context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i] = f.pages[u]
	}
	return out
}
