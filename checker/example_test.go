package checker_test

import (
	"context"
	"fmt"
	"sort"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

// memoryWeb serves pages from memory; any other URL answers 404.
type memoryWeb map[string]string

func (m memoryWeb) Fetch(_ context.Context, u string) (*page.Page, error) {
	body, ok := m[u]
	if !ok {
		return &page.Page{RequestURL: u, FinalURL: u, Status: 404, Err: "status 404", ErrClass: page.ErrClassStatus}, nil
	}
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: []byte(body)}, nil
}

func (m memoryWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = m.Fetch(ctx, u)
	}
	return out
}

const padding = `<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
<p>Another paragraph of filler with nothing to quote, written plainly, in order to pass the extractor's minimum size for a main text.</p>`

// A Checker fetches an article and every original it cites, and the rules say what
// disagrees: here a quote with a word swapped, a link to "#" and a dead link.
func ExampleChecker_CheckURL() {
	web := memoryWeb{
		"https://news.example/a": `<html><head><title>A</title></head><body><article><h1>A</h1>
<p>“We will move towards a multipolar, fair world order,” Lavrov said, according to <a href="https://wire.example/w">the wire</a>.</p>
<p>See also <a href="#">this</a> and <a href="https://gone.example/x">a dead page</a>.</p>` + padding + `</article></body></html>`,
		"https://wire.example/w": `<html><head><title>W</title></head><body><article><h1>W</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said on Wednesday.</p>` + padding + `</article></body></html>`,
	}
	engine, err := rules.New(rules.Config{})
	if err != nil {
		panic(err)
	}
	res, err := checker.New(web, engine, checker.Config{}).CheckURL(context.Background(), "https://news.example/a")
	if err != nil {
		panic(err)
	}
	var ids []string
	for _, f := range res.Findings {
		if f.Severity >= rules.Medium {
			ids = append(ids, f.Rule)
		}
	}
	sort.Strings(ids)
	fmt.Println(ids)
	fmt.Println("score", res.Report().Score.Value < 100)
	// Output:
	// [link.dead link.placeholder quote.altered]
	// score true
}
