package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// textWriter flattens the main-content tree into Article.Text: one paragraph per block,
// whitespace collapsed, with the byte span of every link and embedded post.
type textWriter struct {
	base   *url.URL
	links  map[string][]origLink // anchor text -> links in the original page
	blocks blockIndex            // the original page's blocks of running text
	seen   map[string]int        // how many links of each anchor text were written
	title  string
	embeds []Embed
	found  []Embed // embeds from the original page, matched by text

	text      strings.Builder
	paraStart int
	pendSpace bool
	paras     []Span
	cits      []Citation
	skipTitle bool
	lead      leadFilter
	// dropped are the embedded posts extraction left out, in page order, and restoring is
	// set while they are written back.
	dropped   []droppedEmbed
	restoring bool
	// inLead is set while the paragraphs written may still be lead matter (see leadFilter).
	inLead   bool
	leadSeen int
	inEmbed  bool
	// afterInline is set when an inline element has just ended.
	afterInline bool
}

// citesIn reports whether a citation starts at or after off.
func (w *textWriter) citesIn(off int) bool {
	return len(w.cits) > 0 && w.cits[len(w.cits)-1].Start >= off
}

func newTextWriter(base *url.URL, links map[string][]origLink, blocks blockIndex, found []Embed, lead leadFilter) *textWriter {
	return &textWriter{base: base, links: links, blocks: blocks, seen: map[string]int{}, found: found, title: lead.title, skipTitle: lead.title != "", lead: lead, inLead: true}
}

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true,
	atom.Tr: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Hr: true, atom.Details: true,
	atom.Summary: true, atom.Main: true, atom.Body: true,
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.writeText(n.Data)
		return
	case html.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		return
	}
	tag := tagOf(n)
	switch tag {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Svg:
		return
	case atom.Br:
		w.pendSpace = true
		return
	case atom.H1, atom.H2:
		if w.skipTitle && sameText(nodeText(n), w.title) {
			w.skipTitle = false
			return
		}
	case atom.A:
		w.link(n)
		return
	case atom.Blockquote:
		if e, ok := w.matchEmbed(n); ok {
			w.embed(n, e)
			return
		}
	}
	block := blockAtoms[tag]
	if block {
		w.endParagraph()
	}
	cell := tag == atom.Td || tag == atom.Th
	if cell {
		w.pendSpace = true
	}
	w.walkChildren(n)
	switch {
	case block:
		w.endParagraph()
	case cell:
		w.pendSpace = true
	default:
		w.afterInline = true
	}
}

// walkChildren walks n's children, mending paragraphs that extraction cut at their inline
// markup (see blockIndex): such a paragraph is written from the original block, and the
// inline pieces after it, up to the next block, are skipped.
func (w *textWriter) walkChildren(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && tagOf(c) == atom.P && c.NextSibling != nil && isInlinePiece(c.NextSibling) {
			if src, ok := w.blocks.cutOff(c); ok {
				w.endParagraph()
				w.walkChildren(src)
				w.endParagraph()
				for c.NextSibling != nil && isInlinePiece(c.NextSibling) {
					c = c.NextSibling
				}
				continue
			}
		}
		if c.Type == html.ElementNode && textBlocks[tagOf(c)] {
			if src, ok := w.blocks.respaced(c); ok {
				w.endParagraph()
				w.walkChildren(src)
				w.endParagraph()
				continue
			}
		}
		w.walk(c)
	}
}

// walkBlocks writes the text blocks of a container of the original page (see
// continuations), each its own paragraph.
func (w *textWriter) walkBlocks(n *html.Node) {
	for _, b := range bodyBlocks(n) {
		w.endParagraph()
		w.walk(b)
		w.endParagraph()
	}
}

func (w *textWriter) writeText(s string) {
	if s == "" {
		return
	}
	r, _ := utf8.DecodeRuneInString(s)
	if isSpaceRune(r) {
		w.pendSpace = true
	}
	// The extractor's tree drops the space after an inline element ("reported</a>that"):
	// a word that follows one directly gets its space back.
	if w.afterInline && (unicode.IsLetter(r) || unicode.IsDigit(r)) && w.text.Len() > w.paraStart {
		if last, _ := utf8.DecodeLastRuneInString(w.text.String()); unicode.IsLetter(last) || unicode.IsDigit(last) || strings.ContainsRune(".,;:!?)”’\"", last) {
			w.pendSpace = true
		}
	}
	w.afterInline = false
	first := true
	for f := range strings.FieldsFuncSeq(s, isSpaceRune) {
		if !first {
			w.pendSpace = true
		}
		first = false
		if w.pendSpace && w.text.Len() > w.paraStart {
			w.text.WriteByte(' ')
		}
		w.pendSpace = false
		w.text.WriteString(f)
	}
	if r, _ := utf8.DecodeLastRuneInString(s); isSpaceRune(r) {
		w.pendSpace = true
	}
}

// isSpaceRune is unicode.IsSpace, the no-break space and the zero-width space.
func isSpaceRune(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b'
}

// isSpace is unicode.IsSpace with the test of an ASCII character (most of a page's
// text) made without a call.
func isSpace(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// asciiSpace marks the ASCII characters that unicode.IsSpace and isSpaceRune hold spaces.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func (w *textWriter) endParagraph() {
	s := w.text.String()
	end := len(s)
	if end > w.paraStart {
		para := s[w.paraStart:end]
		repeated := len(w.paras) > 0 && s[w.paras[len(w.paras)-1].Start:w.paras[len(w.paras)-1].End] == para
		lead := w.inLead && w.lead.drop(para)
		if w.inLead {
			w.leadSeen++
			if !lead && len(para) >= leadProse || w.leadSeen >= maxLeadParagraphs {
				w.inLead = false
			}
		}
		if (repeated || lead) && !w.citesIn(w.paraStart) {
			// Extractors sometimes emit a block twice; a repeated paragraph says nothing new.
			// Lead matter repeats the metadata.
			w.text.Reset()
			w.text.WriteString(s[:w.paraStart])
			w.pendSpace = false
			return
		}
		w.paras = append(w.paras, Span{Start: w.paraStart, End: end})
		w.text.WriteString("\n\n")
		w.paraStart = w.text.Len()
		w.pendSpace = false
		w.restoreEmbeds(para)
		return
	}
	w.paraStart = w.text.Len()
	w.pendSpace = false
}

func (w *textWriter) finish() {
	w.endParagraph()
	s := strings.TrimRight(w.text.String(), "\n")
	w.text.Reset()
	w.text.WriteString(s)
	w.truncate(w.cutTail(s))
}

// offset is where the next written byte will land, once any pending space is written.
func (w *textWriter) startOffset() int {
	if w.pendSpace && w.text.Len() > w.paraStart {
		w.text.WriteByte(' ')
		w.pendSpace = false
	}
	return w.text.Len()
}

func (w *textWriter) link(n *html.Node) {
	if w.inEmbed {
		// Extraction glues an embed's trailing links together ("(@x)https://t.co/yMarch 30").
		w.pendSpace = true
	}
	// The extracted tree loses the spaces around some links ("for<a>Ogunjobi</a>up"): the
	// original page says whether there were any.
	key := nodeText(n)
	orig, known := w.original(key)
	if known && orig.spaceBefore {
		w.pendSpace = true
	}
	start := w.startOffset()
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	end := w.text.Len()
	if known && orig.spaceAfter {
		w.pendSpace = true
	}
	w.afterInline = !known
	anchor := w.text.String()[start:end]
	href, ok := w.hrefOf(n, key, orig, known)
	if !ok {
		return
	}
	w.cits = append(w.cits, Citation{
		Href: href, URL: w.resolve(href), Anchor: anchor, Start: start, End: end, Embed: -1,
	})
}

// hrefOf returns the link's href, recovering it from the original page (orig, the link
// of the same text that original found for it) when main-text extraction dropped it; a
// link whose text the page has fewer times than the extract has none.
func (w *textWriter) hrefOf(n *html.Node, key string, orig origLink, known bool) (string, bool) {
	if hasAttr(n, "href") {
		// absolutizeLinks made every href of the page absolute before extraction.
		return strings.TrimSpace(attr(n, "href")), true
	}
	if !known || w.seen[key] > len(w.links[key]) {
		return "", false
	}
	return strings.TrimSpace(orig.href), true
}

// original returns the link of the original page that the next link with this anchor text
// most likely is: the links of one anchor text are taken in document order.
func (w *textWriter) original(key string) (origLink, bool) {
	links := w.links[key]
	if len(links) == 0 {
		return origLink{}, false
	}
	i := w.seen[key]
	w.seen[key] = i + 1
	return links[min(i, len(links)-1)], true
}

func (w *textWriter) resolve(href string) string { return resolveAgainst(w.base, href) }

// resolveAgainst resolves a link against base: "" for an empty, javascript: or
// unparsable href, and for a relative one when there is no base.
func resolveAgainst(base *url.URL, href string) string {
	h := strings.TrimSpace(href)
	if h == "" || strings.HasPrefix(strings.ToLower(h), "javascript:") {
		return ""
	}
	u, err := url.Parse(h)
	if err != nil {
		return ""
	}
	if !u.IsAbs() {
		if base == nil {
			return ""
		}
		u = base.ResolveReference(u)
	}
	return u.String()
}

func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// tagOf returns the element's atom. Nodes built by the extractor may carry only a name,
// and nodes it renamed (a <div> made a <p>) keep their old atom: the name wins.
func tagOf(n *html.Node) atom.Atom {
	if n.DataAtom != 0 && n.DataAtom.String() == n.Data {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}
