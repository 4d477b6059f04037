package rules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract"
)

type unlinkedAttributionRule struct{}

func (unlinkedAttributionRule) Describe() Description {
	return Description{
		ID: "claim.unlinked_attribution", Severity: Low,
		Summary: `"according to X", "X reported", "-X" with no link to X`,
		Explain: "The article names a source for what it says (\"according to TASS\", \"Reuters reported\", a " +
			"trailing \"-Economic Times\") but gives no link to it, so the reader cannot check the source says it. " +
			"\"X said\" of a person quoted is not counted here: quotes are checked by the quote rules.",
	}
}

func (unlinkedAttributionRule) Check(c *Context) []Finding {
	var out []Finding
	for _, at := range c.Article.Attributions {
		if at.Linked || at.Phrase == "said" {
			continue
		}
		sentence := ""
		idx := at.Sentence
		if idx >= 0 && idx < len(c.Article.Sentences) {
			s := c.Article.Sentences[idx]
			sentence = c.Article.Text[s.Start:s.End]
		}
		out = append(out, Finding{
			Subject: Subject{Kind: SubjectClaim, Index: idx, Text: sentence, Offset: at.Start},
			Message: fmt.Sprintf("names %s as its source (%q) but links none", at.Source, at.Phrase),
			Evidence: Evidence{
				Passage: c.Article.Text[at.Start:at.End], PassageStart: at.Start, PassageEnd: at.End,
				Extra: map[string]string{"source": at.Source},
			},
		})
	}
	return out
}

// factualWords are the words that mark a sentence as stating a checkable fact: a date
// (a month, a weekday, "yesterday") or an event verb (announced, reported, killed...).
var factualWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august
		september october november december monday tuesday wednesday thursday friday
		saturday sunday yesterday announced announces reported reports confirmed confirms
		revealed vowed claimed admitted declared signed approved passed launched killed died
		arrested charged won lost elected resigned banned ordered increased decreased rose
		fell doubled percent million billion`) {
		m[w] = true
	}
	return m
}()

// factual reports whether a sentence states a checkable fact: it has a digit, one of
// factualWords as a whole word (any case), or "last week", "last month", "last year".
// Words are runs of ASCII letters, digits and underscores, as a regular expression's \b
// sees them; a scan, where the regular expression it replaces backtracked through its
// alternatives at every position of every sentence.
func factual(text string) bool {
	if strings.ContainsAny(text, "0123456789") {
		return true
	}
	var buf [16]byte
	for i := 0; i < len(text); {
		if !asciiWord(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && asciiWord(text[j]) {
			j++
		}
		w := text[i:j]
		if len(w) <= len(buf) {
			lw := buf[:len(w)]
			for k := range len(w) {
				lw[k] = w[k] | 0x20 // ASCII letters to lower case; no digit is left here
			}
			if factualWords[string(lw)] {
				return true
			}
		}
		// "last week", "last month", "last year": one space between the words
		if strings.EqualFold(w, "last") && j < len(text) && text[j] == ' ' {
			e := j + 1
			for e < len(text) && asciiWord(text[e]) {
				e++
			}
			if next := text[j+1 : e]; strings.EqualFold(next, "week") || strings.EqualFold(next, "month") || strings.EqualFold(next, "year") {
				return true
			}
		}
		i = j
	}
	return false
}

// asciiWord reports whether b is a word byte to a regular expression's \b.
func asciiWord(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '_'
}

type unsourcedRule struct{}

func (unsourcedRule) Describe() Description {
	return Description{
		ID: "claim.unsourced", Severity: Low,
		Summary: "a factual sentence (numbers, dates, announcements) with no citation or attribution",
		Explain: "A sentence states a checkable fact (it has a number, a date or an event verb such as " +
			"\"announced\") but neither it nor its paragraph cites a link or names a source, and it quotes no one. " +
			"The reader has only the article's word for it. Sentences shorter than min_words are skipped.",
		Thresholds: thresholdMap(thUnsourcedMinWords),
	}
}

func (unsourcedRule) Check(c *Context) []Finding {
	a := c.Article
	minWords := int(c.Threshold(thUnsourcedMinWords))
	sourcedPara := map[int]bool{}
	for _, cit := range a.Citations {
		sourcedPara[cit.Paragraph] = true
	}
	for _, at := range a.Attributions {
		if at.Phrase != "said" {
			sourcedPara[at.Paragraph] = true
		}
	}
	quoted := map[int]bool{}
	for _, q := range a.Quotes {
		quoted[q.Sentence] = true
	}
	var out []Finding
	for si, s := range a.Sentences {
		text := a.Text[s.Start:s.End]
		para := extract.SpanIndex(a.Paragraphs, s.Start)
		if quoted[si] || sourcedPara[para] || a.InEmbed(s.Start) || words(text) < minWords || !prose(text) || !factual(text) {
			continue
		}
		out = append(out, Finding{
			Subject: Subject{Kind: SubjectClaim, Index: si, Text: text, Offset: s.Start},
			Message: fmt.Sprintf("no citation or named source for “%s”", clip(text, 90)),
			Evidence: Evidence{
				Passage: text, PassageStart: s.Start, PassageEnd: s.End,
			},
		})
	}
	return out
}

// prose reports whether text reads as a sentence of running text: it ends with . ! or ?
// (closing quotes and brackets allowed) and has at least four lower-case words. Table rows,
// datelines, headings and captions ("1 Kyle Busch 5040 5 1 17 27") state no claim to source.
func prose(text string) bool {
	t := strings.TrimRight(text, "\"'”’»)] ")
	if t == "" || !strings.ContainsAny(t[len(t)-1:], ".!?") {
		return false
	}
	lower := 0
	for _, w := range strings.Fields(text) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) {
			lower++
		}
	}
	return lower >= 4
}

// clip shortens s to at most n runes, ending with an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

var thUnsourcedMinWords = Threshold{Rule: "claim.unsourced", Key: "min_words", Default: 8}
