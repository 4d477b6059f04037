package extract

import (
	"fmt"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PageMarks is what a page's HTML says of itself, outside its main text: its title, its
// first heading, and a paywall overlay's class or id. The link rules read them to tell a
// missing page ("Page not found" in its title) or a paywalled one from an article. They
// are read from the parsed document before extraction changes it, so that the rules need
// not tokenise the page a second time.
type PageMarks struct {
	Title   string // the text of the first title element, spaces collapsed
	Heading string // the text of the first h1 that has any, spaces collapsed
	// Paywall names the first class or id attribute, in document order, holding a
	// paywall marker of PaywallClasses: `class="paywall"`; "" for none.
	Paywall string
}

// PaywallClasses are the class and id fragments of paywall overlays and locked articles.
var PaywallClasses = []string{
	"paywall", "regwall", "subscriber-only", "subscription-wall", "subscribe-wall",
	"meteredcontent", "metered-content", "premium-content", "article-locked", "piano-offer", "tp-modal",
}

// PaywallMarker returns the paywall marker in a class or id value, or "": the first of
// PaywallClasses the value holds, ignoring case.
func PaywallMarker(value string) string {
	// One pass over the value: where a byte can begin a marker, the markers that begin
	// with it are tried there (most values hold none of those bytes' markers).
	var found uint64
	for i := 0; i < len(value); i++ {
		c := value[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		for _, m := range paywallStarts[c] {
			// The second byte first: the first matches, and most places go no further.
			w := PaywallClasses[m]
			if len(value)-i >= len(w) && lowerASCII(value[i+1]) == w[1] && strings.EqualFold(value[i:i+len(w)], w) {
				found |= 1 << m
			}
		}
		if c >= 0x80 { // a letter outside ASCII may lower to one inside: the long way
			return paywallMarkerPlain(value)
		}
	}
	for m := range PaywallClasses {
		if found&(1<<m) != 0 {
			return PaywallClasses[m]
		}
	}
	return ""
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// paywallStarts lists, for each byte, the indexes in PaywallClasses of the markers that
// begin with it.
var paywallStarts = func() (t [256][]int) {
	for i, m := range PaywallClasses {
		t[m[0]] = append(t[m[0]], i)
	}
	return t
}()

// paywallMarkerPlain is PaywallMarker the plain way: the value lowered with Unicode's
// rules, then searched for each marker in turn. PaywallMarker takes it for a value with
// bytes outside ASCII.
func paywallMarkerPlain(value string) string {
	lv := strings.ToLower(value)
	for _, c := range PaywallClasses {
		if strings.Contains(lv, c) {
			return c
		}
	}
	return ""
}

// pageMarks reads the marks of a parsed document.
func pageMarks(doc *html.Node) *PageMarks {
	m := &PageMarks{}
	var title, heading strings.Builder
	titleDone, headingDone := false, false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if m.Paywall == "" {
				for _, at := range n.Attr {
					if at.Namespace == "" && (at.Key == "class" || at.Key == "id") {
						if c := PaywallMarker(at.Val); c != "" {
							m.Paywall = fmt.Sprintf("paywall marker %s=%q", at.Key, c)
							break
						}
					}
				}
			}
			switch {
			case n.DataAtom == atom.Title && n.Namespace == "" && !titleDone:
				titleDone = true
				visibleText(&title, n)
			case n.DataAtom == atom.H1 && n.Namespace == "" && !headingDone:
				visibleText(&heading, n)
				headingDone = strings.TrimSpace(heading.String()) != ""
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	m.Title = strings.Join(strings.Fields(title.String()), " ")
	m.Heading = strings.Join(strings.Fields(heading.String()), " ")
	return m
}

// visibleText writes the text under n, leaving out what a browser does not show as text
// (scripts, styles, noscript and template content, an SVG's title), a space after each
// text node.
func visibleText(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Title:
				continue // a title inside the body is an inline SVG's tooltip
			}
			visibleText(b, c)
		}
	}
}
