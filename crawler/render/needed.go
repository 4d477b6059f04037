package render

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/provcheck/provcheck/crawler/htmlstrip"
)

// Mode says when originals are fetched again through the browser.
type Mode string

// The render modes of --render.
const (
	// ModeAuto renders a page whose extracted text is tiny while its HTML carries scripts
	// that could write it (see [NeedsBrowser]).
	ModeAuto Mode = "auto"
	// ModeNever renders nothing.
	ModeNever Mode = "never"
	// ModeAlways renders every HTML original.
	ModeAlways Mode = "always"
)

// ParseMode reads a --render value.
func ParseMode(s string) (Mode, bool) {
	switch m := Mode(s); m {
	case ModeAuto, ModeNever, ModeAlways:
		return m, true
	}
	return "", false
}

// ScriptBundle is the script a page must carry to count as one that writes its own text:
// an external script, or inline scripts of at least this many bytes.
const ScriptBundle = 4 << 10

// NeedsBrowser reports whether an HTML page whose extracted main text is textLen bytes long
// (shorter than minText) probably writes its text with scripts: it loads an external script
// or carries a large inline one. A page that is short and has no scripts is simply short.
func NeedsBrowser(body []byte, textLen, minText int) bool {
	if textLen >= minText {
		return false
	}
	z := html.NewTokenizer(bytes.NewReader(body))
	inScript, inline := false, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return inline >= ScriptBundle
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if atom.Lookup(name) != atom.Script {
				continue
			}
			inScript = true
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "src" && len(bytes.TrimSpace(v)) > 0 {
					return true
				}
				if string(k) == "type" && !htmlstrip.IsJavaScript(v) {
					inScript = false // JSON-LD and templates write no text
				}
			}
		case html.EndTagToken:
			inScript = false
		case html.TextToken:
			if inScript {
				inline += len(z.Text())
			}
		}
	}
}
