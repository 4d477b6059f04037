package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The head of an extracted text often repeats what the page's metadata already says: the
// headline (with a section prefix, "Opinion | …"), the standfirst that is also the page's
// description, the byline and the dateline. They are not the article's body, and a quote
// checker must not read a headline as a claim of the text. A leadFilter recognises them
// among the first paragraphs only; past the lead, the same words are kept.

// maxLeadParagraphs is how many paragraphs from the top may be dropped as lead matter.
const maxLeadParagraphs = 3

// leadProse is the length (bytes) of a paragraph after which the body has begun.
const leadProse = 200

type leadFilter struct {
	title, description, author string
	// doc is the original page: many sites' description is the article's first paragraph,
	// which is kept when the page has it among the body's paragraphs.
	doc *html.Node
}

// amongParagraphs reports whether the page has a <p> of this text beside at least two
// other paragraphs of prose (a body), rather than alone in a header as a standfirst.
func amongParagraphs(doc *html.Node, para string) bool {
	want := fieldsJoined(para)
	var found bool
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if found {
			return
		}
		if n.Type == html.ElementNode && tagOf(n) == atom.P && n.Parent != nil && spacedText(n) == want {
			prose := 0
			for c := n.Parent.FirstChild; c != nil; c = c.NextSibling {
				if c != n && c.Type == html.ElementNode && tagOf(c) == atom.P && len(spacedText(c)) >= minAnchorParagraph {
					prose++
				}
			}
			found = prose >= 2
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(doc)
	return found
}

// drop reports whether a paragraph of the lead repeats the title, the description, the
// byline or the dateline.
func (l leadFilter) drop(para string) bool {
	p := normLead(para)
	if p == "" || len(p) > leadProse {
		return false
	}
	if t := normLead(l.title); t != "" && (p == t || len(p) >= 12 && 2*len(p) >= len(t) && strings.Contains(t, p)) {
		return true
	}
	if d := normLead(l.description); d != "" && (p == d || len(p) >= 40 && 5*len(p) >= 4*len(d) && strings.HasPrefix(d, p)) &&
		(l.doc == nil || !amongParagraphs(l.doc, para)) {
		return true
	}
	return len(p) <= 80 && (isByline(para, p, normLead(l.author)) || isDateline(p))
}

// normLead folds case and whitespace and drops a trailing ellipsis.
func normLead(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimRight(s, ".…")
}

// isByline: "By NAME" (a capitalised name and nothing much else), or the metadata's
// author alone; raw is the paragraph as written, p the same folded by normLead.
func isByline(raw, p, author string) bool {
	if author != "" && (p == author || p == "by "+author) {
		return true
	}
	if _, ok := strings.CutPrefix(p, "by "); !ok {
		return false
	}
	words := strings.Fields(raw)[1:]
	if len(words) == 0 || len(words) > 8 || strings.ContainsAny(strings.Join(words, " "), ",;!?\"“”") {
		return false
	}
	first, _ := utf8.DecodeRuneInString(words[0])
	return unicode.IsUpper(first)
}

var dateWords = map[string]bool{
	"published": true, "updated": true, "posted": true, "last": true, "on": true, "at": true,
	"am": true, "pm": true, "a.m": true, "p.m": true, "gmt": true, "utc": true, "et": true,
	"est": true, "edt": true, "pt": true, "pst": true, "pdt": true, "bst": true, "cet": true,
	"cest": true, "ist": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "may": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"january": true, "february": true, "march": true, "april": true, "june": true,
	"july": true, "august": true, "september": true, "october": true, "november": true,
	"december": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "mon": true, "tue": true, "wed": true,
	"thu": true, "fri": true, "sat": true, "sun": true,
}

// isDateline: a line made only of a date and time ("November 20, 2019 10:43", "Published
// 18 November 2019", "Updated: 11/19/2019 at 5 p.m. ET").
func isDateline(p string) bool {
	digits := false
	words := strings.FieldsFunc(p, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == '|' || r == '/' || r == ':' || r == '-' || r == '·' || r == '•'
	})
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		w = strings.Trim(w, ".()")
		switch {
		case w == "":
		case strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0:
			digits = true
		case dateWords[w]:
		case strings.TrimRight(w, "stndrh") != w && strings.IndexFunc(strings.TrimRight(w, "stndrh"), func(r rune) bool { return !unicode.IsDigit(r) }) < 0 && strings.TrimRight(w, "stndrh") != "":
			digits = true // 18th, 1st
		default:
			return false
		}
	}
	return digits
}
