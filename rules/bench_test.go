package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

// BenchmarkEvaluate runs every rule on the demo article against its originals, read from
// the demo web's pages.
func BenchmarkEvaluate(b *testing.B) {
	read := func(host, file, url string) (*page.Page, *extract.Article) {
		body, err := os.ReadFile(filepath.Join("..", "checker", "demo", "site", host, file))
		if err != nil {
			b.Fatal(err)
		}
		p := &page.Page{RequestURL: url, FinalURL: url, Status: 200, ContentType: "text/html", Body: body}
		a, err := extract.Parse(p)
		if err != nil {
			b.Fatal(err)
		}
		return p, a
	}
	page, art := read("worldnews.example", "article.html", "http://worldnews.example/2022/04/02/lavrov-russia-rejects-new-world-order/")
	etPage, et := read("economictimes.example", "article.html", "http://economictimes.example/a")
	// The post as a page, the way the demo's oEmbed answer is read (crawler/social).
	twPage, tw := read(filepath.Join("..", "..", "..", "rules", "testdata"), "tweet.html", "http://x.example/s")
	etOrig := &Original{URL: etPage.RequestURL, Page: etPage, Article: et}
	twOrig := &Original{URL: twPage.RequestURL, Page: twPage, Article: tw}
	originals := make([]*Original, len(art.Citations))
	for i, c := range art.Citations {
		switch {
		case c.Anchor == "Economic Times":
			originals[i] = etOrig
		case c.Embed >= 0 && c.Href != "#":
			originals[i] = twOrig
		}
	}
	e, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	in := Input{Article: art, Page: page, Originals: originals}
	b.ReportAllocs()
	for b.Loop() {
		// A fresh Original each round, so that indexing the originals is measured too.
		for i, o := range in.Originals {
			if o != nil {
				in.Originals[i] = &Original{URL: o.URL, Page: o.Page, Article: o.Article}
			}
		}
		if fs := e.Evaluate(in).Findings; len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}
