package textmatch

import (
	"cmp"
	"testing"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "Hello  World", "“we” don’t — 2,000", "multi\u00adpolar\u200b", "STRAẞE ﬁ ①", "e\u200b\u0301", "Лавров «мир»", "\u00a0\u0301x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(Normalize(%q)) = %q, want %q", s, again, n)
		}
		for _, tk := range Tokenize(s) {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End {
				t.Fatalf("Tokenize(%q): token %q offsets %d..%d out of range", s, tk.Text, tk.Start, tk.End)
			}
		}
	})
}

func FuzzCompare(f *testing.F) {
	f.Add(lavrov, "a multipolar, fair, and democratic world order")
	f.Add("We will accept the deal, unless they lie.", "we will accept the deal")
	f.Add("One. Two three four. Five six seven eight nine.", "two three … six seven")
	f.Add("Prices rose by 2,000 on Feb. 24.", "prices rose by 3000 on 24 February")
	f.Add("", "")
	f.Add("the the the the", "the … the ... the")
	f.Fuzz(func(t *testing.T, text, quote string) {
		d := NewDoc(text)
		m := Compare(quote, d)
		if m.Start < 0 || m.Start > m.End || m.End > len(text) {
			t.Fatalf("Compare(%q) offsets %d..%d out of range 0..%d", quote, m.Start, m.End, len(text))
		}
		if m.Passage != text[m.Start:m.End] {
			t.Fatalf("Compare(%q) passage %q != text[%d:%d] %q", quote, m.Passage, m.Start, m.End, text[m.Start:m.End])
		}
		if m.Similarity < 0 || m.Similarity > 1 {
			t.Fatalf("Compare(%q) similarity %v out of 0..1", quote, m.Similarity)
		}
		if m.Verdict == NotFound && (m.Start != 0 || m.End != 0) {
			t.Fatalf("Compare(%q) not found with offsets %d..%d", quote, m.Start, m.End)
		}
		for _, p := range d.BestPassages(quote, 3) {
			if p.Start < 0 || p.Start > p.End || p.End > len(text) || text[p.Start:p.End] != p.Text {
				t.Fatalf("BestPassages(%q) passage %d..%d out of range", quote, p.Start, p.End)
			}
		}
	})
}

func FuzzLookup(f *testing.F) {
	f.Add(lavrov, "Unrelated filler. We will move towards a multipolar, just, democratic world order.", "a multipolar, fair, and democratic world order", 3)
	f.Add("One. Two three four. Five six seven eight nine.", "Two three four five.", "two three … six seven", 1)
	f.Add("Prices rose by 2,000 on Feb. 24.", "", "prices rose by 3000 on 24 February", 0)
	f.Add("the the the the", "of the of", "the … the ... the", 5)
	f.Add("", "", "", -1)
	f.Fuzz(func(t *testing.T, a, b, quote string, limit int) {
		ix := NewIndex()
		texts := map[string]string{"a": a, "b": b, "a2": a + " " + b}
		for _, id := range []string{"a", "b", "a2"} {
			ix.Add(id, texts[id])
		}
		limit %= 20
		hits := ix.Lookup(quote, limit)
		if want := cmp.Or(max(limit, 0), 10); len(hits) > want {
			t.Fatalf("Lookup(%q, %d) = %d hits, want at most %d", quote, limit, len(hits), want)
		}
		seen := map[string]bool{}
		for _, h := range hits {
			text, ok := texts[h.ID]
			if !ok || seen[h.ID] {
				t.Fatalf("Lookup(%q) hit id %q unknown or repeated", quote, h.ID)
			}
			seen[h.ID] = true
			m := h.Match
			if m.Verdict == NotFound {
				t.Fatalf("Lookup(%q) hit %s is not found", quote, h.ID)
			}
			if m.Start < 0 || m.Start > m.End || m.End > len(text) {
				t.Fatalf("Lookup(%q) hit %s offsets %d..%d out of range 0..%d", quote, h.ID, m.Start, m.End, len(text))
			}
			if m.Passage != text[m.Start:m.End] {
				t.Fatalf("Lookup(%q) hit %s passage %q != text[%d:%d] %q", quote, h.ID, m.Passage, m.Start, m.End, text[m.Start:m.End])
			}
		}
	})
}
