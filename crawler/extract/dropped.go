package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// go-trafilatura drops many embedded posts (a tweet quoted in the body as its
// <blockquote class="twitter-tweet">), yet the words of an embedded post are among the
// things a checker must compare. droppedEmbeds finds, in the original page, the embedded
// posts the extracted text lacks, with the paragraph each follows; the text writer puts
// each back after that paragraph.

// droppedEmbed is an embedded post missing from the extracted text.
type droppedEmbed struct {
	node  *html.Node
	embed Embed
	after string // the collapsed text of the paragraph it follows in the page
}

// minAnchorParagraph is the least length (bytes) of a paragraph that places a dropped post:
// shorter ones are too common to place anything.
const minAnchorParagraph = 40

func droppedEmbeds(doc *html.Node, base *url.URL, found placedParas) []droppedEmbed {
	flat := found.flat
	var out []droppedEmbed
	// The last paragraph of the extracted text seen, in document order: a dropped post is
	// put back after it when it lies in the same container (a page's widget in the footer
	// is no part of the body).
	last, lastBox := "", (*html.Node)(nil)
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch tagOf(n) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.P:
				if t, ok := found.text[n]; ok {
					last, lastBox = t, n.Parent
				}
				return
			case atom.Blockquote:
				if kind := embedKind(n); kind != "" {
					e := parseEmbed(n, kind, base)
					if last != "" && isAncestor(lastBox, n) && e.Text != "" && !strings.Contains(flat, prefix(e.Text, 60)) {
						out = append(out, droppedEmbed{node: n, embed: e, after: last})
					}
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return out
}

// restoreEmbeds writes, after the paragraph just ended, the dropped posts that follow it
// in the page.
func (w *textWriter) restoreEmbeds(para string) {
	if w.restoring || len(w.dropped) == 0 {
		return
	}
	w.restoring = true
	defer func() { w.restoring = false }()
	flat := fieldsJoined(para)
	for len(w.dropped) > 0 && strings.Contains(flat, w.dropped[0].after) {
		d := w.dropped[0]
		w.dropped = w.dropped[1:]
		w.embed(d.node, d.embed)
	}
}
