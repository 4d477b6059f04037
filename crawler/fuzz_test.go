package crawler

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// FuzzReadWARC feeds arbitrary bytes to the WARC reader and to Replay, which must never
// panic, and must replay every fetch it indexed without panicking either.
func FuzzReadWARC(f *testing.F) {
	f.Add([]byte("WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: 0\r\n\r\n\r\n\r\n"))
	f.Add([]byte("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Length: 19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n"))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("WARC/1.1\r\nWARC-Type: metadata\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"))
	zw.Close()
	f.Add(z.Bytes())
	// Real evidence: a fetch metadata record and its response.
	p := &page.Page{RequestURL: "http://x.test/a", FinalURL: "http://x.test/b", Status: 200, Redirects: []page.Hop{{URL: "http://x.test/a", Status: 301}}}
	resp := warc.New(warc.TypeResponse, "http://x.test/b", p.FetchedAt, warc.ContentTypeHTTPResponse, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>hi</p>"))
	var plain bytes.Buffer
	for _, r := range []*warc.Record{resp, fetchRecord(p, resp.ID(), false)} {
		plain.WriteString("WARC/1.1\r\n")
		plain.Write(warc.Fields(r.Header))
		plain.WriteString("Content-Length: " + strconv.Itoa(len(r.Block)) + "\r\n\r\n")
		plain.Write(r.Block)
		plain.WriteString("\r\n\r\n")
	}
	f.Add(plain.Bytes())

	f.Fuzz(func(t *testing.T, b []byte) {
		rd := warc.NewReader(bytes.NewReader(b))
		for range 1000 {
			rec, loc, err := rd.Next()
			if err != nil {
				break
			}
			if loc.Offset < 0 || loc.Length <= 0 || loc.Offset+loc.Length > int64(len(b)) {
				t.Fatalf("record at %d+%d outside %d bytes", loc.Offset, loc.Length, len(b))
			}
			_, _ = warc.ParseResponse(rec.Block)
		}
		r, err := NewReplayBytes("fuzz.warc", b)
		if err != nil {
			return
		}
		for _, u := range r.URLs() {
			p, _ := r.Fetch(t.Context(), u)
			if p == nil {
				t.Fatalf("Replay.Fetch(%q) returned a nil page", u)
			}
		}
	})
}
