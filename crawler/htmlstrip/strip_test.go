package htmlstrip

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/crawler/internal/fixturepages"
)

// bundle is the script size the tests keep, as the stored copy does (render.ScriptBundle).
const bundle = 4 << 10

func TestCopy(t *testing.T) {
	bigJS := "<script>" + strings.Repeat("x=1;", bundle/4) + "</script>"
	hugeJS := "<script>" + strings.Repeat("x=1;", bundle) + "</script>"
	halfJS := "<script>" + strings.Repeat("x=1;", bundle/8) + "</script>"
	tests := []struct {
		name, in, want string
		bundle         int
	}{
		{"no markup", "plain text", "plain text", bundle},
		{"comment", "<p>a</p> <!-- note --><p>b</p>", "<p>a</p> <p>b</p>", bundle},
		{"a comment that joins text stays", "<p>a<!-- note -->b</p>", "<p>a<!-- note -->b</p>", bundle},
		{"a comment that would make a tag stays", "<<!>p>", "<<!>p>", bundle},
		{"a style after text stays", "<p>x<style>p{}</style>y</p>", "<p>x<style>p{}</style>y</p>", bundle},
		{"a script that would make an entity stays", "&amp<script>a()</script>;", "&amp<script>a()</script>;", bundle},
		{"style", "<head><style>p{color:red}</style></head><p>x</p>", "<head></head><p>x</p>", bundle},
		{"small inline script", "<p>x</p><script>var a = 1;</script><p>y</p>", "<p>x</p><p>y</p>", bundle},
		{"external script keeps its tags", `<script src="/app.js">ignored</script><p>x</p>`, `<script src="/app.js"></script><p>x</p>`, bundle},
		{"an entity in src", `<script src="&#x61;.js">x</script>`, `<script src="&#x61;.js"></script>`, bundle},
		{"a blank src is no src", `<p>a</p> <script src="&#x20;">x()</script>`, `<p>a</p> `, bundle},
		{"the first src counts", `<p>a</p> <script src="" SRC="b.js">x()</script>`, `<p>a</p> `, bundle},
		{"inline scripts go when an external one stays", `<script src="a.js"></script>` + bigJS, `<script src="a.js"></script>`, bundle},
		{"a large inline bundle with no external script stays", "<p>x</p>" + bigJS, "<p>x</p>" + bigJS, bundle},
		{"with bundle 0 it goes", "<p>x</p>" + bigJS, "<p>x</p>", 0},
		{"of inline scripts that make bundles alone, the smallest stays", hugeJS + "x" + bigJS, "x" + bigJS, bundle},
		{"else the first ones that make a bundle together", "<script>a()</script>" + halfJS + "<p>x</p>" + halfJS + halfJS, "<script>a()</script>" + halfJS + "<p>x</p>" + halfJS, bundle},
		{"JSON-LD stays", `<script type="application/ld+json">{"@type":"NewsArticle"}</script>`, `<script type="application/ld+json">{"@type":"NewsArticle"}</script>`, 0},
		{"a type with an entity", `<script type="application&#47;ld+json">{}</script><script>a()</script>`, `<script type="application&#47;ld+json">{}</script>`, 0},
		{"a template stays", `<script type="text/template"><p>t</p></script><script>a()</script>`, `<script type="text/template"><p>t</p></script>`, bundle},
		{"module script is JavaScript", `<script type="module">import x from "y"</script><p>z</p>`, `<p>z</p>`, bundle},
		{"self-closing script", `<p>a</p><script/>b()</script><p>c</p>`, `<p>a</p><p>c</p>`, bundle},
		{"unclosed script at the end", `<p>a</p><script>never closed`, `<p>a</p>`, bundle},
		{"script text inside a title is text", `<title>a <script>b</script></title>`, `<title>a <script>b</script></title>`, bundle},
		{"unfinished tag at the end is kept", `<p>a</p><div class="x`, `<p>a</p><div class="x`, bundle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(Copy([]byte(tt.in), tt.bundle))
			if got != tt.want {
				t.Errorf("Copy(%q, %d)\n got %q\nwant %q", tt.in, tt.bundle, got, tt.want)
			}
			if ref := string(tokenizerCopy([]byte(tt.in), tt.bundle)); ref != got {
				t.Errorf("Copy(%q, %d) = %q, the tokenizer's copy %q", tt.in, tt.bundle, got, ref)
			}
		})
	}
}

// TestCopyMatchesTokenizerCopy: on real pages the copy is the one the Tokenizer's tokens
// make, for the stored copy's bundle and for none.
func TestCopyMatchesTokenizerCopy(t *testing.T) {
	pages := fixturepages.Load(t, filepath.Join("..", ".."))
	if len(pages) < 5 {
		t.Fatalf("only %d pages found", len(pages))
	}
	for name, b := range pages {
		for _, n := range []int{bundle, 0} {
			if got, want := Copy(b, n), tokenizerCopy(b, n); !bytes.Equal(got, want) {
				t.Errorf("%s (bundle %d): copy of %d bytes, the tokenizer's %d", name, n, len(got), len(want))
			}
		}
	}
}

func FuzzCopy(f *testing.F) {
	for _, s := range []string{
		"<p>a<!-- c -->b</p>", `<script src=x></script><script>y</script>`, "<style>a</style>",
		"<script type=application/ld+json>{}</script>", "<svg><script>x</script></svg>", "<script/>a",
		"<!--", "<scr", "<title><script></title>", "\x00<script>\x00</script>", `<script type="a&amp;b" src="&#10;">`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, n := range []int{0, 8} {
			got := Copy(body, n)
			if want := tokenizerCopy(body, n); !bytes.Equal(got, want) {
				t.Fatalf("Copy(%q, %d) = %q, the tokenizer's copy %q", body, n, got, want)
			}
			if !bytes.Equal(Copy(got, n), got) {
				t.Fatalf("not idempotent: %q -> %q -> %q", body, got, Copy(got, n))
			}
		}
	})
}

// tokenizerCopy is Copy of the tokens golang.org/x/net/html's Tokenizer reads, the
// reference the scanner is held to (the copy was made from them before the scanner).
func tokenizerCopy(body []byte, bundle int) []byte {
	if bytes.IndexByte(body, '<') < 0 {
		return body
	}
	return copyTokens(body, &tokenizer{z: html.NewTokenizer(bytes.NewReader(body))}, bundle)
}

// tokenizer gives the Tokenizer's tokens as copyTokens reads them.
type tokenizer struct {
	z          *html.Tokenizer
	start, pos int
	tt         kind
	name       []byte
}

func (t *tokenizer) next() kind {
	t.start = t.pos
	tt := t.z.Next()
	t.tt = tokenKinds[tt]
	if tt == html.ErrorToken {
		return errorToken
	}
	t.pos += len(t.z.Raw())
	t.name = nil
	if t.tt == startTagToken || t.tt == endTagToken {
		t.name, _ = t.z.TagName() // TagName reads the name once: keep it
	}
	return t.tt
}

func (t *tokenizer) span() (start, end int) { return t.start, t.pos }

func (t *tokenizer) tagName() []byte { return t.name }

func (t *tokenizer) scriptAttrs() (src, typ []byte) {
	for {
		k, v, more := t.z.TagAttr()
		switch string(k) {
		case "src":
			src = v
		case "type":
			typ = v
		}
		if !more {
			return src, typ
		}
	}
}

func BenchmarkCopy(b *testing.B) {
	pages := fixturepages.Load(b, filepath.Join("..", ".."))
	b.Run("scanner", func(b *testing.B) { benchCopy(b, pages, Copy) })
	b.Run("tokenizer", func(b *testing.B) { benchCopy(b, pages, tokenizerCopy) })
}

func benchCopy(b *testing.B, pages map[string][]byte, copyOf func([]byte, int) []byte) {
	n := 0
	for _, p := range pages {
		n += len(p)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pages {
			copyOf(p, bundle)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(pages)), "µs/page")
}
