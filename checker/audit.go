package checker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
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

// Item kinds of an audit.
const (
	ItemURL  = "url"
	ItemFile = "file"
	ItemWARC = "warc"
)

// WARCInput names a record of a WARC file as an audit item input: "path@offset", or
// "path@offset#index" for a record after the first of a shared gzip member.
func WARCInput(path string, offset int64, index int) string {
	if index > 0 {
		return path + "@" + strconv.FormatInt(offset, 10) + "#" + strconv.Itoa(index)
	}
	return path + "@" + strconv.FormatInt(offset, 10)
}

// auditStore is what an audit needs of the database.
type auditStore interface {
	FinishItem(ctx context.Context, runID int64, position int, c *store.Check) (int64, error)
	FailItem(ctx context.Context, runID int64, position int, reason string) error
	RunFetch(ctx context.Context, runID int64, url string) (store.Fetch, bool, error)
}

// localReader makes a page of bytes read from disk; the crawler is one.
type localReader interface {
	Local(name string, body []byte, baseURL string) (*page.Page, error)
}

// AuditConfig tunes an audit. The zero value works.
type AuditConfig struct {
	// Workers is how many articles are checked at once; 0 means 4.
	Workers int
	// CacheBytes bounds the originals kept in memory; 0 means 32 MiB. An original pushed
	// out is read back from the database once the article citing it is stored (until
	// then, or when that article failed, it is fetched again).
	CacheBytes int
	// Resumed says the run was interrupted before, so that pages it fetched then are read
	// back from the database rather than fetched again.
	Resumed bool
	// Connections bounds the requests in flight across all workers; 0 means 16. The
	// crawler's per-host limit applies within it.
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
	Fetches      int // originals fetched over the network
	CacheHits    int // originals answered from the run's cache
	Took         time.Duration
}

// Audit checks the items of run runID, several at a time, storing each article with its
// item in one transaction. Items that cannot be checked are marked failed with their
// reason and the audit goes on. When stop is closed no new item starts and the items in
// flight finish; Audit then returns ErrInterrupted. Canceling ctx abandons the items in
// flight, which stay pending for a resume.
func (c *Checker) Audit(ctx context.Context, stop <-chan struct{}, db auditStore, local localReader, runID int64, items []store.Item, cfg AuditConfig) (AuditStats, error) {
	workers := cfg.Workers
	if workers <= 0 {
		workers = 4
	}
	budget := cfg.CacheBytes
	if budget <= 0 {
		budget = 32 << 20
	}
	conns := cfg.Connections
	if conns <= 0 {
		conns = 16
	}
	limited := limitFetcher(c.fetch, conns)
	cache := newPageCache(limited, budget, func(ctx context.Context, u string) (*page.Page, bool) {
		f, ok, err := db.RunFetch(ctx, runID, u)
		if err != nil || !ok {
			return nil, false
		}
		return pageOfFetch(f), true
	})
	cache.resumed = cfg.Resumed
	ac := *c
	ac.fetch, ac.originals = limited, cache

	var stats AuditStats
	var mu sync.Mutex
	started := time.Now()
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	interrupted := false
dispatch:
	for _, it := range items {
		select {
		case <-stop:
			interrupted = true
			break dispatch
		case <-gctx.Done():
			break dispatch
		default:
		}
		g.Go(func() error {
			t0 := time.Now()
			done := ItemDone{Item: it}
			score, n, err := ac.auditItem(gctx, db, local, runID, it)
			done.Score, done.Findings, done.Err, done.Took = score, n, err, time.Since(t0)
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
			if cfg.Progress != nil {
				cfg.Progress(done)
			}
			var dbErr *storeError
			if errors.As(err, &dbErr) {
				return err // the database failed: stop the audit
			}
			return nil
		})
	}
	err := g.Wait()
	stats.Fetches, stats.CacheHits = cache.stats()
	stats.Took = time.Since(started)
	switch {
	case err != nil:
		return stats, err
	case ctx.Err() != nil:
		return stats, fmt.Errorf("%w: %w", ErrInterrupted, ctx.Err())
	case interrupted:
		return stats, ErrInterrupted
	}
	return stats, nil
}

// storeError marks a failure of the database, which ends an audit (unlike a bad item).
type storeError struct{ err error }

func (e *storeError) Error() string { return e.err.Error() }
func (e *storeError) Unwrap() error { return e.err }

// auditItem checks one item and records the outcome.
func (c *Checker) auditItem(ctx context.Context, db auditStore, local localReader, runID int64, it store.Item) (int, int, error) {
	res, err := c.checkItem(ctx, local, it)
	if err != nil {
		if ctx.Err() != nil {
			return 0, 0, err
		}
		if ferr := db.FailItem(ctx, runID, it.Position, oneLine(err)); ferr != nil {
			return 0, 0, &storeError{ferr}
		}
		return 0, 0, err
	}
	rep := res.Report()
	rec, err := Record(res, rep)
	if err != nil {
		return 0, 0, err
	}
	if _, err := db.FinishItem(ctx, runID, it.Position, rec); err != nil {
		if ctx.Err() != nil {
			return 0, 0, err
		}
		return 0, 0, &storeError{err}
	}
	return rep.Score.Value, len(res.Findings), nil
}

// checkItem loads an item's article and checks it.
func (c *Checker) checkItem(ctx context.Context, local localReader, it store.Item) (*Result, error) {
	switch it.Kind {
	case ItemURL:
		return c.CheckURL(ctx, it.Input)
	case ItemFile:
		b, err := os.ReadFile(it.Input)
		if err != nil {
			return nil, InputError(err)
		}
		p, err := local.Local(it.Input, b, "")
		if err != nil {
			return nil, InputError(err)
		}
		return c.CheckPage(ctx, p)
	case ItemWARC:
		path, off, index, err := parseWARCInput(it.Input)
		if err != nil {
			return nil, InputError(err)
		}
		p, err := inputs.ReadWARCPage(path, off, index)
		if err != nil {
			return nil, InputError(err)
		}
		return c.CheckPage(ctx, p)
	}
	return nil, InputError(fmt.Errorf("unknown item kind %q", it.Kind))
}

// parseWARCInput reads what [WARCInput] wrote.
func parseWARCInput(s string) (path string, offset int64, index int, err error) {
	i := strings.LastIndexByte(s, '@')
	if i < 0 {
		return "", 0, 0, fmt.Errorf("bad WARC item %q", s)
	}
	at, idx, hasIndex := strings.Cut(s[i+1:], "#")
	offset, err = strconv.ParseInt(at, 10, 64)
	if err == nil && hasIndex {
		index, err = strconv.Atoi(idx)
	}
	if err != nil || offset < 0 || index < 0 {
		return "", 0, 0, fmt.Errorf("bad WARC item %q", s)
	}
	return s[:i], offset, index, nil
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
