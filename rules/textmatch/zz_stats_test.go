package textmatch

import (
	"fmt"
	"testing"
)

var statHook func(terms []lookupTerm, ncands, nkept, evaluated int)

func TestZZStats(t *testing.T) {
	texts := archive(2000)
	ix := NewIndex()
	for i, tx := range texts {
		ix.Add(fmt.Sprint("doc", i), tx)
	}
	quotes := benchQuotes(texts[:50], 2, 11)
	statHook = func(terms []lookupTerm, ncands, nkept, evaluated int) {
		s := ""
		for _, tm := range terms {
			s += fmt.Sprintf(" %d", len(tm.pos))
		}
		t.Logf("terms%s | cands %d kept %d eval %d", s, ncands, nkept, evaluated)
	}
	for _, q := range quotes {
		t.Logf("%s %q", q.kind, q.text)
		ix.Lookup(q.text, 5)
	}
}
