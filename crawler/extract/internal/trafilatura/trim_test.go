package trafilatura

import (
	"strings"
	"testing"
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
