package extract

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
	"golang.org/x/net/html"
)

// BenchmarkParse measures extraction, the CPU bill of an audit: the demo article, and the
// extraction benchmark's real pages when the shared data sets are beside the project (one
// op parses all of them). For the real pages it reports, per page: ms/page, the mean wall
// time; median-ms/page, the median page's wall time in the last op; and cpu-ms/page and
// median-cpu-ms/page, the same in CPU time of the whole process (the garbage collector's
// share included), which a machine busy with other work inflates less than wall time.
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
	b.Run("real-pages", func(b *testing.B) { benchRealPages(b, Options{}) })
	// The same parsing each page as it came, not its lean copy: what the copy saves.
	b.Run("real-pages-whole", func(b *testing.B) { benchRealPages(b, Options{whole: true}) })
	// The floor under any extractor that reads the page with golang.org/x/net/html: the
	// parse alone, measured the same way.
	b.Run("real-pages-html-parse-only", func(b *testing.B) {
		pages := loadBench(b)
		times := make([]time.Duration, len(pages))
		cpu := make([]time.Duration, len(pages))
		cpuOK := true
		for b.Loop() {
			for i, pg := range pages {
				start := time.Now()
				c0, ok0 := processCPU()
				if _, err := html.Parse(Decode(pg.html, "text/html")); err != nil {
					b.Fatal(err)
				}
				c1, ok1 := processCPU()
				times[i], cpu[i] = time.Since(start), c1-c0
				cpuOK = cpuOK && ok0 && ok1
			}
		}
		b.ReportMetric(medianMS(times), "median-ms/page")
		if cpuOK {
			b.ReportMetric(medianMS(cpu), "median-cpu-ms/page")
		}
	})
}

// benchRealPages parses the extraction benchmark's pages with o, one op for all of them.
func benchRealPages(b *testing.B, o Options) {
	pages := loadBench(b)
	var size int64
	for _, pg := range pages {
		size += int64(len(pg.html))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	times := make([]time.Duration, len(pages))
	cpu := make([]time.Duration, len(pages))
	var cpuTotal time.Duration
	cpuOK := true
	for b.Loop() {
		for i, pg := range pages {
			start := time.Now()
			c0, ok0 := processCPU()
			_, _ = pg.parseWith(o) // a page without main text counts as parsed
			c1, ok1 := processCPU()
			times[i] = time.Since(start)
			cpu[i] = c1 - c0
			cpuTotal += cpu[i]
			cpuOK = cpuOK && ok0 && ok1
		}
	}
	n := float64(b.N * len(pages))
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/n, "ms/page")
	b.ReportMetric(medianMS(times), "median-ms/page")
	if cpuOK {
		b.ReportMetric(float64(cpuTotal.Microseconds())/1000/n, "cpu-ms/page")
		b.ReportMetric(medianMS(cpu), "median-cpu-ms/page")
	}
}

// medianMS is the median of ds in milliseconds; it sorts ds.
func medianMS(ds []time.Duration) float64 {
	slices.Sort(ds)
	return float64(ds[len(ds)/2].Microseconds()) / 1000
}
