package inputs

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// maxPayload bounds the decoded payload of one page read from a WARC file.
const maxPayload = 10 << 20

// WARCRecord points at one HTML page in a WARC file: record Index of what starts at
// Offset (Index is above 0 only when several records share one gzip member).
type WARCRecord struct {
	Offset int64
	Index  int
	URL    string
	Date   time.Time
}

// IsWARC reports whether the file at path holds WARC records, judged by its first bytes
// (a WARC version line, plain or gzip-compressed), whatever its name: a crawl in progress
// writes "*.warc.gz.open" files.
func IsWARC(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	return looksWARC(f)
}

// HasWARCName reports whether a file is named as a WARC file (.warc, .warc.gz, and either
// with .open): such a file is read as WARC even when its bytes are not, so that what is
// wrong with it becomes a failed item with its reason.
func HasWARCName(path string) bool {
	lower := strings.TrimSuffix(strings.ToLower(path), ".open")
	return strings.HasSuffix(lower, ".warc") || strings.HasSuffix(lower, ".warc.gz")
}

func looksWARC(r io.Reader) bool {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false
		}
		br = bufio.NewReader(zr)
	}
	head, _ := br.Peek(64)
	return bytes.HasPrefix(bytes.TrimLeft(head, "\r\n"), []byte("WARC/"))
}

// WARCPages lists the HTML responses (and HTML resource records) of a WARC file:
// uncompressed, one gzip member per record, or records sharing gzip members. A record
// that cannot be read (truncated, malformed) becomes a Problem, and so does a file with no
// HTML page at all; reading stops at the first record the reader cannot step over.
func WARCPages(path string) ([]WARCRecord, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("open warc %s: %w", path, err)
	}
	defer f.Close()
	rd := warc.NewReader(f)
	var out []WARCRecord
	var problems []Problem
	n := 0
	for {
		rec, loc, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, Problem{Where: fmt.Sprintf("%s after record %d", path, n), Reason: "unreadable record: " + err.Error()})
			break
		}
		n++
		p, err := pageOf(rec)
		switch {
		case err != nil:
			problems = append(problems, Problem{Where: where(path, loc), Reason: err.Error()})
		case p != nil:
			out = append(out, WARCRecord{Offset: loc.Offset, Index: loc.Index, URL: p.RequestURL, Date: p.FetchedAt})
		}
	}
	for _, sk := range rd.Skipped() {
		problems = append(problems, Problem{Where: fmt.Sprintf("%s@%d", path, sk.Offset), Reason: fmt.Sprintf("%d bytes between records are not a record (a record's Content-Length too small?); skipped", sk.Length)})
	}
	if len(out) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{Where: path, Reason: fmt.Sprintf("no HTML responses among its %d WARC records", n)})
	}
	return out, problems, nil
}

func where(path string, loc warc.Location) string {
	if loc.Index > 0 {
		return fmt.Sprintf("%s@%d#%d", path, loc.Offset, loc.Index)
	}
	return fmt.Sprintf("%s@%d", path, loc.Offset)
}

// ReadWARCPage reads the page of record index at offset (see [WARCRecord]).
func ReadWARCPage(path string, offset int64, index int) (*page.Page, error) {
	rec, err := warc.ReadLocation(warc.Location{File: path, Offset: offset, Index: index})
	return warcPage(path, offset, index, rec, err)
}

// maxOpenWARCs bounds the cursors a [WARCFiles] keeps, so that an audit of thousands of
// WARC files does not hold thousands of files open.
const maxOpenWARCs = 32

// WARCFiles reads the pages of an audit's WARC files, keeping a [warc.Cursor] per file
// (for the last files read, up to maxOpenWARCs), so that the pages of a file whose
// records share one gzip member cost one pass over it, not one pass per page. It is safe
// for concurrent use; the zero value is ready.
type WARCFiles struct {
	mu    sync.Mutex
	open  map[string]*warc.Cursor
	order []string // the paths of open, oldest first
}

// Page reads the page of record index at offset of the file at path, as [ReadWARCPage].
func (w *WARCFiles) Page(path string, offset int64, index int) (*page.Page, error) {
	w.mu.Lock()
	c := w.open[path]
	if c == nil {
		if w.open == nil {
			w.open = map[string]*warc.Cursor{}
		}
		if len(w.order) == maxOpenWARCs {
			_ = w.open[w.order[0]].Close() // a reader still using it opens it again
			delete(w.open, w.order[0])
			w.order = w.order[1:]
		}
		c = warc.NewCursor(path)
		w.open[path] = c
		w.order = append(w.order, path)
	}
	w.mu.Unlock()
	rec, err := c.Read(offset, index)
	return warcPage(path, offset, index, rec, err)
}

// Close closes every file the reader opened.
func (w *WARCFiles) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var errs []error
	for _, c := range w.open {
		errs = append(errs, c.Close())
	}
	w.open, w.order = nil, nil
	return errors.Join(errs...)
}

func warcPage(path string, offset int64, index int, rec *warc.Record, err error) (*page.Page, error) {
	loc := warc.Location{File: path, Offset: offset, Index: index}
	if err != nil {
		return nil, fmt.Errorf("read warc: %w", err)
	}
	p, err := pageOf(rec)
	if err != nil {
		return nil, fmt.Errorf("read warc %s: %w", where(path, loc), err)
	}
	if p == nil {
		return nil, fmt.Errorf("read warc %s: not an HTML page record", where(path, loc))
	}
	return p, nil
}

// pageOf returns the page of an HTML response or resource record with a 2xx status, nil
// for other records. The payload is decoded once: de-chunked when it is chunked, then
// uncompressed by its Content-Encoding.
func pageOf(rec *warc.Record) (*page.Page, error) {
	p := &page.Page{RequestURL: rec.TargetURI(), FetchedAt: rec.Date()}
	p.FinalURL = p.RequestURL
	var body []byte
	switch rec.Type() {
	case warc.TypeResponse:
		if !strings.HasPrefix(strings.ToLower(rec.Header.Get("Content-Type")), "application/http") && !bytes.HasPrefix(rec.Block, []byte("HTTP/")) {
			return nil, nil // a DNS or other non-HTTP response
		}
		hr, err := warc.ParseResponse(rec.Block)
		if err != nil {
			return nil, fmt.Errorf("response %s: %w", p.RequestURL, err)
		}
		p.Status, p.Header, p.ContentType = hr.Status, hr.Header, hr.Header.Get("Content-Type")
		body = hr.Body
	case "resource":
		p.Status = http.StatusOK
		p.ContentType = rec.Header.Get("Content-Type")
		body = rec.Block
	default:
		return nil, nil
	}
	if !isHTMLType(p.ContentType) || p.Status < 200 || p.Status > 299 {
		return nil, nil
	}
	b, err := decodePayload(p.Header, body)
	if err != nil {
		return nil, fmt.Errorf("payload of %s: %w", p.RequestURL, err)
	}
	p.Body = b
	return p, nil
}

// decodePayload undoes the transfer and content encodings named in h (nil for a
// resource record), keeping at most maxPayload bytes.
func decodePayload(h http.Header, b []byte) ([]byte, error) {
	if h == nil {
		return b[:min(len(b), maxPayload)], nil
	}
	if strings.EqualFold(h.Get("Transfer-Encoding"), "chunked") && looksChunked(b) {
		// Writers disagree on whether a WARC keeps the chunking; a body that does not
		// parse as chunks is taken as already de-chunked.
		if d, err := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(b)), maxPayload)); err == nil {
			b = d
		}
	}
	var zr io.Reader
	switch enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))); enc {
	case "gzip", "x-gzip":
		gz, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("truncated or corrupt gzip payload: %w", err)
		}
		zr = gz
	case "deflate":
		zr = flate.NewReader(bytes.NewReader(b))
	default:
		return b[:min(len(b), maxPayload)], nil
	}
	d, err := io.ReadAll(io.LimitReader(zr, maxPayload))
	if err != nil {
		return nil, fmt.Errorf("truncated or corrupt compressed payload: %w", err)
	}
	return d, nil
}

func isHTMLType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(strings.Split(ct, ";")[0]))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// looksChunked reports whether a body starts with a chunk-size line.
func looksChunked(b []byte) bool {
	i := bytes.Index(b, []byte("\r\n"))
	if i <= 0 || i > 10 {
		return false
	}
	for _, c := range b[:i] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", rune(c)) {
			return false
		}
	}
	return true
}

// ParseWARCInput reads what [WARCInput] wrote.
func ParseWARCInput(s string) (path string, offset int64, index int, err error) {
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
