package pdftext

import "testing"

// BenchmarkRead measures reading a PDF once PDFium has started (the start, a one-off
// compile of the WebAssembly module, is outside the loop).
func BenchmarkRead(b *testing.B) {
	for _, name := range []string{"report.pdf", "brief.pdf"} {
		body := readFixture(b, name)
		b.Run(name, func(b *testing.B) {
			r := New(Config{CacheDir: testCache})
			b.Cleanup(func() { _ = r.Close() })
			if _, err := r.Read(b.Context(), body); err != nil {
				b.Fatalf("Read: %v", err)
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Read(b.Context(), body); err != nil {
					b.Fatalf("Read: %v", err)
				}
			}
		})
	}
}

// BenchmarkStart measures the one-off start of PDFium, what the first PDF of a process
// pays: cold compiles the WebAssembly module, cached loads it from a compilation cache.
func BenchmarkStart(b *testing.B) {
	body := readFixture(b, "brief.pdf")
	for _, tc := range []struct{ name, dir string }{{"cold", ""}, {"cached", testCache}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				r := New(Config{CacheDir: tc.dir})
				if _, err := r.Read(b.Context(), body); err != nil {
					b.Fatalf("Read: %v", err)
				}
				_ = r.Close()
			}
		})
	}
}
