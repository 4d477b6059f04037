package readcopy

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/internal/fixturepages"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/render"
)

// TestReadersAgree holds every reader of a stored page to the same answer for the copy as
// for the page: extraction (the whole Article, marks included) and the browser decision.
// It reads the demo pages, the end-to-end fixtures and, when they are beside the
// repository, the 90 real news pages of the extraction benchmark.
func TestReadersAgree(t *testing.T) {
	pages := fixturepages.Load(t, filepath.Join("..", ".."))
	if len(pages) < 5 {
		t.Fatalf("only %d fixture pages found", len(pages))
	}
	// Each page also without its src attributes, as the bench web serves it: no external
	// script is left, so the inline ones the browser decision counts must stay.
	fixturepages.WithoutSrc(pages)
	// Under a content type that names the charset, and under one that does not, where the
	// page's <meta charset> or its bytes decide.
	for _, ct := range []string{"text/html; charset=utf-8", "text/html"} {
		var before, after, whole int
		for name, body := range pages {
			cp := ForPage(ct, body)
			before, after = before+len(body), after+len(cp)
			if len(cp) == len(body) {
				whole++
			}
			u := "https://news.example/" + filepath.Base(name)
			pg := func(b []byte) *page.Page {
				return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: ct, Body: b}
			}
			want, werr := extract.Parse(pg(body))
			got, gerr := extract.Parse(pg(cp))
			if (werr == nil) != (gerr == nil) {
				t.Errorf("%s (%s): parse error %v on the page, %v on the copy", name, ct, werr, gerr)
				continue
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s (%s): the copy parses differently:\npage %+v\ncopy %+v", name, ct, want, got)
			}
			for _, n := range []int{0, 100, 10_000} {
				if w, g := render.NeedsBrowser(body, n, 200), render.NeedsBrowser(cp, n, 200); w != g {
					t.Errorf("%s: NeedsBrowser(text %d) %v on the page, %v on the copy", name, n, w, g)
				}
			}
			if !bytes.Equal(ForPage(ct, cp), cp) {
				t.Errorf("%s (%s): the copy of the copy differs", name, ct)
			}
		}
		t.Logf("%s: %d pages, %d bytes, copies %d bytes (%.0f%%), %d kept whole", ct, len(pages), before, after, 100*float64(after)/float64(before), whole)
	}
}

// TestForPage: a body is stored as its copy only when extraction reads the copy as it
// reads the page.
func TestForPage(t *testing.T) {
	comment := "<!-- " + strings.Repeat("x", 1100) + " -->"
	tests := []struct {
		name, ct, body string
		copied         bool
	}{
		{"html", "text/html", "<p>a</p><script>b()</script>", true},
		{"html sniffed without a type", "", "<html><p>a</p><script>b()</script>", true},
		{"a PDF labelled html", "text/html", "%PDF-1.4\n<!-- --><script>x</script>", false},
		{"JSON", "application/json", `{"html": "<p>a</p><!-- -->"}`, false},
		{"a meta charset the copy would bring into the first 1,024 bytes", "text/html",
			"<html><head>" + comment + "<meta charset=\"koi8-r\"></head><p>caf\xe9</p>", false},
		{"invalid UTF-8 only inside a script", "text/html", "<p>caf\xc3\xa9</p><script>\xff</script>", false},
		{"nothing to leave out", "text/html", "<p>a</p>", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ForPage(tt.ct, []byte(tt.body))
			if copied := string(got) != tt.body; copied != tt.copied {
				t.Errorf("ForPage(%q) = %q: copied %v, want %v", tt.ct, got, copied, tt.copied)
			}
		})
	}
}

func FuzzOf(f *testing.F) {
	for _, s := range []string{
		"<p>a<!-- c -->b</p>", `<script src=x></script><script>y</script>`, "<style>a</style>",
		"<script type=application/ld+json>{}</script>", "<svg><script>x</script></svg>", "<script/>a",
		"<!--", "<scr", "<title><script></title>", "\x00<script>\x00</script>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		cp := Of(body)
		if len(cp) > len(body) {
			t.Fatalf("copy longer than the page: %d > %d", len(cp), len(body))
		}
		if !bytes.Equal(Of(cp), cp) {
			t.Fatalf("not idempotent: %q -> %q -> %q", body, cp, Of(cp))
		}
		for _, n := range []int{0, 10_000} {
			if render.NeedsBrowser(body, n, 200) != render.NeedsBrowser(cp, n, 200) {
				t.Fatalf("browser decision differs for %q (copy %q)", body, cp)
			}
		}
	})
}
