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
		b.read(t.Context(), ck, o)
	}
	if got := r.calls.Load(); got != 1 {
		t.Errorf("renders = %d, want 1 for the one page both links end on", got)
	}
	if _, ok := b.seen[story]; !ok {
		t.Errorf("rendered %v, want %s", b.seen, story)
	}
}
