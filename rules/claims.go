package rules

import (
	"fmt"
	"regexp"
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

// factual marks a sentence that states a checkable fact: a number, a date, or an event
// verb (announced, reported, killed...).
var factual = regexp.MustCompile(`(?i)\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last week|last month|last year)\b|\b(?:announced|announces|reported|reports|confirmed|confirms|revealed|vowed|claimed|admitted|declared|signed|approved|passed|launched|killed|died|arrested|charged|won|lost|elected|resigned|banned|ordered|increased|decreased|rose|fell|doubled|percent|million|billion)\b`)

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
		if quoted[si] || sourcedPara[para] || a.InEmbed(s.Start) || words(text) < minWords || !prose(text) || !factual.MatchString(text) {
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
