// Package sentence splits text into sentences, with one set of rules for every part of
// provcheck that needs sentences: the extractor's sentence spans of an article and the
// text matcher's sentences of an original are cut at the same places.
package sentence

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a sentence: byte offsets [Start, End) of the text it was split from.
type Span struct{ Start, End int }

// abbreviations end with a full stop that does not end a sentence (lower case, without
// their final full stop).
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "mt": true, "ft": true, "gen": true, "col": true, "lt": true, "sgt": true,
	"capt": true, "gov": true, "sen": true, "rep": true, "rev": true, "hon": true, "pres": true,
	"vs": true, "etc": true, "inc": true, "ltd": true, "co": true, "corp": true, "no": true,
	"vol": true, "fig": true, "approx": true, "dept": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"u.s": true, "u.k": true, "u.n": true, "e.g": true, "i.e": true, "a.m": true, "p.m": true,
}

// openers may stand before the first word of a sentence.
const openers = "\"'“‘«„¿¡([-—–"

// Ends reports whether a sentence ends in gap, the text between two words: before is the
// text up to and including the word before the gap, and next the text from the word after
// it. A sentence ends at a blank line, or at . ! ? or … unless the next word starts in
// lower case ("e.g. this"), a full stop right after the word marks an abbreviation
// ("Dr.") or an initial ("J. Smith"), or digits on both sides of it with no space make a
// number ("3.5").
func Ends(before, gap, next string) bool {
	if i := strings.IndexByte(gap, '\n'); i >= 0 && strings.IndexByte(gap[i+1:], '\n') >= 0 {
		return true
	}
	p := punct(gap)
	if p < 0 || next == "" {
		return false
	}
	if gap[p] == '.' && p == 0 && IsAbbreviation(before) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(next)
	if unicode.IsLower(r) {
		return false
	}
	sp := spaceAfter(gap, p)
	if sp < 0 && unicode.IsDigit(r) {
		// "3.5" is a number, but "ended.[1] The" ends at the stop before the marker.
		last, _ := utf8.DecodeLastRuneInString(before)
		return !unicode.IsDigit(last)
	}
	// After the space, only what opens a sentence: a quote, a bracket, a dash. A dateline's
	// "March 30. /TASS/." or "at 5. $3 more" goes on.
	if sp < 0 {
		return true
	}
	for _, r := range gap[sp:] {
		if !unicode.IsSpace(r) && !strings.ContainsRune(openers, r) {
			return false
		}
	}
	return true
}

// punct returns strings.IndexAny(gap, ".!?…"), comparing bytes: gaps are a byte or two,
// and IndexAny with a non-ASCII set decodes every rune. A "…" cannot sit inside another
// rune (its first byte is no continuation byte), so bytes find what IndexAny finds.
func punct(gap string) int {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '.', '!', '?':
			return i
		case "…"[0]:
			if strings.HasPrefix(gap[i:], "…") {
				return i
			}
		}
	}
	return -1
}

// spaceAfter returns the index of the first white space in gap after p, or -1.
func spaceAfter(gap string, p int) int {
	for i := p + 1; i < len(gap); {
		r, n := utf8.DecodeRuneInString(gap[i:])
		if unicode.IsSpace(r) {
			return i
		}
		i += n
	}
	return -1
}

// IsAbbreviation reports whether text ends with a known abbreviation ("Dr", "U.S") or an
// initial (a single capital letter), the word a full stop after it belongs to.
func IsAbbreviation(text string) bool {
	k := strings.LastIndexFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(openers, r) })
	word := text
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(text[k:])
		word = text[k+size:]
	}
	if word == "" {
		return false
	}
	if r, size := utf8.DecodeRuneInString(word); size == len(word) {
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(word)]
}

// isWord reports whether r belongs to a word rather than to the gap between words.
func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// Split returns the sentences of text in order, by [Ends]. A sentence ends after its
// punctuation and closing quotes or brackets; the next starts at the first character
// after the white space, opening quotes included. Space around sentences is left out.
func Split(text string) []Span {
	var out []Span
	start := -1   // the current sentence's first non-space byte
	wordEnd := -1 // end of the last word seen
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isWord(r) {
			if start < 0 && !unicode.IsSpace(r) {
				start = i
			}
			i += n
			continue
		}
		if start < 0 {
			start = i
		}
		if wordEnd >= 0 {
			gap := text[wordEnd:i]
			if Ends(text[start:wordEnd], gap, text[i:]) {
				end := wordEnd + cut(gap)
				out = append(out, Span{start, end})
				start = end + strings.IndexFunc(text[end:], func(r rune) bool { return !unicode.IsSpace(r) })
			}
		}
		for i < len(text) {
			r, n := utf8.DecodeRuneInString(text[i:])
			if !isWord(r) {
				break
			}
			i += n
		}
		wordEnd = i
	}
	if start >= 0 {
		end := len(strings.TrimRightFunc(text, unicode.IsSpace))
		if end > start {
			out = append(out, Span{start, end})
		}
	}
	return out
}

// cut returns where in a gap that ends a sentence the sentence ends: at the first white
// space after its punctuation, or after the punctuation and closing quotes or brackets
// when no space follows ("ended.[1]"), or, at a blank line, at the first white space.
func cut(gap string) int {
	p := punct(gap)
	if p < 0 {
		return strings.IndexFunc(gap, unicode.IsSpace)
	}
	if s := spaceAfter(gap, p); s >= 0 {
		return s
	}
	j := p
	for j < len(gap) {
		r, n := utf8.DecodeRuneInString(gap[j:])
		if !strings.ContainsRune(".!?…"+closers, r) {
			break
		}
		j += n
	}
	return j
}

// closers may follow a sentence's final punctuation and still belong to the sentence.
const closers = "\"'”’»)]›"
