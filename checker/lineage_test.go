package checker

import (
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
)

func day(d int) *time.Time {
	t := time.Date(2022, 3, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func TestAddLineage(t *testing.T) {
	quotes := []store.QuoteRow{
		{ArticleID: 1, ArticleURL: "https://wire.example/a", Published: day(30), Index: 0, Text: "we will move towards a multipolar, just, democratic world order"},
		{ArticleID: 2, ArticleURL: "https://paper.example/b", Published: day(31), Index: 0, Text: "we will move towards a multipolar, just, democratic world order"},
		{ArticleID: 3, ArticleURL: "https://blog.example/c", Published: nil, Index: 0, Text: "we will move towards a multipolar, fair, and democratic world order"},
		{ArticleID: 3, ArticleURL: "https://blog.example/c", Published: nil, Index: 1, Text: "willingness"},
		{ArticleID: 4, ArticleURL: "https://other.example/d", Published: day(1), Index: 0, Text: "the weather will be fine tomorrow in the north"},
	}
	run := report.Run{Reports: []report.Report{
		{Article: report.Article{URL: "https://paper.example/b", Published: day(31)}, Quotes: []report.Quote{{Text: quotes[1].Text}}},
		{Article: report.Article{URL: "https://blog.example/c"}, Quotes: []report.Quote{{Text: quotes[2].Text}, {Text: "willingness"}}},
		{Article: report.Article{URL: "https://wire.example/a", Published: day(30)}, Quotes: []report.Quote{{Text: quotes[0].Text}}},
	}}
	AddLineage(&run, quotes)

	paper := run.Reports[0].Quotes[0].Lineage
	if len(paper) != 2 || paper[0].URL != "https://wire.example/a" || !paper[0].First || paper[0].Verdict != "verified" {
		t.Fatalf("paper lineage = %+v, want the wire first (verbatim, published first), then the blog", paper)
	}
	if paper[1].URL != "https://blog.example/c" || paper[1].Verdict == "verified" || paper[1].First {
		t.Errorf("paper lineage[1] = %+v, want the blog's other wording", paper[1])
	}
	if l := run.Reports[1].Quotes[1].Lineage; len(l) != 0 {
		t.Errorf("a one-word quote has lineage %+v, want none", l)
	}
	wire := run.Reports[2].Quotes[0].Lineage
	if len(wire) != 2 {
		t.Fatalf("wire lineage = %+v, want the paper and the blog", wire)
	}
	for _, c := range wire {
		if c.First {
			t.Errorf("%s marked first, but the wire itself published first", c.URL)
		}
	}
}

// TestSharedListsEachSetOnce: another printing of a listed quote that finds the very same
// printings (the slogan again, with a typographic apostrophe) is not listed again.
func TestSharedListsEachSetOnce(t *testing.T) {
	quotes := []store.QuoteRow{
		{ArticleID: 1, ArticleURL: "https://a.example/1", Index: 0, Text: "meth, we're on it"},
		{ArticleID: 1, ArticleURL: "https://a.example/1", Index: 1, Text: "Meth, we’re on it."},
		{ArticleID: 2, ArticleURL: "https://b.example/2", Index: 0, Text: "Meth. We’re on it."},
		{ArticleID: 3, ArticleURL: "https://c.example/3", Index: 0, Text: "the weather will be fine tomorrow in the north"},
	}
	shared := NewQuoteIndex(quotes).Shared(10)
	if len(shared) != 1 || len(shared[0]) != 2 {
		for _, cs := range shared {
			for _, c := range cs {
				t.Logf("  %d:%d %q", c.Quote.ArticleID, c.Quote.Index, c.Quote.Text)
			}
			t.Log("--")
		}
		t.Errorf("%d lists of shared quotes, want one of the two articles' slogan", len(shared))
	}
}
