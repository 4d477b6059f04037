package extract

import (
	"net/url"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The one-pass nodeText and spacedText must give what the plain definitions give.

func nodeTextRef(n *html.Node) string {
	var b strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			if t := tagOf(n); t == atom.Script || t == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func spacedTextRef(n *html.Node) string {
	var b strings.Builder
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return strings.Join(strings.FieldsFunc(b.String(), isSpaceRune), " ")
}

func FuzzCollapsedText(f *testing.F) {
	for _, s := range []string{
		"", " a ", "<p>for<a href=x>Ogunjobi</a>up</p>", "<p> x <i> </i> y\u00a0z\u200b w </p>",
		"<p>\xc2<b>\xa0</b>x</p>", "<div>a<br>b<script>var x</script>c<style>p{}</style></div>",
		"<p>\t\n a \r\n<b>b</b>\u2003c</p>", "<p>\xff<i>\xfe</i></p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		var visit func(n *html.Node)
		visit = func(n *html.Node) {
			if got, want := nodeText(n), nodeTextRef(n); got != want {
				t.Fatalf("nodeText(%q) = %q, want %q", s, got, want)
			}
			if got, want := spacedText(n), spacedTextRef(n); got != want {
				t.Fatalf("spacedText(%q) = %q, want %q", s, got, want)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				visit(c)
			}
		}
		visit(doc)
	})
}

// fieldsJoined and blockKey must give what their plain definitions give.
func FuzzFieldsJoined(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u2003 b", "\xff b", "a\u0085b", "a\vb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fieldsJoined(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("fieldsJoined(%q) = %q, want %q", s, got, want)
		}
		fs := strings.Fields(s)
		if got, want := blockKey(s), strings.Join(fs[:min(len(fs), blockKeyWords)], " "); got != want {
			t.Fatalf("blockKey(%q) = %q, want %q", s, got, want)
		}
	})
}

// The rune classifiers' ASCII shortcuts must not change what they answer.
func TestRuneClasses(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if got, want := isSpaceRune(r), unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b'; got != want {
			t.Fatalf("isSpaceRune(%U) = %v, want %v", r, got, want)
		}
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
		if got, want := isWordRune(r), unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r); got != want {
			t.Fatalf("isWordRune(%U) = %v, want %v", r, got, want)
		}
	}
}

// hasScheme must agree with url.Parse on which hrefs absolutizeLinks leaves alone.
func FuzzHasScheme(f *testing.F) {
	for _, s := range []string{"", "a", "http://x/y", "HTTPS://x", "mailto:a@b", "javascript:void(0)", ":x", "1a:b", "a1+.-:b", "/p", "//h/p", "p?q=a:b", "a b:c", "x:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := url.Parse(s)
		leftAlone := err != nil || u.IsAbs()
		if hasScheme(s) && !leftAlone {
			t.Errorf("hasScheme(%q) = true, but url.Parse reads it as relative", s)
		}
		if !hasScheme(s) && err == nil && u.Scheme != "" {
			t.Errorf("hasScheme(%q) = false, but url.Parse finds scheme %q", s, u.Scheme)
		}
	})
}
