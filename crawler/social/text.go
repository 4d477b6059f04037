package social

import (
	"strings"

	"golang.org/x/net/html"
)

// nodeText is the visible text under n: <br> is a line break, a <p> a paragraph, and
// runs of spaces collapse.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "br":
				b.WriteString("\n")
				return
			case "script", "style":
				return
			case "p":
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return tidy(b.String())
}

// tidy collapses spaces within lines and keeps line and paragraph breaks.
func tidy(s string) string {
	paras := strings.Split(s, "\n\n")
	out := paras[:0]
	for _, p := range paras {
		lines := strings.Split(p, "\n")
		kept := lines[:0]
		for _, l := range lines {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, "\n"))
		}
	}
	return strings.Join(out, "\n\n")
}

// htmlFragmentText is the text of an HTML fragment (a post's content).
func htmlFragmentText(fragment string) (string, error) {
	doc, err := html.Parse(strings.NewReader("<body>" + fragment))
	if err != nil {
		return "", err
	}
	return nodeText(doc), nil
}

// hasClass reports whether element n carries class c.
func hasClass(n *html.Node, c string) bool {
	for _, a := range n.Attr {
		if a.Key == "class" {
			for _, f := range strings.Fields(a.Val) {
				if f == c {
					return true
				}
			}
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// find returns the first element under n (n included) for which ok is true.
func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}
