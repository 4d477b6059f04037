package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// Capture is where one WARC record of a fetch lies, as an [Index] keeps it.
type Capture struct {
	URL           string // the record's WARC-Target-URI
	Kind          string // CaptureResponse, CaptureRevisit, CaptureFetch or CaptureError
	RecordID      string // WARC-Record-ID, "<urn:uuid:...>"
	File          string // WARC file path, as the writer's directory was given
	Offset        int64  // of the record's gzip member
	Length        int64  // compressed length of the member
	PayloadDigest string // WARC-Payload-Digest of a response; "" otherwise
	Status        int    // HTTP status of a response or of the fetch; 0 = none
	FetchedAt     time.Time
}

// Capture kinds.
const (
	CaptureResponse = "response" // an HTTP response (any status)
	CaptureRevisit  = "revisit"  // a 304 answer to a conditional request
	CaptureFetch    = "fetch"    // the metadata record summing up one Fetch: the page
	CaptureError    = "error"    // a request that got no response
)

// Index keeps the location of captures. The database implements it (through an adapter
// in checker); the crawler records into it and reads it for its cache. An index may hold
// what it is given before it stores it, as long as its look-ups find it meanwhile.
type Index interface {
	AddCaptures(ctx context.Context, caps []Capture) error
	// LatestCapture returns the newest capture of kind for url; ok is false when none.
	LatestCapture(ctx context.Context, url, kind string) (c Capture, ok bool, err error)
	// CaptureByRecordID returns the capture of a record id; ok is false when none.
	CaptureByRecordID(ctx context.Context, id string) (c Capture, ok bool, err error)
}

// Fields of the application/warc-fields block of a fetch metadata record. Together with
// the response record it points to, they rebuild the Page exactly (see Replay).
const (
	fieldKind       = "provcheck-record" // "fetch" or "error"
	fieldRequestURL = "request-url"
	fieldFinalURL   = "final-url"
	fieldStatus     = "status"
	fieldFetchedAt  = "fetched-at"
	fieldDuration   = "duration-ns"
	fieldRedirect   = "redirect" // "301 http://..." per hop, in order
	fieldTruncated  = "truncated"
	fieldRetries    = "retries"
	fieldErrClass   = "error-class"
	fieldError      = "error" // Go-quoted
	fieldResponse   = "response-record"
	fieldRevalid    = "revalidated"
)

// record writes the evidence of one Fetch: a request and a response record per round
// trip (robots.txt is recorded by fetchRobots), an error record for each request that got
// no answer, and the fetch metadata record. revisit is the stored response a 304 reused.
func (c *Crawler) record(ctx context.Context, p *page.Page, trips []*trip, revisit *Capture) {
	if c.cfg.Evidence == nil {
		return
	}
	var recs []*warc.Record
	var kinds []Capture
	add := func(r *warc.Record, k Capture) {
		recs = append(recs, r)
		kinds = append(kinds, k)
	}
	var lastResp string
	for i, t := range trips {
		// The page's answer may repeat one written before.
		resp, reqRec := c.tripRecords(t, revisit, i == len(trips)-1 && revisit == nil)
		add(reqRec, Capture{})
		if resp != nil {
			kind := CaptureResponse
			if resp.Type() == warc.TypeRevisit {
				kind = CaptureRevisit
			}
			add(resp, Capture{Kind: kind, PayloadDigest: resp.Header.Get("WARC-Payload-Digest"), Status: t.status})
			lastResp = resp.ID()
		} else if t.err != nil {
			add(errorRecord(t.url, t.started, t.err), Capture{Kind: CaptureError})
		}
	}
	// The page's response is the last trip's, unless it ended without an answer.
	respID := ""
	if p.Status != 0 && len(trips) > 0 && trips[len(trips)-1].status != 0 {
		respID = lastResp
	}
	if revisit != nil {
		respID = revisit.RecordID
	}
	meta := fetchRecord(p, respID, revisit != nil)
	add(meta, Capture{Kind: CaptureFetch, Status: p.Status})
	c.write(ctx, recs, kinds, p.FetchedAt)
}

// recordTrips writes the evidence of round trips made outside a Fetch (robots.txt, the
// archive's API): request, response and error records, no fetch record.
func (c *Crawler) recordTrips(ctx context.Context, trips []*trip) {
	if c.cfg.Evidence == nil || len(trips) == 0 {
		return
	}
	var recs []*warc.Record
	var kinds []Capture
	for _, t := range trips {
		resp, req := c.tripRecords(t, nil, false)
		recs, kinds = append(recs, req), append(kinds, Capture{})
		if resp != nil {
			recs = append(recs, resp)
			kinds = append(kinds, Capture{Kind: CaptureResponse, PayloadDigest: resp.Header.Get("WARC-Payload-Digest"), Status: t.status})
		} else if t.err != nil {
			recs, kinds = append(recs, errorRecord(t.url, t.started, t.err)), append(kinds, Capture{Kind: CaptureError})
		}
	}
	c.write(ctx, recs, kinds, trips[0].started)
}

// write writes recs and indexes those with a kind.
func (c *Crawler) write(ctx context.Context, recs []*warc.Record, kinds []Capture, at time.Time) {
	locs, err := c.cfg.Evidence.Write(recs...)
	if err != nil {
		c.log.Error("write evidence", "err", err)
		return
	}
	var caps []Capture
	for i, loc := range locs {
		k := kinds[i]
		if k.Kind == "" {
			continue
		}
		k.URL, k.RecordID = recs[i].TargetURI(), recs[i].ID()
		k.File, k.Offset, k.Length, k.FetchedAt = loc.File, loc.Offset, loc.Length, at
		caps = append(caps, k)
		if k.Kind == CaptureResponse && recs[i].Header.Get("WARC-Truncated") == "" {
			c.payloads.add(k)
		}
	}
	if c.cfg.Index == nil {
		return
	}
	// A cancelled caller must not lose the index of what was written.
	if err := c.cfg.Index.AddCaptures(context.WithoutCancel(ctx), caps); err != nil {
		c.log.Error("index evidence", "err", err)
	}
}

// tripRecords makes the request record of t and its response record (nil without one).
// revisit is the stored response a 304 confirmed. With dedupe, an answer whose URL and
// payload this crawler has written before is written as a revisit record of it: its HTTP
// headers, not its payload again.
func (c *Crawler) tripRecords(t *trip, revisit *Capture, dedupe bool) (resp, req *warc.Record) {
	req = warc.New(warc.TypeRequest, t.url, t.started, warc.ContentTypeHTTPRequest, requestBlock(t))
	if t.status == 0 {
		return nil, req
	}
	var body []byte
	truncated := ""
	if t.body != nil {
		var cut bool
		body, cut = t.body.kept(c.cfg.MaxBodyBytes)
		eof, rerr := t.body.ended()
		switch {
		case cut:
			truncated = "length"
		case eof:
		case rerr != nil && wrapTimeout(rerr) != rerr:
			truncated = "time"
		case rerr != nil || t.err != nil:
			truncated = "unspecified"
		}
	}
	var head bytes.Buffer
	proto := t.proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	fmt.Fprintf(&head, "%s %s\r\n", proto, t.statusTxt)
	h := t.header
	if t.decoded != "" {
		// The payload is kept decoded: the headers must not claim otherwise.
		h = h.Clone()
		h.Del("Content-Encoding")
		h.Del("Content-Length")
	}
	_ = h.Write(&head)
	head.WriteString("\r\n")

	if revisit != nil && t.status == http.StatusNotModified {
		resp = revisitRecord(t, head.Bytes(), warc.ProfileServerNotModified, *revisit)
	} else {
		digest := warc.Digest(body)
		var prev Capture
		dup := false
		if dedupe && truncated == "" && len(body) > 0 {
			prev, dup = c.payloads.written(t.url, digest)
		}
		if dup {
			resp = revisitRecord(t, head.Bytes(), warc.ProfileIdenticalPayload, prev)
		} else {
			resp = warc.New(warc.TypeResponse, t.url, t.started, warc.ContentTypeHTTPResponse, append(head.Bytes(), body...))
			if truncated != "" {
				resp.Header.Add("WARC-Truncated", truncated)
			}
		}
		resp.Header.Add("WARC-Payload-Digest", digest)
		if t.decoded != "" {
			resp.Header.Add("WARC-Provcheck-Decoded", "content-encoding "+t.decoded)
		}
	}
	resp.Header.Add("WARC-Concurrent-To", req.ID())
	req.Header.Add("WARC-Concurrent-To", resp.ID())
	return resp, req
}

// revisitRecord is the revisit record (profile) of t's answer, whose HTTP head is head,
// referring to the stored response prev: headers only, the payload is prev's.
func revisitRecord(t *trip, head []byte, profile string, prev Capture) *warc.Record {
	r := warc.New(warc.TypeRevisit, t.url, t.started, warc.ContentTypeHTTPResponse, head)
	r.Header.Add("WARC-Profile", profile)
	r.Header.Add("WARC-Refers-To", prev.RecordID)
	r.Header.Add("WARC-Refers-To-Target-URI", prev.URL)
	r.Header.Add("WARC-Refers-To-Date", warc.FormatDate(prev.FetchedAt))
	r.Header.Add("WARC-Truncated", "length") // a revisit holds headers only
	return r
}

// requestBlock renders the request as sent. It is rebuilt from the request handed to the
// transport plus what net/http adds (Host, Accept-Encoding), not captured from the socket.
func requestBlock(t *trip) []byte {
	var b bytes.Buffer
	u, err := url.Parse(t.url)
	target, host := t.url, ""
	if err == nil {
		target, host = u.RequestURI(), u.Host
	}
	method := t.method
	if method == "" {
		method = http.MethodGet
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, host)
	_ = t.reqHeader.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

func errorRecord(target string, at time.Time, err error) *warc.Record {
	var f warc.Header
	f.Add(fieldKind, "error")
	f.Add(fieldErrClass, string(classify(wrapTimeout(err))))
	f.Add(fieldError, strconv.Quote(err.Error()))
	return warc.New(warc.TypeMetadata, target, at, warc.ContentTypeFields, warc.Fields(f))
}

// fetchRecord is the metadata record that sums up a fetch: how to rebuild its Page.
func fetchRecord(p *page.Page, respID string, revalidated bool) *warc.Record {
	var f warc.Header
	f.Add(fieldKind, "fetch")
	f.Add(fieldRequestURL, strconv.Quote(p.RequestURL))
	f.Add(fieldFinalURL, strconv.Quote(p.FinalURL))
	f.Add(fieldStatus, strconv.Itoa(p.Status))
	f.Add(fieldFetchedAt, p.FetchedAt.UTC().Format(time.RFC3339Nano))
	f.Add(fieldDuration, strconv.FormatInt(int64(p.Duration), 10))
	for _, h := range p.Redirects {
		f.Add(fieldRedirect, strconv.Itoa(h.Status)+" "+strconv.Quote(h.URL))
	}
	if p.Truncated {
		f.Add(fieldTruncated, "true")
	}
	if p.Retries > 0 {
		f.Add(fieldRetries, strconv.Itoa(p.Retries))
	}
	if p.ErrClass != page.ErrClassNone {
		f.Add(fieldErrClass, string(p.ErrClass))
		f.Add(fieldError, strconv.Quote(p.Err))
	}
	if respID != "" {
		f.Add(fieldResponse, respID)
	}
	if revalidated {
		f.Add(fieldRevalid, "true")
	}
	target := p.RequestURL
	if u, err := url.Parse(strings.TrimSpace(target)); err != nil || !u.IsAbs() {
		target = "urn:provcheck:invalid-url" // WARC-Target-URI must be a URI
	}
	r := warc.New(warc.TypeMetadata, target, p.FetchedAt, warc.ContentTypeFields, warc.Fields(f))
	if respID != "" {
		r.Header.Add("WARC-Refers-To", respID)
	}
	return r
}

// pageFromEvidence rebuilds the Page a fetch metadata record sums up; resolve reads a
// record by its id (the response the page came from).
func pageFromEvidence(meta *warc.Record, resolve func(id string) (*warc.Record, error)) (*page.Page, error) {
	f := warc.ParseFields(meta.Block)
	if f.Get(fieldKind) != "fetch" {
		return nil, fmt.Errorf("%w: not a fetch record", warc.ErrMalformed)
	}
	unq := func(name string) (string, error) {
		v := f.Get(name)
		if v == "" {
			return "", nil
		}
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", fmt.Errorf("%w: %s %q", warc.ErrMalformed, name, v)
		}
		return s, nil
	}
	p := &page.Page{}
	var err error
	if p.RequestURL, err = unq(fieldRequestURL); err != nil {
		return nil, err
	}
	if p.FinalURL, err = unq(fieldFinalURL); err != nil {
		return nil, err
	}
	if p.Err, err = unq(fieldError); err != nil {
		return nil, err
	}
	p.Status, _ = strconv.Atoi(f.Get(fieldStatus))
	p.Retries, _ = strconv.Atoi(f.Get(fieldRetries))
	if p.FetchedAt, err = time.Parse(time.RFC3339Nano, f.Get(fieldFetchedAt)); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", warc.ErrMalformed, fieldFetchedAt, err)
	}
	ns, _ := strconv.ParseInt(f.Get(fieldDuration), 10, 64)
	p.Duration = time.Duration(ns)
	for _, h := range f.Values(fieldRedirect) {
		code, u, _ := strings.Cut(h, " ")
		status, err := strconv.Atoi(code)
		if err != nil {
			return nil, fmt.Errorf("%w: redirect %q", warc.ErrMalformed, h)
		}
		if u, err = strconv.Unquote(u); err != nil {
			return nil, fmt.Errorf("%w: redirect %q", warc.ErrMalformed, h)
		}
		p.Redirects = append(p.Redirects, page.Hop{URL: u, Status: status})
	}
	p.Truncated = f.Get(fieldTruncated) == "true"
	p.ErrClass = page.ErrClass(f.Get(fieldErrClass))
	p.Revalidated = f.Get(fieldRevalid) == "true"
	if id := f.Get(fieldResponse); id != "" {
		r, err := resolve(id)
		if err != nil {
			return nil, fmt.Errorf("response %s: %w", id, err)
		}
		hr, err := warc.ParseResponse(r.Block)
		if err != nil {
			return nil, err
		}
		p.Header, p.Body = hr.Header, hr.Body
		if r.Type() == warc.TypeRevisit && r.Header.Get("WARC-Profile") == warc.ProfileIdenticalPayload {
			// This answer's headers; the payload is in the record it repeats.
			if p.Body, err = identicalPayload(r, resolve); err != nil {
				return nil, fmt.Errorf("response %s: %w", id, err)
			}
		}
		p.ContentType = hr.Header.Get("Content-Type")
		if p.ContentType == "" && len(p.Body) > 0 {
			p.ContentType = http.DetectContentType(p.Body)
		}
	}
	p.Cached = true
	return p, nil
}

// identicalPayload reads the payload an identical-payload-digest revisit record repeats:
// that of the response it refers to, which must have the digest it claims.
func identicalPayload(r *warc.Record, resolve func(id string) (*warc.Record, error)) ([]byte, error) {
	to := r.Header.Get("WARC-Refers-To")
	if to == "" {
		return nil, fmt.Errorf("%w: revisit without WARC-Refers-To", warc.ErrMalformed)
	}
	orig, err := resolve(to)
	if err != nil {
		return nil, fmt.Errorf("the record it repeats, %s: %w", to, err)
	}
	if orig.Type() != warc.TypeResponse {
		return nil, fmt.Errorf("%w: revisit of a %s record", warc.ErrMalformed, orig.Type())
	}
	hr, err := warc.ParseResponse(orig.Block)
	if err != nil {
		return nil, err
	}
	if want := r.Header.Get("WARC-Payload-Digest"); want != warc.Digest(hr.Body) {
		return nil, fmt.Errorf("%w: the record %s repeats has another payload", warc.ErrMalformed, to)
	}
	return hr.Body, nil
}

// recordedError is an error rebuilt from a capture: the text as it was, and the sentinel
// of its class so that errors.Is still works.
type recordedError struct {
	msg string
	err error
}

func (e *recordedError) Error() string { return e.msg }
func (e *recordedError) Unwrap() error { return e.err }

// errorOf returns the error Fetch returns with a rebuilt page, nil for a good one.
func errorOf(p *page.Page) error {
	if p.ErrClass == page.ErrClassNone {
		if p.Status < 200 || p.Status > 299 {
			return fmt.Errorf("fetch %s: %w", p.RequestURL, &StatusError{URL: p.FinalURL, Code: p.Status})
		}
		return nil
	}
	var sentinel error
	switch p.ErrClass {
	case page.ErrClassStatus:
		sentinel = &StatusError{URL: p.FinalURL, Code: p.Status}
	case page.ErrClassTimeout:
		sentinel = ErrTimeout
	case page.ErrClassRedirects:
		sentinel = ErrTooManyRedirects
		if strings.Contains(p.Err, ErrRedirectLoop.Error()) {
			sentinel = ErrRedirectLoop
		}
	case page.ErrClassRobots:
		sentinel = ErrDisallowed
	case page.ErrClassPrivate:
		sentinel = ErrPrivateAddress
	case page.ErrClassUnsupported:
		sentinel = ErrUnsupportedScheme
	case page.ErrClassCanceled:
		sentinel = context.Canceled
	default:
		sentinel = errors.New(string(p.ErrClass))
	}
	return fmt.Errorf("fetch %s: %w", p.RequestURL, &recordedError{msg: p.Err, err: sentinel})
}

// payloadIndex remembers the responses a crawler has written in full, by URL and payload
// digest, so that a page fetched again with the same bytes (the target of a short link
// to a story fetched before, the same story linked twice) is written as a revisit record
// of the first: identical-payload-digest, as web archives deduplicate. It holds the last
// maxPayloads; a page older than that is written again in full.
type payloadIndex struct {
	mu   sync.Mutex
	seen map[string]Capture
}

// maxPayloads bounds a payloadIndex: a few hundred kilobytes of keys.
const maxPayloads = 4096

func payloadKey(url, digest string) string { return url + "\x00" + digest }

func (x *payloadIndex) add(c Capture) {
	if c.PayloadDigest == "" || c.Status < 200 || c.Status > 299 {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.seen == nil || len(x.seen) >= maxPayloads {
		x.seen = make(map[string]Capture)
	}
	x.seen[payloadKey(c.URL, c.PayloadDigest)] = c
}

// written returns the response written before with url and this payload digest.
func (x *payloadIndex) written(url, digest string) (Capture, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	c, ok := x.seen[payloadKey(url, digest)]
	return c, ok
}
