package inputs

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httputil"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
	"github.com/provcheck/provcheck/crawler/page"
)

// WARCRecord points at one HTML page in a WARC file.
type WARCRecord struct {
	Offset int64
	URL    string
	Date   time.Time
}

// WARCPages lists the HTML responses (and HTML resource records) of a WARC file, plain or
// gzip per record. Records that cannot be read (truncated, malformed) become Problems;
// reading stops at the first one the reader cannot step over.
func WARCPages(path string) ([]WARCRecord, []Problem, error) {
	r, err := gowarc.NewWarcFileReader(path, 0,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn))
	if err != nil {
		return nil, nil, fmt.Errorf("open warc %s: %w", path, err)
	}
	defer r.Close()
	var out []WARCRecord
	var problems []Problem
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			problems = append(problems, Problem{Where: fmt.Sprintf("%s@%d", path, rec.Offset), Reason: "unreadable record: " + err.Error()})
			break
		}
		if rec.WarcRecord == nil {
			break
		}
		page, err := pageOf(rec.WarcRecord)
		switch {
		case err != nil:
			problems = append(problems, Problem{Where: fmt.Sprintf("%s@%d", path, rec.Offset), Reason: err.Error()})
		case page != nil:
			out = append(out, WARCRecord{Offset: rec.Offset, URL: page.RequestURL, Date: page.FetchedAt})
		}
		rec.Close()
	}
	return out, problems, nil
}

// ReadWARCPage reads the page of the record at offset.
func ReadWARCPage(path string, offset int64) (*page.Page, error) {
	r, err := gowarc.NewWarcFileReader(path, offset,
		gowarc.WithSyntaxErrorPolicy(gowarc.ErrWarn), gowarc.WithSpecViolationPolicy(gowarc.ErrWarn))
	if err != nil {
		return nil, fmt.Errorf("open warc %s: %w", path, err)
	}
	defer r.Close()
	rec, err := r.Next()
	if err != nil {
		return nil, fmt.Errorf("read warc %s@%d: %w", path, offset, err)
	}
	defer rec.Close()
	page, err := pageOf(rec.WarcRecord)
	if err != nil {
		return nil, fmt.Errorf("read warc %s@%d: %w", path, offset, err)
	}
	if page == nil {
		return nil, fmt.Errorf("read warc %s@%d: not an HTML page record", path, offset)
	}
	return page, nil
}

// pageOf returns the page of an HTML response or resource record, nil for other records.
func pageOf(rec gowarc.WarcRecord) (*page.Page, error) {
	h := rec.WarcHeader()
	p := &page.Page{RequestURL: h.Get(gowarc.WarcTargetURI)}
	if d, err := time.Parse(time.RFC3339, h.Get(gowarc.WarcDate)); err == nil {
		p.FetchedAt = d
	}
	p.FinalURL = p.RequestURL
	var body io.Reader
	switch rec.Type() {
	case gowarc.Response:
		blk, ok := rec.Block().(gowarc.HttpResponseBlock)
		if !ok {
			return nil, nil // a DNS or other non-HTTP response
		}
		p.Status = blk.HttpStatusCode()
		if hdr := blk.HttpHeader(); hdr != nil {
			p.Header = hdr.Clone()
			p.ContentType = hdr.Get("Content-Type")
		}
		r, err := blk.PayloadBytes()
		if err != nil {
			return nil, fmt.Errorf("payload: %w", err)
		}
		body = r
	case gowarc.Resource:
		p.Status = http.StatusOK
		p.ContentType = h.Get(gowarc.ContentType)
		r, err := rec.Block().RawBytes()
		if err != nil {
			return nil, fmt.Errorf("block: %w", err)
		}
		body = r
	default:
		return nil, nil
	}
	if !isHTMLType(p.ContentType) {
		return nil, nil
	}
	if p.Status < 200 || p.Status > 299 {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(body, 10<<20))
	if err != nil {
		return nil, fmt.Errorf("payload of %s: %w", p.RequestURL, err)
	}
	if p.Header != nil && strings.EqualFold(p.Header.Get("Transfer-Encoding"), "chunked") && looksChunked(b) {
		if d, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(b))); err == nil {
			b = d
		}
	}
	if p.Header != nil {
		switch strings.ToLower(strings.TrimSpace(p.Header.Get("Content-Encoding"))) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err == nil {
				b, err = io.ReadAll(io.LimitReader(zr, 10<<20))
			}
			if err != nil {
				return nil, fmt.Errorf("truncated or corrupt gzip payload: %w", err)
			}
		case "deflate":
			b2, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(b)), 10<<20))
			if err != nil {
				return nil, fmt.Errorf("truncated or corrupt deflate payload: %w", err)
			}
			b = b2
		}
	}
	p.Body = b
	return p, nil
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
