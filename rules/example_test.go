package rules_test

import (
	"fmt"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

// An article quotes a minister and links the wire story it took the words from, and a
// page that is gone. Evaluate says what became of each citation and of the quote.
func ExampleEngine_Evaluate() {
	htmlPage := func(u string, status int, body string) *page.Page {
		p := &page.Page{RequestURL: u, FinalURL: u, Status: status, ContentType: "text/html; charset=utf-8", Body: []byte(body)}
		if status >= 400 {
			p.ErrClass = page.ErrClassStatus
		}
		return p
	}
	art := htmlPage("https://news.example/story", 200, `<!doctype html><html><head><title>Talks end in the capital</title></head>
<body><article><h1>Talks end in the capital</h1>
<p>The foreign minister met his counterpart in the capital on Tuesday for a long day of talks
about trade, borders and the fate of the river that both countries share. He said afterwards
that the talks had been "a frank, useful and honest exchange of views", according to
<a href="https://wire.example/talks">a report by the wire agency</a> that was published in the evening.</p>
<p>Officials of both sides said they would meet again in the spring, and an earlier statement of
the ministry, which is <a href="https://gone.example/old">no longer online</a>, had promised as much.</p>
</article></body></html>`)
	wire := htmlPage("https://wire.example/talks", 200, `<!doctype html><html><head><title>Minister ends talks</title></head>
<body><article><h1>Minister ends talks</h1>
<p>The talks were "a frank, useful and sincere exchange of views", the foreign minister told
reporters after a long day of meetings in the capital on Tuesday, and both sides said they
would meet again in the spring to discuss trade, borders and the river they share.</p>
</article></body></html>`)
	gone := htmlPage("https://gone.example/old", 404, "")

	a, err := extract.Parse(art)
	if err != nil {
		fmt.Println(err)
		return
	}
	wireArticle, err := extract.Parse(wire)
	if err != nil {
		fmt.Println(err)
		return
	}
	originals := make([]*rules.Original, len(a.Citations))
	for i, c := range a.Citations {
		switch c.URL {
		case wire.RequestURL:
			originals[i] = &rules.Original{URL: c.URL, Page: wire, Article: wireArticle}
		case gone.RequestURL:
			originals[i] = &rules.Original{URL: c.URL, Page: gone}
		}
	}

	e, err := rules.New(rules.Config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := e.Evaluate(rules.Input{Article: a, Page: art, Originals: originals})
	for i, c := range ev.Citations {
		fmt.Printf("citation %q: %s\n", a.Citations[i].Anchor, c.Fate.Label())
	}
	for i, q := range ev.Quotes {
		f, _ := q.Finding(q.Verdict)
		fmt.Printf("quote %q: %s (%s)\n", a.Quotes[i].Text, q.Verdict.Label(), f.Message)
	}
	// Output:
	// citation "a report by the wire agency": ok
	// citation "no longer online": dead
	// quote "a frank, useful and honest exchange of views": altered (altered: "honest" → original says "sincere" (similarity 0.88, wire.example))
}
