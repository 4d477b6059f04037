package checker

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

// realWeb serves real article pages: the article asked for by URL, and for every other URL
// (a cited original) one of the other pages, chosen by the order of asking, so that an
// article's whole check reads real markup throughout.
type realWeb struct {
	article string
	bodies  [][]byte
	next    int
}

func (w *realWeb) Fetch(_ context.Context, u string) (*page.Page, error) {
	body := w.bodies[0]
	if u != w.article {
		w.next++
		body = w.bodies[1+w.next%(len(w.bodies)-1)]
	}
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: body}, nil
}

func (w *realWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = w.Fetch(ctx, u)
	}
	return out
}

// realPages reads the extraction benchmark's pages from the shared data beside the
// project, sorted by file name; the benchmark skips when they are absent.
func realPages(b *testing.B) [][]byte {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "article-extraction-benchmark", "html", "*.html.gz"))
	if len(files) < 2 {
		b.Skip("article-extraction-benchmark not available")
	}
	sort.Strings(files)
	var out [][]byte
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
		out = append(out, body)
	}
	return out
}

// BenchmarkCheckArticle is one article's whole check on real pages: the article's
// extraction, every cited original's (each a real page of the benchmark), and the rules.
// One op checks ten articles, the first ten pages in turn.
func BenchmarkCheckArticle(b *testing.B) {
	pages := realPages(b)
	e, err := rules.New(rules.Config{})
	if err != nil {
		b.Fatal(err)
	}
	const articles = 10
	originals := 0
	b.ReportAllocs()
	for b.Loop() {
		for i := range articles {
			bodies := append([][]byte{pages[i]}, pages[:i]...)
			bodies = append(bodies, pages[i+1:]...)
			web := &realWeb{article: "https://news.example/a", bodies: bodies}
			res, err := New(web, e, Config{NoArchive: true}).CheckURL(context.Background(), web.article)
			if err != nil {
				b.Fatal(err)
			}
			originals += len(res.Originals)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*articles), "ms/article")
	b.ReportMetric(float64(originals)/float64(b.N*articles), "originals/article")
}
