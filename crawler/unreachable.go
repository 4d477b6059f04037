package crawler

import (
	"cmp"
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"golang.org/x/sync/errgroup"
)

// networkLevel reports whether a fetch failed before any server answered: no route, no
// resolver, a timeout, a refused or reset connection.
func networkLevel(p *page.Page) bool {
	switch p.ErrClass {
	case page.ErrClassUnreachable, page.ErrClassTimeout, page.ErrClassConnection:
		return true
	}
	return false
}

// networkDown judges a batch (see markNetworkDown) and, the first time the network seems
// down, says so once.
func (c *Crawler) networkDown(pages []*page.Page) bool {
	down, hosts, ok := markNetworkDown(pages)
	if ok && c.saidDown.CompareAndSwap(false, true) {
		c.log.Warn("the network seems unreachable: links that could not be reached are recorded as unchecked, not dead",
			"hosts_unreachable", down, "hosts", hosts)
	}
	return ok
}

// markNetworkDown judges a batch: when at least two hosts, and most hosts of the batch,
// failed at the network level for every URL asked of them, the fault is likely ours (the
// network is down), not theirs. Then every network-level failure of the batch becomes
// unreachable (we could not check, which is not dead). pages are the batch's own pages,
// each URL once; nil entries are skipped. A replay judges its batches the same way, so it
// reads an offline run's evidence as the run did.
func markNetworkDown(pages []*page.Page) (down, hosts int, ok bool) {
	failed := map[string]bool{} // host -> every fetch of it failed at the network level
	for _, p := range pages {
		if p == nil {
			continue
		}
		h := hostOf(p.RequestURL)
		f, seen := failed[h]
		failed[h] = networkLevel(p) && (f || !seen)
	}
	for _, f := range failed {
		if f {
			down++
		}
	}
	if down < 2 || 2*down <= len(failed) {
		return down, len(failed), false
	}
	for _, p := range pages {
		if p != nil && networkLevel(p) {
			p.ErrClass = page.ErrClassUnreachable
		}
	}
	return down, len(failed), true
}

// canaryTTL is how long the answer about the canary name holds.
const canaryTTL = time.Minute

func (c *Crawler) canary() string { return cmp.Or(c.cfg.DNSCanary, "example.com") }

// resolverBlind reports whether the resolver fails to resolve the canary name too, asking
// at most once a minute: then a name that "does not exist" says nothing about the link.
// The first time it is so, one warning says the network seems unreachable.
func (c *Crawler) resolverBlind(ctx context.Context) bool {
	c.dnsCheck.Lock()
	defer c.dnsCheck.Unlock()
	if time.Since(c.dnsCheckedAt) < canaryTTL {
		return c.blindUntil.Load() != 0
	}
	lctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := c.guard.lookup(lctx, c.canary())
	if ctx.Err() != nil {
		return false // the caller gave up: no answer about the resolver
	}
	blind := err != nil
	c.dnsCheckedAt = time.Now()
	c.blindUntil.Store(0)
	if blind {
		c.blindUntil.Store(c.dnsCheckedAt.Add(canaryTTL).UnixNano())
	}
	if blind && c.saidDown.CompareAndSwap(false, true) {
		c.log.Warn("the network seems unreachable: the resolver resolves no name, not even "+c.canary()+
			"; links that could not be reached are recorded as unchecked, not dead", "err", err)
	}
	return blind
}

// unasked refuses to ask the resolver for host while the canary says it resolves no name
// (for canaryTTL after it said so): offline, each name asked could wait seconds for an
// answer that never came, and a link a minute later would be asked again, so an audit
// of 90 pages took over a minute and a half to find every link unchecked.
func (c *Crawler) unasked(host string) error {
	if time.Now().UnixNano() >= c.blindUntil.Load() {
		return nil
	}
	return &net.DNSError{Name: host, IsTemporary: true,
		Err: "not asked: the resolver resolved no name, not even " + c.canary() + ", less than a minute ago"}
}

// lookupStalled is told that a name has gone unanswered for a while: it asks the canary in
// the background, at most one lookup at a
// time, so that if the resolver answers nothing at all the next links are not asked.
func (c *Crawler) lookupStalled() {
	if !c.probing.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer c.probing.Store(false)
		c.resolverBlind(context.Background())
	}()
}

// dnsTimeout reports whether err is the resolver's not answering in time.
func dnsTimeout(err error) bool {
	var dnsErr *net.DNSError
	return errors.As(err, &dnsErr) && dnsErr.IsTimeout
}

// transient reports whether a failure may pass: a timeout, a refused or reset connection,
// a server error.
func transient(p *page.Page) bool {
	switch p.ErrClass {
	case page.ErrClassTimeout, page.ErrClassConnection:
		return true
	case page.ErrClassStatus:
		return p.Status >= http.StatusInternalServerError
	}
	return false
}

// retryLater fetches each transient failure of a batch once more, Config.RetryLater after
// the batch: a link is dead only when it failed both times. The second page replaces the
// first, with one more retry counted.
func (c *Crawler) retryLater(ctx context.Context, pages []*page.Page) {
	if c.cfg.RetryLater < 0 {
		return
	}
	var again []int
	for i, p := range pages {
		if p != nil && transient(p) {
			again = append(again, i)
		}
	}
	if len(again) == 0 || sleep(ctx, c.cfg.RetryLater) != nil {
		return
	}
	var g errgroup.Group
	g.SetLimit(c.cfg.Parallel)
	for _, i := range again {
		g.Go(func() error {
			first := pages[i]
			p, _ := c.Fetch(ctx, first.RequestURL) // the error is in the page
			if p.ErrClass == page.ErrClassCanceled {
				return nil // the caller gave up: keep what the first try saw
			}
			p.Retries += first.Retries + 1
			c.log.Debug("retried later", "url", first.RequestURL, "first", first.ErrClass, "now", p.ErrClass, "status", p.Status)
			pages[i] = p
			return nil
		})
	}
	_ = g.Wait() // workers never fail
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Hostname())
}
