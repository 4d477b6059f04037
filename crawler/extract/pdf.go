package extract

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/page"
)

// PDFReader reads the text of a PDF, page by page; a *pdftext.Reader is one.
type PDFReader interface {
	Read(ctx context.Context, b []byte) (*pdftext.Document, error)
}

// PDFError says why a PDF gave no text: encrypted, image-only (a scan), cut by the
// download cap, malformed. Callers show it as the reason a PDF original was not compared.
type PDFError struct {
	Err error
}

func (e *PDFError) Error() string { return e.Err.Error() }

func (e *PDFError) Unwrap() error { return e.Err }

// parsePDF reads a PDF as an article: its pages' text, one paragraph per block of lines,
// with Article.Pages giving where each page lies in Text. A PDF has no links the checker
// follows, so Citations stays empty; quotes and attributions are found as in HTML.
func (o Options) parsePDF(p *page.Page) (*Article, error) {
	if o.PDF == nil {
		return nil, fmt.Errorf("parse %s: %w (a PDF, and PDF reading is off)", p.RequestURL, ErrNotHTML)
	}
	if p.Truncated {
		return nil, fmt.Errorf("parse %s: %w", p.RequestURL, &PDFError{Err: ErrPDFCut})
	}
	// Reading a PDF is CPU work bounded by the reader's own timeout, like HTML extraction;
	// there is no caller's context to pass on.
	d, err := o.PDF.Read(context.Background(), p.Body)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", p.RequestURL, &PDFError{Err: err})
	}
	a := &Article{
		Paragraphs: []Span{}, Sentences: []Span{}, Citations: []Citation{}, Quotes: []Quote{},
		Attributions: []Attribution{}, Embeds: []Embed{}, Pages: make([]Span, 0, len(d.Pages)),
		URL: p.RequestURL, FinalURL: p.FinalURL, Title: d.Title, Byline: cleanByline(d.Author),
	}
	var b strings.Builder
	for _, text := range d.Pages {
		pageStart := -1
		for _, para := range pdfParagraphs(text) {
			if b.Len() > 0 {
				b.WriteString("\n\n")
			}
			if pageStart < 0 {
				pageStart = b.Len()
			}
			start := b.Len()
			b.WriteString(para)
			a.Paragraphs = append(a.Paragraphs, Span{Start: start, End: b.Len()})
		}
		if pageStart < 0 {
			pageStart = b.Len()
		}
		a.Pages = append(a.Pages, Span{Start: pageStart, End: b.Len()})
	}
	a.Text = b.String()
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("parse %s: %w", p.RequestURL, &PDFError{Err: pdftext.ErrNoText})
	}
	if a.Title == "" && len(a.Paragraphs) > 0 {
		first := a.Text[a.Paragraphs[0].Start:a.Paragraphs[0].End]
		if utf8.RuneCountInString(first) <= 120 {
			a.Title = first
		}
	}
	a.Sentences = append(a.Sentences, splitSentences(a.Text, a.Paragraphs)...)
	a.Attributions = append(a.Attributions, findAttributions(a)...)
	a.Quotes = append(a.Quotes, findQuotes(a)...)
	return a, nil
}

// pdfParagraphs groups a page's lines into paragraphs. A PDF has lines, not paragraphs:
// a line clearly shorter than the page's full lines ends one (the last line of a
// paragraph, a heading), and a blank line always does. Lines are joined with a space.
func pdfParagraphs(text string) []string {
	lines := strings.Split(text, "\n")
	full := 0
	for i, l := range lines {
		lines[i] = strings.Join(strings.Fields(l), " ")
		full = max(full, utf8.RuneCountInString(lines[i]))
	}
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	for _, l := range lines {
		if l == "" {
			flush()
			continue
		}
		cur = append(cur, l)
		if utf8.RuneCountInString(l)*4 < full*3 {
			flush()
		}
	}
	flush()
	return out
}

// PageAt returns the page (from 1) of a PDF article that holds byte offset off of Text, 0
// for an article that is not a PDF or an offset outside every page.
func (a *Article) PageAt(off int) int {
	if a == nil {
		return 0
	}
	for i, s := range a.Pages {
		if off >= s.Start && off < s.End || off == s.End && s.End > s.Start && i == len(a.Pages)-1 {
			return i + 1
		}
	}
	return 0
}
