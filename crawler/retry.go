package crawler

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// retryWait decides whether the attempt that gave p is retried, and after how long. Only
// 429 Too Many Requests and 503 Service Unavailable are retried: they say "later", not
// "never". A Retry-After longer than Config.MaxRetryWait, or a wait that would outlast
// the caller's deadline, ends the fetch instead.
func (c *Crawler) retryWait(ctx context.Context, p *page.Page, attempt int) (time.Duration, bool) {
	if attempt >= c.cfg.Retries || ctx.Err() != nil {
		return 0, false
	}
	if p.Status != http.StatusTooManyRequests && p.Status != http.StatusServiceUnavailable {
		return 0, false
	}
	wait := c.cfg.RetryWait << attempt
	if wait <= 0 || wait > c.cfg.MaxRetryWait { // <= 0: overflow
		wait = c.cfg.MaxRetryWait
	}
	if ra, ok := retryAfter(p.Header.Get("Retry-After"), time.Now()); ok {
		if ra > c.cfg.MaxRetryWait {
			return 0, false
		}
		wait = max(wait, ra)
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
		return 0, false
	}
	return wait, true
}

// retryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > 1<<31 {
			n = 1 << 31
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
