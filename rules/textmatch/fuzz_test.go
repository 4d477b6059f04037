package textmatch

import "testing"

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
