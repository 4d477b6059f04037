package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// go-trafilatura reads a <div> that holds running text with inline markup in it ("made
// room for <strong><a>Ogunjobi</a></strong> up the middle") as a container of separate
// pieces: the text before the markup becomes a paragraph of its own, the text after it
// may move ahead of the link, and the spaces around links are lost. The same words inside
// a <p> come out whole. The text writer mends such a paragraph from the original page: a
// paragraph of the extracted tree that is the cut-off beginning of a block of phrasing
// content in the page is written from that block, and the inline pieces that follow it in
// the tree (its remains) are skipped.

var phrasingAtoms = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Br: true,
	atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true, atom.Em: true,
	atom.I: true, atom.Ins: true, atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true,
	atom.Samp: true, atom.Small: true, atom.Span: true, atom.Strong: true, atom.Sub: true,
	atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true, atom.Wbr: true,
}

// sourceBlock is a block of the original page holding phrasing content only.
type sourceBlock struct {
	node *html.Node
	text string // collapsed text
}

// blockIndex finds the original blocks of running text: by their first word (for a
// paragraph cut off at its markup), and by their text without spaces (for a block whose
// spaces around inline markup were lost).
type blockIndex struct {
	byFirst    map[string][]sourceBlock
	bySquashed map[uint64]*html.Node
}

// squash drops every space of a text.
func squash(s string) string {
	return strings.Join(strings.FieldsFunc(s, isSpaceRune), "")
}

// textBlocks are the elements that may hold a paragraph's running text (headings and
// quotations are left to the writer's own handling of titles and embedded posts).
var textBlocks = map[atom.Atom]bool{
	atom.Div: true, atom.P: true, atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Figcaption: true,
}

const blockKeyWords = 1

func blockKey(text string) string {
	var f [blockKeyWords]string
	n := 0
	for w := range strings.FieldsSeq(text) {
		f[n] = w
		if n++; n == len(f) {
			break
		}
	}
	return strings.Join(f[:n], " ")
}

// indexBlocks collects the page's <div> and <p> elements whose content is phrasing only and
// that hold inline elements (a block of bare text comes out of extraction whole).
func indexBlocks(doc *html.Node) blockIndex {
	idx := blockIndex{byFirst: map[string][]sourceBlock{}, bySquashed: map[uint64]*html.Node{}}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			tag := tagOf(n)
			switch {
			case tag == atom.Script || tag == atom.Style || tag == atom.Noscript || tag == atom.Template || tag == atom.Svg:
				return
			case textBlocks[tag] && hasInline(n) && phrasingOnly(n):
				if tag == atom.Div || tag == atom.P {
					t := nodeText(n)
					k := blockKey(t)
					idx.byFirst[k] = append(idx.byFirst[k], sourceBlock{node: n, text: t})
				}
				if sq := squashedHash(n); idx.bySquashed[sq] == nil {
					idx.bySquashed[sq] = n
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return idx
}

// cutOff returns the original block that the extracted paragraph p is a strict beginning
// of, if any.
func (idx blockIndex) cutOff(p *html.Node) (*html.Node, bool) {
	t := nodeText(p)
	if t == "" {
		return nil, false
	}
	for _, b := range idx.byFirst[blockKey(t)] {
		if len(b.text) > len(t) && strings.HasPrefix(b.text, t) {
			return b.node, true
		}
	}
	return nil, false
}

// respaced returns the original block that holds the same words as the extracted block b
// with other spaces between them (extraction drops the spaces next to inline markup).
func (idx blockIndex) respaced(b *html.Node) (*html.Node, bool) {
	if !hasInline(b) || !phrasingOnly(b) {
		return nil, false
	}
	src := idx.bySquashed[squashedHash(b)]
	if src == nil || spacedText(src) == spacedText(b) || squash(nodeText(src)) != squash(nodeText(b)) {
		return nil, false
	}
	return src, true
}

// spacedText is the text of a subtree as written, with runs of whitespace made one space
// (nodeText puts a space between text nodes, which hides the spaces lost at markup).
//
// It is strings.Join(strings.FieldsFunc(t, isSpaceRune), " ") of the concatenated text
// nodes t, built in one pass; a text node with invalid UTF-8 in it, whose bytes could join
// others across the node boundary, takes that long way.
func spacedText(n *html.Node) string {
	var c collapser
	valid := true
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.TextNode {
			if !utf8.ValidString(n.Data) {
				valid = false
				return
			}
			c.write(n.Data, isSpaceRune)
		}
		for ch := n.FirstChild; ch != nil && valid; ch = ch.NextSibling {
			visit(ch)
		}
	}
	visit(n)
	if !valid {
		var b strings.Builder
		var all func(n *html.Node)
		all = func(n *html.Node) {
			if n.Type == html.TextNode {
				b.WriteString(n.Data)
			}
			for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
				all(ch)
			}
		}
		all(n)
		return strings.Join(strings.FieldsFunc(b.String(), isSpaceRune), " ")
	}
	return c.b.String()
}

func hasInline(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// phrasingOnly reports whether n holds some text and nothing but text and inline elements
// (themselves holding only phrasing content).
func phrasingOnly(n *html.Node) bool {
	text := false
	var ok func(n *html.Node) bool
	ok = func(n *html.Node) bool {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if strings.TrimSpace(c.Data) != "" {
					text = true
				}
			case html.ElementNode:
				if !phrasingAtoms[tagOf(c)] || !ok(c) {
					return false
				}
			case html.CommentNode:
			default:
				return false
			}
		}
		return true
	}
	return ok(n) && text
}

// isInlinePiece reports whether a node of the extracted tree is a piece of running text:
// a text node or an inline element.
func isInlinePiece(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		return true
	case html.ElementNode:
		return phrasingAtoms[tagOf(n)]
	}
	return false
}

// squashedHash is the FNV-1a hash of a subtree's text without its spaces (scripts and
// styles left out, as nodeText does), computed without building the text.
func squashedHash(n *html.Node) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			for i := 0; i < len(n.Data); {
				if b := n.Data[i]; b < utf8.RuneSelf {
					if !asciiSpace[b] {
						h ^= uint64(b)
						h *= prime
					}
					i++
					continue
				}
				r, size := utf8.DecodeRuneInString(n.Data[i:])
				if !isSpaceRune(r) {
					for j := i; j < i+size; j++ {
						h ^= uint64(n.Data[j])
						h *= prime
					}
				}
				i += size
			}
			return
		case html.ElementNode:
			if t := tagOf(n); t == atom.Script || t == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return h
}
