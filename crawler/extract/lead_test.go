package extract

import (
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

func TestLeadFilterDrop(t *testing.T) {
	l := leadFilter{
		title:       "Opinion | Is Football Violence a Crime?",
		description: "NFL assaults have led to lawsuits before. But a prosecutor would have difficulty proving a charge in court.",
		author:      "Randy Maniloff",
	}
	tests := []struct {
		para string
		drop bool
	}{
		{"Is Football Violence a Crime?", true},
		{"NFL assaults have led to lawsuits before. But a prosecutor would have difficulty proving a charge in court.", true},
		{"By Randy Maniloff", true},
		{"Randy Maniloff", true},
		{"By JERUSALEM POST STAFF", true},
		{"NOVEMBER 20, 2019 10:43", true},
		{"Published 18 November 2019", true},
		{"Updated: 11/19/2019 at 5 p.m. ET", true},
		{"Crime", false},                                         // too short a piece of the title to be it
		{"By the time police arrived, the man had gone.", false}, // a sentence, not a byline
		{"On November 20, 2019 the council met.", false},
		{"The league fined the player $50,000 on Monday.", false},
	}
	for _, tc := range tests {
		if got := l.drop(tc.para); got != tc.drop {
			t.Errorf("drop(%q) = %v, want %v", tc.para, got, tc.drop)
		}
	}
}

// Lead matter goes only from the top: the same line further down is kept.
func TestLeadDroppedOnlyAtTop(t *testing.T) {
	a := mustParse(t, articlePage(`<p>By Ann Reporter</p><p>November 20, 2019</p>
<p>The council met on Tuesday and voted to close the bridge for repairs, after a long debate that ran past midnight and left several members of the public unhappy.</p>
<p>November 20, 2019</p>`))
	if strings.Contains(a.Text, "By Ann Reporter") {
		t.Errorf("byline kept:\n%s", a.Text)
	}
	if strings.Count(a.Text, "November 20, 2019") != 1 {
		t.Errorf("want the dateline dropped at the top and kept below:\n%s", a.Text)
	}
}

// endPage is an article page whose body ends with the given markup (articlePage puts its
// filler last).
func endPage(body string) *page.Page {
	return &page.Page{RequestURL: "https://news.example/story", FinalURL: "https://news.example/story", Status: 200, ContentType: "text/html",
		Body: []byte(`<!DOCTYPE html><html><head><title>Test story</title></head><body><article><h1>Test story</h1>
<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
<p>Another paragraph of filler with nothing to quote, written plainly, in order to pass the extractor's minimum size for a main text.</p>` + body + `</article></body></html>`)}
}

func TestRelatedTailCut(t *testing.T) {
	a := mustParse(t, endPage(`<p>The council met on Tuesday and voted to close the bridge for repairs, after a long debate that ran past midnight.</p>
<p>You may also like...</p><p><a href="/a">Who will run for mayor in 2020?</a></p><p><a href="/b">Bridge works to start in May</a></p>`))
	if !strings.Contains(a.Text, "voted to close the bridge for repairs") {
		t.Errorf("article text lost:\n%s", a.Text)
	}
	for _, s := range []string{"You may also like", "Who will run for mayor"} {
		if strings.Contains(a.Text, s) {
			t.Errorf("text keeps %q:\n%s", s, a.Text)
		}
	}
	for _, c := range a.Citations {
		if c.End > len(a.Text) {
			t.Errorf("citation %q past the end of the text", c.Anchor)
		}
	}
	// A heading of that kind followed by prose is not a list of other stories.
	b := mustParse(t, endPage(`<p>The council met on Tuesday and voted to close the bridge.</p><p>Related</p>
<p>Three years ago the same council voted to build the bridge, after a debate that ran for two days and ended with a narrow majority for the plan.</p>`))
	if !strings.Contains(b.Text, "Three years ago") {
		t.Errorf("prose after a heading cut:\n%s", b.Text)
	}
}

// Many sites' description is the article's first paragraph: that paragraph stays, while a
// standfirst that only repeats the description goes.
func TestDescriptionLedeKept(t *testing.T) {
	const lede = "While the city slept, the council voted to close the old bridge for a year of repairs."
	body := func(head, article string) *page.Page {
		return &page.Page{RequestURL: "https://news.example/s", FinalURL: "https://news.example/s", Status: 200, ContentType: "text/html",
			Body: []byte(`<html><head><title>Bridge to close</title><meta name="description" content="` + lede + `"></head><body>` + head +
				`<article><div class="body">` + article + `
<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
<p>Another paragraph of filler with nothing to quote, written plainly, in order to pass the extractor's minimum size for a main text.</p></div></article></body></html>`)}
	}
	a := mustParse(t, body("", `<p>`+lede+`</p>`))
	if !strings.Contains(a.Text, "While the city slept") {
		t.Errorf("lede dropped:\n%s", a.Text)
	}
	b := mustParse(t, body("", `<h1>Bridge to close</h1><div class="dek"><p>`+lede+`</p></div>`))
	if strings.Contains(b.Text, "While the city slept") {
		t.Errorf("standfirst kept:\n%s", b.Text)
	}
}
