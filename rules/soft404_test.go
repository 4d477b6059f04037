package rules

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

func htmlPage(u string, body string) *page.Page {
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html; charset=utf-8", Body: []byte(body)}
}

func TestSoft404(t *testing.T) {
	long := strings.Repeat("The minister spoke at length about the economy and the budget. ", 40)
	teaser := long[:600]
	tests := []struct {
		name string
		page *page.Page
		text string // extracted article text, "" for none
		want Fate   // Engine.Fate
	}{
		{"title en", htmlPage("https://a.example/news/1", "<title>Page not found | Daily</title><p>"+long+"</p>"), "", "soft404"},
		{"h1 ru", htmlPage("https://a.example/news/1", "<title>Новости</title><h1>Страница не найдена</h1><p>"+long+"</p>"), "", "soft404"},
		{"title 404", htmlPage("https://a.example/x/y", "<title>404 - Example</title>"), "", "soft404"},
		{"short text de", htmlPage("https://a.example/x", "<p>Diese Seite existiert nicht mehr.</p>"), "", "soft404"},
		{"short text ja", htmlPage("https://a.example/x", "<p>ページが見つかりません</p>"), "", "soft404"},
		{"windows-1251 without header charset", &page.Page{
			RequestURL: "https://a.example/x", FinalURL: "https://a.example/x", Status: 200, ContentType: "text/html",
			Body: []byte("<meta charset=\"windows-1251\"><title>\xd1\xf2\xf0\xe0\xed\xe8\xf6\xe0 \xed\xe5 \xed\xe0\xe9\xe4\xe5\xed\xe0</title>"),
		}, "", "soft404"},
		{"long text mentioning not found is an article", htmlPage("https://a.example/x", "<title>Budget</title><p>"+long+" The file was not found by auditors. "+long+"</p>"), "", "ok"},
		{"404 inside a number", htmlPage("https://a.example/x", "<title>Budget of 14040 roubles</title><p>"+long+"</p>"), "", "ok"},
		{"404 in a headline", htmlPage("https://a.example/x", "<title>Flight 404 lands safely after engine scare</title><p>"+long+"</p>"), "", "ok"},
		{"not found in a headline", htmlPage("https://a.example/x", "<title>Missing hiker not found after two days of search</title><h1>Missing hiker not found after two days</h1><p>"+long+"</p>"), "", "ok"},
		{"short page with a number 404", htmlPage("https://a.example/x", "<title>Wire story 404</title><p>The council approved 404 new homes on Tuesday.</p>"), "", "ok"},
		{"bare not found title", htmlPage("https://a.example/x", "<title>Not Found</title><p>"+long+"</p>"), "", "soft404"},
		{"home redirect", &page.Page{RequestURL: "https://a.example/2022/03/story", FinalURL: "https://a.example/", Status: 200,
			Redirects: []page.Hop{{URL: "https://a.example/2022/03/story", Status: 301}}, ContentType: "text/html", Body: []byte("<p>" + long + "</p>")}, long, "soft404"},
		{"home to home is fine", &page.Page{RequestURL: "http://a.example/", FinalURL: "https://www.a.example/", Status: 200,
			Redirects: []page.Hop{{URL: "http://a.example/", Status: 301}}, ContentType: "text/html", Body: []byte("<p>" + long + "</p>")}, long, "ok"},
		{"article to article is fine", &page.Page{RequestURL: "https://a.example/old/story", FinalURL: "https://a.example/new/story", Status: 200,
			Redirects: []page.Hop{{URL: "https://a.example/old/story", Status: 301}}, ContentType: "text/html", Body: []byte("<p>" + long + "</p>")}, long, "ok"},
		{"paywall schema.org", htmlPage("https://a.example/x", `<script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree": false}</script><p>`+teaser+`</p>`), teaser, "blocked"},
		{"paywall class", htmlPage("https://a.example/x", `<div class="article-body paywall-overlay"><p>`+teaser+`</p></div>`), teaser, "blocked"},
		{"metered: paywall markers over the whole text", htmlPage("https://a.example/x", `<div class="article-body paywall-overlay"><p>`+long+long+`</p></div>`), long + long, "ok"},
		{"402", &page.Page{RequestURL: "https://a.example/x", FinalURL: "https://a.example/x", Status: 402, ErrClass: page.ErrClassStatus}, "", "blocked"},
		{"403", &page.Page{RequestURL: "https://a.example/x", FinalURL: "https://a.example/x", Status: 403, ErrClass: page.ErrClassStatus}, "", "blocked"},
		{"script text ignored", htmlPage("https://a.example/x", "<script>var m='page not found'</script><title>Budget</title><p>"+long+"</p>"), "", "ok"},
		{"binary labelled html", htmlPage("https://a.example/x", "\x00\x01\x02\xff\xfe"), "", "ok"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("See the source for details.")
			f.cite("the source", tc.page.RequestURL, tc.page, tc.text)
			e, err := New(Config{})
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Fate(f.orig[0]); got != tc.want {
				t.Errorf("Engine.Fate = %q, want %q", got, tc.want)
			}
			fs := only(f.run(t, Config{}), "link.soft404")
			if (len(fs) == 1) != (tc.want == "soft404") {
				t.Errorf("link.soft404 findings = %+v, want %v", fs, tc.want == "soft404")
			}
			if len(only(f.run(t, Config{}), "link.dead")) != 0 && tc.want != "dead" {
				t.Errorf("link.dead fired")
			}
		})
	}
}

func TestUnparsed(t *testing.T) {
	f := newFixture("See the report for details.")
	pdf := &page.Page{RequestURL: "https://a.example/r.pdf", FinalURL: "https://a.example/r.pdf", Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.4")}
	f.cite("the report", pdf.RequestURL, pdf, "")
	f.orig[0].ParseErr = "parse: extract: not an HTML page"
	fs := only(f.run(t, Config{}), "link.unparsed")
	if len(fs) != 1 || fs[0].Severity != Info || !strings.Contains(fs[0].Message, "parse: extract: not an HTML page") {
		t.Errorf("link.unparsed = %+v, want one info finding giving the PDF's reason", fs)
	}
	img := &page.Page{RequestURL: "https://a.example/i.png", FinalURL: "https://a.example/i.png", Status: 200, ContentType: "image/png", Body: []byte("\x89PNG\r\n")}
	g := newFixture("See the chart for details.")
	g.cite("the chart", img.RequestURL, img, "")
	g.orig[0].ParseErr = "parse: extract: not an HTML page"
	if fs := only(g.run(t, Config{}), "link.unparsed"); len(fs) != 1 || !strings.Contains(fs[0].Message, "image/png") {
		t.Errorf("link.unparsed = %+v, want one info finding naming image/png", fs)
	}
}

func TestMarkedNotFree(t *testing.T) {
	pad := strings.Repeat("<p>filler text of an ordinary page</p>", 2000)
	tests := []struct {
		name, body string
		want       bool
	}{
		{"json-ld", pad + `<script type="application/ld+json">{"isAccessibleForFree": "False"}</script>`, true},
		{"json-ld bare", `{"isAccessibleForFree":false}` + pad, true},
		{"microdata", pad + `<meta itemprop="isAccessibleForFree" content="false">`, true},
		{"upper case", pad + `"ISACCESSIBLEFORFREE" : false`, true},
		{"free", pad + `{"isAccessibleForFree": true}`, false},
		{"mentioned then free", `isAccessibleForFree is a property. ` + pad + `{"isAccessibleForFree":"true"}`, false},
		{"none", pad, false},
		{"short", `isAcc`, false},
	}
	for _, tc := range tests {
		if got := markedNotFree([]byte(tc.body)); got != tc.want {
			t.Errorf("%s: markedNotFree = %v, want %v", tc.name, got, tc.want)
		}
		if got := notAccessibleForFree.MatchString(tc.body); got != tc.want {
			t.Errorf("%s: the expression over the whole body = %v, want %v (the two must agree)", tc.name, got, tc.want)
		}
	}
}

func BenchmarkMarkedNotFree(b *testing.B) {
	body := []byte(strings.Repeat("<p>filler text of an ordinary page, with Apostrophes and Ideas</p>", 2500))
	b.SetBytes(int64(len(body)))
	b.Run("window", func(b *testing.B) {
		for b.Loop() {
			markedNotFree(body)
		}
	})
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			notAccessibleForFree.Match(body)
		}
	})
}

// referencePaywallClass is the scan's attribute test on its own: every class and id of
// the page, lower-cased, against every marker.
func referencePaywallClass(t testing.TB, p *page.Page) string {
	t.Helper()
	z := html.NewTokenizer(extract.Decode(p.Body, p.ContentType))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken && tt != html.EndTagToken {
			continue
		}
		_, more := z.TagName()
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if key := string(k); key == "class" || key == "id" {
				lv := strings.ToLower(string(v))
				for _, c := range extract.PaywallClasses {
					if strings.Contains(lv, c) {
						return fmt.Sprintf("paywall marker %s=%q", key, c)
					}
				}
			}
		}
	}
}

func TestScanPaywallAndText(t *testing.T) {
	pages := []struct {
		name, body string
		paywall    bool
	}{
		{"class", `<div class="story paywall-overlay">x</div>`, true},
		{"upper case id", `<div id="RegWall">x</div>`, true},
		{"decimal reference", `<div class="pay&#119;all">x</div>`, true},
		{"hex reference", `<div class="pay&#x77;all">x</div>`, true},
		{"kelvin sign", "<div class=\"article-loc\u212aed\">x</div>", true},
		{"marker in text only", `<p>the paywall debate</p>`, false},
		{"other reference", `<div class="pay&#8217;wall">x</div>`, false},
		{"hyphen reference", `<div class="subscriber&#45;only">x</div>`, true},
		{"apostrophe reference", `<div class="story" title="it&#39;s">x</div>`, false},
		{"none", `<div class="story">x</div>`, false},
	}
	for _, tc := range pages {
		p := htmlPage("https://a.example/x", tc.body)
		got := scan(p, false).paywall
		if want := referencePaywallClass(t, p); got != want || (got != "") != tc.paywall {
			t.Errorf("%s: scan paywall = %q, want %q", tc.name, got, want)
		}
	}
	// The real pages of the extraction benchmark: the scan finds the classes the reference
	// finds, and reading the text changes only the text.
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "article-extraction-benchmark", "html", "*.html.gz"))
	if len(files) == 0 {
		t.Log("article-extraction-benchmark not available: real pages not compared")
	}
	marksDiffer := 0
	defer func() {
		t.Logf("real pages: marks differ from the scan's title or heading on %d of %d", marksDiffer, len(files))
	}()
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		p := &page.Page{RequestURL: "https://a.example/x", FinalURL: "https://a.example/x", Status: 200, ContentType: "text/html", Body: body}
		lean, full := scan(p, false), scan(p, true)
		if want := referencePaywallClass(t, p); full.paywall != want && !strings.HasPrefix(full.paywall, "schema.org") {
			t.Errorf("%s: scan paywall = %q, want %q", filepath.Base(f), full.paywall, want)
		}
		if lean.title != full.title || lean.h1 != full.h1 || lean.paywall != full.paywall || lean.text != "" {
			t.Errorf("%s: scan without text = %+v, want the scan with text (%q, %q, %q) without its text", filepath.Base(f), lean, full.title, full.h1, full.paywall)
		}
		// The marks extraction reads from the parsed page say what the scan says, but
		// better: the title is the first title element's alone (the scan appends the
		// titles of inline SVG icons: "… - Vox clock menu more-arrow"), and the heading is
		// found where the scan's token counting loses it (an h1 holding only an SVG logo,
		// then the real one).
		a, err := extract.Parse(p)
		if err != nil {
			continue // no main text: the rules scan such a page themselves
		}
		m := scanMarks(p, a.Marks)
		if m.paywall != lean.paywall || !strings.HasPrefix(lean.title, m.title) || m.title == "" && lean.title != "" ||
			m.h1 != lean.h1 && lean.h1 != "" {
			t.Errorf("%s: marks (%q, %q, %q), want the scan's (%q, %q, %q)", filepath.Base(f), m.title, m.h1, m.paywall, lean.title, lean.h1, lean.paywall)
		}
		if m.title != lean.title || m.h1 != lean.h1 {
			marksDiffer++
		}
	}
}

// BenchmarkScan scans the extraction benchmark's real pages (all of them per op): the
// scan of an original whose main text was extracted (text false) and of one without (true).
func BenchmarkScan(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "data", "article-extraction-benchmark", "html", "*.html.gz"))
	if len(files) == 0 {
		b.Skip("article-extraction-benchmark not available")
	}
	var pages []*page.Page
	size := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, &page.Page{RequestURL: "https://a.example/x", FinalURL: "https://a.example/x", Status: 200, ContentType: "text/html", Body: body})
		size += len(body)
	}
	for _, withText := range []bool{false, true} {
		b.Run(fmt.Sprintf("text=%v", withText), func(b *testing.B) {
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, p := range pages {
					scan(p, withText)
				}
			}
		})
	}
}

// lowerASCII is b with A-Z in lower case.
func lowerASCII(b []byte) []byte {
	out := bytes.Clone(b)
	for i, c := range out {
		if 'A' <= c && c <= 'Z' {
			out[i] = c + 'a' - 'A'
		}
	}
	return out
}

func TestIndexFold(t *testing.T) {
	tests := []struct {
		b, lower string
		want     int
	}{
		{"", "ab", -1}, {"ab", "", 0}, {"xAb", "ab", 1}, {"AB", "ab", 0}, {"a", "ab", -1},
		{"xxisAccessibleForFree", "isaccessibleforfree", 2}, {"isaccessibleforfre", "isaccessibleforfree", -1},
		{"aab", "ab", 1}, {"abab", "bab", 1}, {"x\xffAB", "ab", 2}, {"\xc4\xb0s", "is", -1},
	}
	for _, tc := range tests {
		if got := indexFold([]byte(tc.b), tc.lower); got != tc.want {
			t.Errorf("indexFold(%q, %q) = %d, want %d", tc.b, tc.lower, got, tc.want)
		}
	}
}

// FuzzIndexFold holds indexFold to searching a lower-cased copy.
func FuzzIndexFold(f *testing.F) {
	f.Add([]byte("xxisAccessibleForFree"), []byte("ccessible"))
	f.Add([]byte("abab"), []byte("bab"))
	f.Fuzz(func(t *testing.T, b, needle []byte) {
		lower := lowerASCII(needle)
		if got, want := indexFold(b, string(lower)), bytes.Index(lowerASCII(b), lower); got != want {
			t.Fatalf("indexFold(%q, %q) = %d, want %d", b, lower, got, want)
		}
	})
}
