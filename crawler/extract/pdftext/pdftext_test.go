package pdftext

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixtures holds PDFs written by real PDF writers (LibreOffice, groff's gropdf, img2pdf,
// qpdf); testdata/e2e/pdf/README.md says how each was made.
const fixtures = "../../../testdata/e2e/pdf"

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return b
}

func TestRead(t *testing.T) {
	r := New(Config{CacheDir: testCache})
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	tests := []struct {
		name  string
		file  string
		pages int
		// want maps a page number to words that page must carry (after joining lines).
		want    map[int]string
		wantErr error
	}{
		{name: "libreoffice", file: "report.pdf", pages: 4, want: map[int]string{
			1: "National Water Plan 2024–2034",
			3: "“We are entering a decade of careful and patient investment in clean water, and we will not cut corners to finish sooner.”",
			4: "answer them in writing within five working days.",
		}},
		{name: "groff", file: "brief.pdf", pages: 3, want: map[int]string{
			1: "stood at forty centimetres below their seasonal average at the end of February",
			2: "the coming months will decide whether restrictions are needed in the north, and we will publish",
		}},
		{name: "encrypted", file: "encrypted.pdf", wantErr: ErrEncrypted},
		{name: "scanned", file: "scanned.pdf", wantErr: ErrImageOnly},
		{name: "not a pdf", file: "report.html", wantErr: ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := r.Read(t.Context(), readFixture(t, tc.file))
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("Read(%s) error = %v, want %v", tc.file, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Read(%s): %v", tc.file, err)
			}
			if d.PageCount != tc.pages || len(d.Pages) != tc.pages || d.Truncated {
				t.Fatalf("Read(%s) = %d pages of %d (truncated %v), want %d", tc.file, len(d.Pages), d.PageCount, d.Truncated, tc.pages)
			}
			for n, words := range tc.want {
				got := strings.Join(strings.Fields(d.Pages[n-1]), " ")
				if !strings.Contains(got, words) {
					t.Errorf("page %d = %q, want it to hold %q", n, got, words)
				}
				for other := range d.Pages {
					if other != n-1 && strings.Contains(strings.Join(strings.Fields(d.Pages[other]), " "), words) {
						t.Errorf("page %d also holds %q, want only page %d", other+1, words, n)
					}
				}
			}
		})
	}
}

func TestReadCaps(t *testing.T) {
	report := readFixture(t, "report.pdf")
	t.Run("pages", func(t *testing.T) {
		r := New(Config{MaxPages: 2, CacheDir: testCache})
		t.Cleanup(func() { _ = r.Close() })
		d, err := r.Read(t.Context(), report)
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		if len(d.Pages) != 2 || d.PageCount != 4 || !d.Truncated {
			t.Errorf("Read with MaxPages 2 = %d pages of %d (truncated %v), want 2 of 4, truncated", len(d.Pages), d.PageCount, d.Truncated)
		}
	})
	t.Run("bytes", func(t *testing.T) {
		r := New(Config{MaxBytes: len(report) - 1})
		t.Cleanup(func() { _ = r.Close() })
		if _, err := r.Read(t.Context(), report); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Read of %d bytes with cap %d: error = %v, want ErrTooLarge", len(report), len(report)-1, err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		r := New(Config{Timeout: time.Nanosecond, CacheDir: testCache})
		t.Cleanup(func() { _ = r.Close() })
		if _, err := r.Read(t.Context(), report); err == nil {
			t.Errorf("Read with a 1ns timeout succeeded, want a deadline error")
		}
	})
	t.Run("closed", func(t *testing.T) {
		r := New(Config{CacheDir: testCache})
		if err := r.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		if _, err := r.Read(t.Context(), report); err == nil {
			t.Errorf("Read after Close succeeded")
		}
	})
}

func TestSniff(t *testing.T) {
	tests := []struct {
		ct   string
		body string
		want bool
	}{
		{"application/pdf", "%PDF-1.7\n", true},
		{"application/octet-stream", "%PDF-1.4\n", true},
		{"application/pdf", "junk before it %PDF-1.4\n", true},
		{"text/html", "junk before it %PDF-1.4\n", false},
		{"application/pdf; charset=binary", "<html><body>Not found</body></html>", false},
		{"", "\n\n%PDF-1.4", true},
		{"text/html", "<html><body>PDF</body></html>", false},
		{"", "plain text", false},
	}
	for _, tc := range tests {
		if got := Sniff(tc.ct, []byte(tc.body)); got != tc.want {
			t.Errorf("Sniff(%q, %q) = %v, want %v", tc.ct, tc.body, got, tc.want)
		}
	}
}

func TestCleanPage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"one\r\ntwo", "one\ntwo"},
		{"invest\u0002\r\nment", "investment"},
		{"a\x00b\x07c", "abc"},
	}
	for _, tc := range tests {
		if got := cleanPage(tc.in); got != tc.want {
			t.Errorf("cleanPage(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
