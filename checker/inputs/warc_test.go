package inputs

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// warcioFixtures returns the folders of WARC files written by warcio.js: the committed
// ones, and, when node and WARCIO_DIR (the npm package's folder) are there, a fresh set
// written now.
func warcioFixtures(t *testing.T) []string {
	dirs := []string{filepath.Join("testdata", "warcio")}
	node, err := exec.LookPath("node")
	pkg := os.Getenv("WARCIO_DIR")
	if err != nil || pkg == "" {
		t.Log("node or WARCIO_DIR missing: reading the committed warcio fixtures only")
		return dirs
	}
	out := t.TempDir()
	if b, err := exec.Command(node, filepath.Join("testdata", "warcio-write.cjs"), pkg, out).CombinedOutput(); err != nil {
		t.Fatalf("warcio-write: %v\n%s", err, b)
	}
	return append(dirs, out)
}

// TestWARCWrittenThreeWays reads WARC files that warcio.js wrote one gzip member per
// record, as one gzip stream, and uncompressed: every HTML response is found in each, with
// its body, and a bracketed target URI is unwrapped.
func TestWARCWrittenThreeWays(t *testing.T) {
	for _, dir := range warcioFixtures(t) {
		b, err := os.ReadFile(filepath.Join(dir, "pages.json"))
		if err != nil {
			t.Fatal(err)
		}
		var want []struct{ URL, Text string }
		if err := json.Unmarshal(b, &want); err != nil {
			t.Fatal(err)
		}
		if len(want) < 5 {
			t.Fatalf("%s/pages.json lists %d pages", dir, len(want))
		}
		for _, name := range []string{"per-record.warc.gz", "one-stream.warc.gz", "plain.warc"} {
			t.Run(filepath.Base(dir)+"/"+name, func(t *testing.T) {
				path := filepath.Join(dir, name)
				if !IsWARC(path) {
					t.Fatalf("IsWARC(%s) = false", path)
				}
				recs, problems, err := WARCPages(path)
				if err != nil {
					t.Fatal(err)
				}
				if len(problems) > 0 {
					t.Errorf("problems: %v", problems)
				}
				var got []string
				for _, r := range recs {
					got = append(got, r.URL)
				}
				var wantURLs []string
				for _, w := range want {
					wantURLs = append(wantURLs, w.URL)
				}
				if !slices.Equal(got, wantURLs) {
					t.Fatalf("WARCPages URLs = %q, want %q", got, wantURLs)
				}
				var files WARCFiles
				defer files.Close()
				for i, r := range recs {
					p, err := ReadWARCPage(path, r.Offset, r.Index)
					if err != nil {
						t.Fatalf("ReadWARCPage(%d, %d): %v", r.Offset, r.Index, err)
					}
					if p.RequestURL != want[i].URL || !strings.Contains(string(p.Body), want[i].Text) {
						t.Errorf("page %d: url %q, body %.120q; want %q with %q", i, p.RequestURL, p.Body, want[i].URL, want[i].Text)
					}
					if p.FetchedAt.IsZero() {
						t.Errorf("page %d: no date", i)
					}
					// Through the cursor, the same page (in order, then the first again).
					for _, j := range []int{i, 0} {
						q, err := files.Page(path, recs[j].Offset, recs[j].Index)
						if err != nil {
							t.Fatalf("WARCFiles.Page(%d, %d): %v", recs[j].Offset, recs[j].Index, err)
						}
						if q.RequestURL != want[j].URL || !strings.Contains(string(q.Body), want[j].Text) {
							t.Errorf("WARCFiles.Page %d: url %q, want %q with %q", j, q.RequestURL, want[j].URL, want[j].Text)
						}
					}
				}
			})
		}
	}
}

// TestIsWARCByContent recognises WARC files by their bytes, not their names.
func TestIsWARCByContent(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "warcio", "per-record.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := os.ReadFile(filepath.Join("testdata", "warcio", "plain.warc"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"crawl-00001.warc.gz.open": src,   // a crawl in progress
		"capture.dat":              plain, // any name
		"not-really.warc":          []byte("<html>hello</html>"),
		"empty.warc.gz":            nil,
		"page.html":                []byte("<html>hi</html>"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		want bool
	}{
		{"crawl-00001.warc.gz.open", true},
		{"capture.dat", true},
		{"not-really.warc", false},
		{"empty.warc.gz", false},
		{"page.html", false},
		{"missing.warc", false},
	}
	for _, tc := range tests {
		if got := IsWARC(filepath.Join(dir, tc.name)); got != tc.want {
			t.Errorf("IsWARC(%s) = %v, want %v", tc.name, got, tc.want)
		}
	}
	listed, _, err := Folder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range listed {
		names = append(names, filepath.Base(p))
	}
	// Files named as WARC are listed too, so that what is wrong with them is reported.
	if want := []string{"capture.dat", "crawl-00001.warc.gz.open", "empty.warc.gz", "not-really.warc", "page.html"}; !slices.Equal(names, want) {
		t.Errorf("Folder = %q, want %q", names, want)
	}
}

// TestWARCWithoutHTML says that a WARC file holds no HTML page, rather than nothing.
func TestWARCWithoutHTML(t *testing.T) {
	plain, err := os.ReadFile(filepath.Join("testdata", "warcio", "plain.warc"))
	if err != nil {
		t.Fatal(err)
	}
	// The warcinfo record and the first request, cut at the second record's start.
	i := strings.Index(string(plain), "WARC/1.0\r\nWARC-Target-URI: http://news.example/a\r\nWARC-Date: 2024-03-01T10:00:00Z\r\nWARC-Type: response")
	if i < 0 {
		t.Fatal("fixture changed: no response record for /a")
	}
	path := filepath.Join(t.TempDir(), "requests-only.warc")
	if err := os.WriteFile(path, plain[:i], 0o644); err != nil {
		t.Fatal(err)
	}
	recs, problems, err := WARCPages(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 0 || len(problems) != 1 || !strings.Contains(problems[0].Reason, "no HTML responses among its 2 WARC records") {
		t.Errorf("WARCPages = %v, %v; want one problem saying there is no HTML response", recs, problems)
	}
}

// oneStreamWARC writes a WARC file of n HTML responses (after a warcinfo record) as one
// gzip stream, as some crawlers write a whole file, and returns its path.
func oneStreamWARC(tb testing.TB, n int) string {
	tb.Helper()
	var file bytes.Buffer
	zw := gzip.NewWriter(&file)
	id := 0
	record := func(typ, uri, contentType, block string) {
		id++
		fmt.Fprintf(zw, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-03-01T10:00:00Z\r\n"+
			"WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			typ, uri, id, contentType, len(block), block)
	}
	record("warcinfo", "", "application/warc-fields", "software: test\r\n")
	for i := range n {
		html := fmt.Sprintf("<html><head><title>Page %d</title></head><body><article><p>Text of page %d.</p>%s</article></body></html>",
			i, i, strings.Repeat("<p>Filler paragraph of running text, long enough to look like an article.</p>", 40))
		record("response", fmt.Sprintf("https://news.example/p%d", i), "application/http; msgtype=response",
			fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(html), html))
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "one-stream.warc.gz")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// TestWARCFilesOneStream reads every page of a one-stream WARC through [WARCFiles] in
// order, backwards and shuffled (further back than the cursor keeps, so it rewinds):
// each is the page [ReadWARCPage] reads.
func TestWARCFilesOneStream(t *testing.T) {
	const n = 60
	path := oneStreamWARC(t, n)
	recs, problems, err := WARCPages(path)
	if err != nil || len(problems) > 0 || len(recs) != n {
		t.Fatalf("WARCPages = %d records, %v, %v; want %d, none, nil", len(recs), problems, err, n)
	}
	var files WARCFiles
	defer files.Close()
	order := make([]int, 0, 3*n)
	for i := range n {
		order = append(order, i)
	}
	for i := n - 1; i >= 0; i-- {
		order = append(order, i)
	}
	for i := range n {
		order = append(order, (i*37)%n)
	}
	for _, i := range order {
		r := recs[i]
		got, err := files.Page(path, r.Offset, r.Index)
		if err != nil {
			t.Fatalf("WARCFiles.Page(%d, %d): %v", r.Offset, r.Index, err)
		}
		want, err := ReadWARCPage(path, r.Offset, r.Index)
		if err != nil {
			t.Fatal(err)
		}
		if got.RequestURL != fmt.Sprintf("https://news.example/p%d", i) || !bytes.Equal(got.Body, want.Body) {
			t.Fatalf("WARCFiles.Page(%d, %d) = %s, want %s with its body", r.Offset, r.Index, got.RequestURL, want.RequestURL)
		}
	}
}

// BenchmarkWARCOneStream reads every page of a WARC whose records share one gzip member,
// one ReadWARCPage per page (each decompresses the member from its start) and through
// one WARCFiles (one pass), as an audit of its items in order does.
func BenchmarkWARCOneStream(b *testing.B) {
	for _, n := range []int{50, 200} {
		path := oneStreamWARC(b, n)
		recs, _, err := WARCPages(path)
		if err != nil || len(recs) != n {
			b.Fatalf("WARCPages = %d records, %v; want %d", len(recs), err, n)
		}
		b.Run(fmt.Sprintf("pages=%d/ReadWARCPage", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, r := range recs {
					if _, err := ReadWARCPage(path, r.Offset, r.Index); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("pages=%d/WARCFiles", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var files WARCFiles
				for _, r := range recs {
					if _, err := files.Page(path, r.Offset, r.Index); err != nil {
						b.Fatal(err)
					}
				}
				_ = files.Close()
			}
		})
	}
}
