package textmatch

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestIndexLookup(t *testing.T) {
	ix := NewIndex()
	articles := map[string]string{
		"https://a.test/1": "Breaking news. " + lavrov + " Other things happened later.",
		"https://b.test/2": "Lavrov said the two countries will move towards a multipolar, fair, and democratic world order, according to reports.",
		"https://c.test/3": "The weather was fine and the markets were calm on Monday.",
		"https://d.test/4": strings.Repeat("Unrelated filler about gardening and tomatoes. ", 50) + "Lavrov: we will move towards a multipolar, just, democratic world order.",
	}
	for _, id := range []string{"https://a.test/1", "https://b.test/2", "https://c.test/3", "https://d.test/4"} {
		ix.Add(id, articles[id])
	}
	if ix.Len() != 4 {
		t.Fatalf("Len() = %d, want 4", ix.Len())
	}
	hits := ix.Lookup("will move towards a multipolar, just, democratic world order", 10)
	want := map[string]Verdict{"https://a.test/1": Verified, "https://d.test/4": Verified, "https://b.test/2": Altered}
	if len(hits) != len(want) {
		t.Fatalf("Lookup returned %d hits %+v, want %d", len(hits), hits, len(want))
	}
	for i, h := range hits {
		if v, ok := want[h.ID]; !ok || h.Match.Verdict != v {
			t.Errorf("Lookup hit %d = %s %v, want one of %v", i, h.ID, h.Match.Verdict, want)
		}
		text := articles[h.ID]
		if h.Match.Start < 0 || h.Match.End > len(text) || text[h.Match.Start:h.Match.End] != h.Match.Passage {
			t.Errorf("Lookup hit %s passage %q does not match text[%d:%d]", h.ID, h.Match.Passage, h.Match.Start, h.Match.End)
		}
		if i > 0 && hits[i-1].Match.Similarity < h.Match.Similarity {
			t.Errorf("Lookup hits not best first: %.2f before %.2f", hits[i-1].Match.Similarity, h.Match.Similarity)
		}
	}
	if got := ix.Lookup("will move towards a multipolar, just, democratic world order", 1); len(got) != 1 || got[0].Match.Verdict != Verified {
		t.Errorf("Lookup(limit 1) = %+v, want one verified hit", got)
	}
	if got := ix.Lookup("scientists found a frog in borneo", 10); len(got) != 0 {
		t.Errorf("Lookup(unrelated) = %+v, want no hits", got)
	}
	if got := ix.Lookup("", 10); got != nil {
		t.Errorf("Lookup(empty) = %+v, want nil", got)
	}
	got := ix.Lookup("At the end of this reshaping … will move towards a multipolar", 10)
	if len(got) == 0 || got[0].ID != "https://a.test/1" || got[0].Match.Verdict != Verified || got[0].Match.Gaps != 1 {
		t.Errorf("Lookup(ellipsis) = %+v, want a.test/1 first, verified with one gap", got)
	}
	if got := NewIndex().Lookup("anything", 3); got != nil {
		t.Errorf("empty Index Lookup = %+v, want nil", got)
	}
}

// TestIndexAgreesWithCompare checks, on generated articles, that Lookup finds the
// article each quote was taken from with the verdict Compare gives on the whole text.
func TestIndexAgreesWithCompare(t *testing.T) {
	texts := make([]string, 30)
	ix := NewIndex()
	for i := range texts {
		texts[i] = benchText(uint64(500+i), 2000)
		ix.Add(fmt.Sprint(i), texts[i])
	}
	for _, q := range benchQuotes(texts, 2, 3) {
		want := Compare(q.text, NewDoc(texts[q.doc]))
		hits := ix.Lookup(q.text, 3)
		var got *Hit
		for i := range hits {
			if hits[i].ID == fmt.Sprint(q.doc) {
				got = &hits[i]
			}
		}
		if want.Verdict == NotFound {
			if got != nil {
				t.Errorf("Lookup(%q) found doc %d (%v), Compare says not found", q.text, q.doc, got.Match.Verdict)
			}
			continue
		}
		if got == nil {
			t.Errorf("Lookup(%q) = %d hits without doc %d, want it (%v)", q.text, len(hits), q.doc, want.Verdict)
			continue
		}
		if got.Match.Verdict != want.Verdict || got.Match.Start != want.Start || got.Match.End != want.End {
			t.Errorf("Lookup(%q) doc %d = %v %d..%d, Compare = %v %d..%d", q.text, q.doc,
				got.Match.Verdict, got.Match.Start, got.Match.End, want.Verdict, want.Start, want.End)
		}
	}
}

// TestDecodePostings checks the posting decoder on small and large deltas, those of 32
// bits and more included (they only occur in archives of more than 4 GiB).
func TestDecodePostings(t *testing.T) {
	ix := NewIndex()
	deltas := []uint64{0, 1, 127, 128, 300, 16383, 1 << 20, 1<<32 - 2, 1<<32 - 1, 1 << 32,
		1<<35 + 3, 5, 1 << 42, 200, 3, 1<<14 + 7, 9}
	var p []uint32
	var want []int64
	var g int64
	for k := range 3 {
		for _, d := range deltas[k:] {
			p = appendDelta(p, d)
			g += int64(d)
			want = append(want, g)
		}
	}
	ix.post = [][]uint32{p}
	got := make([]int64, len(want))
	if n := ix.decodeInto(got, 0, 0); n != len(want) || !slices.Equal(got, want) {
		t.Errorf("decodeInto = %d %v, want %d %v", n, got[:n], len(want), want)
	}
	short := make([]int64, 4)
	if n := ix.decodeInto(short, 0, 10); n != 4 || short[3] != want[3]+10 {
		t.Errorf("decodeInto(4, +10) = %d %v, want 4 ending in %d", n, short, want[3]+10)
	}
}
