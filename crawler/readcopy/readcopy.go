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
	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/htmlstrip"
	"github.com/provcheck/provcheck/crawler/render"
)

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

// Of returns the reading copy of an HTML page's body: [htmlstrip.Copy] with the script
// bundle the browser decision counts ([render.ScriptBundle]), so that
// [render.NeedsBrowser] answers for the copy as it does for the page.
func Of(body []byte) []byte {
	return htmlstrip.Copy(body, render.ScriptBundle)
}
