package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura"
)

// When its own extraction finds too little text (a short news item, a page of few
// paragraphs), go-trafilatura falls back to a baseline that returns the whole text of the
// page's <article> element as one paragraph: navigation menu, share buttons and all, with
// no space between the items. rescuedArticle recognises that result, and the text writer
// then reads the <article> itself, block by block, leaving out navigation, headers,
// footers, forms and blocks made mostly of links.

// maxProseLinkShare is the most of a block's text that may sit inside links when the
// article is read without the extractor: a menu is nearly all links.
const maxProseLinkShare = 0.5

// rescuedArticle returns the <article> element when the extracted tree is the baseline's:
// one paragraph of bare text that is the element's whole text.
func rescuedArticle(doc, content *html.Node, extracted string) *html.Node {
	var only *html.Node
	for c := content.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if only != nil {
				return nil
			}
			only = c
		}
	}
	if only == nil || tagOf(only) != atom.P || hasInline(only) {
		return nil
	}
	art := firstElement(doc, atom.Article)
	if art == nil {
		return nil
	}
	got := squash(extracted)
	if got == "" || got != squash(trafilatura.BaselineText(art)) {
		return nil
	}
	return art
}

func firstElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && tagOf(n) == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := firstElement(c, a); f != nil {
			return f
		}
	}
	return nil
}

// walkProse writes the text blocks of an original element that are prose, not menus.
func (w *textWriter) walkProse(n *html.Node) {
	for _, b := range bodyBlocks(n) {
		t := len(nodeText(b))
		if t == 0 || float64(linkTextLen(b)) > maxProseLinkShare*float64(t) {
			continue
		}
		w.endParagraph()
		w.walk(b)
		w.endParagraph()
	}
}
