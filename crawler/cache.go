package crawler

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// conditional is a stale capture of a URL and the headers that revalidate it.
type conditional struct {
	prev   Capture    // the stored response
	stale  *page.Page // the page it holds, read once by lookupCache
	header http.Header
}

// lookupCache serves rawURL from its latest capture when that is younger than
// Config.MaxAge. Otherwise, when the capture's response carries an ETag or Last-Modified
// and came without redirects, it returns the conditional headers to send. Failed fetches
// are never served from the cache: a timeout today says nothing about tomorrow.
func (c *Crawler) lookupCache(ctx context.Context, rawURL string) (*page.Page, *conditional) {
	if c.cfg.Evidence == nil || c.cfg.Index == nil {
		return nil, nil
	}
	fc, ok, err := c.cfg.Index.LatestCapture(ctx, rawURL, CaptureFetch)
	if err != nil || !ok || fc.Status == 0 {
		if err != nil {
			c.log.Warn("cache lookup", "url", rawURL, "err", err)
		}
		return nil, nil
	}
	if err := c.cfg.Evidence.Flush(); err != nil { // the record may still be buffered
		c.log.Warn("cache: evidence unwritten", "url", rawURL, "err", err)
		return nil, nil
	}
	p, respCap, err := Captured(ctx, c.cfg.Index, fc)
	if err != nil {
		c.log.Warn("cache: capture unreadable", "url", rawURL, "file", fc.File, "err", err)
		return nil, nil
	}
	// Only pages fetched whole are reused: an error status (a 429 or 503 above all) says
	// "later", not "for a day".
	if !p.OK() {
		return nil, nil
	}
	if c.cfg.MaxAge > 0 && time.Since(p.FetchedAt) < c.cfg.MaxAge {
		return p, nil
	}
	if len(p.Redirects) > 0 || respCap.RecordID == "" || p.Status != http.StatusOK {
		return nil, nil
	}
	h := http.Header{}
	if v := p.Header.Get("ETag"); v != "" {
		h.Set("If-None-Match", v)
	}
	if v := p.Header.Get("Last-Modified"); v != "" {
		h.Set("If-Modified-Since", v)
	}
	if len(h) == 0 {
		return nil, nil
	}
	return nil, &conditional{prev: respCap, stale: p, header: h}
}

// reuse fills p, which got a 304, with the stored response it confirmed.
func reuse(p *page.Page, cond *conditional) {
	old := cond.stale
	p.Status, p.Header, p.Body, p.ContentType, p.Truncated = old.Status, old.Header, old.Body, old.ContentType, old.Truncated
	p.Revalidated = true
}

// Captured rebuilds the page that a fetch capture (kind [CaptureFetch]) sums up, reading
// its metadata record and the response record it points to from their WARC files, and
// returns the response's capture too (zero when the fetch got no response).
func Captured(ctx context.Context, idx Index, fc Capture) (*page.Page, Capture, error) {
	meta, err := warc.ReadAt(fc.File, fc.Offset)
	if err != nil {
		return nil, Capture{}, err
	}
	var respCap Capture
	p, err := pageFromEvidence(meta, func(id string) (*warc.Record, error) {
		rc, ok, err := idx.CaptureByRecordID(ctx, id)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("record %s: %w", id, ErrNotCaptured)
		}
		respCap = rc
		return warc.ReadAt(rc.File, rc.Offset)
	})
	if err != nil {
		return nil, Capture{}, err
	}
	return p, respCap, nil
}
