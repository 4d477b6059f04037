package extract

import (
	"testing"
)

// BenchmarkAttribution measures finding attributions and quotes with their speakers (the
// work after main-text extraction) on the real pages of the extraction benchmark: all of
// them, parsed once, per iteration.
func BenchmarkAttribution(b *testing.B) {
	var arts []*Article
	for _, p := range loadBench(b) {
		if a, err := p.parse(); err == nil {
			arts = append(arts, a)
		}
	}
	b.Run("attributions", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, a := range arts {
				a.Attributions = findAttributions(a)
			}
		}
	})
	b.Run("quotes", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, a := range arts {
				a.Quotes = findQuotes(a)
			}
		}
	})
}
