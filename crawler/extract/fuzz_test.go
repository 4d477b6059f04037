package extract

import (
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

// checkInvariants fails when an article's offsets do not point into its text.
func checkInvariants(t *testing.T, a *Article) {
	t.Helper()
	n := len(a.Text)
	inRange := func(what string, s, e int) {
		if s < 0 || e > n || s > e {
			t.Fatalf("%s offsets %d..%d out of range (text %d bytes)", what, s, e, n)
		}
	}
	for _, p := range a.Paragraphs {
		inRange("paragraph", p.Start, p.End)
	}
	for _, s := range a.Sentences {
		inRange("sentence", s.Start, s.End)
	}
	for _, c := range a.Citations {
		inRange("citation", c.Start, c.End)
		if a.Text[c.Start:c.End] != c.Anchor {
			t.Fatalf("citation anchor %q != text %q", c.Anchor, a.Text[c.Start:c.End])
		}
	}
	for _, q := range a.Quotes {
		inRange("quote", q.Start, q.End)
		if a.Text[q.Start:q.End] != q.Text {
			t.Fatalf("quote %q != text %q", q.Text, a.Text[q.Start:q.End])
		}
		for _, ci := range q.Citations {
			if ci < 0 || ci >= len(a.Citations) {
				t.Fatalf("quote cites citation %d of %d", ci, len(a.Citations))
			}
		}
	}
	for _, at := range a.Attributions {
		inRange("attribution", at.Start, at.End)
	}
	for _, e := range a.Embeds {
		inRange("embed", e.Start, e.End)
	}
}

// FuzzExtract feeds arbitrary HTML through the whole extractor.
func FuzzExtract(f *testing.F) {
	f.Add(`<p>He said “we will not”.</p>`)
	f.Add(`<article><p>“A multipolar, fair, and democratic world order,” Lavrov said, according to <a href="#">The Economic Times</a>. -TASS</p></article>`)
	f.Add(`<blockquote class="twitter-tweet"><p>post <a href="https://t.co/x">https://t.co/x</a></p>— A (@a) <a href="#">date</a></blockquote>`)
	f.Add(`<div class="b">room for <strong><a href="/o">Ogunjobi</a></strong> up</div><p>staff </p><a href="x">heads</a>that<div class="b"><p>more</p></div>`)
	f.Add(`<article><nav><ul><li><a href="/">Home</a></li></ul></nav><h1>T</h1><p>By A B</p><p>May 1, 2020</p><p>Short.</p></article>`)
	f.Add(`<p>« nous » "a 'b' c" ‘it’s’ „x“ »y« 「z」</p><p>"open</p><p>"continued."</p>`)
	f.Add("<p>\u00a0\u200b“\u00ad”</p><br><br><p>.?!…</p>")
	f.Fuzz(func(t *testing.T, body string) {
		p := &page.Page{RequestURL: "http://x.test/a", FinalURL: "http://x.test/a", Status: 200, ContentType: "text/html", Body: []byte(body)}
		a, err := Parse(p)
		if err != nil {
			return
		}
		checkInvariants(t, a)
	})
}

// FuzzQuotes runs the quotation, sentence and attribution finders on arbitrary text, much
// faster than FuzzExtract, so that the fuzzer explores their corner cases.
func FuzzQuotes(f *testing.F) {
	f.Add(`The two countries will work to achieve “a multipolar, fair, and democratic world order,” Lavrov said.`)
	f.Add(`According to Russia's state-owned TASS news agency, Wang said that despite "new challenges" to relations, "the will of both sides has become even stronger."`)
	f.Add(`At the end “we will move“, Lavrov said. -Economic Times`)
	f.Add(`‘fairer world order.’ « x » 'a' "b "c" d" „e“`)
	f.Fuzz(func(t *testing.T, text string) {
		a := &Article{Text: text, Paragraphs: []Span{{0, len(text)}}}
		a.Sentences = splitSentences(a.Text, a.Paragraphs)
		a.Attributions = findAttributions(a)
		a.Quotes = findQuotes(a)
		checkInvariants(t, a)
	})
}
