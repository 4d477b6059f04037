package extract

import (
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// The markup of these cases is as real news pages write it: a paragraph as a <div> of
// running text with a bold link in it, a CNN-style paragraph <div> with a link
// mid-sentence, emphasis in a list item, a link after a full stop.
func TestLinkTextKeepsOrderAndSpaces(t *testing.T) {
	tests := []struct {
		name, body string
		want       string   // a passage Article.Text must hold
		anchors    []string // the citations' anchors, in order
	}{
		{
			name:    "bold link in a paragraph div",
			body:    `<div class="para">The coach made room for <strong><a href="https://team.example/o">Ogunjobi</a></strong> up the middle, and the line held for the rest of the game on Sunday night.</div>`,
			want:    "The coach made room for Ogunjobi up the middle, and the line held",
			anchors: []string{"Ogunjobi"},
		},
		{
			name:    "link mid-sentence in a paragraph div",
			body:    `<div class="body-paragraph">Unlike his past physicals, it was not on his public schedule. The medical staff <a href="https://cnn.example/p">did not get a heads up</a> that a "VIP" guest was coming, as they typically would.</div>`,
			want:    `The medical staff did not get a heads up that a "VIP" guest was coming`,
			anchors: []string{"did not get a heads up"},
		},
		{
			name:    "two inline runs in one paragraph div",
			body:    `<div class="para">Second, <b>bold <a href="https://x.example/p">linked</a> words</b> then the rest of it with <a href="https://x.example/q">a plain link</a> and the end of the sentence, which runs on.</div>`,
			want:    "Second, bold linked words then the rest of it with a plain link and the end of the sentence",
			anchors: []string{"linked", "a plain link"},
		},
		{
			name: "emphasis in list items",
			body: `<ul><li>You know that in order to <em>reach</em> prospects you’ve got to <em>extend yourself.</em> But yikes … outreach is so uncomfortable!</li>` +
				`<li>You’re given opportunities to be more visible and you’re terrified to say “yes.”</li></ul>`,
			want: "in order to reach prospects you’ve got to extend yourself. But yikes",
		},
		{
			name:    "link after a full stop",
			body:    `<p>There were layoffs. <a href="https://biz.example/l">The company</a> said more would come, <b>according to <a href="https://court.example/f">a filing</a></b>, later this year.</p>`,
			want:    "There were layoffs. The company said more would come, according to a filing, later this year.",
			anchors: []string{"The company", "a filing"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustParse(t, articlePage(tc.body))
			if !strings.Contains(a.Text, tc.want) {
				t.Errorf("text lacks %q:\n%s", tc.want, a.Text)
			}
			var got []string
			for _, c := range a.Citations {
				if a.Text[c.Start:c.End] != c.Anchor {
					t.Errorf("citation %q: Text[%d:%d] = %q", c.Anchor, c.Start, c.End, a.Text[c.Start:c.End])
				}
				if strings.HasPrefix(c.Href, "https://") && !strings.Contains(c.URL, ".example/") {
					continue
				}
				got = append(got, c.Anchor)
			}
			if tc.anchors != nil && strings.Join(got, "|") != strings.Join(tc.anchors, "|") {
				t.Errorf("anchors = %q, want %q", got, tc.anchors)
			}
		})
	}
}

// A quote that runs across a link (in the markup go-trafilatura reorders) is found in the
// cited original's words.
func TestQuoteAcrossLinkVerifies(t *testing.T) {
	a := mustParse(t, articlePage(`<div class="para">“We made room for <strong><a href="https://team.example/o">Ogunjobi</a></strong> up the middle and it worked,” the coach said after the game on Sunday night in the city.</div>`))
	original := textmatch.NewDoc("After the game the coach spoke to reporters. We made room for Ogunjobi up the middle and it worked, he said, and left.")
	if len(a.Quotes) != 1 {
		t.Fatalf("quotes = %+v, want one", a.Quotes)
	}
	q := a.Quotes[0]
	if q.Text != "We made room for Ogunjobi up the middle and it worked," && q.Text != "We made room for Ogunjobi up the middle and it worked" {
		t.Errorf("quote = %q", q.Text)
	}
	if m := textmatch.Compare(q.Text, original); m.Verdict != textmatch.Verified {
		t.Errorf("verdict = %s (%s), want verified", m.Verdict, m.Note)
	}
}

// A short article whose <article> element holds the site's menu: the extractor's own pass
// finds too little text and falls back to the whole element as one paragraph, menu
// included and glued ("HomeWorldPolitics…"). The text is the article's paragraphs only.
func TestShortArticleLeavesMenuOut(t *testing.T) {
	var nav strings.Builder
	nav.WriteString(`<nav><ul>`)
	for _, s := range []string{"Home", "World", "Politics", "Business", "Tech", "Science", "Health", "Sports", "Travel", "Opinion"} {
		fmt.Fprintf(&nav, `<li><a href="/%s">%s</a></li>`, strings.ToLower(s), s)
	}
	nav.WriteString(`</ul></nav>`)
	body := `<html><head><title>Bridge to close</title></head><body><article>` + nav.String() +
		`<h1>Bridge to close</h1><p>The council voted on Tuesday to close the bridge for repairs, the mayor said.</p><p>Work starts in May.</p>` +
		`<ul class="share"><li><a href="/s/fb">Facebook</a></li><li><a href="/s/x">X</a></li></ul></article><footer>© News</footer></body></html>`
	a := mustParse(t, &page.Page{RequestURL: "https://news.example/b", FinalURL: "https://news.example/b", Status: 200, ContentType: "text/html", Body: []byte(body)})
	want := "The council voted on Tuesday to close the bridge for repairs, the mayor said.\n\nWork starts in May."
	if a.Text != want {
		t.Errorf("text = %q, want %q", a.Text, want)
	}
}

// TestLinkTextRealPages checks every link of the extraction benchmark's pages against the
// page's hand-made body: where the body has a space between a link's text and the letter
// next to it (and never the two glued), so must we.
func TestLinkTextRealPages(t *testing.T) {
	pages := loadBench(t)
	links, glued := 0, 0
	for _, pg := range pages {
		a, err := pg.parse()
		if err != nil {
			continue
		}
		truth := strings.Join(strings.Fields(pg.body), " ")
		for _, c := range a.Citations {
			if len(c.Anchor) < 3 || !strings.Contains(truth, c.Anchor) {
				continue
			}
			links++
			before, _ := utf8.DecodeLastRuneInString(a.Text[:c.Start])
			after, _ := utf8.DecodeRuneInString(a.Text[c.End:])
			for _, side := range []struct {
				r              rune
				joined, spaced string
			}{
				{before, string(before) + c.Anchor, string(before) + " " + c.Anchor},
				{after, c.Anchor + string(after), c.Anchor + " " + string(after)},
			} {
				if !unicode.IsLetter(side.r) && !unicode.IsDigit(side.r) {
					continue
				}
				if strings.Contains(truth, side.spaced) && !strings.Contains(truth, side.joined) {
					glued++
					t.Errorf("%s: link %q glued to its neighbour: %q", pg.id[:12], c.Anchor, clipEval(a.Text[max(0, c.Start-30):min(len(a.Text), c.End+30)], 90))
				}
			}
		}
	}
	t.Logf("links of the benchmark pages found in their bodies: %d, glued to a neighbouring word: %d", links, glued)
}
