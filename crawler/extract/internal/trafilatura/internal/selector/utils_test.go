package selector

import (
	"testing"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// className must read every class attribute as dom.ClassName does.
func FuzzClassName(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "a\u2003 b", "\xff b", "a\u0085b", "a\vb", "a\nb "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := &html.Node{Type: html.ElementNode, Data: "div", Attr: []html.Attribute{{Key: "class", Val: s}}}
		if got, want := className(n), dom.ClassName(n); got != want {
			t.Fatalf("className(%q) = %q, want %q", s, got, want)
		}
	})
}
