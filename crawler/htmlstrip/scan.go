package htmlstrip

import "bytes"

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

// attr is a start tag's attribute: the first of its name, as written (the Tokenizer keeps
// the first of each name and drops empty ones).
type attr struct{ key, val span }

func newScanner(b []byte) *scanner { return &scanner{b: b} }

// raw is the current token's bytes.
func (z *scanner) raw() []byte { return z.b[z.start:z.pos] }

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
		textStart := z.pos
		if z.rawTag == "plaintext" {
			z.pos, z.eof = len(z.b), true
		} else {
			z.readRawOrRCDATA()
		}
		if z.pos > textStart {
			return textToken
		}
	}
	for {
		// Text runs to the next '<'; only a '<' can end it.
		i := indexByte(z.b[z.pos:], '<')
		if i < 0 {
			z.pos, z.eof = len(z.b), true
			break
		}
		z.pos += i + 1
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
	for {
		i := indexByte(z.b[z.pos:], '<')
		if i < 0 {
			z.pos, z.eof = len(z.b), true
			break
		}
		z.pos += i + 1
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
	if i := indexByte(z.b[z.pos:], '<'); i < 0 {
		z.pos, z.eof = len(z.b), true
		return
	} else {
		z.pos += i + 1
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
			i := indexAny2(z.b[z.pos:], '-', '>')
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
func (z *scanner) readUntilCloseAngle() {
	i := indexByte(z.b[z.pos:], '>')
	if i < 0 {
		z.pos, z.eof = len(z.b), true
		return
	}
	z.pos += i + 1
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
		if asciiEqualFold(name, t) {
			z.rawTag = t
			break
		}
	}
	return startTagToken
}

// readTag reads a tag's name and attributes up to its '>'; the attributes are kept when
// keep is set.
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
		if keep && key.end > key.start && !z.seen(key) {
			z.attrs = append(z.attrs, attr{key, val})
		}
		if z.skipWhiteSpace(); z.eof {
			return
		}
	}
}

// seen reports whether the current tag already has an attribute named key.
func (z *scanner) seen(key span) bool {
	k := z.b[key.start:key.end]
	for _, a := range z.attrs {
		if asciiEqualFoldBytes(z.b[a.key.start:a.key.end], k) {
			return true
		}
	}
	return false
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
		i := indexByte(z.b[z.pos:], quote)
		if i < 0 {
			z.pos, z.eof = len(z.b), true
			v.end = z.pos
			return v
		}
		v.end = z.pos + i
		z.pos += i + 1
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

// asciiEqualFold reports whether b is lower, ignoring the case of ASCII letters only (as
// the Tokenizer does: it lowers A-Z and nothing else).
func asciiEqualFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

func asciiEqualFoldBytes(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func indexByte(b []byte, c byte) int { return bytes.IndexByte(b, c) }

// indexAny2 is the index of the first x or y in b, or -1.
func indexAny2(b []byte, x, y byte) int {
	for i, c := range b {
		if c == x || c == y {
			return i
		}
	}
	return -1
}
