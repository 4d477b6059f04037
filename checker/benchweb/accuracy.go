package benchweb

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// Accuracy compares verdicts with the truth, per verdict class.
type Accuracy struct {
	// Confusion counts [truth][got] for the planted quotes or citations.
	Confusion map[string]map[string]int
	Missing   int // articles of the truth with no stored result
	// Unplanted counts the stored items that are not planted: on the realistic web, the
	// real pages' own quotes and links, which have no truth and are not scored.
	Unplanted int
}

// Item is one stored quote or citation of an article: its key (the quote's words, or the
// citation's href as written) and its verdict.
type Item struct {
	Key, Verdict string
}

// Compare scores got (by article URL) against the truth of the web's articles; quotes
// selects quotes or citations. Each planted item is paired with the stored item of the
// same key (quotes by their words, citations by href, in order when a href repeats); a
// planted item with no stored counterpart counts as "(none)".
func (w Web) Compare(got map[string][]Item, quotes bool) Accuracy {
	acc := Accuracy{Confusion: map[string]map[string]int{}}
	count := func(truth, got string) {
		if acc.Confusion[truth] == nil {
			acc.Confusion[truth] = map[string]int{}
		}
		acc.Confusion[truth][got]++
	}
	for i := 0; i < w.N; i++ {
		t := w.Truth(i)
		want, keys := t.Citations, t.CitationURLs
		if quotes {
			want, keys = t.Quotes, t.QuoteTexts
		}
		g, ok := got[t.URL]
		if !ok {
			acc.Missing++
			continue
		}
		used := make([]bool, len(g))
		for k, v := range want {
			gv := "(none)"
			for j, it := range g {
				if !used[j] && sameKey(it.Key, keys[k], quotes) {
					used[j], gv = true, it.Verdict
					break
				}
			}
			count(v, gv)
		}
		for j := range g {
			if !used[j] {
				acc.Unplanted++
			}
		}
	}
	return acc
}

// sameKey reports whether a stored key is the planted one: a citation's href exactly, a
// quote's words ignoring case and punctuation (the extractor may keep a closing comma).
func sameKey(stored, planted string, quote bool) bool {
	if !quote {
		return stored == planted
	}
	return words(stored) == words(planted)
}

func words(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// PrecisionRecall returns the precision and recall of one verdict.
func (a Accuracy) PrecisionRecall(verdict string) (p, r float64) {
	tp := a.Confusion[verdict][verdict]
	var predicted, actual int
	for truth, row := range a.Confusion {
		predicted += row[verdict]
		if truth == verdict {
			for _, n := range row {
				actual += n
			}
		}
	}
	if predicted > 0 {
		p = float64(tp) / float64(predicted)
	}
	if actual > 0 {
		r = float64(tp) / float64(actual)
	}
	return p, r
}

// String renders the confusion table with precision and recall per verdict.
func (a Accuracy) String() string {
	var classes []string
	seen := map[string]bool{}
	for t, row := range a.Confusion {
		if !seen[t] {
			seen[t] = true
			classes = append(classes, t)
		}
		for g := range row {
			if !seen[g] {
				seen[g] = true
				classes = append(classes, g)
			}
		}
	}
	sort.Strings(classes)
	var b strings.Builder
	fmt.Fprintf(&b, "    %-12s", "truth \\ got")
	for _, c := range classes {
		fmt.Fprintf(&b, " %11s", c)
	}
	b.WriteString("   precision recall\n")
	for _, t := range classes {
		fmt.Fprintf(&b, "    %-12s", t)
		for _, g := range classes {
			fmt.Fprintf(&b, " %11d", a.Confusion[t][g])
		}
		p, r := a.PrecisionRecall(t)
		fmt.Fprintf(&b, "   %9.3f %6.3f\n", p, r)
	}
	if a.Unplanted > 0 {
		fmt.Fprintf(&b, "    %d more of the pages' own, not planted, not scored\n", a.Unplanted)
	}
	if a.Missing > 0 {
		fmt.Fprintf(&b, "    %d articles have no result\n", a.Missing)
	}
	return b.String()
}
