package checker

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
)

// BenchmarkSaveCaptures stores one article's evidence index and the article, as an
// audit with evidence does: 7 fetches of a response and a fetch record each, each
// indexed as it is recorded, then the article. per-fetch commits each fetch's captures
// on their own (the index before batching); batched holds them and commits them with
// the article.
func BenchmarkSaveCaptures(b *testing.B) {
	const fetches = 7
	for _, bc := range []struct {
		name  string
		index func(db *store.Store) crawler.Index
		save  func(idx crawler.Index, rec *store.Check, save func() error) error
	}{
		{"per-fetch", func(db *store.Store) crawler.Index { return captureIndex{db: db} },
			func(_ crawler.Index, _ *store.Check, save func() error) error { return save() }},
		{"batched", func(db *store.Store) crawler.Index { return testCaptureBatch(b, db) },
			func(idx crawler.Index, rec *store.Check, save func() error) error {
				return idx.(*captureBatch).with(rec, save)
			}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := b.Context()
			db, err := store.Open(ctx, filepath.Join(b.TempDir(), "b.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			runID, err := db.StartRun(ctx, store.KindCheck, "bench", "{}")
			if err != nil {
				b.Fatal(err)
			}
			idx := bc.index(db)
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				for f := range fetches {
					u := fmt.Sprintf("https://site.example/%d/%d", n, f)
					caps := []crawler.Capture{
						capture(u, crawler.CaptureResponse, fmt.Sprintf("<urn:uuid:%d-%d-r>", n, f), 0),
						capture(u, crawler.CaptureFetch, fmt.Sprintf("<urn:uuid:%d-%d-f>", n, f), 0),
					}
					if _, _, err := idx.LatestCapture(ctx, u, crawler.CaptureFetch); err != nil {
						b.Fatal(err)
					}
					if err := idx.AddCaptures(ctx, caps); err != nil {
						b.Fatal(err)
					}
				}
				rec := &store.Check{URL: fmt.Sprintf("https://site.example/%d", n), Fetch: -1, CheckedAt: capturedAt}
				if err := bc.save(idx, rec, func() error {
					_, err := db.SaveCheck(ctx, runID, rec)
					return err
				}); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}
