// Package emoji removes emoji from a text the way github.com/forPelevin/gomoji's
// RemoveEmojis does, with the same list of emoji, read from an embedded file on first use.
// gomoji builds its table (a map of 5,263 entries with their names) in package
// initialisation, about 1 MB and 3 ms that every provcheck command paid before it started.
// list.txt is written by gen.go from the gomoji release in go.mod; TestSameAsGomoji holds
// the two to the same list and the same output.
package emoji

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
)

//go:embed list.txt
var list string

// set is the list as a set, built on first use.
var set = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, strings.Count(list, "\n"))
	for e := range strings.Lines(list) {
		m[strings.TrimSuffix(e, "\n")] = struct{}{}
	}
	return m
})

// Remove returns s without its emoji: each grapheme cluster that is one, then each
// code point that is one on its own, and then the characters that are not printable or are
// variation selectors at either end of what is left.
func Remove(s string) string {
	if ascii(s) {
		return strings.TrimFunc(s, unprintable) // no emoji is written in ASCII
	}
	emoji := set()
	var b strings.Builder
	b.Grow(len(s))
	gr := uniseg.NewGraphemes(s)
	for gr.Next() {
		if _, ok := emoji[gr.Str()]; !ok {
			b.WriteString(gr.Str())
		}
	}
	kept := b.String()
	var out strings.Builder
	out.Grow(len(kept))
	for _, r := range kept {
		if r < utf8.RuneSelf { // no emoji is written in ASCII
			out.WriteByte(byte(r))
			continue
		}
		var buf [utf8.UTFMax]byte
		if _, ok := emoji[string(buf[:utf8.EncodeRune(buf[:], r)])]; !ok {
			out.WriteRune(r)
		}
	}
	return strings.TrimFunc(out.String(), unprintable)
}

func unprintable(r rune) bool {
	return !unicode.IsGraphic(r) || !unicode.IsPrint(r) || unicode.In(r, unicode.Variation_Selector)
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
