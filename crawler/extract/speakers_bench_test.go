package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkAttribution measures finding attributions and quotes with their speakers (the
// work after main-text extraction) on the real pages of the extraction benchmark: all of
// them, parsed once, per iteration.
func BenchmarkAttribution(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(benchDir, "html", "*.html.gz"))
	if len(files) == 0 {
		b.Skip("article-extraction-benchmark not available")
	}
	var arts []*Article
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		if a, err := (benchPage{url: "https://news.example/a", html: body}).parse(); err == nil {
			arts = append(arts, a)
		}
	}
	b.Run("attributions", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, a := range arts {
				a.Attributions = findAttributions(a)
			}
		}
	})
	b.Run("quotes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, a := range arts {
				a.Quotes = findQuotes(a)
			}
		}
	})
}
