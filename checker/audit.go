package checker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
)

// ErrInterrupted means an audit stopped at the user's request before every item was done;
// what was finished is stored and the run can be resumed.
var ErrInterrupted = errors.New("audit interrupted")

// Item kinds of an audit (the kinds of [inputs.Item]).
const (
	ItemURL  = inputs.KindURL
	ItemFile = inputs.KindFile
	ItemWARC = inputs.KindWARC
)

// auditStore is what an audit needs of the database.
type auditStore interface {
	Items(ctx context.Context, runID int64, state string) ([]store.Item, error)
	FinishItem(ctx context.Context, runID int64, position int, c *store.Check) (int64, error)
	FailItem(ctx context.Context, runID int64, position int, reason string) error
	RunFetch(ctx context.Context, runID int64, url string) (store.Fetch, bool, error)
	RecentFetch(ctx context.Context, url string, since time.Time) (store.Fetch, bool, error)
}

// localReader makes a page of bytes read from disk; the crawler is one.
type localReader interface {
	Local(name string, body []byte, baseURL string) (*page.Page, error)
}

// AuditConfig tunes an audit. The zero value works.
type AuditConfig struct {
	// Workers is how many articles are checked at once; 0 means 8. As many more, checked
	// already, may be waiting for their commit. Politeness is per host, so more workers
	// only overlap more hosts' waits.
	Workers int
	// CacheBytes bounds the originals kept in memory (their bodies; what they parsed to
	// comes on top); 0 means 8 MiB. An original pushed out is read back from the database
	// once the article citing it is stored (until then, or when that article failed, it
	// is fetched again), which costs a read and a parse, not a fetch. On both bench webs
	// 8 MiB reuses as many originals as 32 MiB did, and a 10,000-article audit of the
	// simple web peaks at 113 MB instead of 131 with 16 MiB (1,000 articles: 86 MB either way).
	CacheBytes int
	// Resumed says the run was interrupted before, so that pages it fetched then are read
	// back from the database rather than fetched again.
	Resumed bool
	// Connections bounds the requests in flight across all workers, archive look-ups
	// included; 0 means 16. The crawler's per-host limit applies within it.
	Connections int
	// Progress, when set, is called after each item (from several goroutines at once).
	Progress func(ItemDone)
}

// ItemDone reports one finished item.
type ItemDone struct {
	Item     store.Item
	Score    int
	Findings int
	Err      error
	Took     time.Duration
}

// AuditStats counts what an audit did.
type AuditStats struct {
	Done, Failed int
	Fetches      int // originals fetched over the network by this process
	CacheHits    int // originals reused: from the run's cache, or as another worker fetched them
	Took         time.Duration
}

// Auditor checks the pending items of a stored audit run, several at a time, storing each
// article with its item in one transaction. An item that cannot be checked is marked
// failed with its reason and the audit goes on; a failing database ends it.
//
// It has one way to stop, the context given to Run: canceling it abandons the items in
// flight, which stay pending for a resume. Drain is the gentle stop in front of it: no
// new item starts, the items in flight finish and are stored, and Run returns
// ErrInterrupted. (The CLI drains at the first Ctrl-C and cancels at the second.)
type Auditor struct {
	ck    *Checker
	db    auditStore
	local localReader
	cfg   AuditConfig
	// shared, in a queue worker, shares the originals of a run with the other workers,
	// polled every sharedPoll while another fetches one.
	shared     sharedPages
	sharedPoll time.Duration
	// reuseAge, in a queue worker, is how old a fetch of an original by an earlier run,
	// on any machine, may be and still be reused from the database (the crawler's
	// MaxAge); 0 = never.
	reuseAge time.Duration
	// index, in a queue worker, is the session's evidence index, written before an
	// article's record is handed to the queue to store and before an original is shared.
	index *captureBatch

	drainOnce sync.Once
	drain     chan struct{}
}

// Auditor makes an auditor that checks with c, stores in db and reads local files with
// local.
func (c *Checker) Auditor(db auditStore, local localReader, cfg AuditConfig) *Auditor {
	return &Auditor{ck: c, db: db, local: local, cfg: cfg.withDefaults(), drain: make(chan struct{})}
}

// withDefaults fills in the zero values of cfg.
func (cfg AuditConfig) withDefaults() AuditConfig {
	if cfg.Workers <= 0 {
		cfg.Workers = 8
	}
	if cfg.CacheBytes <= 0 {
		cfg.CacheBytes = 8 << 20
	}
	if cfg.Connections <= 0 {
		cfg.Connections = 16
	}
	return cfg
}

// Drain stops the audit from starting new items; the items in flight finish. It may be
// called at any time, from any goroutine, any number of times.
func (a *Auditor) Drain() { a.drainOnce.Do(func() { close(a.drain) }) }

// Run checks the pending items of run runID.
func (a *Auditor) Run(ctx context.Context, runID int64) (AuditStats, error) {
	items, err := a.db.Items(ctx, runID, store.ItemPending)
	if err != nil {
		return AuditStats{}, fmt.Errorf("audit run %d: %w", runID, err)
	}
	storing := newHandedOff(a.cfg.Workers)
	ac, counts := a.runChecker(runID, storing.wait)
	src := itemPages{local: a.local, warcs: &inputs.WARCFiles{}}
	defer func() {
		if err := src.warcs.Close(); err != nil {
			a.ck.log.Warn("close warc files", "err", err)
		}
	}()
	var stats AuditStats
	var mu sync.Mutex
	started := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	// A worker is free again once its item is checked: the item then waits for its
	// commit among at most Workers others (see auditItem), and the next item starts.
	working := make(chan struct{}, a.cfg.Workers)
	drained := false
dispatch:
	for _, it := range items {
		select {
		case <-a.drain:
			drained = true
			break dispatch
		case <-gctx.Done():
			break dispatch
		case working <- struct{}{}:
		}
		g.Go(func() error {
			var stored chan struct{} // closed once the item handed off is stored
			handOff := func() {
				stored = storing.add() // before the next item can start and wait for it
				<-working
			}
			done, err := a.item(gctx, ac, src, runID, it, handOff)
			if stored != nil {
				storing.done(stored)
			} else {
				<-working
			}
			if err != nil && gctx.Err() != nil {
				return nil // abandoned: stays pending
			}
			mu.Lock()
			if err != nil {
				stats.Failed++
			} else {
				stats.Done++
			}
			mu.Unlock()
			if a.cfg.Progress != nil {
				a.cfg.Progress(done)
			}
			var dbErr *storeError
			if errors.As(err, &dbErr) {
				return err // the database failed: stop the audit
			}
			return nil
		})
	}
	err = g.Wait()
	stats.Fetches, stats.CacheHits = counts()
	stats.Took = time.Since(started)
	switch {
	case err != nil:
		return stats, err
	case ctx.Err() != nil:
		return stats, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
	case drained:
		return stats, ErrInterrupted
	}
	return stats, nil
}

// handedOff tracks the items of an audit checked and handed off to be stored, at most
// its limit at once, for those who wait until they are stored.
type handedOff struct {
	slots   chan struct{} // one for each item pending
	mu      sync.Mutex
	pending map[chan struct{}]struct{}
}

func newHandedOff(limit int) *handedOff {
	return &handedOff{slots: make(chan struct{}, limit), pending: map[chan struct{}]struct{}{}}
}

// add registers an item handed off, once fewer than the limit are pending, and returns
// the channel that done closes.
func (s *handedOff) add() chan struct{} {
	s.slots <- struct{}{}
	ch := make(chan struct{})
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending[ch] = struct{}{}
	return ch
}

// done says the item of ch is stored (or failed to be).
func (s *handedOff) done(ch chan struct{}) {
	s.mu.Lock()
	delete(s.pending, ch)
	s.mu.Unlock()
	close(ch)
	<-s.slots
}

// wait returns once every item handed off before it was called is stored (or failed to
// be), or when ctx ends.
func (s *handedOff) wait(ctx context.Context) {
	s.mu.Lock()
	chans := make([]chan struct{}, 0, len(s.pending))
	for ch := range s.pending {
		chans = append(chans, ch)
	}
	s.mu.Unlock()
	for _, ch := range chans {
		select {
		case <-ch:
		case <-ctx.Done():
			return
		}
	}
}

// runChecker is the checker of one run: every request, archive look-ups included, within
// the connection limit, and originals and archived copies from the run's cache (and, in a
// queue worker, originals shared with the run's other workers). counts reports how many
// originals it fetched over the network and how many it reused: from the run's cache, or
// as another worker fetched them.
func (a *Auditor) runChecker(runID int64, stored func(context.Context)) (_ *Checker, counts func() (fetches, reused int)) {
	c := a.ck
	limited := limitFetcher(c.fetch, a.cfg.Connections)
	var originals batchFetcher = limited
	var shared *sharedFetcher
	if a.shared != nil {
		shared = &sharedFetcher{f: limited, board: a.shared, runID: runID, poll: a.sharedPoll, log: c.log, index: a.index}
		if a.reuseAge > 0 {
			shared.recent = a.recentOriginal
		}
		originals = shared
	}
	cache := newPageCache(originals, a.cfg.CacheBytes, func(ctx context.Context, u string) (*page.Page, bool) {
		f, ok, err := a.db.RunFetch(ctx, runID, u)
		return storedPage(ctx, c.log, "reload original from the database", u, f, ok, err)
	})
	cache.resumed = a.cfg.Resumed
	cache.stored = stored
	ac := *c
	ac.fetch, ac.originals = limited, cache
	if c.archive != nil {
		ac.archive = newArchiveCache(limitArchiver(c.archive, limited.slots))
	}
	return &ac, func() (int, int) {
		fetches, hits := cache.stats()
		if shared != nil {
			// The cache counts what it asked the shared fetcher for as fetched.
			taken := int(shared.taken.Load())
			fetches, hits = fetches-taken, hits+taken
		}
		return fetches, hits
	}
}

// recentOriginal returns the latest whole fetch of url that any run made within the reuse
// age, from the database.
func (a *Auditor) recentOriginal(ctx context.Context, u string) (*page.Page, bool) {
	f, ok, err := a.db.RecentFetch(ctx, u, time.Now().Add(-a.reuseAge))
	return storedPage(ctx, a.ck.log, "reuse original from the database", u, f, ok, err)
}

// storedPage is the page of a fetch read back from the database, if one was found; a
// failed read is logged (as what, unless the check is being stopped) and fetches anew.
func storedPage(ctx context.Context, log *slog.Logger, what, u string, f store.Fetch, ok bool, err error) (*page.Page, bool) {
	if err != nil {
		if ctx.Err() == nil {
			log.Warn(what, "url", u, "err", err)
		}
		return nil, false
	}
	if !ok {
		return nil, false
	}
	return pageOfFetch(f), true
}

// item checks one item and records the outcome; handOff is called as in auditItem.
func (a *Auditor) item(ctx context.Context, c *Checker, src itemPages, runID int64, it store.Item, handOff func()) (ItemDone, error) {
	t0 := time.Now()
	done := ItemDone{Item: it}
	done.Score, done.Findings, done.Err = c.auditItem(ctx, a.db, src, runID, it, handOff)
	done.Took = time.Since(t0)
	return done, done.Err
}

// storeError marks a failure of the database, which ends an audit (unlike a bad item).
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// auditItem checks one item and records the outcome. handOff is called once the item is
// checked and its record made, just before it is stored: storing waits for a group
// commit, and the audit uses the wait to check its next item.
func (c *Checker) auditItem(ctx context.Context, db auditStore, src itemPages, runID int64, it store.Item, handOff func()) (int, int, error) {
	rec, score, findings, err := c.recordItem(ctx, src, it)
	if err != nil {
		var failed *itemError
		if ctx.Err() != nil || !errors.As(err, &failed) {
			return 0, 0, err
		}
		if ferr := db.FailItem(ctx, runID, it.Position, oneLine(err)); ferr != nil {
			return 0, 0, &storeError{ferr}
		}
		return 0, 0, err
	}
	handOff()
	if _, err := db.FinishItem(ctx, runID, it.Position, rec); err != nil {
		if ctx.Err() != nil {
			return 0, 0, err
		}
		return 0, 0, &storeError{err}
	}
	return score, findings, nil
}

// itemError is a failure to check an item, which fails the item (a failure to make its
// record does not).
type itemError struct{ err error }

func (e *itemError) Error() string { return e.err.Error() }
func (e *itemError) Unwrap() error { return e.err }

// recordItem checks one item and makes its record, storing nothing: the single-process
// audit stores it with the item, a queue worker with its job. It returns the article's
// score and number of findings; an error that fails the item is an *itemError.
func (c *Checker) recordItem(ctx context.Context, src itemPages, it store.Item) (*store.Check, int, int, error) {
	res, err := c.checkItemFrom(ctx, src, it.Kind, it.Input, "")
	if err != nil {
		return nil, 0, 0, &itemError{err}
	}
	rep := res.Report()
	rec, err := Record(res, rep)
	if err != nil {
		return nil, 0, 0, err
	}
	return rec, rep.Score.Value, len(res.Findings), nil
}

// itemPages reads the pages of an audit's local items: files through local, WARC records
// through warcs, which keeps each WARC file open where it stopped (for records sharing
// one gzip member, one pass over the file rather than one per record).
type itemPages struct {
	local localReader
	warcs *inputs.WARCFiles // nil: each record is read on its own
}

// checkItem loads an article of the given kind and checks it; baseURL resolves a local
// file's relative links. It checks one item on its own: a WARC record is read alone.
func (c *Checker) checkItem(ctx context.Context, local localReader, kind, input, baseURL string) (*Result, error) {
	return c.checkItemFrom(ctx, itemPages{local: local}, kind, input, baseURL)
}

// checkItemFrom is checkItem with the item's page read from src.
func (c *Checker) checkItemFrom(ctx context.Context, src itemPages, kind, input, baseURL string) (*Result, error) {
	switch kind {
	case ItemURL:
		return c.CheckURL(ctx, input)
	case ItemFile:
		b, err := os.ReadFile(input)
		if err != nil {
			return nil, InputError(err)
		}
		p, err := src.local.Local(input, b, baseURL)
		if err != nil {
			return nil, InputError(err)
		}
		return c.CheckPage(ctx, p)
	case ItemWARC:
		path, off, index, err := inputs.ParseWARCInput(input)
		if err != nil {
			return nil, InputError(err)
		}
		var p *page.Page
		if src.warcs != nil {
			p, err = src.warcs.Page(path, off, index)
		} else {
			p, err = inputs.ReadWARCPage(path, off, index)
		}
		if err != nil {
			return nil, InputError(err)
		}
		return c.CheckPage(ctx, p)
	}
	return nil, InputError(fmt.Errorf("unknown item kind %q", kind))
}

// pageOfFetch rebuilds a crawler page from its stored record.
func pageOfFetch(f store.Fetch) *page.Page {
	p := &page.Page{
		RequestURL: f.RequestURL, FinalURL: f.FinalURL, Status: f.Status, ContentType: f.ContentType,
		Body: f.Body, Truncated: f.Truncated, FetchedAt: f.FetchedAt, Duration: f.Duration,
		Err: f.Err, ErrClass: page.ErrClass(f.ErrClass),
	}
	for _, h := range f.Redirects {
		p.Redirects = append(p.Redirects, page.Hop{URL: h.URL, Status: h.Status})
	}
	return p
}

func oneLine(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }
