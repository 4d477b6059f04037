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

	"github.com/provcheck/provcheck/crawler/render"
)

// segment is a run of the page's bytes kept in the copy; js numbers the inline
// JavaScript element it belongs to (from 1; 0 for none), kept only when the browser
// decision needs it.
type segment struct {
	start, end int
	js         int
}

// Of returns the reading copy of an HTML page's body. It leaves out comments, style
// elements and inline JavaScript; an external script keeps its tags (the browser decision
// counts it). When the page loads no external script but carries at least
// [render.ScriptBundle] bytes of inline JavaScript, its first inline scripts are kept,
// up to that many bytes, so that [render.NeedsBrowser] answers for the copy as it does for
// the page. A body with nothing to leave out is returned as it is.
func Of(body []byte) []byte {
	if !bytes.Contains(body, []byte("<")) {
		return body
	}
	var (
		segs     []segment
		pos      int
		external bool
		scripts  []int // the text bytes of each inline JavaScript element; scripts[0] unused
	)
	keep := func(start, end int, js int) {
		if n := len(segs); n > 0 && segs[n-1].end == start && segs[n-1].js == js {
			segs[n-1].end = end
			return
		}
		segs = append(segs, segment{start, end, js})
	}
	// Inside a script or style element: what its start tag decided for it.
	const (
		outside = iota
		dropped // a style, or an external script's body: left out, tags aside
		inline  // inline JavaScript: start tag, text and end tag marked with its number
		kept    // a script of another type: kept whole
	)
	scripts = append(scripts, 0)
	in := outside
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
			continue
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Style:
				in = dropped
				continue
			case atom.Script:
				in = inline
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch {
					case string(k) == "src" && len(bytes.TrimSpace(v)) > 0:
						external = true
						in = dropped
					case string(k) == "type" && !render.IsJavaScript(v) && in == inline:
						in = kept
					}
				}
				if in == inline {
					scripts = append(scripts, 0)
					keep(start, pos, len(scripts)-1)
				} else { // an external script keeps its tags (its body goes), another type all
					keep(start, pos, 0)
				}
				continue
			}
		case html.TextToken:
			switch in {
			case dropped:
				continue
			case inline:
				scripts[len(scripts)-1] += pos - start
				keep(start, pos, len(scripts)-1)
				continue
			}
		case html.EndTagToken:
			if in != outside {
				name, _ := z.TagName()
				switch a := atom.Lookup(name); {
				case a == atom.Style && in == dropped:
					in = outside
					continue
				case a == atom.Script:
					js := 0
					if in == inline {
						js = len(scripts) - 1
					}
					in = outside
					keep(start, pos, js)
					continue
				}
			}
		}
		keep(start, pos, 0)
	}
	if pos < len(body) { // what the tokenizer did not reach
		keep(pos, len(body), 0)
	}
	keptJS := scriptsKept(scripts, external)
	n := 0
	for _, s := range segs {
		if keptJS(s.js) {
			n += s.end - s.start
		}
	}
	if n == len(body) {
		return body
	}
	out := make([]byte, 0, n)
	for _, s := range segs {
		if keptJS(s.js) {
			out = append(out, body[s.start:s.end]...)
		}
	}
	return out
}

// scriptsKept says which segments of inline JavaScript the copy keeps, given the text
// bytes of each inline script (scripts[i] for script i, from 1): none when the page loads
// an external script or carries less than ScriptBundle bytes; else the smallest script
// that holds ScriptBundle bytes alone, or when none does, the first ones that together do.
// Either way the copy carries a bundle again, and its copy keeps the same scripts.
func scriptsKept(scripts []int, external bool) func(js int) bool {
	if external {
		return func(js int) bool { return js == 0 }
	}
	one := 0
	for i := 1; i < len(scripts); i++ {
		if scripts[i] >= render.ScriptBundle && (one == 0 || scripts[i] < scripts[one]) {
			one = i
		}
	}
	if one > 0 {
		return func(js int) bool { return js == 0 || js == one }
	}
	upTo, sum := 0, 0
	for i := 1; i < len(scripts) && upTo == 0; i++ {
		if sum += scripts[i]; sum >= render.ScriptBundle {
			upTo = i
		}
	}
	return func(js int) bool { return js <= upTo }
}
