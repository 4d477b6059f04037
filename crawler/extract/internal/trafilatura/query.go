package trafilatura

// ADDED (provcheck): the metadata's selector queries over the whole page as plain walks.
// dom.QuerySelectorAll parses its selector on every call and runs cascadia's general
// matcher on every element; these give the same elements in the same order
// (TestQueriesSameAsCascadia, FuzzQueries).

import (
	"strings"

	"golang.org/x/net/html"
)

// headMetas is dom.QuerySelectorAll(doc, "head meta[content]").
func headMetas(doc *html.Node) []*html.Node {
	// cascadia's descendant test looks at every ancestor of an element, doc's own too.
	inHead := false
	for p := doc; p != nil; p = p.Parent {
		inHead = inHead || isElement(p, "head")
	}
	var out []*html.Node
	var visit func(n *html.Node, inHead bool)
	visit = func(n *html.Node, inHead bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if inHead && isElement(c, "meta") && hasAttrWhere(c, "content", func(string) bool { return true }) {
				out = append(out, c)
			}
			visit(c, inHead || isElement(c, "head"))
		}
	}
	visit(doc, inHead)
	return out
}

// ogMetas is dom.QuerySelectorAll(doc, `meta[property^="og:"]`).
func ogMetas(doc *html.Node) []*html.Node {
	return elementsWhere(doc, func(n *html.Node) bool {
		return isElement(n, "meta") && hasAttrWhere(n, "property", func(v string) bool { return strings.HasPrefix(v, "og:") })
	})
}

// jsonScripts is dom.QuerySelectorAll(doc, `script[type="application/ld+json"]`) followed
// by dom.QuerySelectorAll(doc, `script[type="application/settings+json"]`), in one walk.
func jsonScripts(doc *html.Node) []*html.Node {
	var ld, settings []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if isElement(c, "script") {
				if hasAttrWhere(c, "type", func(v string) bool { return v == "application/ld+json" }) {
					ld = append(ld, c)
				}
				if hasAttrWhere(c, "type", func(v string) bool { return v == "application/settings+json" }) {
					settings = append(settings, c)
				}
			}
			visit(c)
		}
	}
	visit(doc)
	return append(ld, settings...)
}

// elementsWhere returns the nodes under root (root left out) that match, in document order,
// as cascadia.QueryAll does.
func elementsWhere(root *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if match(c) {
				out = append(out, c)
			}
			visit(c)
		}
	}
	visit(root)
	return out
}

// isElement is cascadia's type selector: an element of that name.
func isElement(n *html.Node, tag string) bool { return n.Type == html.ElementNode && n.Data == tag }

// hasAttrWhere is cascadia's attribute test: an element with an attribute of that name
// whose value ok accepts (any of them, when the name repeats).
func hasAttrWhere(n *html.Node, key string, ok func(string) bool) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key && ok(a.Val) {
			return true
		}
	}
	return false
}
