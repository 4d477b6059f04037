package pdftext

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzRead feeds PDFium untrusted bytes: it must never panic or hang, an error must be one
// of ours or a wrapped one, and a document must be as long as it says.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"report.pdf", "brief.pdf", "encrypted.pdf", "scanned.pdf"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF"))
	f.Add([]byte("%PDF-"))
	r := New(Config{Timeout: 10 * time.Second, MaxPages: 20, CacheDir: testCache})
	f.Cleanup(func() { _ = r.Close() })
	// Start PDFium before the first input: its start takes seconds, which the fuzzing
	// engine would take for a hang.
	if _, err := r.Read(f.Context(), readFixture(f, "brief.pdf")); err != nil {
		f.Fatalf("warm up: %v", err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := r.Read(t.Context(), body)
		if err != nil {
			if errors.Is(err, ErrMalformed) || errors.Is(err, ErrEncrypted) || errors.Is(err, ErrImageOnly) ||
				errors.Is(err, ErrNoText) || errors.Is(err, ErrTooLarge) || strings.HasPrefix(err.Error(), "pdftext: ") {
				return
			}
			t.Fatalf("Read: unexpected error %v", err)
		}
		if len(d.Pages) > d.PageCount || len(d.Pages) > 20 || d.Truncated != (d.PageCount > len(d.Pages)) {
			t.Fatalf("Read = %d pages of %d (truncated %v)", len(d.Pages), d.PageCount, d.Truncated)
		}
		for i, p := range d.Pages {
			if strings.ContainsAny(p, "\r\x00\x02") {
				t.Fatalf("page %d keeps control characters: %q", i+1, p)
			}
		}
	})
}
