package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract/sentence"
)

// token is a word or a punctuation mark of the text, for the attribution scanners. The
// scanners walk tokens a bounded number of steps from a verb or a quotation, so they cost
// time linear in the text, whatever it holds.
type token struct {
	// text is as written; low is it in lower case.
	text, low  string
	start, end int
	// word is true for a word (letters, digits and the apostrophes, hyphens, full stops and
	// ampersands inside it: "O'Rourke", "Hau-yip", "U.S.", "AT&T", "43-year-old"); false
	// for one punctuation mark.
	word bool
	// cap is true for a word that begins with a capital letter.
	cap bool
}

// tokenize splits text[start:end] into tokens, with offsets into text.
func tokenize(text string, start, end int) []token {
	return appendTokens(make([]token, 0, (end-start)/5+2), text, start, end)
}

// appendTokens appends the tokens of text[start:end] to out: a scanner that reads many
// sentences one after another reuses one slice.
func appendTokens(out []token, text string, start, end int) []token {
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		switch {
		case isSpace(r):
			i += size
		case isWordRune(r):
			j := i + size
			for j < end {
				c, cs := utf8.DecodeRuneInString(text[j:end])
				if isWordRune(c) {
					j += cs
					continue
				}
				if strings.ContainsRune(".'’-&", c) && j+cs < end {
					if n, _ := utf8.DecodeRuneInString(text[j+cs : end]); isWordRune(n) {
						j += cs
						continue
					}
				}
				break
			}
			// A full stop after an initial, a known abbreviation or a dotted word belongs
			// to it ("S.", "Mr.", "U.S."); else it is punctuation.
			if j < end && text[j] == '.' {
				w := text[i:j]
				if utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r) || sentence.IsAbbreviation(w) || strings.Contains(w, ".") {
					j++
				}
			}
			w := text[i:j]
			out = append(out, token{text: w, low: strings.ToLower(w), start: i, end: j, word: true, cap: unicode.IsUpper(r)})
			i = j
		default:
			out = append(out, token{text: text[i : i+size], low: text[i : i+size], start: i, end: i + size})
			i += size
		}
	}
	return out
}

// isWordRune reports whether r is a letter, a digit or a nonspacing mark: in ASCII, the
// letters and digits (tested without a call, as most of a page's text is ASCII).
func isWordRune(r rune) bool {
	if uint32(r) < utf8.RuneSelf {
		return asciiWord[r]
	}
	return isWordRuneUnicode(r)
}

func isWordRuneUnicode(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for r := range t {
		t[r] = 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return t
}()

// isQuoteToken reports whether t is a quotation mark.
func isQuoteToken(t token) bool {
	if t.word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return isQuoteMark(r)
}

// isDoubleQuote reports whether t is a quotation mark that cannot be an apostrophe.
func isDoubleQuote(t token) bool {
	return isQuoteToken(t) && t.text != "'" && t.text != "’" && t.text != "‘"
}

// possessive reports whether a word ends in 's ("Russia's").
func possessive(w string) bool {
	return strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "’s") || strings.HasSuffix(w, "s'") || strings.HasSuffix(w, "s’")
}

// contraction reports whether w ends as a pronoun's or a verb's contraction does
// ("You're", "We'll", "I've", "I'm", "She'd", "Don't"): no one's name.
func contraction(w string) bool {
	if strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t") {
		return true
	}
	for _, end := range [...]string{"re", "ll", "ve", "m", "d"} {
		if head, ok := strings.CutSuffix(w, end); ok && (strings.HasSuffix(head, "'") || strings.HasSuffix(head, "’")) {
			return true
		}
	}
	return false
}

// sentenceCues reports, without tokenizing, whether text[start:end] holds a word of verbs
// (or "according") and whether it holds two capitalised words in a row: the scanners
// skip the sentences (most of them) that can attribute nothing.
func sentenceCues(text string, start, end int, verbs map[string]bool) (verb, capRun bool) {
	var buf [24]byte
	prevCap := false
	i := start
	for i < end {
		r, size := utf8.DecodeRuneInString(text[i:end])
		if !isWordRune(r) {
			i += size
			if r != ' ' && r != '-' {
				prevCap = false
			}
			continue
		}
		j, n, fits := i, 0, true
		cap := unicode.IsUpper(r)
		for j < end {
			c, cs := utf8.DecodeRuneInString(text[j:end])
			if !isWordRune(c) && c != '\'' && c != '’' {
				break
			}
			if n < len(buf) && c < utf8.RuneSelf {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[n] = byte(c)
				n++
			} else {
				fits = false
			}
			j += cs
		}
		if fits && (!cap && verbs[string(buf[:n])] || string(buf[:n]) == "according") {
			verb = true
		}
		if cap && prevCap {
			capRun = true
		}
		prevCap = cap
		i = j
	}
	return verb, capRun
}
