package checker

import (
	"context"
	"fmt"
	"net/http"

	"github.com/provcheck/provcheck/rules"
)

// Rechecked is what a link found dead gave when it was fetched again.
type Rechecked struct {
	URL    string
	Fate   rules.Fate // as [rules.FetchFate]: ok, dead, blocked, unchecked
	Status int
	Err    string
}

// Recheck fetches links found dead once more (all at once, so that the fetcher's own
// later retry of a transient failure applies) and says what became of each.
func Recheck(ctx context.Context, f batchFetcher, urls []string) ([]Rechecked, error) {
	pages := f.FetchAll(ctx, urls)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("recheck: %w", err)
	}
	out := make([]Rechecked, len(urls))
	for i, p := range pages {
		out[i] = Rechecked{URL: urls[i], Fate: rules.FetchFate(p), Status: p.Status, Err: p.Err}
		if p.Status >= 400 {
			out[i].Err = fmt.Sprintf("%d %s", p.Status, http.StatusText(p.Status))
		}
	}
	return out, nil
}
