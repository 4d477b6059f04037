// Package fallback holds the external extractors that go-trafilatura compares its own
// extraction with when EnableFallback is set (go-readability, then go-domdistiller), as
// upstream runs them. Only evaluations import it: provcheck never falls back, so its binary
// does not link them.
package fallback

import (
	"github.com/go-shiori/dom"
	"github.com/go-shiori/go-readability"
	distiller "github.com/markusmobius/go-domdistiller"
	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura"
)

// Extractors are go-readability's and go-domdistiller's extractions of a page.
func Extractors() trafilatura.ExternalExtractors {
	return trafilatura.ExternalExtractors{
		Readability: func(doc *html.Node, opts trafilatura.Options) *html.Node {
			result, _ := readability.FromDocument(doc, opts.OriginalURL)
			return result.Node
		},
		Distiller: func(doc *html.Node, opts trafilatura.Options) *html.Node {
			result, _ := distiller.Apply(dom.Clone(doc, true), &distiller.Options{
				OriginalURL: opts.OriginalURL, SkipPagination: true})
			if result == nil {
				return nil
			}
			return result.Node
		},
	}
}
