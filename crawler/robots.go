package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/temoto/robotstxt"
)

// robotsMaxBytes is how much of a robots.txt we read (Google reads 500 KiB).
const robotsMaxBytes = 512 << 10

// robotsEntry is the cached robots.txt of one scheme+host. ready is closed once the
// fields are set; until then other fetches of the same host wait for it, so a host's
// robots.txt is fetched once however many fetches start together.
type robotsEntry struct {
	ready  chan struct{}
	data   *robotstxt.RobotsData // nil: allow everything
	status int                   // status of the robots.txt fetch, 0 when it failed
	err    error                 // why the fetch or parse failed; the host is then allowed
	retry  bool                  // the fetch was cut by its caller's context: not cached
}

// robotsCache holds the robots.txt of every host a Crawler has visited.
type robotsCache struct {
	mu      sync.Mutex
	entries map[string]*robotsEntry
}

// checkRobots returns an error wrapping ErrDisallowed when robots.txt of u's host
// disallows u for our user agent. Only the caller's context can make it fail otherwise:
// an unreachable or broken robots.txt allows everything.
func (c *Crawler) checkRobots(ctx context.Context, u *url.URL) error {
	e, err := c.robotsFor(ctx, u)
	if err != nil {
		return err
	}
	if e.data == nil {
		return nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.data.TestAgent(path, c.cfg.UserAgent) {
		return fmt.Errorf("%s: %w", urlWithoutFragment(u), ErrDisallowed)
	}
	return nil
}

func (c *Crawler) robotsFor(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	for {
		c.robots.mu.Lock()
		e, ok := c.robots.entries[key]
		if !ok {
			e = &robotsEntry{ready: make(chan struct{})}
			c.robots.entries[key] = e
		}
		c.robots.mu.Unlock()

		if !ok {
			c.fetchRobots(ctx, u, e)
			if e.retry {
				c.robots.mu.Lock()
				delete(c.robots.entries, key)
				c.robots.mu.Unlock()
			}
			close(e.ready)
			if e.retry && errors.Is(e.err, ErrHostGate) {
				// Not allowed by default: robots.txt was not asked for, and the
				// fetch could not be sent either.
				return nil, e.err
			}
		} else {
			select {
			case <-e.ready:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if !e.retry {
			return e, nil
		}
		// The fetch that was filling e was cancelled by its own caller; if ours is
		// still alive, go round and fetch robots.txt ourselves.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// fetchRobots fills e. It goes through the same guarded transport and per-host limits as
// page fetches, with our User-Agent and the caller's context (colly's own robots.txt
// fetch has none of these, which is why colly's IgnoreRobotsTxt is always true here).
func (c *Crawler) fetchRobots(ctx context.Context, u *url.URL, e *robotsEntry) {
	robotsURL := u.Scheme + "://" + u.Host + "/robots.txt"
	release, err := c.limits.acquire(ctx, u.Host)
	if err != nil {
		e.err, e.retry = err, true
		return
	}
	defer release()
	tr := &fetchTransport{
		base:   c.transport,
		limits: c.limits,
		keep:   robotsMaxBytes,
		first:  &heldSlot{host: strings.ToLower(u.Host), release: release},
	}
	// The robots.txt exchange is evidence too: it decides what we may fetch.
	defer func() { c.recordTrips(ctx, tr.recorded()) }()
	client := &http.Client{
		Transport: tr,
		Timeout:   c.cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > 5 {
				return ErrTooManyRedirects
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return ErrUnsupportedScheme
			}
			return nil
		},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, robotsURL, nil)
	if err != nil {
		e.err = err
		return
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		// A gate that failed on a redirect hop asked nothing of the host: not cached.
		e.err, e.retry = err, ctx.Err() != nil || errors.Is(err, ErrHostGate)
		c.log.Debug("robots.txt unreachable: allowing all", "url", robotsURL, "err", err)
		return
	}
	defer resp.Body.Close()
	e.status = resp.StatusCode
	body, err := io.ReadAll(resp.Body)
	if err != nil && !errors.Is(err, io.EOF) {
		e.err, e.retry = err, ctx.Err() != nil
		return
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		data, err := robotstxt.FromBytes(body)
		if err != nil {
			e.err = err
			c.log.Debug("robots.txt unparsable: allowing all", "url", robotsURL, "err", err)
			return
		}
		e.data = data
	default:
		// 4xx: no robots.txt, everything allowed. 5xx: Google reads it as "disallow all
		// for now"; we check a few links once, not a site, so we allow rather than
		// report a dead link as blocked.
	}
	c.log.Debug("robots.txt", "url", robotsURL, "status", e.status, "rules", e.data != nil)
}

// RobotsInfo is what the crawler learnt of one host's robots.txt.
type RobotsInfo struct {
	URL    string // the robots.txt URL
	Status int    // HTTP status of its fetch; 0 when the fetch failed
	Err    string // why the fetch or parse failed (everything is then allowed)
	Rules  bool   // a robots.txt was read and is applied
}

// Robots returns what the crawler learnt of the robots.txt of rawURL's host; ok is false
// when it has not been fetched (yet, or at all with Config.IgnoreRobots).
func (c *Crawler) Robots(rawURL string) (info RobotsInfo, ok bool) {
	u, err := parseTarget(rawURL)
	if err != nil {
		return RobotsInfo{}, false
	}
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	c.robots.mu.Lock()
	e := c.robots.entries[key]
	c.robots.mu.Unlock()
	if e == nil {
		return RobotsInfo{}, false
	}
	select {
	case <-e.ready:
	default:
		return RobotsInfo{}, false
	}
	info = RobotsInfo{URL: key + "/robots.txt", Status: e.status, Rules: e.data != nil}
	if e.err != nil {
		info.Err = e.err.Error()
	}
	return info, true
}
