package textmatch

import "testing"

// TestIndexRank: between equally similar hits, the caller's Rank decides; without one,
// the texts' ids do.
func TestIndexRank(t *testing.T) {
	const quote = "we will build the new bridge over the river next year"
	ix := NewIndex()
	ix.Add("a", "The mayor said: we will build the new bridge over the river next year, unless the money runs out.")
	ix.Add("b", "The mayor said: we will build the new bridge over the river next year.")
	hits := ix.Lookup(quote, 2)
	if len(hits) != 2 || hits[0].Match.Similarity != hits[1].Match.Similarity || hits[0].Match.Verdict == hits[1].Match.Verdict {
		t.Fatalf("hits = %+v, want two equally similar hits with different verdicts", hits)
	}
	if hits[0].ID != "a" {
		t.Errorf("without Rank, first hit = %s, want a (id order)", hits[0].ID)
	}
	byVerdict := map[Verdict]string{hits[0].Match.Verdict: hits[0].ID, hits[1].Match.Verdict: hits[1].ID}
	for _, first := range []Verdict{hits[0].Match.Verdict, hits[1].Match.Verdict} {
		ix.Rank = func(v Verdict) int {
			if v == first {
				return 0
			}
			return 1
		}
		if got := ix.Lookup(quote, 2); got[0].ID != byVerdict[first] {
			t.Errorf("Rank putting %s first: first hit = %s (%s), want %s", first, got[0].ID, got[0].Match.Verdict, byVerdict[first])
		}
	}
}
