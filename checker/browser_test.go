package checker

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/render"
	"github.com/provcheck/provcheck/rules"
)

// slowRenderer counts renders and the most in flight at once.
type slowRenderer struct {
	calls, inFlight, most atomic.Int64
}

func (r *slowRenderer) Render(ctx context.Context, url string) (*page.Page, error) {
	r.calls.Add(1)
	n := r.inFlight.Add(1)
	defer r.inFlight.Add(-1)
	for {
		m := r.most.Load()
		if n <= m || r.most.CompareAndSwap(m, n) {
			break
		}
	}
	time.Sleep(20 * time.Millisecond)
	return &page.Page{RequestURL: url, FinalURL: url, Status: 200}, nil
}

func TestBrowserBoundsAndSharesRenders(t *testing.T) {
	r := &slowRenderer{}
	b := NewBrowser(render.ModeAuto, r, "", nil)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprintf("https://app.example/%d", i%4) // each URL asked three times
			if p, err := b.render(t.Context(), u); err != nil || p.RequestURL != u {
				t.Errorf("render(%s) = %v, %v", u, p, err)
			}
		}()
	}
	wg.Wait()
	if got := r.calls.Load(); got != 4 || b.Renders() != 4 {
		t.Errorf("renders = %d (Renders says %d), want 4 (one per URL)", got, b.Renders())
	}
	if got := r.most.Load(); got > parallelRenders {
		t.Errorf("%d renders at once, want at most %d", got, parallelRenders)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := b.render(ctx, "https://app.example/late"); err == nil {
		t.Error("render with a cancelled context: nil error")
	}
	if _, ok := b.seen["https://app.example/late"]; ok {
		t.Error("a cancelled render was remembered")
	}
}

// TestBrowserRendersTheFinalPage: two links that end on one page (a short link and the
// story it redirects to) share one render, of that page.
func TestBrowserRendersTheFinalPage(t *testing.T) {
	r := &slowRenderer{}
	b := NewBrowser(render.ModeAlways, r, "", nil)
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ck := New(&fakeWeb{}, e, Config{})
	const story = "https://wire.example/story"
	for _, u := range []string{"https://short.example/1", story} {
		o := &rules.Original{URL: u, Page: &page.Page{RequestURL: u, FinalURL: story, Status: 200,
			ContentType: "text/html", Body: []byte("<p>shell</p>")}}
		b.read(t.Context(), ck, o, nil)
	}
	if got := r.calls.Load(); got != 1 {
		t.Errorf("renders = %d, want 1 for the one page both links end on", got)
	}
	if _, ok := b.seen[story]; !ok {
		t.Errorf("rendered %v, want %s", b.seen, story)
	}
}

// TestBrowserSkipsPagesThatHoldTheirQuotes: in auto mode a short original with a script
// bundle is rendered unless its HTML already holds every quote the article takes from it
// (the same words or changed ones).
func TestBrowserSkipsPagesThatHoldTheirQuotes(t *testing.T) {
	const (
		q1 = "We will move towards a multipolar, fair world order"
		q2 = "The talks will resume in the spring, in the same city"
	)
	wire := func(says string) string {
		return `<html><head><title>W</title><script src="/app.js"></script></head><body><article><h1>W</h1>
<p>` + says + ` Lavrov said on Wednesday in Tunxi.</p></article></body></html>`
	}
	article := func(body string) string {
		return `<html><head><title>A</title></head><body><article><h1>A</h1>` + body + filler + `</article></body></html>`
	}
	quoted := func(q string) string {
		return `<p>“` + q + `,” Lavrov said, according to <a href="https://wire.example/w">the wire</a>.</p>`
	}
	for _, tc := range []struct {
		name, article, wire string
		renders             int64
	}{
		{"holds the quote", quoted(q1), wire("“We will move towards a multipolar, fair world order.”"), 0},
		{"holds it changed", quoted(q1), wire("“We will move towards a multipolar, just world order.”"), 0},
		{"lacks the quote", quoted(q1), wire("Loading the statement."), 1},
		{"holds one of two", quoted(q1) + quoted(q2), wire("“We will move towards a multipolar, fair world order.”"), 1},
		{"cited for no quote", `<p>Talks are due, <a href="https://wire.example/w">the wire</a> says.</p>`,
			wire("“We will move towards a multipolar, fair world order.”"), 1},
		// A short link to the page the quote came from ends on that page.
		{"and by a short link", quoted(q1) + `<p>More in <a href="https://short.example/1">a short link</a>.</p>`,
			wire("“We will move towards a multipolar, fair world order.”"), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			web := &redirectingWeb{fakeWeb{pages: map[string]string{
				"https://news.example/a": article(tc.article),
				"https://wire.example/w": tc.wire,
			}}, map[string]string{"https://short.example/1": "https://wire.example/w"}}
			e, err := rules.New(rules.Config{})
			if err != nil {
				t.Fatal(err)
			}
			r := &slowRenderer{}
			b := NewBrowser(render.ModeAuto, r, "", nil)
			if _, err := New(web, e, Config{Browser: b}).CheckURL(t.Context(), "https://news.example/a"); err != nil {
				t.Fatal(err)
			}
			if got := r.calls.Load(); got != tc.renders {
				t.Errorf("renders = %d, want %d", got, tc.renders)
			}
		})
	}
}

// redirectingWeb is a fakeWeb whose links in to end on the page they name.
type redirectingWeb struct {
	fakeWeb
	to map[string]string
}

func (w *redirectingWeb) Fetch(ctx context.Context, u string) (*page.Page, error) {
	final, ok := w.to[u]
	if !ok {
		return w.fakeWeb.Fetch(ctx, u)
	}
	p, err := w.fakeWeb.Fetch(ctx, final)
	if p != nil {
		p.RequestURL = u
		p.Redirects = []page.Hop{{URL: u, Status: 301}}
	}
	return p, err
}

func (w *redirectingWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = w.Fetch(ctx, u)
	}
	return out
}
