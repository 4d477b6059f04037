package sentence

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"abbreviations and initials", "Mr. Smith met U.S. officials on Feb. 3. They talked. “Is it over?” he asked. J. Doe left.",
			[]string{"Mr. Smith met U.S. officials on Feb. 3.", "They talked.", "“Is it over?” he asked.", "J. Doe left."}},
		{"a number ends a sentence", "The vote passed 7. But the minister resigned.", []string{"The vote passed 7.", "But the minister resigned."}},
		{"lower case goes on", "See e.g. this one. And i.e. that one.", []string{"See e.g. this one.", "And i.e. that one."}},
		{"closing quote and bracket", `He said "never." (Then he left.) She stayed.`, []string{`He said "never."`, `(Then he left.)`, `She stayed.`}},
		{"opening quote starts the next", `It ended. "We won," she said.`, []string{`It ended.`, `"We won," she said.`}},
		{"ellipsis and marks", "Wait… What?! Yes.", []string{"Wait…", "What?!", "Yes."}},
		{"decimal and domain", "It rose 3.5 percent at example.com today. Fine.", []string{"It rose 3.5 percent at example.com today.", "Fine."}},
		{"no space after the stop", "It ended.Then more.", []string{"It ended.", "Then more."}},
		{"citation marker", "It ended.[1] Then more.", []string{"It ended.", "[1] Then more."}},
		{"blank line", "A heading\n\nthe text goes on.", []string{"A heading", "the text goes on."}},
		{"space around", "  One.  Two.  ", []string{"One.", "Two."}},
		{"script without case", "他说了。 Он сказал. Всё.", []string{"他说了。 Он сказал.", "Всё."}},
		{"empty", "", nil},
		{"only punctuation", " ... ", []string{"..."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range Split(tc.text) {
				got = append(got, tc.text[s.Start:s.End])
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Split(%q) = %q, want %q", tc.text, got, tc.want)
			}
		})
	}
}

func TestEnds(t *testing.T) {
	tests := []struct {
		before, gap, next string
		want              bool
	}{
		{"He left", ". ", "Then", true},
		{"Dr", ". ", "Smith", false},
		{"J", ". ", "Smith", false},
		{"rose to 7", ". ", "The", true},
		{"over", "?” ", "he", false},
		{"over", "?” ", "He", true},
		{"a heading", "\n\n", "the", true},
		{"a line", "\n", "The", false},
		{"3", ".", "5", false},
		{"end", ".", "The", true},
		{"ended", ".[", "1", true},
		{"U", ".", "S", false},
		{"end", ", ", "The", false},
		{"end", ". ", "", false},
		{"March 30", ". /", "TASS", false},
		{"at 5", ". $", "3", false},
		{"ended", ". [", "1", true},
	}
	for _, tc := range tests {
		if got := Ends(tc.before, tc.gap, tc.next); got != tc.want {
			t.Errorf("Ends(%q, %q, %q) = %v, want %v", tc.before, tc.gap, tc.next, got, tc.want)
		}
	}
}

// TestPunct checks the byte-wise punctuation search against strings.IndexAny, invalid
// UTF-8 included.
func TestPunct(t *testing.T) {
	for _, gap := range []string{"", " ", ". ", " , ", "?!", " … ", "\u2026", "\xe2\x80", "\xe2\x80.",
		"\xe2\xe2\x80\xa6", "\xf0\xe2\x80\xa6", "\xe2\x80\xa6.", "“…”", "—!", "\xa6\x80\xe2", "x\n\n."} {
		if got, want := punct(gap), strings.IndexAny(gap, ".!?…"); got != want {
			t.Errorf("punct(%q) = %d, want %d", gap, got, want)
		}
	}
}

// FuzzSplit checks that sentences are in order, inside the text, do not overlap, and, in
// valid UTF-8, start and end on rune boundaries with no space at either end.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"Mr. Smith met U.S. officials. They talked.", "“Is it over?” he asked.\n\nNext", "a…b. C", "\xe2\x80. X", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		prev := 0
		for _, s := range Split(text) {
			if s.Start < prev || s.End <= s.Start || s.End > len(text) {
				t.Fatalf("span %d..%d after %d in %d bytes", s.Start, s.End, prev, len(text))
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End]))) {
				t.Fatalf("span %d..%d cuts a rune", s.Start, s.End)
			}
			if sub := text[s.Start:s.End]; strings.TrimSpace(sub) != sub && utf8.ValidString(sub) {
				t.Fatalf("span %q has space at an end", sub)
			}
			prev = s.End
		}
	})
}
