package emoji

import (
	"strings"
	"testing"

	"github.com/forPelevin/gomoji"
)

// TestSameAsGomoji: the embedded list is gomoji's, entry for entry (run gen.go after
// updating gomoji in go.mod), and Remove gives what gomoji.RemoveEmojis gives.
func TestSameAsGomoji(t *testing.T) {
	all := gomoji.AllEmojis()
	if len(set()) != len(all) {
		t.Fatalf("list.txt has %d emoji, gomoji %d: run gen.go again", len(set()), len(all))
	}
	for e := range set() {
		if _, err := gomoji.GetInfo(e); err != nil {
			t.Errorf("%q is in list.txt, not in gomoji", e)
		}
	}
	cases := []string{
		"", "plain", "  Jane Doe \t", "\x00Jane\x7f", "Jane Doe 🙂", "🙂 Jane", "José 👩‍👩‍👧 Álvarez",
		"#️⃣ 1️⃣ keycaps", "flags 🇺🇦🇷🇺 here", "skin 👍🏽 tone", "\ufe0fvariation\ufe0f", "©®™",
		"invalid \xff byte", "ZWJ alone \u200d", "Сергей Лавров ✍️",
	}
	for _, e := range all {
		cases = append(cases, "a"+e.Character+"b", e.Character)
	}
	for e := range set() {
		cases = append(cases, e, "x "+e+e+" y")
	}
	for _, s := range cases {
		if got, want := Remove(s), gomoji.RemoveEmojis(s); got != want {
			t.Errorf("Remove(%q) = %q, gomoji %q", s, got, want)
		}
	}
}

func FuzzRemove(f *testing.F) {
	for _, s := range []string{"Jane Doe 🙂", "👩‍👩‍👧", "\ufe0f#️⃣x", "abc", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Remove(s), gomoji.RemoveEmojis(s); got != want {
			t.Errorf("Remove(%q) = %q, gomoji %q", s, got, want)
		}
		if strings.Contains(Remove(s), "🙂") {
			t.Errorf("Remove(%q) kept an emoji", s)
		}
	})
}

func BenchmarkRemove(b *testing.B) {
	for _, s := range []string{"Jane Doe", "José Álvarez 🙂"} {
		b.Run(s, func(b *testing.B) {
			for b.Loop() {
				Remove(s)
			}
		})
	}
}
