package extract

import (
	"errors"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

// articlePage wraps paragraphs of body HTML in an article page long enough for main-text
// extraction to keep it.
func articlePage(body string) *page.Page {
	html := `<!DOCTYPE html><html><head><title>Test story</title></head><body>
<nav><a href="/home">Home</a> <a href="/news">News</a></nav>
<article><h1>Test story</h1>` + body + `
<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
<p>Another paragraph of filler with nothing to quote, written plainly, in order to pass the extractor's minimum size for a main text.</p>
</article>
<footer><a href="/privacy">Privacy</a> <a href="https://social.example/site">Follow us</a></footer>
</body></html>`
	return &page.Page{RequestURL: "https://news.example/story", FinalURL: "https://news.example/story", Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(html)}
}

func mustParse(t *testing.T, p *page.Page) *Article {
	t.Helper()
	a, err := Parse(p)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return a
}

func TestQuotes(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantText []string
		wantWho  []string
	}{
		{
			name:     "typographic with speaker after",
			body:     `<p>“We will never accept it,” Lavrov said on Wednesday.</p>`,
			wantText: []string{"We will never accept it"}, wantWho: []string{"Lavrov"},
		},
		{
			name:     "straight quotes, speaker before",
			body:     `<p>Foreign Minister Wang Yi said "the will of both sides has become even stronger."</p>`,
			wantText: []string{"the will of both sides has become even stronger."}, wantWho: []string{"Wang Yi"},
		},
		{
			name:     "said X inverted",
			body:     `<p>"It is over," said Jane Smith, a spokeswoman.</p>`,
			wantText: []string{"It is over"}, wantWho: []string{"Jane Smith"},
		},
		{
			name:     "guillemets",
			body:     `<p>Le ministre a déclaré : « nous ne céderons pas ».</p>`,
			wantText: []string{"nous ne céderons pas"}, wantWho: []string{""},
		},
		{
			name:     "nested single inside double",
			body:     `<p>“He told me ‘never again’ and left,” Maria Lopez said.</p>`,
			wantText: []string{"He told me ‘never again’ and left"}, wantWho: []string{"Maria Lopez"},
		},
		{
			name:     "multi-sentence",
			body:     `<p>“This year the will has grown. We are ready to work together,” the minister said.</p>`,
			wantText: []string{"This year the will has grown. We are ready to work together"}, wantWho: []string{""},
		},
		{
			name:     "misdirected closing mark",
			body:     `<p>At the end “we will move towards a just world order“, Lavrov said.</p>`,
			wantText: []string{"we will move towards a just world order"}, wantWho: []string{"Lavrov"},
		},
		{
			name:     "apostrophes are not quotes",
			body:     `<p>Beijing's refusal and the students' union's view don't count as quotations at all.</p>`,
			wantText: nil,
		},
		{
			name:     "single typographic with apostrophe inside",
			body:     `<p>Lavrov announced a path towards a ‘fairer world order that’s coming.’</p>`,
			wantText: []string{"fairer world order that’s coming."}, wantWho: []string{"Lavrov"},
		},
		{
			name:     "pronoun takes previous speaker",
			body:     `<p>“We are ready,” Sergei Lavrov said. “The order is changing,” he said.</p>`,
			wantText: []string{"We are ready", "The order is changing"}, wantWho: []string{"Sergei Lavrov", "Sergei Lavrov"},
		},
		{
			name:     "unclosed quote is not a quote",
			body:     `<p>He said “this never ends and nobody closes it.</p>`,
			wantText: nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustParse(t, articlePage(tc.body))
			var got, who []string
			for _, q := range a.Quotes {
				got = append(got, q.Text)
				who = append(who, q.Speaker)
				if a.Text[q.Start:q.End] != q.Text {
					t.Errorf("quote %q: Text[%d:%d] = %q", q.Text, q.Start, q.End, a.Text[q.Start:q.End])
				}
			}
			if strings.Join(got, "|") != strings.Join(tc.wantText, "|") {
				t.Fatalf("quotes = %q, want %q", got, tc.wantText)
			}
			if tc.wantWho != nil && strings.Join(who, "|") != strings.Join(tc.wantWho, "|") {
				t.Errorf("speakers = %q, want %q", who, tc.wantWho)
			}
		})
	}
}

func TestCitations(t *testing.T) {
	a := mustParse(t, articlePage(`<p>The ministry confirmed it, according to <a href="https://wire.example/a?id=1">the wire</a>, and <a href="/local/page">our report</a> and <a href="#">a placeholder</a>.</p>`))
	want := []struct{ href, url, anchor string }{
		{"https://wire.example/a?id=1", "https://wire.example/a?id=1", "the wire"},
		{"https://news.example/local/page", "https://news.example/local/page", "our report"},
		{"#", "https://news.example/story", "a placeholder"},
	}
	if len(a.Citations) != len(want) {
		t.Fatalf("citations = %+v, want %d (nav and footer links must not count)", a.Citations, len(want))
	}
	for i, w := range want {
		c := a.Citations[i]
		if c.Href != w.href || c.URL != w.url || c.Anchor != w.anchor {
			t.Errorf("citation %d = %q %q %q, want %q %q %q", i, c.Href, c.URL, c.Anchor, w.href, w.url, w.anchor)
		}
		if a.Text[c.Start:c.End] != c.Anchor {
			t.Errorf("citation %d offsets give %q, want %q", i, a.Text[c.Start:c.End], c.Anchor)
		}
		if c.Sentence < 0 || c.Paragraph < 0 || c.Embed != -1 {
			t.Errorf("citation %d sentence/paragraph/embed = %d/%d/%d", i, c.Sentence, c.Paragraph, c.Embed)
		}
	}
}

func TestLocalFileResolvesAgainstCanonical(t *testing.T) {
	p := articlePage(`<p>See <a href="/docs/source.html">the source document</a> for the figures quoted here.</p>`)
	p.Body = []byte(strings.Replace(string(p.Body), "<head>", `<head><link rel="canonical" href="https://canon.example/2024/story">`, 1))
	p.Local, p.RequestURL, p.FinalURL = true, "file:///tmp/story.html", "file:///tmp/story.html"
	a := mustParse(t, p)
	if got := a.Citations[0].URL; got != "https://canon.example/docs/source.html" {
		t.Errorf("URL = %q, want it resolved against the canonical link", got)
	}
	a, err := Options{BaseURL: "https://base.example/x/"}.Parse(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Citations[0].URL; got != "https://base.example/docs/source.html" {
		t.Errorf("with BaseURL, URL = %q, want it resolved against the base URL", got)
	}
}

func TestAttributions(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		source string
		phrase string
		linked bool
	}{
		{"according to, unlinked", `<p>According to Russia's state-owned TASS news agency, the talks went well and lasted for hours.</p>`, "TASS", "according to", false},
		{"according to, linked", `<p>The visit was the first, according to <a href="https://et.example/x">The Economic Times</a>.</p>`, "The Economic Times", "according to", true},
		{"reported", `<p>The minister resigned on Monday, Reuters reported, citing two officials close to him.</p>`, "Reuters", "reported", false},
		{"signature", `<p>The minister resigned on Monday after a long week of talks. -Economic Times</p>`, "Economic Times", "signature", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := mustParse(t, articlePage(tc.body))
			for _, at := range a.Attributions {
				if at.Phrase == tc.phrase {
					if at.Source != tc.source || at.Linked != tc.linked {
						t.Errorf("attribution = %+v, want source %q linked %v", at, tc.source, tc.linked)
					}
					return
				}
			}
			t.Errorf("no %q attribution in %+v", tc.phrase, a.Attributions)
		})
	}
}

func TestSentences(t *testing.T) {
	a := mustParse(t, articlePage(`<p>Mr. Smith met U.S. officials on Feb. 3. They talked. “Is it over?” he asked. J. Doe left.</p>`))
	var got []string
	for _, s := range a.Sentences[:4] {
		got = append(got, a.Text[s.Start:s.End])
	}
	want := []string{"Mr. Smith met U.S. officials on Feb. 3.", "They talked.", "“Is it over?” he asked.", "J. Doe left."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestEmbeddedTweet(t *testing.T) {
	a := mustParse(t, articlePage(`<p>He posted a reply soon after the meeting had ended in the capital.</p>
<blockquote class="twitter-tweet"><p lang="en">Ties are so close, and that is a good thing for both nations. <a href="https://t.co/abc">https://t.co/abc</a></p>— Jane Roe (@jroe) <a href="https://twitter.example/jroe/status/1">March 30, 2022</a></blockquote>`))
	if len(a.Embeds) != 1 {
		t.Fatalf("embeds = %+v, want 1", a.Embeds)
	}
	e := a.Embeds[0]
	if e.Kind != "tweet" || e.Text != "Ties are so close, and that is a good thing for both nations." || e.Author != "Jane Roe (@jroe)" || e.URL != "https://twitter.example/jroe/status/1" {
		t.Errorf("embed = %+v", e)
	}
	var q *Quote
	for i := range a.Quotes {
		if a.Quotes[i].Embed == 0 {
			q = &a.Quotes[i]
		}
	}
	if q == nil || q.Speaker != "Jane Roe" || len(q.Citations) != 2 {
		t.Fatalf("embed quote = %+v, want speaker Jane Roe and the embed's 2 links", q)
	}
	for _, ci := range q.Citations {
		if a.Citations[ci].Embed != 0 {
			t.Errorf("citation %d embed = %d, want 0", ci, a.Citations[ci].Embed)
		}
	}
}

func TestCharsetDecoding(t *testing.T) {
	// windows-1251 bytes for «Привет мир» announced in a meta tag, not in the header.
	body := "<html><head><meta charset=\"windows-1251\"><title>t</title></head><body><article><p>" +
		"\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0, \xf1\xea\xe0\xe7\xe0\xeb \xee\xed. " + strings.Repeat("Filler text for the extractor to keep. ", 12) +
		"</p></article></body></html>"
	a := mustParse(t, &page.Page{RequestURL: "https://ru.example/", Status: 200, ContentType: "text/html", Body: []byte(body)})
	if !strings.Contains(a.Text, "Привет мир, сказал он.") {
		t.Errorf("text = %q, want the Cyrillic decoded", a.Text[:min(80, len(a.Text))])
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		page *page.Page
		want error
	}{
		{"png", &page.Page{ContentType: "image/png", Body: []byte("\x89PNG\r\n\x1a\n....")}, ErrNotHTML},
		{"json", &page.Page{ContentType: "application/json", Body: []byte(`{"a":1}`)}, ErrNotHTML},
		{"empty body", &page.Page{ContentType: "text/html", Body: nil}, ErrEmpty},
		{"empty page", &page.Page{ContentType: "text/html", Body: []byte("<html><body></body></html>")}, ErrEmpty},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.page)
			if !errors.Is(err, tc.want) {
				t.Errorf("Parse error = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestRelativeLinksResolveAgainstThePage(t *testing.T) {
	p := articlePage(`<p>See <a href="report.pdf">the report</a>, <a href="../up/x.html">the index</a>, <a href="/root.html">the root</a>, <a href="//cdn.example/a">the mirror</a> and <a href="#">a placeholder</a> for the figures.</p>`)
	p.RequestURL, p.FinalURL = "https://news.example/world/story.html", "https://news.example/world/story.html"
	a := mustParse(t, p)
	want := map[string]string{
		"the report": "https://news.example/world/report.pdf", "the index": "https://news.example/up/x.html",
		"the root": "https://news.example/root.html", "the mirror": "https://cdn.example/a", "a placeholder": "https://news.example/world/story.html",
	}
	for _, c := range a.Citations {
		if w, ok := want[c.Anchor]; ok {
			if c.URL != w {
				t.Errorf("citation %q: URL %q, want %q", c.Anchor, c.URL, w)
			}
			delete(want, c.Anchor)
		}
		if c.Anchor == "a placeholder" && c.Href != "#" {
			t.Errorf("placeholder href = %q, want it as written", c.Href)
		}
	}
	if len(want) > 0 {
		t.Errorf("citations missing: %v", want)
	}
}

// TestShortArticleWithJSONLD: a short item the extractor gives up on is read from its
// <article> block by block, links and all, even when the <article> holds the page's
// JSON-LD (whose text the extractor's fallback leaves out).
func TestShortArticleWithJSONLD(t *testing.T) {
	html := `<!DOCTYPE html><html><head><title>Crash</title></head><body>
<nav><a href="/home">Home</a> <a href="/news">News</a></nav>
<article><h1>Two killed in helicopter crash</h1>
<p>Two service members were killed in a crash, <a href="https://mil.example/statement">the military said</a> on Wednesday.</p>
<p>“The cause is under investigation,” a spokesman said, according to <a href="https://wire.example/story">the wire</a>.</p>
<script type="application/ld+json">{"@context":"http://schema.org","@type":"NewsArticle","headline":"Two killed in helicopter crash"}</script>
</article></body></html>`
	p := &page.Page{RequestURL: "https://news.example/crash", FinalURL: "https://news.example/crash", Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(html)}
	a := mustParse(t, p)
	var got []string
	for _, c := range a.Citations {
		got = append(got, c.URL)
	}
	if want := "https://mil.example/statement https://wire.example/story"; strings.Join(got, " ") != want {
		t.Errorf("citations %q, want %q", got, want)
	}
	if len(a.Paragraphs) < 2 || strings.Contains(a.Text, "schema.org") {
		t.Errorf("text read as %d paragraphs: %q", len(a.Paragraphs), a.Text)
	}
}
