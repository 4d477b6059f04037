package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

// BenchmarkParse measures extraction, the CPU bill of an audit: the demo article and, when
// the shared data sets are beside the project, the first real pages of the extraction
// benchmark.
func BenchmarkParse(b *testing.B) {
	pages := map[string][]byte{}
	demo, err := os.ReadFile(filepath.Join("..", "..", "checker", "demo", "site", "worldnews.example", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	pages["demo"] = demo
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "data", "article-extraction-benchmark", "html", "*.html.gz"))
	sort.Strings(files)
	for _, f := range files[:min(len(files), 3)] {
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
		pages[filepath.Base(f)[:12]] = body
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		body := pages[name]
		b.Run(name, func(b *testing.B) {
			p := &page.Page{RequestURL: "https://news.example/a", FinalURL: "https://news.example/a", Status: 200, ContentType: "text/html", Body: body}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
