package rules

import (
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
)

// TestQuotePage checks that a quote found in a PDF original names the page that holds
// the passage, in the evidence and the message, and that an HTML original names none.
func TestQuotePage(t *testing.T) {
	const (
		page1 = "Ministry of Water. Statement to the press."
		page2 = "The minister said the plan would bring clean water to every town within ten years."
	)
	tests := []struct {
		name     string
		pdf      bool
		wantPage int
	}{
		{"pdf", true, 2},
		{"html", false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(`In a statement the minister said the plan would "bring clean water to every town within ten years".`)
			u := "https://ministry.example/plan.pdf"
			pg := &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.7")}
			if !tc.pdf {
				pg = ok(u)
			}
			f.cite("statement", u, pg, page1+"\n\n"+page2)
			if tc.pdf {
				f.orig[0].Article.Pages = []extract.Span{{Start: 0, End: len(page1)}, {Start: len(page1) + 2, End: len(page1) + 2 + len(page2)}}
			}
			f.quote("bring clean water to every town within ten years", "", 0)
			fs := only(f.run(t, Config{}), "quote.verified")
			if len(fs) != 1 {
				t.Fatalf("quote.verified findings = %+v, want 1", fs)
			}
			if fs[0].Evidence.Page != tc.wantPage {
				t.Errorf("evidence page = %d, want %d", fs[0].Evidence.Page, tc.wantPage)
			}
			if got := strings.Contains(fs[0].Message, "page 2"); got != tc.pdf {
				t.Errorf("message %q names page 2: %v, want %v", fs[0].Message, got, tc.pdf)
			}
		})
	}
}
