package textmatch_test

import (
	"fmt"

	"github.com/provcheck/provcheck/rules/textmatch"
)

func ExampleCompare() {
	d := textmatch.NewDoc("At the end of this reshaping of global relations we, together with you, and with our sympathisers will move towards a multipolar, just, democratic world order, Lavrov said.")
	m := textmatch.Compare("“a multipolar, fair, and democratic world order”", d)
	fmt.Printf("%s %.2f %q\n", m.Verdict, m.Similarity, m.Passage)
	for _, op := range m.Ops {
		if op.Kind != textmatch.OpEqual {
			fmt.Printf("%s %q -> %q\n", op.Kind, op.Original, op.Quote)
		}
	}
	// Output:
	// altered 0.71 "a multipolar, just, democratic world order"
	// substitute "just" -> "fair"
	// insert "" -> "and"
}

func ExampleIndex_Lookup() {
	ix := textmatch.NewIndex()
	ix.Add("https://example.test/a", "The minister said the plan will go ahead, unless the courts block it.")
	ix.Add("https://example.test/b", "Nothing to see here.")
	for _, h := range ix.Lookup("the plan will go ahead", 5) {
		fmt.Println(h.ID, h.Match.Verdict, h.Match.Qualifier)
	}
	// Output:
	// https://example.test/a truncated unless the courts block it.
}

func ExampleSimilarity() {
	s, _ := textmatch.Similarity("we do not accept", "we don't accept")
	fmt.Printf("%.2f\n", s)
	// Output:
	// 0.50
}
