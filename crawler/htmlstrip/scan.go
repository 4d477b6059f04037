package htmlstrip

import (
	"bytes"

	"golang.org/x/net/html"
)

// kind is what a token is, as golang.org/x/net/html's Tokenizer names it.
type kind uint8

const (
	errorToken kind = iota // the end of the input, or a tag the input ends inside
	textToken
	startTagToken // self-closing tags included: nothing here tells them apart
	endTagToken
	commentToken // comments, bogus comments, processing instructions and "</>"
	doctypeToken
)

// span is a run of the input, [start, end).
type span struct{ start, end int }

// scanner splits an HTML page into the tokens golang.org/x/net/html's Tokenizer (used on
// its own, as readers of the raw page use it) splits it into, at the same byte offsets. It
// is that tokenizer's state machine written over a byte slice, with the long runs (text,
// raw text, quoted attribute values) found with bytes.IndexByte instead of a byte at a
// time: the copy is made before every parse, so it has to cost a small part of one.
// FuzzScannerMatchesTokenizer holds the two to the same tokens.
type scanner struct {
	b      []byte
	pos    int    // the next byte to read (the Tokenizer's raw.end)
	eof    bool   // a read ran past the end (the Tokenizer's err)
	rawTag string // the raw text element whose text comes next, lower case

	// The current token.
	start int  // where it begins (raw.start)
	name  span // a tag's name as written
	attrs []attr
}

// attr is a start tag's attribute, as written.
type attr struct{ key, val span }

func newScanner(b []byte) *scanner { return &scanner{b: b} }

// raw is the current token's bytes.
func (z *scanner) raw() []byte { return z.b[z.start:z.pos] }

func (z *scanner) span() (start, end int) { return z.start, z.pos }

func (z *scanner) tagName() []byte { return z.b[z.name.start:z.name.end] }

func (z *scanner) scriptAttrs() (src, typ []byte) { return z.attr("src"), z.attr("type") }

// attr returns the value of the current start tag's first attribute named name (in lower
// case) as the Tokenizer's TagAttr gives it, or nil when it has none.
func (z *scanner) attr(name string) []byte {
	for _, a := range z.attrs {
		if !nameIs(z.b[a.key.start:a.key.end], name) {
			continue
		}
		v := z.b[a.val.start:a.val.end]
		if bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
			v = tokenizerAttr(z.raw(), name)
		}
		if v == nil {
			v = []byte{}
		}
		return v
	}
	return nil
}

// tokenizerAttr reads the value of attribute name from a start tag with the Tokenizer
// itself, for the rare value whose entities or carriage returns it rewrites.
func tokenizerAttr(tag []byte, name string) []byte {
	t := html.NewTokenizer(bytes.NewReader(tag))
	t.Next()
	for _, more := t.TagName(); more; {
		var k, v []byte
		k, v, more = t.TagAttr()
		if string(k) == name {
			return bytes.Clone(v)
		}
	}
	return nil
}

func (z *scanner) readByte() byte {
	if z.pos >= len(z.b) {
		z.eof = true
		return 0
	}
	c := z.b[z.pos]
	z.pos++
	return c
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func (z *scanner) skipWhiteSpace() {
	if z.eof {
		return
	}
	for z.pos < len(z.b) && isSpace(z.b[z.pos]) {
		z.pos++
	}
	if z.pos >= len(z.b) {
		z.eof = true
	}
}

// next scans the next token and returns its kind.
func (z *scanner) next() kind {
	z.start = z.pos
	if z.eof {
		return errorToken
	}
	if z.rawTag != "" {
		if z.rawTag == "plaintext" {
			z.pos, z.eof = len(z.b), true
		} else {
			z.readRawOrRCDATA()
		}
		if z.pos > z.start {
			return textToken
		}
	}
	for {
		// Text runs to the next '<'; only a '<' can end it.
		if !z.skipPast('<') {
			break
		}
		c := z.readByte()
		if z.eof {
			break
		}
		var tt kind
		switch {
		case isLetter(c):
			tt = startTagToken
		case c == '/':
			tt = endTagToken
		case c == '!' || c == '?':
			tt = commentToken
		default:
			z.pos-- // reconsume
			continue
		}
		// Text before the tag is a token of its own.
		if x := z.pos - len("<a"); z.start < x {
			z.pos = x
			return textToken
		}
		switch tt {
		case startTagToken:
			return z.readStartTag()
		case endTagToken:
			c = z.readByte()
			if z.eof {
				goto end
			}
			if c == '>' {
				return commentToken // "</>": no token at all, an empty comment for Raw
			}
			if isLetter(c) {
				z.readTag(false)
				if z.eof {
					return errorToken
				}
				return endTagToken
			}
			z.pos--
			z.readUntilCloseAngle()
			return commentToken
		default:
			if c == '!' {
				return z.readMarkupDeclaration()
			}
			z.pos--
			z.readUntilCloseAngle()
			return commentToken
		}
	}
end:
	if z.start < z.pos {
		return textToken
	}
	return errorToken
}

// readRawOrRCDATA reads the text of a raw text element up to its end tag.
func (z *scanner) readRawOrRCDATA() {
	if z.rawTag == "script" {
		z.readScript()
		z.rawTag = ""
		return
	}
	for z.skipPast('<') {
		c := z.readByte()
		if z.eof {
			break
		}
		if c != '/' {
			z.pos--
			continue
		}
		if z.readRawEndTag() || z.eof {
			break
		}
	}
	z.rawTag = ""
}

// readRawEndTag reads the rest of "</tag" for the raw tag and a byte that may follow a tag
// name; when they are there it backs up to the '<' and reports true.
func (z *scanner) readRawEndTag() bool {
	for i := 0; i < len(z.rawTag); i++ {
		c := z.readByte()
		if z.eof {
			return false
		}
		if c != z.rawTag[i] && c != z.rawTag[i]-('a'-'A') {
			z.pos--
			return false
		}
	}
	c := z.readByte()
	if z.eof {
		return false
	}
	switch c {
	case ' ', '\n', '\r', '\t', '\f', '/', '>':
		z.pos -= 3 + len(z.rawTag)
		return true
	}
	z.pos--
	return false
}

// readScript reads a script's text up to its end tag, by the rules of the Tokenizer for
// "<!--" and "<script" inside it (escaped and double-escaped script data).
func (z *scanner) readScript() {
	var c byte
scriptData:
	if !z.skipPast('<') {
		return
	}
	// scriptDataLessThanSign:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '/':
		if z.readRawEndTag() || z.eof {
			return
		}
		goto scriptData
	case '!':
		goto scriptDataEscapeStart
	}
	z.pos--
	goto scriptData

scriptDataEscapeStart:
	c = z.readByte()
	if z.eof {
		return
	}
	if c != '-' {
		z.pos--
		goto scriptData
	}
	c = z.readByte()
	if z.eof {
		return
	}
	if c == '-' {
		goto scriptDataEscapedDashDash
	}
	z.pos--
	goto scriptData

scriptDataEscaped:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDash:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	}
	goto scriptDataEscaped

scriptDataEscapedDashDash:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataEscapedDashDash
	case '<':
		goto scriptDataEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataEscaped

scriptDataEscapedLessThanSign:
	c = z.readByte()
	if z.eof {
		return
	}
	if c == '/' {
		if z.readRawEndTag() || z.eof {
			return
		}
		goto scriptDataEscaped
	}
	if isLetter(c) {
		// scriptDataDoubleEscapeStart
		z.pos--
		for i := 0; i < len("script"); i++ {
			c = z.readByte()
			if z.eof {
				return
			}
			if c != "script"[i] && c != "SCRIPT"[i] {
				z.pos--
				goto scriptDataEscaped
			}
		}
		c = z.readByte()
		if z.eof {
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			goto scriptDataDoubleEscaped
		}
		z.pos--
		goto scriptDataEscaped
	}
	z.pos--
	goto scriptData

scriptDataDoubleEscaped:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDash:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedDashDash:
	c = z.readByte()
	if z.eof {
		return
	}
	switch c {
	case '-':
		goto scriptDataDoubleEscapedDashDash
	case '<':
		goto scriptDataDoubleEscapedLessThanSign
	case '>':
		goto scriptData
	}
	goto scriptDataDoubleEscaped

scriptDataDoubleEscapedLessThanSign:
	c = z.readByte()
	if z.eof {
		return
	}
	if c != '/' {
		z.pos--
		goto scriptDataDoubleEscaped
	}
	// scriptDataDoubleEscapeEnd
	if z.readRawEndTag() {
		z.pos += len("</script>")
		goto scriptDataEscaped
	}
	if z.eof {
		return
	}
	goto scriptDataDoubleEscaped
}

// readComment reads a comment whose "<!--" has been read.
func (z *scanner) readComment() {
	dashes, beginning := 0, true
	for {
		c := z.readByte()
		if z.eof {
			return
		}
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return
			}
		case '!':
			if dashes >= 2 {
				c = z.readByte()
				if z.eof || c == '>' {
					return
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		default:
			// Nothing but a '-' or a '>' can matter until the next of either.
			i := bytes.IndexAny(z.b[z.pos:], "->")
			if i < 0 {
				z.pos, z.eof = len(z.b), true
				return
			}
			z.pos += i
		}
		dashes, beginning = 0, false
	}
}

// readUntilCloseAngle reads up to and including the next '>'.
func (z *scanner) readUntilCloseAngle() { z.skipPast('>') }

// skipPast moves past the next c and reports true, or to the end (a read past it) and
// reports false.
func (z *scanner) skipPast(c byte) bool {
	i := bytes.IndexByte(z.b[z.pos:], c)
	if i < 0 {
		z.pos, z.eof = len(z.b), true
		return false
	}
	z.pos += i + 1
	return true
}

// readMarkupDeclaration reads a token whose "<!" has been read: a comment, a doctype or a
// bogus comment (the Tokenizer on its own reads no CDATA sections).
func (z *scanner) readMarkupDeclaration() kind {
	var c [2]byte
	for i := range 2 {
		c[i] = z.readByte()
		if z.eof {
			return commentToken
		}
	}
	if c[0] == '-' && c[1] == '-' {
		z.readComment()
		return commentToken
	}
	z.pos -= 2
	if z.readDoctype() {
		return doctypeToken
	}
	z.readUntilCloseAngle()
	return commentToken
}

// readDoctype reads "DOCTYPE" and the rest of a doctype when they come next.
func (z *scanner) readDoctype() bool {
	const s = "DOCTYPE"
	at := z.pos
	for i := 0; i < len(s); i++ {
		c := z.readByte()
		if z.eof {
			// The Tokenizer backs up and ends the input at the next read.
			z.pos, z.eof = at, false
			return false
		}
		if c != s[i] && c != s[i]+('a'-'A') {
			z.pos = at
			return false
		}
	}
	if z.skipWhiteSpace(); z.eof {
		return true
	}
	z.readUntilCloseAngle()
	return true
}

// rawTags are the elements whose text the Tokenizer reads as raw text (or RCDATA).
var rawTags = [...]string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

// readStartTag reads a start tag whose "<" and first letter have been read.
func (z *scanner) readStartTag() kind {
	z.readTag(true)
	if z.eof {
		return errorToken
	}
	name := z.b[z.name.start:z.name.end]
	for _, t := range rawTags {
		if nameIs(name, t) {
			z.rawTag = t
			break
		}
	}
	return startTagToken
}

// readTag reads a tag's name and attributes up to its '>'; the attributes with a name are
// kept when keep is set (all of them: the Tokenizer keeps the first of each name, and
// scriptAttrs takes the first).
func (z *scanner) readTag(keep bool) {
	z.attrs = z.attrs[:0]
	z.readTagName()
	if z.skipWhiteSpace(); z.eof {
		return
	}
	for {
		c := z.readByte()
		if z.eof || c == '>' {
			return
		}
		z.pos--
		key := z.readTagAttrKey()
		val := z.readTagAttrVal()
		if keep && key.end > key.start {
			z.attrs = append(z.attrs, attr{key, val})
		}
		if z.skipWhiteSpace(); z.eof {
			return
		}
	}
}

func (z *scanner) readTagName() {
	z.name.start = z.pos - 1
	for {
		c := z.readByte()
		if z.eof {
			z.name.end = z.pos
			return
		}
		switch c {
		case ' ', '\n', '\r', '\t', '\f':
			z.name.end = z.pos - 1
			return
		case '/', '>':
			z.pos--
			z.name.end = z.pos
			return
		}
	}
}

func (z *scanner) readTagAttrKey() span {
	k := span{start: z.pos}
	for {
		c := z.readByte()
		if z.eof {
			k.end = z.pos
			return k
		}
		switch c {
		case '=':
			if k.start+1 == z.pos {
				continue // an '=' first is part of the name
			}
			fallthrough
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			z.pos--
			k.end = z.pos
			return k
		}
	}
}

func (z *scanner) readTagAttrVal() span {
	v := span{z.pos, z.pos}
	if z.skipWhiteSpace(); z.eof {
		return v
	}
	c := z.readByte()
	if z.eof || c == '/' {
		return v
	}
	if c != '=' {
		z.pos--
		return v
	}
	if z.skipWhiteSpace(); z.eof {
		return v
	}
	quote := z.readByte()
	if z.eof {
		return v
	}
	switch quote {
	case '>':
		z.pos--
		return v
	case '\'', '"':
		v.start = z.pos
		if !z.skipPast(quote) {
			v.end = z.pos
			return v
		}
		v.end = z.pos - 1
		return v
	default:
		v.start = z.pos - 1
		for {
			c := z.readByte()
			if z.eof {
				v.end = z.pos
				return v
			}
			switch c {
			case ' ', '\n', '\r', '\t', '\f':
				v.end = z.pos - 1
				return v
			case '>':
				z.pos--
				v.end = z.pos
				return v
			}
		}
	}
}

// nameIs reports whether b is name (in lower case) with the case of ASCII letters
// ignored, as the Tokenizer lowers A-Z and nothing else: of equal length in bytes, b can
// only fold to an ASCII name by Unicode's rules if it is ASCII itself.
func nameIs(b []byte, name string) bool {
	return len(b) == len(name) && bytes.EqualFold(b, []byte(name))
}
