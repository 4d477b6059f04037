package extract

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// BenchmarkParse measures extraction, the CPU bill of an audit: the demo article, and the
// extraction benchmark's real pages when the shared data sets are beside the project (one
// op parses all of them; ms/page is the mean, median-ms/page the median page of the last
// op).
func BenchmarkParse(b *testing.B) {
	demo, err := os.ReadFile(filepath.Join("..", "..", "checker", "demo", "site", "worldnews.example", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("demo", func(b *testing.B) {
		p := &page.Page{RequestURL: "https://news.example/a", FinalURL: "https://news.example/a", Status: 200, ContentType: "text/html", Body: demo}
		b.SetBytes(int64(len(demo)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("real-pages", func(b *testing.B) {
		pages := loadBench(b)
		var size int64
		for _, pg := range pages {
			size += int64(len(pg.html))
		}
		b.SetBytes(size)
		b.ReportAllocs()
		times := make([]time.Duration, len(pages))
		for b.Loop() {
			for i, pg := range pages {
				start := time.Now()
				_, _ = pg.parse() // a page without main text counts as parsed
				times[i] = time.Since(start)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(pages)), "ms/page")
		slices.Sort(times)
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms/page")
	})
}
