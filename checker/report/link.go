package report

import (
	"net/url"
	"strconv"
	"strings"
)

// PassageLink returns a URL that opens page at passage: a text fragment
// (#:~:text=start,end) that current browsers scroll to and highlight. A long passage is
// named by its first and last words. It returns page unchanged when there is no passage.
func PassageLink(page, passage string) string {
	words := strings.Fields(passage)
	if page == "" || len(words) == 0 {
		return page
	}
	u, err := url.Parse(page)
	if err != nil {
		return page
	}
	u.Fragment, u.RawFragment = "", ""
	var directive string
	if len(words) <= 8 {
		directive = fragmentEscape(strings.Join(words, " "))
	} else {
		directive = fragmentEscape(strings.Join(words[:4], " ")) + "," + fragmentEscape(strings.Join(words[len(words)-4:], " "))
	}
	return u.String() + "#:~:text=" + directive
}

// fragmentEscape percent-encodes a text directive term; '-', ',' and '&' have meanings of
// their own there and are always escaped.
func fragmentEscape(s string) string {
	return directiveEscapes.Replace(url.PathEscape(s))
}

// directiveEscapes is built once (read-only, safe for concurrent use): building it was a
// third of the cost of linking a quote to its passage.
var directiveEscapes = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26")

// PageLink returns a URL that opens a PDF at page n: the #page=N open parameter that PDF
// viewers and browsers honour (RFC 8118), as text fragments do not reach into a PDF. It
// returns pdf unchanged for a page below 1.
func PageLink(pdf string, n int) string {
	if pdf == "" || n < 1 {
		return pdf
	}
	u, err := url.Parse(pdf)
	if err != nil {
		return pdf
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String() + "#page=" + strconv.Itoa(n)
}
