package checker

import (
	"bytes"
	"container/list"
	"context"
	"sync"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

// pageCache makes a batch audit fetch each original once per run, however many articles
// cite it. Recent pages stay in memory within a byte budget; a page pushed out of memory
// is read back from the run's database (through reload) rather than fetched again.
// Concurrent requests for the same URL wait for the one fetch in flight.
type pageCache struct {
	fetch  batchFetcher
	reload func(ctx context.Context, url string) (*page.Page, bool)
	// stored, when set, waits until the articles checked so far are stored: a page this
	// run pushed out is in the database only once an article citing it is.
	stored func(ctx context.Context)
	budget int

	mu      sync.Mutex
	size    int
	lru     *list.List // of *cacheEntry, most recent at the front
	entries map[string]*list.Element
	// byFinal is the last parsed entry of each final URL, so that a page reached through
	// another link (a short link, a redirect) that came back with the same bytes is not
	// parsed again.
	byFinal  map[string]*list.Element
	inflight map[string]chan struct{}
	seen     map[string]bool // every URL fetched in this run, kept in memory or not
	resumed  bool            // the run was interrupted before: the database may hold any page
	hits     int
	fetches  int
}

type cacheEntry struct {
	url  string
	page *page.Page
	// What the page parsed to, once an article read it: the extractor is the CPU bill
	// of an audit, and the article (read-only once made) is shared by every citing one.
	article  *extract.Article
	parseErr error
	isParsed bool
}

// parsed returns what a kept page parsed to, when it was parsed, or what the same page
// reached through another link parsed to: same final URL, same bytes (then the article
// is a copy that names p's URL; what came of the parse is shared, read-only).
func (pc *pageCache) parsed(p *page.Page) (*extract.Article, error, bool) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[p.RequestURL]; ok {
		if e := el.Value.(*cacheEntry); e.page == p && e.isParsed {
			return e.article, e.parseErr, true
		}
	}
	if el, ok := pc.byFinal[p.FinalURL]; ok && p.FinalURL != "" {
		if e := el.Value.(*cacheEntry); e.article != nil && samePage(e.page, p) {
			a := *e.article
			a.URL = p.RequestURL
			return &a, nil, true
		}
	}
	return nil, nil, false
}

// samePage reports whether two fetches ended on the same page and got the same bytes.
func samePage(a, b *page.Page) bool {
	return a.FinalURL == b.FinalURL && a.Status == b.Status && a.ContentType == b.ContentType &&
		a.Local == b.Local && a.Truncated == b.Truncated && bytes.Equal(a.Body, b.Body)
}

// keepParsed remembers what a kept page parsed to.
func (pc *pageCache) keepParsed(p *page.Page, a *extract.Article, err error) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if el, ok := pc.entries[p.RequestURL]; ok {
		if e := el.Value.(*cacheEntry); e.page == p && !e.isParsed {
			e.article, e.parseErr, e.isParsed = a, err, true
			if a != nil && p.FinalURL != "" {
				pc.byFinal[p.FinalURL] = el
			}
			if a != nil {
				pc.size += 3 * len(a.Text) // the text and its spans, roughly
				pc.shrink()
			}
		}
	}
}

func newPageCache(f batchFetcher, budget int, reload func(context.Context, string) (*page.Page, bool)) *pageCache {
	return &pageCache{
		fetch: f, reload: reload, budget: budget, lru: list.New(),
		entries: map[string]*list.Element{}, byFinal: map[string]*list.Element{}, inflight: map[string]chan struct{}{}, seen: map[string]bool{},
	}
}

// FetchAll returns the pages of urls in order. A URL kept in memory is answered from it,
// one being fetched by another call is waited for, and any other is read back from the
// database when it may be there (pushed out of memory, or fetched before a resume) and
// fetched otherwise.
func (pc *pageCache) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	var mine, waits []int
	pc.mu.Lock()
	for i, u := range urls {
		switch el, kept := pc.entries[u]; {
		case kept:
			pc.lru.MoveToFront(el)
			out[i] = el.Value.(*cacheEntry).page
			pc.hits++
		case pc.inflight[u] != nil:
			waits = append(waits, i)
		default:
			pc.inflight[u] = make(chan struct{})
			mine = append(mine, i)
		}
	}
	pc.mu.Unlock()

	if len(mine) > 0 {
		var todo []string
		var fetchIdx []int
		pages := make([]*page.Page, len(mine))
		for k, i := range mine {
			if p, ok := pc.reloaded(ctx, urls[i]); ok {
				pages[k] = p
				continue
			}
			todo = append(todo, urls[i])
			fetchIdx = append(fetchIdx, k)
		}
		if len(todo) > 0 {
			for j, p := range pc.fetch.FetchAll(ctx, todo) {
				pages[fetchIdx[j]] = p
			}
		}
		pc.mu.Lock()
		pc.fetches += len(todo)
		pc.hits += len(mine) - len(todo)
		for k, i := range mine {
			out[i] = pages[k]
			if ctx.Err() == nil || pages[k].OK() {
				pc.seen[urls[i]] = true
				pc.add(urls[i], pages[k])
			}
			close(pc.inflight[urls[i]])
			delete(pc.inflight, urls[i])
		}
		pc.mu.Unlock()
	}
	for _, i := range waits {
		out[i] = pc.wait(ctx, urls[i])
	}
	return out
}

// reloaded reads a page back from the database when it may be there: one this run fetched
// and then pushed out of memory, or any page of a resumed run (a new URL of a new run is
// not looked for). A page this run pushed out whose citing article is still being stored
// is read once that article is.
func (pc *pageCache) reloaded(ctx context.Context, u string) (*page.Page, bool) {
	if pc.reload == nil {
		return nil, false
	}
	pc.mu.Lock()
	evicted, resumed := pc.seen[u], pc.resumed
	pc.mu.Unlock()
	if !evicted && !resumed {
		return nil, false
	}
	if p, ok := pc.reload(ctx, u); ok || !evicted || pc.stored == nil {
		return p, ok
	}
	pc.stored(ctx)
	return pc.reload(ctx, u)
}

// wait returns the page of a URL another call is fetching, once it has it.
func (pc *pageCache) wait(ctx context.Context, u string) *page.Page {
	pc.mu.Lock()
	ch := pc.inflight[u]
	pc.mu.Unlock()
	if ch != nil {
		select {
		case <-ch:
		case <-ctx.Done():
			return &page.Page{RequestURL: u, Err: ctx.Err().Error(), ErrClass: page.ErrClassCanceled}
		}
	}
	// Kept now, or (the other fetch was canceled, or the page was pushed out at once)
	// fetched or reloaded here: FetchAll never waits on a URL it claims itself.
	return pc.FetchAll(ctx, []string{u})[0]
}

// add keeps a page within the budget; pc.mu must be held.
func (pc *pageCache) add(u string, p *page.Page) {
	if el, ok := pc.entries[u]; ok {
		pc.size -= el.Value.(*cacheEntry).cost()
		pc.forget(el)
	}
	pc.entries[u] = pc.lru.PushFront(&cacheEntry{url: u, page: p})
	pc.size += cost(p)
	pc.shrink()
}

// shrink drops the least recently used pages until the cache fits its budget; pc.mu must
// be held.
func (pc *pageCache) shrink() {
	for pc.size > pc.budget && pc.lru.Len() > 1 {
		el := pc.lru.Back()
		e := el.Value.(*cacheEntry)
		pc.forget(el)
		delete(pc.entries, e.url)
		pc.size -= e.cost()
	}
}

// forget takes an entry out of the list and of byFinal; pc.mu must be held.
func (pc *pageCache) forget(el *list.Element) {
	pc.lru.Remove(el)
	if f := el.Value.(*cacheEntry).page.FinalURL; pc.byFinal[f] == el {
		delete(pc.byFinal, f)
	}
}

// stats reports how many pages were fetched and how many requests the cache answered.
func (pc *pageCache) stats() (fetches, hits int) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	return pc.fetches, pc.hits
}

// cost is roughly what a kept page takes in memory: its body and about a kilobyte of
// URLs, header and bookkeeping.
func cost(p *page.Page) int { return len(p.Body) + 1024 }

func (e *cacheEntry) cost() int {
	n := cost(e.page)
	if e.article != nil {
		n += 3 * len(e.article.Text)
	}
	return n
}
