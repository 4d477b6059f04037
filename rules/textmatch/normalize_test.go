package textmatch

import (
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"case and space", "  Hello\t\n  World  ", "hello world"},
		{"typographic quotes", "“We” ‘will’ «not» „go“ ‹now›", "'we' 'will' 'not' 'go' 'now'"},
		{"apostrophe", "don’t Russia’s", "don't russia's"},
		{"dashes", "2020–2022 — yes ― no − minus", "2020-2022 - yes - no - minus"},
		{"soft hyphen and zero width", "multi\u00adpolar wo\u200brld\ufeff", "multipolar world"},
		{"nfkc", "ﬁnal ＦＵＬＬ ①", "final full 1"},
		{"nbsp", "a\u00a0b\u2009c", "a b c"},
		{"fold sharp s", "STRAẞE straße", "strasse strasse"},
		{"cyrillic", "Сергей ЛАВРОВ", "сергей лавров"},
		{"composed accents", "cafe\u0301", "café"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Normalize(tc.in)
			if got != tc.want {
				t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize(Normalize(%q)) = %q, want %q", tc.in, again, got)
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
		nums []bool
	}{
		{"words and punctuation", "We, together with you!", []string{"we", "together", "with", "you"}, nil},
		{"contraction", "We don’t, won't", []string{"we", "don't", "won't"}, nil},
		{"quoted", "“a multipolar, just world”", []string{"a", "multipolar", "just", "world"}, nil},
		{"thousands", "2,000 and 2000 and 1,5 and 0.505%", []string{"2000", "and", "2000", "and", "1", "5", "and", "0.505"},
			[]bool{true, false, true, false, true, true, false, true}},
		{"hyphen splits", "20-year one‑year", []string{"20", "year", "one", "year"}, []bool{true, false, true, false}},
		{"dates", "24 February, February 24th and Feb. 24", []string{"24 february", "24 february", "and", "24 february"},
			[]bool{true, true, false, true}},
		{"month alone", "in May we", []string{"in", "may", "we"}, []bool{false, false, false}},
		{"soft hyphen inside", "multi\u00adpolar", []string{"multipolar"}, nil},
		{"cyrillic", "Лавров сказал: «мир»", []string{"лавров", "сказал", "мир"}, nil},
		{"decomposed accent", "Cafe\u0301 déjà", []string{"café", "déjà"}, nil},
		{"trailing apostrophe", "the players' union", []string{"the", "players", "union"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks := Tokenize(tc.in)
			var got []string
			for _, tk := range toks {
				got = append(got, tk.Text)
				if tk.Start < 0 || tk.End > len(tc.in) || tk.Start >= tk.End {
					t.Fatalf("Tokenize(%q) token %q offsets %d..%d out of range", tc.in, tk.Text, tk.Start, tk.End)
				}
				// The offsets point back at the same word in the input.
				if raw := Tokenize(tc.in[tk.Start:tk.End]); len(raw) == 0 || Normalize(tc.in[tk.Start:tk.End]) == "" {
					t.Errorf("Tokenize(%q): span %q of token %q holds no word", tc.in, tc.in[tk.Start:tk.End], tk.Text)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if tc.nums != nil {
				var nums []bool
				for _, tk := range toks {
					nums = append(nums, tk.Number)
				}
				if !slices.Equal(nums, tc.nums) {
					t.Errorf("Tokenize(%q) Number flags = %v, want %v", tc.in, nums, tc.nums)
				}
			}
		})
	}
}

func TestTokenizeOffsets(t *testing.T) {
	in := "At the end, “we” said: Лавров’s 2,000 world\u00ad-order."
	for _, tk := range Tokenize(in) {
		span := in[tk.Start:tk.End]
		got := Tokenize(span)
		if len(got) != 1 || got[0].Text != tk.Text {
			t.Errorf("Tokenize(%q) = %v, want the one token %q", span, got, tk.Text)
		}
	}
}

func TestTokenizeMatchesNormalize(t *testing.T) {
	for _, in := range []string{
		"At the END of this “reshaping”, we—together with you—don’t.",
		"Сергей Лавров: «Мы не примем» 2,000 ﬁnal",
		"Feb. 24, 2022 and 24 February",
	} {
		a, b := Tokenize(in), Tokenize(Normalize(in))
		var ta, tb []string
		for _, t := range a {
			ta = append(ta, t.Text)
		}
		for _, t := range b {
			tb = append(tb, t.Text)
		}
		if !slices.Equal(ta, tb) {
			t.Errorf("Tokenize(%q) = %q, but Tokenize(Normalize) = %q", in, ta, tb)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Russia invaded on February 24, 2022, with 2,000 tanks.", []string{"24 february", "2022", "2000"}},
		{"one of the three", nil},
		{"rates of 0.505% and 5%", []string{"0.505", "5"}},
	}
	for _, tc := range tests {
		if got := Numbers(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Numbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWordFilter checks that the filters in front of the word sets let every word of
// their set through.
func TestWordFilter(t *testing.T) {
	for name, set := range map[string]*wordFilter{"number": numberFilter, "month": monthFilter, "stop": stopFilter} {
		var words []string
		switch name {
		case "number":
			for w := range numberWords {
				words = append(words, w)
			}
		case "month":
			for w := range months {
				words = append(words, w)
			}
		case "stop":
			for w := range stopWords {
				words = append(words, w)
			}
		}
		for _, w := range words {
			if !set.may(w) {
				t.Errorf("%s filter may(%q) = false, want true", name, w)
			}
		}
		if set.may("") {
			t.Errorf("%s filter may(\"\") = true, want false", name)
		}
	}
}
