package benchweb

import (
	"fmt"
	"sort"
	"strings"
)

// Accuracy compares verdicts with the truth, per verdict class.
type Accuracy struct {
	// Confusion counts [truth][got].
	Confusion map[string]map[string]int
	Missing   int // articles of the truth with no stored result
}

// Compare scores got (by article URL) against the truth of the web's articles; kind
// selects quotes or citations.
func (w Web) Compare(got map[string][]string, quotes bool) Accuracy {
	acc := Accuracy{Confusion: map[string]map[string]int{}}
	for i := 0; i < w.N; i++ {
		t := w.Truth(i)
		want := t.Citations
		if quotes {
			want = t.Quotes
		}
		g, ok := got[t.URL]
		if !ok {
			acc.Missing++
			continue
		}
		for k, v := range want {
			gv := "(none)"
			if k < len(g) {
				gv = g[k]
			}
			if acc.Confusion[v] == nil {
				acc.Confusion[v] = map[string]int{}
			}
			acc.Confusion[v][gv]++
		}
		for k := len(want); k < len(g); k++ {
			if acc.Confusion["(none)"] == nil {
				acc.Confusion["(none)"] = map[string]int{}
			}
			acc.Confusion["(none)"][g[k]]++
		}
	}
	return acc
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
	if a.Missing > 0 {
		fmt.Fprintf(&b, "    %d articles have no result\n", a.Missing)
	}
	return b.String()
}
