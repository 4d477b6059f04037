// Package readcopy makes the reading copy of an HTML page: the page without what no reader
// of a stored page looks at, to keep in the database in place of the page as fetched.
//
// A stored page is read back as an original on resume and by later runs: it is parsed
// again (main text, metadata, citations, quotes, page marks), and the browser decision
// looks at its scripts. Inline JavaScript, styles and comments are most of a news page's
// bytes and none of those readers use them, so the copy leaves them out; everything else,
// structured data (JSON-LD and any script that is not JavaScript) included, is kept byte
// for byte. The copy is not evidence: the WARC keeps the bytes as they came.
package readcopy

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/render"
)

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

// ForPage returns the body to store for a fetched page of contentType: its reading copy
// when extraction reads the copy as it reads the page (as HTML, in the same character
// encoding: see [extract.SameReading]), else the body as it came. A PDF, a post's JSON
// or a page whose copy would be decoded otherwise is stored whole.
func ForPage(contentType string, body []byte) []byte {
	if !extract.ReadsAsHTML(contentType, body) {
		return body
	}
	cp := Of(body)
	if len(cp) == len(body) || !extract.SameReading(contentType, body, cp) {
		return body
	}
	return cp
}

// Of returns the reading copy of an HTML page's body. It leaves out comments, style
// elements and inline JavaScript; an external script keeps its tags (the browser decision
// counts it). When the page loads no external script but carries at least
// [render.ScriptBundle] bytes of inline JavaScript, enough of its inline scripts are kept
// to make that many bytes again, so that [render.NeedsBrowser] answers for the copy as it
// does for the page. The copy's copy is the copy. A body with nothing to leave out is
// returned as it is.
func Of(body []byte) []byte {
	if !bytes.Contains(body, []byte("<")) {
		return body
	}
	c := &copier{body: body, scripts: []int{0}}
	// Inside a script or style element: what its start tag decided for it.
	const (
		outside = iota
		dropped // a style, or an external script's body: left out, tags aside
		inline  // inline JavaScript that may go: its tags and text carry its number
		kept    // kept whole: a script of another type, or one that must stay
	)
	in, forced := outside, false
	pos := 0
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		start := pos
		pos += len(z.Raw())
		switch tt {
		case html.CommentToken:
			if c.cut() {
				continue
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Style:
				if c.cut() {
					in = dropped
					continue
				}
				in = kept
			case atom.Script:
				in = inline
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch {
					case string(k) == "src" && len(bytes.TrimSpace(v)) > 0:
						c.external = true
						in = dropped
					case string(k) == "type" && !render.IsJavaScript(v) && in == inline:
						in = kept
					}
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
		case html.TextToken:
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
		case html.EndTagToken:
			if in != outside {
				name, _ := z.TagName()
				switch a := atom.Lookup(name); {
				case a == atom.Style && in == dropped:
					in = outside
					continue
				case a == atom.Script && in == inline:
					in = outside
					c.keep(start, pos, len(c.scripts)-1)
					continue
				case a == atom.Script || a == atom.Style:
					in, forced = outside, false
				}
			}
		}
		c.keep(start, pos, 0)
	}
	if pos < len(body) { // what the tokenizer did not reach
		c.keep(pos, len(body), 0)
	}
	keptJS := c.scriptsKept()
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

// scriptsKept says which inline scripts that may go the copy keeps: none when the page
// loads an external script, or when the scripts that stay anyway hold ScriptBundle bytes,
// or when all of them together hold fewer; else the smallest script that makes up the
// bundle alone, or when none does, the first ones that together do. Either way the copy
// carries a bundle again, and its copy keeps the same scripts.
func (c *copier) scriptsKept() func(js int) bool {
	need := render.ScriptBundle - c.forced
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
