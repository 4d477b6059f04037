package trafilatura

// ADDED (provcheck): copies of a whole tree in two allocations instead of two a node.

import "golang.org/x/net/html"

// cloneTree is dom.Clone(src, true): the same nodes (type, atom, data and a copy of the
// attributes; like dom.Clone, not the namespace), linked the same way, but allocated in
// one slice of nodes and one of attributes. Each node's attributes are capped to their
// own length, so appending to them cannot write over the next node's.
func cloneTree(src *html.Node) *html.Node {
	nodes, attrs := 0, 0
	var count func(*html.Node)
	count = func(n *html.Node) {
		nodes++
		attrs += len(n.Attr)
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			count(c)
		}
	}
	count(src)
	slab := make([]html.Node, nodes)
	attrSlab := make([]html.Attribute, attrs)
	var copyNode func(*html.Node) *html.Node
	copyNode = func(n *html.Node) *html.Node {
		c := &slab[0]
		slab = slab[1:]
		k := copy(attrSlab, n.Attr)
		c.Type, c.DataAtom, c.Data, c.Attr = n.Type, n.DataAtom, n.Data, attrSlab[:k:k]
		attrSlab = attrSlab[k:]
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			cc := copyNode(ch)
			cc.Parent, cc.PrevSibling = c, c.LastChild
			if c.LastChild != nil {
				c.LastChild.NextSibling = cc
			} else {
				c.FirstChild = cc
			}
			c.LastChild = cc
		}
		return c
	}
	return copyNode(src)
}
