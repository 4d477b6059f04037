package checker

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// slowFetcher records how many fetches run at once.
type slowFetcher struct {
	now, peak atomic.Int32
}

func (s *slowFetcher) Fetch(_ context.Context, u string) (*page.Page, error) {
	n := s.now.Add(1)
	for {
		p := s.peak.Load()
		if n <= p || s.peak.CompareAndSwap(p, n) {
			break
		}
	}
	time.Sleep(2 * time.Millisecond)
	s.now.Add(-1)
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200}, nil
}

func (s *slowFetcher) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = s.Fetch(ctx, u)
	}
	return out
}

func TestLimitedFetcherHoldsTheGlobalLimit(t *testing.T) {
	f := &slowFetcher{}
	l := limitFetcher(f, 3)
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ { // six workers, each fetching a batch
		wg.Add(1)
		go func() {
			defer wg.Done()
			urls := make([]string, 8)
			for i := range urls {
				urls[i] = fmt.Sprintf("https://a.example/%d/%d", w, i)
			}
			for i, p := range l.FetchAll(context.Background(), urls) {
				if p.RequestURL != urls[i] {
					t.Errorf("page %d is %s, want %s", i, p.RequestURL, urls[i])
				}
			}
		}()
	}
	wg.Wait()
	if p := f.peak.Load(); p > 3 || p < 2 {
		t.Errorf("peak fetches in flight = %d, want at most 3 (and some parallelism)", p)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for i := 0; i < 3; i++ {
		l.slots <- struct{}{}
	}
	if p, err := l.Fetch(ctx, "https://a.example/x"); err == nil || p.ErrClass != page.ErrClassCanceled {
		t.Errorf("fetch with every slot taken and a canceled context = %v, %v; want canceled", p.ErrClass, err)
	}
}
