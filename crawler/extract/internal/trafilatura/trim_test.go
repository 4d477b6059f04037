package trafilatura

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

func FuzzTrim(f *testing.F) {
	for _, s := range []string{"", " ", "a", " a ", "a  b", "a\tb", "a\u00a0b", "\u2003x\u2003", "a \xff b", "\xff", " \xe2\x80 ", "a b c", "\uFFFD \uFFFD", " \xef\xbf\xbd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := trim(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("trim(%q) = %q, want %q", s, got, want)
		}
	})
}

// isSpace's ASCII shortcut must not change what unicode.IsSpace answers.
func TestIsSpace(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if got, want := isSpace(r), unicode.IsSpace(r); got != want {
			t.Fatalf("isSpace(%U) = %v, want %v", r, got, want)
		}
	}
}

func FuzzTrimmedTextLen(f *testing.F) {
	for _, s := range []string{"", " a ", "<p>a<b>b</b> c</p>", "<p> x <i> </i> y\u00a0z </p>", "<p>\xe2<b>\x80\x99</b></p>", "<div>a<br>b</div>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		if got, want := trimmedTextLen(doc), utf8.RuneCountInString(trim(dom.TextContent(doc))); got != want {
			t.Errorf("trimmedTextLen(%q) = %d, want %d", s, got, want)
		}
	})
}

func FuzzCloneTree(f *testing.F) {
	for _, s := range []string{"", "<p a=1 b=2>x<b c=3>y</b>z</p><!--c--><svg><path d=1></path></svg>", "<table><tr><td>1</td></tr></table>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		var want, got bytes.Buffer
		if err := html.Render(&want, dom.Clone(doc, true)); err != nil {
			return
		}
		c := cloneTree(doc)
		if err := html.Render(&got, c); err != nil {
			t.Fatalf("render clone of %q: %v", s, err)
		}
		if got.String() != want.String() {
			t.Fatalf("cloneTree(%q) renders %q, dom.Clone %q", s, got.String(), want.String())
		}
		// Appending to one node's attributes leaves the others alone.
		var nodes []*html.Node
		var walk func(*html.Node)
		walk = func(n *html.Node) {
			nodes = append(nodes, n)
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				walk(ch)
			}
		}
		walk(c)
		for _, n := range nodes {
			n.Attr = append(n.Attr, html.Attribute{Key: "zz", Val: "1"})
		}
		for _, n := range nodes {
			if k := n.Attr[len(n.Attr)-1].Key; k != "zz" || len(n.Attr) > 1 && n.Attr[len(n.Attr)-2].Key == "zz" {
				t.Fatalf("cloneTree(%q): attributes of one node overlap another's", s)
			}
		}
	})
}
