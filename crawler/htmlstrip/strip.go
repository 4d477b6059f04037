// Package htmlstrip makes the lean copy of an HTML page: the page without its comments,
// style elements and inline JavaScript, which are most of a news page's bytes and which no
// reader of its text uses. Everything else, structured data (JSON-LD and any script that
// is not JavaScript) included, is kept byte for byte.
//
// The copy is what the database stores of a page (see crawler/readcopy) and what
// extraction parses, so it is made before every parse: the page is read by a scanner that
// finds the tokens where golang.org/x/net/html's tokenizer finds them, at a small part of
// that tokenizer's cost.
package htmlstrip

import "bytes"

// segment is a run of the page's bytes kept in the copy; js numbers the inline
// JavaScript element it belongs to (from 1; 0 for none), which the copy may leave out.
type segment struct {
	start, end int
	js         int
}

// copier is one pass over a page: the runs of it kept so far and its inline scripts.
type copier struct {
	body     []byte
	segs     []segment
	external bool  // the page loads an external script
	forced   int   // bytes of inline JavaScript that must stay where they are (see cut)
	scripts  []int // the text bytes of each inline JavaScript element that may go; [0] unused
}

func (c *copier) keep(start, end, js int) {
	if n := len(c.segs); n > 0 && c.segs[n-1].end == start && c.segs[n-1].js == js {
		c.segs[n-1].end = end
		return
	}
	c.segs = append(c.segs, segment{start, end, js})
}

// cut reports whether something may be left out here: only after a '>', a space or at the
// start, so that what comes before and after it cannot join into markup or an entity the
// page did not have ("<" and "p>" around a comment would make a tag, "&amp" and ";" an
// entity). Elsewhere it stays.
func (c *copier) cut() bool {
	n := len(c.segs)
	if n == 0 {
		return true
	}
	switch c.body[c.segs[n-1].end-1] {
	case '>', ' ', '\t', '\n', '\r', '\f':
		return true
	}
	return false
}

// Copy returns the lean copy of an HTML page's body. It leaves out comments, style
// elements and inline JavaScript; an external script keeps its tags. When the page loads
// no external script but carries at least bundle bytes of inline JavaScript, enough of its
// inline scripts are kept to make that many bytes again, so that a reader that tells
// script-written pages by their scripts (render.NeedsBrowser, with render.ScriptBundle)
// answers for the copy as for the page; with bundle 0 no inline JavaScript stays but what
// cannot go (see cut). The copy's copy is the copy. A body with nothing to leave out is
// returned as it is.
func Copy(body []byte, bundle int) []byte {
	if bytes.IndexByte(body, '<') < 0 {
		return body
	}
	return copyTokens(body, newScanner(body), bundle)
}

// tokens are a page's tokens as golang.org/x/net/html's Tokenizer gives them: the scanner,
// or in the tests the Tokenizer itself, which the scanner is held to.
type tokens interface {
	next() kind
	// span is where the current token lies; after errorToken, its start is where the
	// tokens stop.
	span() (start, end int)
	tagName() []byte // the current tag's name, as written or in lower case
	// scriptAttrs returns a script start tag's first src and type attributes as TagAttr
	// gives them (entities unescaped, newlines normalised); nil for one it does not have.
	scriptAttrs() (src, typ []byte)
}

// copyTokens is Copy of body read as z.
func copyTokens(body []byte, z tokens, bundle int) []byte {
	c := &copier{body: body, scripts: []int{0}}
	// Inside a script or style element: what its start tag decided for it.
	const (
		outside = iota
		dropped // a style, or an external script's body: left out, tags aside
		inline  // inline JavaScript that may go: its tags and text carry its number
		kept    // kept whole: a script of another type, or one that must stay
	)
	in, forced := outside, false
	for {
		tt := z.next()
		start, pos := z.span()
		if tt == errorToken {
			if start < len(body) { // what no token holds
				c.keep(start, len(body), 0)
			}
			break
		}
		switch tt {
		case commentToken:
			if c.cut() {
				continue
			}
		case startTagToken:
			switch name := z.tagName(); {
			case nameIs(name, "style"):
				if c.cut() {
					in = dropped
					continue
				}
				in = kept
			case nameIs(name, "script"):
				in = inline
				src, typ := z.scriptAttrs()
				switch {
				case len(bytes.TrimSpace(src)) > 0:
					c.external = true
					in = dropped
				case typ != nil && !IsJavaScript(typ):
					in = kept
				}
				forced = in == inline && !c.cut()
				if forced {
					in = kept
				}
				if in == inline {
					c.scripts = append(c.scripts, 0)
					c.keep(start, pos, len(c.scripts)-1)
					continue
				}
			}
		case textToken:
			switch in {
			case dropped:
				continue
			case inline:
				c.scripts[len(c.scripts)-1] += pos - start
				c.keep(start, pos, len(c.scripts)-1)
				continue
			case kept:
				if forced {
					c.forced += pos - start
				}
			}
		case endTagToken:
			if in != outside {
				name := z.tagName()
				style, script := nameIs(name, "style"), nameIs(name, "script")
				switch {
				case style && in == dropped:
					in = outside
					continue
				case script && in == inline:
					in = outside
					c.keep(start, pos, len(c.scripts)-1)
					continue
				case script || style:
					in, forced = outside, false
				}
			}
		}
		c.keep(start, pos, 0)
	}
	keptJS := c.scriptsKept(bundle)
	n := 0
	for _, s := range c.segs {
		if keptJS(s.js) {
			n += s.end - s.start
		}
	}
	if n == len(body) {
		return body
	}
	out := make([]byte, 0, n)
	for _, s := range c.segs {
		if keptJS(s.js) {
			out = append(out, body[s.start:s.end]...)
		}
	}
	return out
}

// IsJavaScript reports whether a script element's type attribute names JavaScript (as an
// absent or empty one does); JSON-LD and templates are scripts of other types.
func IsJavaScript(typ []byte) bool {
	t := string(bytes.ToLower(bytes.TrimSpace(typ)))
	return t == "" || t == "module" || t == "text/javascript" || t == "application/javascript"
}

// scriptsKept says which inline scripts that may go the copy keeps: none when the page
// loads an external script, or when the scripts that stay anyway hold bundle bytes, or
// when all of them together hold fewer; else the smallest script that makes up the bundle
// alone, or when none does, the first ones that together do. Either way the copy carries a
// bundle again, and its copy keeps the same scripts.
func (c *copier) scriptsKept(bundle int) func(js int) bool {
	need := bundle - c.forced
	total := 0
	for _, n := range c.scripts {
		total += n
	}
	if c.external || need <= 0 || total < need {
		return func(js int) bool { return js == 0 }
	}
	one := 0
	for i := 1; i < len(c.scripts); i++ {
		if c.scripts[i] >= need && (one == 0 || c.scripts[i] < c.scripts[one]) {
			one = i
		}
	}
	if one > 0 {
		return func(js int) bool { return js == 0 || js == one }
	}
	upTo, sum := 0, 0
	for i := 1; i < len(c.scripts) && upTo == 0; i++ {
		if sum += c.scripts[i]; sum >= need {
			upTo = i
		}
	}
	return func(js int) bool { return js <= upTo }
}
