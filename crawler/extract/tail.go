package extract

import (
	"strings"
)

// Extraction often keeps a page's "You may also like…" block at the end of an article: a
// short heading, then the headlines of other stories. cutTail ends the text before such a
// heading when it stands in the second half of the text and every paragraph after it is a
// teaser (short, or mostly link text).

// relatedHeadings are the openings of the headings that introduce other stories.
var relatedHeadings = []string{
	"you may also like", "you might also like", "you may like", "related", "related stories",
	"related articles", "related content", "related coverage", "read more", "more from",
	"more on this", "more stories", "more news", "don't miss", "don’t miss", "see more",
	"see also", "recommended", "recommended for you", "most popular", "most read",
	"trending", "trending now", "what to read next", "read next", "up next", "also read",
	"keep reading", "latest news", "top stories", "popular stories",
}

// maxTeaser is the longest paragraph (bytes) taken as a teaser whatever its links.
const maxTeaser = 120

// isRelatedHeading reports whether a paragraph is a short heading of other stories.
func isRelatedHeading(p string) bool {
	if len(p) > 60 {
		return false
	}
	h := strings.ToLower(strings.TrimRight(strings.TrimSpace(p), ".…:!"))
	for _, r := range relatedHeadings {
		if h == r || strings.HasPrefix(h, r+":") ||
			strings.HasPrefix(h, r+" ") && !strings.ContainsAny(h, ".,;?") && len(strings.Fields(h)) <= len(strings.Fields(r))+4 {
			return true
		}
	}
	return false
}

// cutTail returns the offset the text should end at (len(text) when nothing is cut).
func (w *textWriter) cutTail(text string) int {
	cut := len(text)
	for i := len(w.paras) - 1; i >= 0; i-- {
		p := w.paras[i]
		para := text[p.Start:p.End]
		if isRelatedHeading(para) && 2*p.Start >= len(text) {
			cut = p.Start
			continue
		}
		if len(para) > maxTeaser && 2*w.linkedIn(p) < len(para) {
			break
		}
	}
	return cut
}

// linkedIn is how many bytes of a span are link text.
func (w *textWriter) linkedIn(s Span) int {
	n := 0
	for _, c := range w.cits {
		if c.Start >= s.Start && c.End <= s.End {
			n += c.End - c.Start
		}
	}
	return n
}

// truncate ends the text at off, dropping the paragraphs, links and embedded posts from
// there on.
func (w *textWriter) truncate(off int) {
	s := w.text.String()
	if off >= len(s) {
		return
	}
	w.text.Reset()
	w.text.WriteString(strings.TrimRight(s[:off], "\n "))
	end := w.text.Len()
	for len(w.paras) > 0 && w.paras[len(w.paras)-1].Start >= end {
		w.paras = w.paras[:len(w.paras)-1]
	}
	for len(w.cits) > 0 && w.cits[len(w.cits)-1].Start >= end {
		w.cits = w.cits[:len(w.cits)-1]
	}
	for len(w.embeds) > 0 && w.embeds[len(w.embeds)-1].Start >= end {
		w.embeds = w.embeds[:len(w.embeds)-1]
	}
}
