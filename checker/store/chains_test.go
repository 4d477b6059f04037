package store

import (
	"errors"
	"testing"
	"time"
)

func TestSaveChains(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run, err := s.StartRun(ctx, KindCheck, "x", "{}")
	if err != nil {
		t.Fatal(err)
	}
	c := &Check{
		URL: "https://a.example/", Fetch: -1, CheckedAt: time.Now(),
		Fetches: []Fetch{{RequestURL: "https://b.example/", FinalURL: "https://b.example/", Status: 200, Body: []byte("b"), FetchedAt: time.Now()},
			{RequestURL: "https://c.example/", FinalURL: "https://c.example/", Status: 200, Body: []byte("c"), FetchedAt: time.Now()}},
		Quotes: []Quote{{Index: 0, Text: "q", Verdict: "verified"}},
		Chains: []Chain{{Quote: 0, Text: "q", Speaker: "S", Stop: "loop", Reason: "loop: c cites b", Hops: []ChainHop{
			{URL: "https://b.example/", Fetch: 0, Verdict: "verified", Similarity: 1, Passage: "q", Class: "news"},
			{URL: "https://c.example/", Fetch: 1, Verdict: "altered", Similarity: 0.7, Passage: "q'", Class: "wire"},
		}}},
	}
	id, err := s.SaveCheck(ctx, run, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Chains(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Hops) != 2 || got[0].Stop != "loop" || got[0].Hops[1].URL != "https://c.example/" || got[0].Hops[1].Class != "wire" {
		t.Errorf("Chains = %+v", got)
	}
	// A hop's fetch is stored with the run, so a resumed audit reads it back.
	if f, ok, err := s.RunFetch(ctx, run, "https://c.example/"); err != nil || !ok || string(f.Body) != "c" {
		t.Errorf("RunFetch(hop 2) = %q, %v, %v; want its body", f.Body, ok, err)
	}

	// A bad hop reference fails the whole check: nothing of it is written.
	bad := *c
	bad.URL = "https://bad.example/"
	bad.Chains = []Chain{{Quote: 0, Stop: "loop", Hops: []ChainHop{{URL: "x", Fetch: 7}}}}
	if _, err := s.SaveCheck(ctx, run, &bad); !errors.Is(err, ErrInvalid) {
		t.Fatalf("SaveCheck(bad hop) error = %v, want ErrInvalid", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE url = ?`, bad.URL).Scan(&n); err != nil || n != 0 {
		t.Errorf("articles of the failed check = %d (%v), want 0", n, err)
	}
}
