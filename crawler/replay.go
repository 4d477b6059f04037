package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// Replay answers Fetch and FetchAll from WARC files written by a Crawler with
// Config.Evidence, without any network: each page is rebuilt from its fetch metadata
// record (URLs, redirect chain, status, error, times) and the response record it points
// to (headers and body as captured). A check replayed from its own WARC files therefore
// sees the very pages the live check saw. It is safe for concurrent use once built.
type Replay struct {
	// ArchiveEndpoint is the availability API the replayed crawl asked (its
	// Config.ArchiveEndpoint); "" = DefaultArchiveEndpoint.
	ArchiveEndpoint string
	// Posts reads social posts as the replayed crawl did (its Config.Posts), from the
	// captured answers of their endpoints; nil = pages only.
	Posts PostReader

	responses map[string]ref    // target URI -> its latest response record
	sources   map[string]source // by file name
	fetches   map[string]ref    // request URL -> its latest fetch record
	records   map[string]ref    // record id -> record
}

type source interface {
	readAt(offset int64, index int) (*warc.Record, error)
}

type fileSource string

func (f fileSource) readAt(off int64, index int) (*warc.Record, error) {
	return warc.ReadLocation(warc.Location{File: string(f), Offset: off, Index: index})
}

type memSource []byte

func (m memSource) readAt(off int64, index int) (*warc.Record, error) {
	if off < 0 || off > int64(len(m)) {
		return nil, fmt.Errorf("warc: offset %d: %w", off, warc.ErrMalformed)
	}
	return warc.ReadIndex(bytes.NewReader(m[off:]), index)
}

type ref struct {
	file   string
	offset int64
	index  int // within the gzip member at offset
	date   time.Time
}

// NewReplay indexes the WARC files at paths (files, or directories searched for
// *.warc.gz and *.warc). A file that cannot be read to its end is an error: evidence
// that is cut short must not pass for complete.
func NewReplay(paths ...string) (*Replay, error) {
	r := &Replay{sources: map[string]source{}, fetches: map[string]ref{}, records: map[string]ref{}, responses: map[string]ref{}}
	for _, p := range paths {
		files, err := warcFiles(p)
		if err != nil {
			return nil, err
		}
		for _, name := range files {
			f, err := os.Open(name)
			if err != nil {
				return nil, fmt.Errorf("replay: %w", err)
			}
			err = r.index(name, fileSource(name), f)
			f.Close()
			if err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// NewReplayBytes indexes one WARC file held in memory.
func NewReplayBytes(name string, b []byte) (*Replay, error) {
	r := &Replay{sources: map[string]source{}, fetches: map[string]ref{}, records: map[string]ref{}, responses: map[string]ref{}}
	if err := r.index(name, memSource(b), bytes.NewReader(b)); err != nil {
		return nil, err
	}
	return r, nil
}

func warcFiles(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	if !st.IsDir() {
		return []string{p}, nil
	}
	var out []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(path, ".warc.gz") || strings.HasSuffix(path, ".warc")) {
			out = append(out, path)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	return out, nil // WalkDir order is lexical: file names sort by time
}

func (r *Replay) index(name string, src source, rd io.Reader) error {
	r.sources[name] = src
	wr := warc.NewReader(rd)
	for {
		rec, loc, err := wr.Next()
		if err == io.EOF {
			if sk := wr.Skipped(); len(sk) > 0 {
				// Evidence with holes must not pass for complete.
				return fmt.Errorf("replay %s: %w: %d bytes at %d are not a record", name, warc.ErrMalformed, sk[0].Length, sk[0].Offset)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("replay %s: %w", name, err)
		}
		at := ref{file: name, offset: loc.Offset, index: loc.Index, date: rec.Date()}
		if id := rec.ID(); id != "" {
			r.records[id] = at
		}
		if rec.Type() == warc.TypeResponse {
			if prev, ok := r.responses[rec.TargetURI()]; !ok || !at.date.Before(prev.date) {
				r.responses[rec.TargetURI()] = at
			}
		}
		if rec.Type() != warc.TypeMetadata {
			continue
		}
		fields := warc.ParseFields(rec.Block)
		if fields.Get(fieldKind) != "fetch" {
			continue
		}
		key, err := strconv.Unquote(fields.Get(fieldRequestURL))
		if err != nil {
			continue
		}
		if prev, ok := r.fetches[key]; !ok || !at.date.Before(prev.date) {
			r.fetches[key] = at
		}
	}
}

func (r *Replay) read(at ref) (*warc.Record, error) {
	src, ok := r.sources[at.file]
	if !ok {
		return nil, fmt.Errorf("replay: no file %s", at.file)
	}
	return src.readAt(at.offset, at.index)
}

// URLs returns the request URLs the replay holds a fetch of, in no particular order.
func (r *Replay) URLs() []string {
	out := make([]string, 0, len(r.fetches))
	for k := range r.fetches {
		out = append(out, k)
	}
	return out
}

// Fetch returns the page captured for rawURL. Like [Crawler.Fetch], the page is never nil
// and the error is non-nil when no 2xx page was captured; a URL that was never captured
// gives an error wrapping [ErrNotCaptured].
func (r *Replay) Fetch(ctx context.Context, rawURL string) (*page.Page, error) {
	p, err := r.fetchCaptured(ctx, rawURL)
	if r.Posts == nil {
		return p, err
	}
	if post, ok := r.Posts.ReadPost(ctx, r.fetchCaptured, p); ok && post != p {
		return post, errorOf(post)
	}
	return p, err
}

// fetchCaptured is Fetch without the reading of social posts.
func (r *Replay) fetchCaptured(ctx context.Context, rawURL string) (*page.Page, error) {
	if err := ctx.Err(); err != nil {
		p := &page.Page{RequestURL: rawURL, ErrClass: page.ErrClassCanceled, Err: err.Error()}
		return p, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	at, ok := r.fetches[rawURL]
	if !ok {
		err := fmt.Errorf("%s: %w", rawURL, ErrNotCaptured)
		return &page.Page{RequestURL: rawURL, FinalURL: rawURL, Err: err.Error(), ErrClass: page.ErrClassOther}, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	fail := func(err error) (*page.Page, error) {
		return &page.Page{RequestURL: rawURL, FinalURL: rawURL, Err: err.Error(), ErrClass: page.ErrClassOther}, fmt.Errorf("replay %s: %w", rawURL, err)
	}
	meta, err := r.read(at)
	if err != nil {
		return fail(err)
	}
	p, err := pageFromEvidence(meta, func(id string) (*warc.Record, error) {
		at, ok := r.records[id]
		if !ok {
			return nil, fmt.Errorf("record %s: %w", id, ErrNotCaptured)
		}
		return r.read(at)
	})
	if err != nil {
		return fail(err)
	}
	return p, errorOf(p)
}

// FetchAll replays urls in order; a URL listed twice gives the same *page.Page at each index,
// as [Crawler.FetchAll] does.
func (r *Replay) FetchAll(ctx context.Context, urls []string) []*page.Page {
	pages := make([]*page.Page, len(urls))
	first := map[string]int{}
	for i, u := range urls {
		if _, ok := first[u]; ok {
			continue
		}
		first[u] = i
		pages[i], _ = r.Fetch(ctx, u)
	}
	markNetworkDown(pages) // as the live batch was judged
	for i, u := range urls {
		pages[i] = pages[first[u]]
	}
	return pages
}

// Archived replays [Crawler.Archived]: the availability API's recorded answer for the same
// query, then the recorded fetch of the snapshot.
func (r *Replay) Archived(ctx context.Context, rawURL string, near time.Time) (*page.Page, time.Time, error) {
	endpoint := r.ArchiveEndpoint
	if endpoint == "" {
		endpoint = DefaultArchiveEndpoint
	}
	api, err := availabilityURL(endpoint, rawURL, near)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	at, ok := r.responses[api]
	if !ok {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %s: %w", rawURL, api, ErrNotCaptured)
	}
	rec, err := r.read(at)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	hr, err := warc.ParseResponse(rec.Block)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	if hr.Status != 200 {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, &StatusError{URL: api, Code: hr.Status})
	}
	snap, ts, err := parseAvailability(hr.Body)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	p, err := r.Fetch(ctx, snap)
	if err != nil {
		return p, ts, fmt.Errorf("archived copy of %s: %w", rawURL, err)
	}
	return p, ts, nil
}
