package extract

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/page"
)

// pagesReader is a PDFReader that answers with fixed pages or a fixed error.
type pagesReader struct {
	doc *pdftext.Document
	err error
}

func (r pagesReader) Read(context.Context, []byte) (*pdftext.Document, error) { return r.doc, r.err }

func pdfPage(body []byte) *page.Page {
	return &page.Page{RequestURL: "https://ministry.example/plan.pdf", FinalURL: "https://ministry.example/plan.pdf",
		Status: 200, ContentType: "application/pdf", Body: body}
}

func TestParsePDF(t *testing.T) {
	body, err := os.ReadFile("../../testdata/e2e/pdf/report.pdf")
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	r := pdftext.New(pdftext.Config{})
	t.Cleanup(func() { _ = r.Close() })
	a, err := Options{PDF: r}.Parse(pdfPage(body))
	if err != nil {
		t.Fatalf("Parse(report.pdf): %v", err)
	}
	if a.Title != "National Water Plan 2024-2034" || len(a.Pages) != 4 {
		t.Errorf("Parse(report.pdf) title %q, %d pages; want the PDF's title and 4 pages", a.Title, len(a.Pages))
	}
	quote := "We are entering a decade of careful and patient investment in clean water, and we will not cut corners to finish sooner."
	at := strings.Index(a.Text, quote)
	if at < 0 {
		t.Fatalf("Text lacks the page-3 quote on one line:\n%s", a.Text)
	}
	if got := a.PageAt(at); got != 3 {
		t.Errorf("PageAt(quote) = %d, want 3", got)
	}
	found := false
	for _, q := range a.Quotes {
		found = found || q.Text == quote
	}
	if !found {
		t.Errorf("Quotes = %+v, want the minister's words", a.Quotes)
	}
	for i, p := range a.Paragraphs {
		if i > 0 && p.Start < a.Paragraphs[i-1].End || p.End > len(a.Text) {
			t.Fatalf("paragraph %d = %+v out of order or range", i, p)
		}
	}
	if !strings.HasPrefix(a.Text[a.Pages[2].Start:], "3. The minister's statement") {
		t.Errorf("page 3 starts %q", a.Text[a.Pages[2].Start:min(len(a.Text), a.Pages[2].Start+40)])
	}
}

func TestParsePDFErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		pg   *page.Page
		want error
	}{
		{"no reader", Options{}, pdfPage([]byte("%PDF-1.7\n")), ErrNotHTML},
		{"image only", Options{PDF: pagesReader{err: pdftext.ErrImageOnly}}, pdfPage([]byte("%PDF-1.7\n")), pdftext.ErrImageOnly},
		{"encrypted", Options{PDF: pagesReader{err: pdftext.ErrEncrypted}}, pdfPage([]byte("%PDF-1.7\n")), pdftext.ErrEncrypted},
		{"blank pages", Options{PDF: pagesReader{doc: &pdftext.Document{Pages: []string{" ", "\n"}, PageCount: 2}}}, pdfPage([]byte("%PDF-1.7\n")), pdftext.ErrNoText},
		{"cut", Options{PDF: pagesReader{doc: &pdftext.Document{Pages: []string{"text"}, PageCount: 1}}},
			&page.Page{RequestURL: "https://x.example/a.pdf", Status: 200, ContentType: "application/pdf", Body: []byte("%PDF-1.7\n"), Truncated: true}, ErrPDFCut},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.opts.Parse(tc.pg)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse error = %v, want %v", err, tc.want)
			}
			var pe *PDFError
			if tc.want != ErrNotHTML && !errors.As(err, &pe) {
				t.Errorf("Parse error %v is no *PDFError", err)
			}
		})
	}
}

func TestPDFParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"heading and body", "1. Title\nthe first line of a paragraph that runs to the margin\nand its last line.\nA new paragraph that also runs all the way to margin\nends here.",
			[]string{"1. Title", "the first line of a paragraph that runs to the margin and its last line.", "A new paragraph that also runs all the way to margin ends here."}},
		{"blank line", "one\n\ntwo", []string{"one", "two"}},
		{"empty", " \n ", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := pdfParagraphs(tc.in)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("pdfParagraphs(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPageAt(t *testing.T) {
	a := &Article{Text: "aaaa\n\nbbbb", Pages: []Span{{0, 4}, {6, 10}}}
	for _, tc := range []struct{ off, want int }{{0, 1}, {3, 1}, {5, 0}, {6, 2}, {10, 2}, {11, 0}} {
		if got := a.PageAt(tc.off); got != tc.want {
			t.Errorf("PageAt(%d) = %d, want %d", tc.off, got, tc.want)
		}
	}
	if got := (&Article{Text: "html"}).PageAt(0); got != 0 {
		t.Errorf("PageAt on HTML = %d, want 0", got)
	}
}
