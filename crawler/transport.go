package crawler

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// trip is one request the transport sent: the URL asked and what came back.
type trip struct {
	url       string
	method    string
	reqHeader http.Header // as handed to the transport, plus what it adds (Host, Accept-Encoding)
	started   time.Time
	proto     string // "HTTP/1.1"
	statusTxt string // "200 OK"
	status    int    // 0 when no response
	header    http.Header
	body      *capture
	decoded   string // "gzip" when the body was gunzipped before we kept it
	err       error
}

// fetchTransport wraps the Crawler's shared transport for one fetch. It records every
// round trip (so the redirect chain is known with each hop's status, which colly does not
// expose), takes a per-host slot for each request, and captures the raw response body.
type fetchTransport struct {
	base   http.RoundTripper
	limits *hostLimiter
	keep   int64 // body bytes kept per response; MaxBodyBytes+1 so truncation shows

	// conditional headers (If-None-Match, If-Modified-Since) for requests of one URL
	conditional http.Header
	// drain: the client is colly, whose copy of a body nobody reads; each body is read
	// into its capture as it arrives (capture.drain) and colly is left none of it.
	drain bool

	mu    sync.Mutex
	first *heldSlot // slot taken before the fetch started, used by its first request
	trips []*trip
}

// heldSlot is a per-host slot acquired before the client's timeout clock starts, so that
// waiting in line for a busy host does not count against Config.Timeout.
type heldSlot struct {
	host    string
	release func()
}

func (t *fetchTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tr := &trip{url: urlWithoutFragment(req.URL), method: req.Method, started: time.Now(), reqHeader: req.Header.Clone()}
	if tr.reqHeader == nil {
		tr.reqHeader = http.Header{}
	}
	// The conditional headers go on the first request only: a redirected answer is never
	// taken for the stored one. (Matching by URL would miss, since colly rewrites URLs.)
	t.mu.Lock()
	firstRequest := len(t.trips) == 0
	t.mu.Unlock()
	if t.conditional != nil && firstRequest {
		req = req.Clone(req.Context())
		for k, v := range t.conditional {
			req.Header[k] = v
			tr.reqHeader[k] = v
		}
	}
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" && req.Method != http.MethodHead {
		tr.reqHeader.Set("Accept-Encoding", "gzip") // what net/http adds and then undoes
	}
	t.mu.Lock()
	t.trips = append(t.trips, tr)
	held := t.first
	t.first = nil
	t.mu.Unlock()

	host := strings.ToLower(req.URL.Host)
	var release func()
	if held != nil && held.host == host {
		release = held.release
	} else {
		if held != nil {
			held.release()
		}
		r, err := t.limits.acquire(req.Context(), host)
		if err != nil {
			tr.err = err
			return nil, err
		}
		release = r
	}

	resp, err := t.base.RoundTrip(req)
	if err != nil {
		release()
		tr.err = err
		return nil, err
	}
	tr.status = resp.StatusCode
	tr.proto = resp.Proto
	tr.statusTxt = resp.Status
	tr.header = resp.Header
	if resp.Uncompressed {
		tr.decoded = "gzip" // net/http asked for gzip and decoded it itself
	}
	if isRedirect(resp.StatusCode) {
		// The client reads at most 2 KiB of a redirect body and may call our redirect
		// handler (which can fetch robots.txt of the next host) before closing it: free
		// the slot now so a chain never holds two slots at once.
		release()
	}
	if wouldCollyGunzip(req, resp) {
		// colly gunzips such bodies itself, but after applying MaxBodySize to the
		// compressed bytes, so a small gzip bomb would inflate without limit. Decode here
		// instead, under our cap, and tell colly the body is already plain.
		resp.Body = &gunzipBody{rc: resp.Body}
		resp.Uncompressed = true
		// As net/http does when it decodes: the headers describe the bytes we keep.
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		tr.decoded = "gzip"
	}
	c := &capture{rc: resp.Body, keep: t.keep, release: release}
	resp.Body = c
	tr.body = c
	if t.drain && !isRedirect(resp.StatusCode) && req.Method != http.MethodHead {
		// colly reads every body into a slice of its own that nothing here reads (Page.Body
		// and the evidence come from the capture): read it once, into the capture, and
		// leave colly nothing but how it ended.
		c.drain(resp.ContentLength)
	}
	return resp, nil
}

// recorded returns the trips so far.
func (t *fetchTransport) recorded() []*trip {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.trips
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// wouldCollyGunzip mirrors the test in colly's httpBackend.Do (v2.3.0).
func wouldCollyGunzip(req *http.Request, resp *http.Response) bool {
	if resp.Uncompressed {
		return false
	}
	ce := strings.ToLower(resp.Header.Get("Content-Encoding"))
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	return strings.Contains(ce, "gzip") ||
		(ce == "" && strings.Contains(ct, "gzip")) ||
		strings.HasSuffix(strings.ToLower(req.URL.Path), ".xml.gz")
}

// capture keeps a copy of the bytes read from a body, up to keep bytes, and reports EOF
// after that. Page.Body comes from here, not from colly's Response.Body, because colly
// transcodes bodies that declare a non-UTF-8 charset; we keep the bytes as served.
type capture struct {
	rc      io.ReadCloser
	keep    int64
	buf     bytes.Buffer
	release func()

	drained bool // drain read the body: Read gives nothing more

	mu  sync.Mutex
	eof bool  // the body was read to its end
	err error // the read error that ended it early, if any
}

// drain reads the body, up to keep bytes, into the capture at once, in a buffer of size
// bytes when the response gives its length (at most presizeBody: a server's length is a
// claim, and an answer that claims gigabytes and sends nothing must not cost a large
// buffer). Read then says only how it ended: io.EOF, or the error that cut it.
func (c *capture) drain(size int64) {
	if size > 0 {
		c.buf.Grow(int(min(size, c.keep, presizeBody)))
	}
	_, err := c.buf.ReadFrom(io.LimitReader(c.rc, c.keep))
	c.mu.Lock()
	switch {
	case err != nil:
		c.err = err
	case int64(c.buf.Len()) < c.keep:
		c.eof = true
	}
	c.mu.Unlock()
	c.drained = true
}

// presizeBody bounds the buffer a body's declared length reserves before it arrives.
const presizeBody = 1 << 20

// kept returns the body as it is kept: at most limit bytes (the capture holds one more, to
// know whether it was cut), and whether it was cut.
func (c *capture) kept(limit int64) (body []byte, truncated bool) {
	body = c.buf.Bytes()
	if int64(len(body)) > limit {
		return body[:limit], true
	}
	return body, false
}

func (c *capture) Read(p []byte) (int, error) {
	if c.drained {
		if _, err := c.ended(); err != nil {
			return 0, err
		}
		return 0, io.EOF
	}
	room := c.keep - int64(c.buf.Len())
	if room <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > room {
		p = p[:room]
	}
	n, err := c.rc.Read(p)
	c.buf.Write(p[:n])
	if err != nil {
		c.mu.Lock()
		if err == io.EOF {
			c.eof = true
		} else if c.err == nil {
			c.err = err
		}
		c.mu.Unlock()
	}
	return n, err
}

// ended reports how reading the body ended: at its end, or with an error.
func (c *capture) ended() (eof bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.eof, c.err
}

func (c *capture) Close() error {
	c.release()
	return c.rc.Close()
}

// gunzipBody decodes a gzip body, or passes it through when it does not start with the
// gzip magic (servers mislabel).
type gunzipBody struct {
	rc io.ReadCloser
	r  io.Reader
}

func (g *gunzipBody) Read(p []byte) (int, error) {
	if g.r == nil {
		br := bufio.NewReader(g.rc)
		if magic, _ := br.Peek(2); isGzip(magic) {
			zr, err := gzip.NewReader(br)
			if err != nil {
				return 0, err
			}
			g.r = zr
		} else {
			g.r = br
		}
	}
	return g.r.Read(p)
}

func (g *gunzipBody) Close() error { return g.rc.Close() }

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }
