package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// absolutizeLinks resolves every relative href of the page's links against base, in place,
// before main-text extraction sees them. go-trafilatura makes links absolute by joining
// them to the page address as if it were a folder ("report.pdf" on /news/story.html gives
// /news/story.html/report.pdf), and a citation fetched at such an address reads as dead.
// Fragments ("#", "#top"), javascript: and unparsable hrefs are left as written: the link
// rules judge those.
func absolutizeLinks(doc *html.Node, base *url.URL) {
	if base == nil {
		return
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Area) {
			for i, a := range n.Attr {
				if a.Namespace != "" || a.Key != "href" {
					continue
				}
				h := strings.TrimSpace(a.Val)
				if h == "" || strings.HasPrefix(h, "#") || hasScheme(h) {
					continue // already absolute (or unparsable: url.Parse rejects ":x")
				}
				u, err := url.Parse(h)
				if err != nil || u.IsAbs() {
					continue
				}
				n.Attr[i].Val = base.ResolveReference(u).String()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// hasScheme reports whether url.Parse would read a scheme at the start of h, or refuse h
// for an empty one (":x"): the scheme test of net/url, without parsing the rest.
func hasScheme(h string) bool {
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return true
		default:
			return false
		}
	}
	return false
}
