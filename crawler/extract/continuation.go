package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Many sites cut an article's body into several sibling containers of the same kind, with
// advertisements or a rail between them (<div class="article__body">…</div><div
// class="ad">…</div><div class="article__body">…</div>). go-trafilatura keeps the container
// it scored best and drops the others, so half an article goes missing. continuations
// finds, in the original document, the other containers that share the tag and class of
// the one the extracted paragraphs came from and carry paragraphs the extraction lacks.

// minContinuationText is the least paragraph text (bytes) a continuation must carry: a
// container of that kind holding only a caption or a button is not a part of the body.
const minContinuationText = 400

// minContinuationParagraph is the least mean length (bytes) of a continuation's
// paragraphs: notices and menus come in short lines, prose does not.
const minContinuationParagraph = 80

// maxContinuationLinkShare is the most of a continuation's text that may sit inside links:
// more than that is a list of teasers, not prose.
const maxContinuationLinkShare = 0.3

// continuations returns the containers of the article body that come before and after the
// one the extracted text was taken from (found, the paragraphs of the page the extracted
// text holds), in document order; both are empty when the body is not split or the
// extracted text cannot be placed in the document.
func continuations(doc *html.Node, found placedParas) (before, after []*html.Node) {
	if found.flat == "" {
		return nil, nil
	}
	flat := found.flat

	// The container the extraction drew on: the parent shared by most of the paragraphs
	// found in the extracted text.
	votes := map[*html.Node]int{}
	var home *html.Node
	for _, p := range found.nodes {
		c := p.Parent
		if c == nil || c.Type != html.ElementNode {
			continue
		}
		votes[c]++
		if home == nil || votes[c] > votes[home] {
			home = c
		}
	}
	if home == nil || strings.TrimSpace(attr(home, "class")) == "" {
		return nil, nil
	}
	class := fieldsJoined(attr(home, "class"))
	homeAncestry := ancestry(home)
	passed := false // whether the walk, in document order, has passed home
	var walkSame func(n *html.Node)
	walkSame = func(n *html.Node) {
		if n == home {
			passed = true
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == home.DataAtom && n.Data == home.Data &&
			fieldsJoined(attr(n, "class")) == class && !isAncestor(n, home) &&
			ancestry(n) == homeAncestry {
			if continuationUsable(n, flat) {
				if !passed {
					before = append(before, n)
				} else {
					after = append(after, n)
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walkSame(c)
		}
	}
	walkSame(doc)
	return before, after
}

// continuationUsable reports whether a container carries prose of its own: enough
// paragraph text, none of it already extracted, and few links.
func continuationUsable(n *html.Node, flat string) bool {
	var text, linked, paras int
	fresh := true
	for _, b := range bodyBlocks(n) {
		t := spacedText(b)
		if len(t) >= 40 && strings.Contains(flat, t) {
			fresh = false
		}
		if tagOf(b) == atom.P {
			text += len(t)
			linked += linkTextLen(b)
			paras++
		}
	}
	return fresh && text >= minContinuationText && text >= minContinuationParagraph*paras &&
		float64(linked) <= maxContinuationLinkShare*float64(text)
}

// bodyBlocks returns the outermost paragraphs, headings, lists, quotations and tables
// under n, in order: the parts of a body container that are text, without the
// advertisement slots, widgets, navigation, headers and footers between them.
func bodyBlocks(n *html.Node) []*html.Node {
	var out []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch tagOf(c) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Aside, atom.Nav,
				atom.Header, atom.Footer, atom.Form, atom.Button, atom.Iframe, atom.Svg:
				continue
			case atom.P, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Ul, atom.Ol, atom.Pre, atom.Table:
				out = append(out, c)
				continue
			case atom.Div:
				if phrasingOnly(c) { // a paragraph written as a <div>
					out = append(out, c)
					continue
				}
			}
			visit(c)
		}
	}
	visit(n)
	return out
}

// linkTextLen is the length of the collapsed text inside links under n.
func linkTextLen(n *html.Node) int {
	if n.Type == html.ElementNode && tagOf(n) == atom.A {
		return len(nodeText(n))
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += linkTextLen(c)
	}
	return total
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// ancestry is the chain of tag names and classes from n's parent up to the root: the
// containers of one body share it, a footer or a sidebar that happens to reuse a class
// name does not.
func ancestry(n *html.Node) string {
	var b strings.Builder
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		b.WriteString(p.Data)
		b.WriteByte('.')
		b.WriteString(strings.Join(strings.Fields(attr(p, "class")), "."))
		b.WriteByte('<')
	}
	return b.String()
}

// placedParas are the page's <p> elements (outside scripts, styles and templates) whose
// text, at least minAnchorParagraph bytes of it, the extracted text holds: in document
// order, with their texts. Continuations and dropped embeds both place themselves by them.
type placedParas struct {
	flat  string // the extracted text, whitespace collapsed
	nodes []*html.Node
	text  map[*html.Node]string
}

func findPlacedParas(doc *html.Node, extracted string) placedParas {
	found := placedParas{flat: fieldsJoined(extracted), text: map[*html.Node]string{}}
	if found.flat == "" {
		return found
	}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch tagOf(n) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			case atom.P:
				if t := spacedText(n); len(t) >= minAnchorParagraph && strings.Contains(found.flat, t) {
					found.nodes = append(found.nodes, n)
					found.text[n] = t
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return found
}
