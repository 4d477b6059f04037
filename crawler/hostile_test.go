package crawler_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

func gz(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestHostileBodies serves what a hostile or broken site may serve. Each fetch must end
// quickly, within its caps, and the page must not crash the extractor.
func TestHostileBodies(t *testing.T) {
	bomb := gz(t, make([]byte, 10<<20)) // 10 MiB of zeros, ~10 KiB on the wire
	pdf := []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	binary := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 500)...)
	mux := http.NewServeMux()
	mux.HandleFunc("/bomb-encoding", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb)
	})
	mux.HandleFunc("/bomb.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/huge-header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Huge", strings.Repeat("a", 1<<20))
		fmt.Fprint(w, "<p>never read</p>")
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(binary)
	})
	mux.HandleFunc("/invalid", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body><div><p>Unclosed <b>bold <i>and <table><tr><td>cell</p></div></span></html></html><<<>>>&bogus;"+
			strings.Repeat("<div>", 5000)+"<p>deep text that goes on and on for a while</p>")
	})
	mux.HandleFunc("/doc.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(pdf)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	const maxBody = 1 << 20
	c := crawler.New(crawler.Config{AllowPrivate: true, IgnoreRobots: true, Timeout: 5 * time.Second, MaxBodyBytes: maxBody})

	tests := []struct {
		path          string
		wantErrClass  page.ErrClass
		wantTruncated bool
		wantParse     error // errors.Is target of extract.Parse; nil: anything but a crash
	}{
		{path: "/bomb-encoding", wantTruncated: true},
		{path: "/bomb.gz", wantTruncated: true, wantParse: extract.ErrNotHTML},
		{path: "/huge-header", wantErrClass: page.ErrClassOther},
		{path: "/binary", wantParse: extract.ErrNotHTML},
		{path: "/invalid"},
		{path: "/doc.pdf", wantParse: extract.ErrNotHTML},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			start := time.Now()
			p, err := c.Fetch(t.Context(), srv.URL+tc.path)
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("fetch took %v", d)
			}
			if p.ErrClass != tc.wantErrClass {
				t.Fatalf("page.ErrClass = %q (err %v), want %q", p.ErrClass, err, tc.wantErrClass)
			}
			if len(p.Body) > maxBody || p.Truncated != tc.wantTruncated {
				t.Errorf("len(Body) = %d, Truncated = %v; want <= %d, %v", len(p.Body), p.Truncated, maxBody, tc.wantTruncated)
			}
			if !p.OK() {
				return
			}
			_, perr := extract.Parse(p)
			if tc.wantParse != nil && !errors.Is(perr, tc.wantParse) {
				t.Errorf("extract.Parse err = %v, want %v", perr, tc.wantParse)
			}
		})
	}
}

// TestCharsets serves one article in legacy encodings, with the charset in the header,
// only in a <meta charset>, or nowhere. The crawler keeps the bytes as served; the
// extractor decodes them (x/net/html/charset) to UTF-8.
//
// Without any hint the HTML5 sniffing rule applies: UTF-8 if the bytes are valid UTF-8,
// else windows-1252. So ISO-8859-1 still reads right (windows-1252 is a superset for
// letters), and Cyrillic, Japanese and Chinese pages come out as mojibake: an unlabelled
// legacy page is not guessed at (x/net/html/charset does no statistical detection).
func TestCharsets(t *testing.T) {
	tests := []struct {
		name, charset string
		enc           encoding.Encoding
		text          string
		sniffs        bool // decoded right without any hint
	}{
		{"windows-1251", "windows-1251", charmap.Windows1251, "Министр иностранных дел заявил о многополярном мире", false},
		{"Shift_JIS", "Shift_JIS", japanese.ShiftJIS, "外務大臣は多極的な世界秩序について述べた", false},
		{"GBK", "GBK", simplifiedchinese.GBK, "外交部长谈到了多极化的世界秩序", false},
		{"ISO-8859-1", "ISO-8859-1", charmap.ISO8859_1, "Le ministre a évoqué un ordre mondial multipolaire, juste et démocratique", true},
	}
	for _, tc := range tests {
		for _, mode := range []string{"header", "meta", "none"} {
			t.Run(tc.name+"/"+mode, func(t *testing.T) {
				meta := ""
				if mode == "meta" {
					meta = `<meta charset="` + tc.charset + `">`
				}
				para := "<p>" + strings.Repeat(tc.text+". ", 6) + "</p>"
				html := "<!doctype html><html><head>" + meta + "<title>" + tc.text + "</title></head><body><article>" +
					strings.Repeat(para, 4) + "</article></body></html>"
				body, err := tc.enc.NewEncoder().Bytes([]byte(html))
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					ct := "text/html"
					if mode == "header" {
						ct += "; charset=" + tc.charset
					}
					w.Header().Set("Content-Type", ct)
					w.Write(body)
				}))
				defer srv.Close()
				p, err := crawler.New(crawler.Config{AllowPrivate: true, IgnoreRobots: true}).Fetch(t.Context(), srv.URL+"/a")
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(p.Body, body) {
					t.Errorf("Body is not the bytes as served")
				}
				a, err := extract.Parse(p)
				if err != nil {
					t.Fatalf("extract.Parse: %v", err)
				}
				got := strings.Contains(a.Text, tc.text)
				want := mode != "none" || tc.sniffs
				if got != want {
					t.Errorf("text decoded right = %v, want %v; text %.80q", got, want, a.Text)
				}
			})
		}
	}
}
