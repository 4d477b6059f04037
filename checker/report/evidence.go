package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/page"
)

// Evidence is one capture of a URL, rebuilt from its WARC records: a fetch (Page, with the
// response record it points to) or a bare record (a redirect hop, a robots.txt, an error).
type Evidence struct {
	URL      string
	File     string // the WARC file of the capture's record
	Offset   int64
	RecordID string
	// Page is the fetch a metadata record describes; nil for a bare record.
	Page     *page.Page
	Response *Record // the response record of a fetch (nil when none was written)
	Record   *Record // a bare record
}

// Record is a WARC record as the evidence view shows it.
type Record struct {
	File          string
	Offset        int64
	Length        int64 // compressed
	RecordID      string
	PayloadDigest string
	Date          string // WARC-Date
	Type          string // WARC-Type
	Error         []byte // the block of an error record; nil otherwise
	Status        int
	Header        map[string][]string
	Body          []byte
	Truncated     bool
}

// EvidenceOptions chooses what the evidence view shows.
type EvidenceOptions struct {
	Body  bool // print the body when it is text
	Total int  // captures of the URL in all; more than shown adds a note
}

// WriteEvidence writes captures of a URL, newest fetch first.
func WriteEvidence(w io.Writer, caps []Evidence, o EvidenceOptions) error {
	var b strings.Builder
	for n, e := range caps {
		if n > 0 {
			b.WriteString("\n")
		}
		if e.Page != nil {
			writeFetchEvidence(&b, e, o.Body)
		} else {
			writeRecordEvidence(&b, e, o.Body)
		}
	}
	if o.Total > len(caps) {
		fmt.Fprintf(&b, "\n(%d more capture(s); --all shows them)\n", o.Total-len(caps))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write evidence: %w", err)
	}
	return nil
}

func writeFetchEvidence(w *strings.Builder, e Evidence, body bool) {
	p := e.Page
	fmt.Fprintf(w, "URL:        %s\n", p.RequestURL)
	fmt.Fprintf(w, "fetched:    %s (took %s)\n", p.FetchedAt.UTC().Format("2006-01-02 15:04:05.000 MST"), p.Duration.Round(1e6))
	fmt.Fprintf(w, "summary:    %s:%d (%s record %s)\n", e.File, e.Offset, "metadata", e.RecordID)
	for _, h := range p.Redirects {
		fmt.Fprintf(w, "redirect:   %d %s\n", h.Status, h.URL)
	}
	fmt.Fprintf(w, "final URL:  %s\n", p.FinalURL)
	fmt.Fprintf(w, "status:     %d\n", p.Status)
	if p.Retries > 0 {
		fmt.Fprintf(w, "retries:    %d\n", p.Retries)
	}
	if p.Revalidated {
		fmt.Fprintf(w, "revalidated: a 304 confirmed the stored response\n")
	}
	if p.ErrClass != "" {
		fmt.Fprintf(w, "error:      [%s] %s\n", p.ErrClass, p.Err)
	}
	r := e.Response
	if r == nil {
		return
	}
	fmt.Fprintf(w, "response:   %s:%d (%d bytes compressed, payload %s, record %s)\n", r.File, r.Offset, r.Length, r.PayloadDigest, r.RecordID)
	writeHeaders(w, p.Header)
	if body {
		writeBody(w, p.Body, p.Truncated)
	}
}

func writeRecordEvidence(w *strings.Builder, e Evidence, body bool) {
	r := e.Record
	fmt.Fprintf(w, "URL:        %s\n", e.URL)
	fmt.Fprintf(w, "captured:   %s\n", r.Date)
	fmt.Fprintf(w, "record:     %s:%d (%s %s)\n", e.File, e.Offset, r.Type, r.RecordID)
	if r.Error != nil {
		w.Write(r.Error)
		return
	}
	fmt.Fprintf(w, "status:     %d\n", r.Status)
	writeHeaders(w, r.Header)
	if body {
		writeBody(w, r.Body, r.Truncated)
	}
}

func writeHeaders(w *strings.Builder, h map[string][]string) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "headers:")
	for _, k := range keys {
		for _, v := range h[k] {
			fmt.Fprintf(w, "  %s: %s\n", k, v)
		}
	}
}

// writeBody writes the body as captured when it is text, and only its size otherwise:
// a terminal is no place for binary bytes.
func writeBody(w *strings.Builder, b []byte, truncated bool) {
	note := ""
	if truncated {
		note = ", truncated at capture"
	}
	if !utf8.Valid(b) || strings.ContainsRune(string(b), 0) {
		fmt.Fprintf(w, "body:       %d bytes%s, not UTF-8 text: not printed\n", len(b), note)
		return
	}
	fmt.Fprintf(w, "body (%d bytes%s):\n%s\n", len(b), note, b)
}
