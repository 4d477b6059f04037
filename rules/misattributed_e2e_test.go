package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

// TestMisattributedEndToEnd reads an article and its cited original as pages, through
// extraction and speaker attribution: the article gives words to Wang Yi with "Wang Yi
// also warned that …", the original gives the same words to Sergei Lavrov. The quote is
// misattributed, naming both, and never verified.
func TestMisattributedEndToEnd(t *testing.T) {
	const wireURL = "https://wire.example/2024/talks"
	article := `<html><head><title>Talks end in Beijing</title></head><body><article>
<h1>Talks end in Beijing</h1>
<p>Foreign ministers from several countries met in Beijing on Monday for a long day of talks on trade, security and the future of the region, the first such meeting in years.</p>
<p>Wang Yi also warned that the government “will never accept interference in its internal affairs from anyone, whatever the pressure”, <a href="` + wireURL + `">the wire service reported</a>.</p>
<p>The ministers agreed to meet again in the spring, when a new round of talks on trade is planned to begin in the capital, officials said after the meeting ended late in the evening.</p>
</article></body></html>`
	original := `<html><head><title>Lavrov speaks after the talks</title></head><body><article>
<h1>Lavrov speaks after the talks</h1>
<p>The Russian foreign minister spoke to reporters on Monday evening after a long day of talks in Beijing with his counterparts from the region, the first such meeting in years.</p>
<p>Sergei Lavrov said the government “will never accept interference in its internal affairs from anyone, whatever the pressure”, before leaving for the airport.</p>
<p>Other ministers left without speaking to reporters, and a joint statement is expected later this week, according to officials who attended the meeting.</p>
</article></body></html>`
	parse := func(u, body string) (*page.Page, *extract.Article) {
		p := &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: []byte(body)}
		a, err := extract.Parse(p)
		if err != nil {
			t.Fatalf("parse %s: %v", u, err)
		}
		return p, a
	}
	ap, a := parse(articleURL, article)
	op, o := parse(wireURL, original)
	if len(a.Quotes) != 1 || a.Quotes[0].Speaker != "Wang Yi" {
		t.Fatalf("article quotes = %+v, want one by Wang Yi", a.Quotes)
	}
	if len(o.Quotes) != 1 || o.Quotes[0].Speaker != "Sergei Lavrov" {
		t.Fatalf("original quotes = %+v, want one by Sergei Lavrov", o.Quotes)
	}
	orig := &Original{URL: wireURL, Page: op, Article: o}
	origs := make([]*Original, len(a.Citations))
	for i, c := range a.Citations {
		if c.URL == wireURL {
			origs[i] = orig
		}
	}
	e, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ev := e.Evaluate(Input{Article: a, Page: ap, Originals: origs})
	fs := ev.Findings
	if v := only(fs, "quote.verified"); len(v) != 0 {
		t.Errorf("quote.verified = %+v, want none for words the original gives to another", v)
	}
	if q := ev.Quotes[0]; q.Verdict != Misattributed || slices.Contains(q.Verdicts, Verified) {
		t.Errorf("quote verdict %v (all %v), want misattributed and never verified", q.Verdict, q.Verdicts)
	}
	m := only(fs, "quote.misattributed")
	if len(m) != 1 {
		t.Fatalf("quote.misattributed: %d findings, want 1 (all findings: %+v)", len(m), fs)
	}
	if !strings.Contains(m[0].Message, "Sergei Lavrov") || !strings.Contains(m[0].Message, "Wang Yi") ||
		m[0].Evidence.Extra["original_speaker"] != "Sergei Lavrov" || m[0].Evidence.Extra["article_speaker"] != "Wang Yi" {
		t.Errorf("quote.misattributed = %+v, want it to name Sergei Lavrov and Wang Yi", m[0])
	}
}
