package extract_test

import (
	"fmt"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

// Parse takes the bytes of a fetched page, never the network, and returns what the page
// says: its main text, the links in it and the quotations.
func ExampleParse() {
	html := `<!DOCTYPE html><html><head><title>Talks resume</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume</h1>
<p>The two delegations met again on Monday after a pause of three weeks, officials said.</p>
<p>“We will not sign a text we have not read,” the minister told reporters, according to
<a href="https://wire.example/story/1">the wire</a>.</p>
<p>The next round is planned for the end of the month in the same city, with observers.</p>
</article></body></html>`
	a, err := extract.Parse(&page.Page{
		RequestURL: "https://news.example/talks", FinalURL: "https://news.example/talks",
		Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(html),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("title:", a.Title)
	for _, c := range a.Citations {
		fmt.Printf("citation: %s (%q)\n", c.URL, c.Anchor)
	}
	for _, q := range a.Quotes {
		fmt.Printf("quote: %q\n", q.Text)
	}
	// Output:
	// title: Talks resume
	// citation: https://wire.example/story/1 ("the wire")
	// quote: "We will not sign a text we have not read"
}
