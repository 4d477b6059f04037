package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations end with a full stop that does not end a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true,
	"st": true, "gen": true, "col": true, "lt": true, "sgt": true, "capt": true, "gov": true,
	"sen": true, "rep": true, "rev": true, "hon": true, "pres": true, "vs": true, "etc": true,
	"inc": true, "ltd": true, "co": true, "corp": true, "no": true, "vol": true, "fig": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "u.s": true, "u.k": true,
	"u.n": true, "e.g": true, "i.e": true, "a.m": true, "p.m": true, "approx": true, "dept": true,
}

// closers may follow a sentence's final punctuation and still belong to the sentence.
const closers = "\"'”’»)]›"

// splitSentences splits each paragraph of text into sentences. A sentence ends at . ! ? or
// … (with any closing quotes or brackets after it) followed by space and something that
// can start a sentence, unless the word before the full stop is a known abbreviation or a
// single initial.
func splitSentences(text string, paras []Span) []Span {
	var out []Span
	for _, p := range paras {
		start := p.Start
		i := p.Start
		for i < p.End {
			r, size := utf8.DecodeRuneInString(text[i:])
			if r != '.' && r != '!' && r != '?' && r != '…' {
				i += size
				continue
			}
			j := i + size
			for j < p.End && (text[j] == '.' || text[j] == '!' || text[j] == '?') {
				j++
			}
			for j < p.End {
				c, cs := utf8.DecodeRuneInString(text[j:])
				if !strings.ContainsRune(closers, c) {
					break
				}
				j += cs
			}
			if j >= p.End {
				break
			}
			if text[j] != ' ' || !startsSentence(text[j+1:p.End]) || (r == '.' && isAbbreviation(text[start:i])) {
				i = j
				continue
			}
			out = append(out, Span{Start: start, End: j})
			start = j + 1
			i = start
		}
		if start < p.End {
			out = append(out, Span{Start: start, End: p.End})
		}
	}
	return out
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || strings.ContainsRune("\"'“‘«„¿¡(-—–", r) || unicode.Is(unicode.Han, r)
}

// isAbbreviation reports whether the text before a full stop ends with an abbreviation or
// an initial ("J. Smith").
func isAbbreviation(before string) bool {
	k := strings.LastIndexFunc(before, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("(\"“‘«", r) })
	word := before[k+1:]
	if k >= 0 {
		_, size := utf8.DecodeRuneInString(before[k:])
		word = before[k+size:]
	}
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(word)]
}
