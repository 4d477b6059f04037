package extract

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura"
	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/htmlstrip"
	"github.com/provcheck/provcheck/crawler/page"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// Options tune Parse. The zero value works.
type Options struct {
	// BaseURL resolves relative links when the page has no usable URL of its own (a local
	// file). It wins over the page's <link rel=canonical>.
	BaseURL string
	// PDF reads PDF pages as text; nil leaves a PDF unread (ErrNotHTML).
	PDF PDFReader

	// tune adjusts the main-text extractor's options (evaluations compare settings).
	tune func(*trafilatura.Options)
	// whole parses the body as it came, not its lean copy (tests compare the two).
	whole bool
}

// Parse reads a fetched page as an article with the default options.
func Parse(p *page.Page) (*Article, error) { return Options{}.Parse(p) }

// Parse reads a fetched page as an article: main text (through go-trafilatura), metadata,
// citations, embedded posts, quotations and attributions. A PDF is read through o.PDF
// (see parsePDF); a *PDFError says why one gave no text. It returns ErrNotHTML for a page
// that is neither HTML nor a PDF it can read, and ErrEmpty for one with no main text.
func (o Options) Parse(p *page.Page) (*Article, error) {
	if p == nil {
		return nil, fmt.Errorf("parse: nil page")
	}
	if len(bytes.TrimSpace(p.Body)) == 0 {
		return nil, fmt.Errorf("parse %s: %w (the body is empty)", p.RequestURL, ErrEmpty)
	}
	if pdftext.Sniff(p.ContentType, p.Body) {
		return o.parsePDF(p)
	}
	if !looksLikeHTML(p.ContentType, p.Body) {
		return nil, fmt.Errorf("parse %s: %w (content type %q)", p.RequestURL, ErrNotHTML, p.ContentType)
	}
	body := p.Body
	if !o.whole {
		body = lean(p.ContentType, body)
	}
	doc, err := html.Parse(Decode(body, p.ContentType))
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", p.RequestURL, err)
	}
	return o.parseDocument(p, doc)
}

// lean is an HTML body without its comments, styles and inline JavaScript
// ([htmlstrip.Copy]), which nothing here reads: on the extraction benchmark's news pages
// they are 58% of the bytes and a quarter of the parse. It is the body itself when leaving them out would change how
// the body is decoded (see SameReading).
func lean(contentType string, body []byte) []byte {
	cp := htmlstrip.Copy(body, 0)
	if len(cp) == len(body) || !SameReading(contentType, body, cp) {
		return body
	}
	return cp
}

func (o Options) parseDocument(p *page.Page, doc *html.Node) (*Article, error) {
	marks := pageMarks(doc) // before extraction prunes the document
	canonical, baseHref := headLinks(doc)
	base := o.base(p, canonical, baseHref)

	// The language is the one the page declares (declaredLanguage), not a classifier's
	// guess, and the metadata the article has no field for is not looked for: both cost
	// more than the main text's extraction.
	opts := trafilatura.Options{IncludeLinks: true, ExcludeComments: true, BasicMetadata: true}
	if base != nil {
		opts.OriginalURL = base
	}
	if o.tune != nil {
		o.tune(&opts)
	}
	absolutizeLinks(doc, base)
	embeds := findEmbeds(doc, base)
	links := linkIndex(doc)
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		if err == nil {
			err = ErrEmpty
		}
		return nil, fmt.Errorf("parse %s: %w: %v", p.RequestURL, ErrEmpty, err)
	}

	a := &Article{
		Paragraphs: []Span{}, Sentences: []Span{}, Citations: []Citation{}, Quotes: []Quote{},
		Attributions: []Attribution{}, Embeds: []Embed{},
		URL:      p.RequestURL,
		FinalURL: p.FinalURL,
		Title:    strings.TrimSpace(res.Metadata.Title),
		Byline:   cleanByline(res.Metadata.Author),
		SiteName: strings.TrimSpace(res.Metadata.Sitename),
		Language: declaredLanguage(doc),
		Marks:    marks,
	}
	// A saved page is known by its canonical address, not by where it lies on disk.
	if (a.URL == "" || p.Local) && base != nil && canonical != "" {
		if u, err := base.Parse(canonical); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			a.URL = u.String()
		}
	}
	if !res.Metadata.Date.IsZero() {
		d := res.Metadata.Date.UTC()
		a.Published = &d
	}

	w := newTextWriter(base, links, indexBlocks(doc), embeds, leadFilter{title: a.Title, description: res.Metadata.Description, author: res.Metadata.Author, doc: doc})
	placed := findPlacedParas(doc, res.ContentText)
	w.dropped = droppedEmbeds(doc, base, placed)
	if art := rescuedArticle(doc, res.ContentNode, res.ContentText); art != nil {
		w.walkProse(art)
	} else {
		before, after := continuations(doc, placed)
		for _, c := range before {
			w.walkBlocks(c)
		}
		w.walk(res.ContentNode)
		for _, c := range after {
			w.walkBlocks(c)
		}
	}
	w.finish()
	a.Text = w.text.String()
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("parse %s: %w", p.RequestURL, ErrEmpty)
	}
	a.Paragraphs = append(a.Paragraphs, w.paras...)
	a.Citations = append(a.Citations, w.cits...)
	a.Embeds = append(a.Embeds, w.embeds...)
	a.Sentences = append(a.Sentences, splitSentences(a.Text, a.Paragraphs)...)
	for i := range a.Citations {
		a.Citations[i].Sentence = SpanIndex(a.Sentences, a.Citations[i].Start)
		a.Citations[i].Paragraph = SpanIndex(a.Paragraphs, a.Citations[i].Start)
	}
	a.Attributions = append(a.Attributions, findAttributions(a)...)
	a.Quotes = append(a.Quotes, findQuotes(a)...)
	return a, nil
}

// base picks the URL relative links resolve against: an explicit base URL, then the URL the
// page was fetched from (or its <base href>), then the canonical link.
func (o Options) base(p *page.Page, canonical, baseHref string) *url.URL {
	candidates := []string{o.BaseURL}
	if !p.Local {
		final := p.FinalURL
		if final == "" {
			final = p.RequestURL
		}
		if baseHref != "" {
			if u, err := url.Parse(final); err == nil {
				if b, err := u.Parse(baseHref); err == nil {
					baseHref = b.String()
				}
			}
			candidates = append(candidates, baseHref)
		}
		candidates = append(candidates, final)
	} else {
		candidates = append(candidates, canonical, baseHref)
	}
	for _, c := range candidates {
		if u, err := url.Parse(strings.TrimSpace(c)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u
		}
	}
	return nil
}

// looksLikeHTML accepts HTML and XHTML by content type, or by sniffing when the type is
// missing or generic.
func looksLikeHTML(contentType string, body []byte) bool {
	if len(bytes.TrimSpace(body)) == 0 || binary(body) {
		return false
	}
	ct := strings.ToLower(contentType)
	if strings.Contains(ct, "html") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "text/plain") && !strings.HasPrefix(ct, "application/octet-stream") {
		return false
	}
	head := bytes.ToLower(body[:min(len(body), 1024)])
	for _, marker := range []string{"<!doctype html", "<html", "<head", "<body", "<p", "<article", "<div"} {
		if bytes.Contains(head, []byte(marker)) {
			return true
		}
	}
	return false
}

// Decode returns the body as UTF-8. The charset comes from the Content-Type, a BOM or a
// <meta charset> in the first 1,024 bytes; when none of them says, a body that is valid
// UTF-8 is taken as UTF-8 (the HTML standard's fallback, windows-1252, garbles the many
// UTF-8 pages that declare their charset late or not at all).
func Decode(body []byte, contentType string) io.Reader {
	enc, _, utf := decoding(body, contentType)
	if utf {
		return bytes.NewReader(body)
	}
	return transform.NewReader(bytes.NewReader(body), enc.NewDecoder())
}

// decoding is the encoding Decode reads body in, its name, and whether body is read as
// UTF-8 as it is.
func decoding(body []byte, contentType string) (encoding.Encoding, string, bool) {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	return enc, name, (!certain && utf8.Valid(body)) || name == "utf-8"
}

// ReadsAsHTML reports whether Parse reads body, of contentType, as an HTML page (not as
// a PDF, and not refused as other text or binary).
func ReadsAsHTML(contentType string, body []byte) bool {
	return !pdftext.Sniff(contentType, body) && looksLikeHTML(contentType, body)
}

// SameReading reports whether Parse reads a and b, two bodies under one content type, the
// same way: both as HTML (not PDF, not other text) and in the same character encoding. A
// copy of a page with bytes left out can change either: a <meta charset> that moves into
// the first 1,024 bytes, or invalid UTF-8 that goes.
func SameReading(contentType string, a, b []byte) bool {
	if !ReadsAsHTML(contentType, a) || !ReadsAsHTML(contentType, b) {
		return false
	}
	_, na, ua := decoding(a, contentType)
	_, nb, ub := decoding(b, contentType)
	return ua == ub && (ua || na == nb)
}

// binary reports whether a body is not text whatever its label says: an image, a PDF, an
// archive, or bytes with NULs in them (servers do label such things text/html).
func binary(body []byte) bool {
	sniff := http.DetectContentType(body)
	if strings.HasPrefix(sniff, "text/") {
		return false
	}
	if sniff != "application/octet-stream" {
		return true
	}
	return bytes.IndexByte(body[:min(len(body), 1024)], 0) >= 0
}

// headLinks returns the canonical URL and <base href> as written.
func headLinks(doc *html.Node) (canonical, baseHref string) {
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Base:
				if baseHref == "" {
					baseHref = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Body:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return canonical, baseHref
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// nodeText is the text of a subtree with whitespace collapsed, a space between any two
// text nodes, scripts and styles left out: strings.Join(strings.Fields(t), " ") of its
// text nodes each followed by a space, built in one pass.
func nodeText(n *html.Node) string {
	var c collapser
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			c.write(n.Data, unicode.IsSpace)
			c.space = true
		case html.ElementNode:
			if t := tagOf(n); t == atom.Script || t == atom.Style {
				return
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			visit(ch)
		}
	}
	visit(n)
	return c.b.String()
}

// fieldsJoined is strings.Join(strings.Fields(s), " "), built in one pass, and s itself
// when it is that already.
func fieldsJoined(s string) string {
	if isFieldsJoined(s) {
		return s
	}
	var c collapser
	c.b.Grow(len(s))
	c.write(s, unicode.IsSpace)
	return c.b.String()
}

// isFieldsJoined reports whether s has no space at either end and none but single ' '
// between its words.
func isFieldsJoined(s string) bool {
	prevSpace := true // at the start, a space would be one at the end
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			return false // the long way tells the spaces outside ASCII
		}
		if asciiSpace[b] {
			if b != ' ' || prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// collapser writes text with every run of space made one ' ' and none at either end.
type collapser struct {
	b     strings.Builder
	space bool // a space is due before the next word
}

// write adds s, whose characters isSpace tells spaces (one of unicode.IsSpace and
// isSpaceRune, which agree on ASCII: an ASCII character is tested without calling it).
// Words with a single ' ' between them are written as one run.
func (c *collapser) write(s string, isSpace func(rune) bool) {
	start := -1 // start of the run being read
	for i := 0; i < len(s); {
		size, space := 1, false
		if b := s[i]; b < utf8.RuneSelf {
			space = asciiSpace[b]
		} else {
			size, space = decodeSpace(s[i:], isSpace)
		}
		if !space {
			if start < 0 {
				if c.space && c.b.Len() > 0 {
					c.b.WriteByte(' ')
				}
				c.space = false
				start = i
			}
			i += size
			continue
		}
		j := i
		for j < len(s) {
			if b := s[j]; b < utf8.RuneSelf {
				if !asciiSpace[b] {
					break
				}
				j++
			} else if size, space := decodeSpace(s[j:], isSpace); space {
				j += size
			} else {
				break
			}
		}
		if start >= 0 && j == i+1 && s[i] == ' ' && j < len(s) {
			i = j // one ' ' between two words: the run goes on
			continue
		}
		if start >= 0 {
			c.b.WriteString(s[start:i])
			start = -1
		}
		c.space = true
		i = j
	}
	if start >= 0 {
		c.b.WriteString(s[start:])
	}
}

// decodeSpace returns the size of the first character of s and whether isSpace holds it
// a space.
func decodeSpace(s string, isSpace func(rune) bool) (int, bool) {
	r, size := utf8.DecodeRuneInString(s)
	return size, isSpace(r)
}

// origLink is a link as the original page has it: where it points, and whether a space
// separates it from the text before and after it.
type origLink struct {
	href                    string
	spaceBefore, spaceAfter bool
}

// linkIndex maps the anchor text of every link in the page to its links, in document
// order. go-trafilatura drops the href of some links it keeps (inside blockquotes, for
// one), and the spaces around others; the original document tells us where they pointed
// and how they stood in their sentence.
func linkIndex(doc *html.Node) map[string][]origLink {
	idx := map[string][]origLink{}
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode && tagOf(n) == atom.A && hasAttr(n, "href") {
			key := nodeText(n)
			idx[key] = append(idx[key], origLink{
				href:        attr(n, "href"),
				spaceBefore: spaced(n, func(n *html.Node) *html.Node { return n.PrevSibling }, lastRune),
				spaceAfter:  spaced(n, func(n *html.Node) *html.Node { return n.NextSibling }, firstRune),
			})
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return idx
}

// spaced reports whether the text next to n (before or after it, by step and edge) starts
// or ends with a space. Inline parents are looked through; the edge of a block is no space.
func spaced(n *html.Node, step func(*html.Node) *html.Node, edge func(*html.Node) (rune, bool)) bool {
	for cur := n; cur != nil; cur = cur.Parent {
		for s := step(cur); s != nil; s = step(s) {
			if r, ok := edge(s); ok {
				return isSpaceRune(r)
			}
		}
		if p := cur.Parent; p == nil || p.Type != html.ElementNode || !phrasingAtoms[tagOf(p)] {
			return false
		}
	}
	return false
}

// firstRune and lastRune return the first and last character of a subtree's text, if it
// has any.
func firstRune(n *html.Node) (rune, bool) {
	if n.Type == html.TextNode {
		if n.Data == "" {
			return 0, false
		}
		r, _ := utf8.DecodeRuneInString(n.Data)
		return r, true
	}
	if n.Type == html.ElementNode && tagOf(n) == atom.Br {
		return ' ', true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if r, ok := firstRune(c); ok {
			return r, true
		}
	}
	return 0, false
}

func lastRune(n *html.Node) (rune, bool) {
	if n.Type == html.TextNode {
		if n.Data == "" {
			return 0, false
		}
		r, _ := utf8.DecodeLastRuneInString(n.Data)
		return r, true
	}
	if n.Type == html.ElementNode && tagOf(n) == atom.Br {
		return ' ', true
	}
	for c := n.LastChild; c != nil; c = c.PrevSibling {
		if r, ok := lastRune(c); ok {
			return r, true
		}
	}
	return 0, false
}

// SpanIndex returns the index of the span holding offset (Paragraphs, Sentences), -1 if
// none.
func SpanIndex(spans []Span, off int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case off < spans[m].Start:
			hi = m
		case off >= spans[m].End:
			lo = m + 1
		default:
			return m
		}
	}
	return -1
}

// cleanByline keeps the names of an extracted author field and drops what is not one:
// extractors sometimes return a site's section menu ("Autoracing | F1 | Indy") or repeat
// the same name.
func cleanByline(s string) string {
	var names []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" || strings.Contains(part, "|") || len(part) > 80 || seen[strings.ToLower(part)] {
			continue
		}
		seen[strings.ToLower(part)] = true
		names = append(names, part)
	}
	return strings.Join(names, "; ")
}

// declaredLanguage is the primary language subtag of the page's <html lang> (or xml:lang),
// lower-cased: "en" for "en-GB"; "" when the page declares none or a malformed one.
func declaredLanguage(doc *html.Node) string {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Html {
			continue
		}
		lang := strings.TrimSpace(attr(c, "lang"))
		if lang == "" {
			lang = strings.TrimSpace(attr(c, "xml:lang"))
		}
		primary, _, _ := strings.Cut(lang, "-")
		primary, _, _ = strings.Cut(primary, "_")
		if len(primary) < 2 || len(primary) > 3 {
			return ""
		}
		for _, r := range primary {
			if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
				return ""
			}
		}
		return strings.ToLower(primary)
	}
	return ""
}
