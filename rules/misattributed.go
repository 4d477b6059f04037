package rules

import (
	"fmt"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// misattributedRule: the original gives the quoted words to someone else.
type misattributedRule struct{}

const misattributedID = "quote.misattributed"

var thMinOverlap = Threshold{Rule: misattributedID, Key: "min_overlap", Default: 0.5}

func (misattributedRule) Describe() Description {
	return Description{
		ID: misattributedID, Severity: High,
		Summary: "the original gives the words to another speaker",
		Explain: "The quote was found in a cited original (verified, truncated, altered or with a flipped " +
			"negation), and the original itself prints those words as a quotation by a named speaker who is not " +
			"the one the article names. Names are compared loosely (\"Lavrov\" is \"Sergei Lavrov\"); when either " +
			"side names no one, nothing is said. The original's quotation must cover at least min_overlap of the " +
			"matched passage. The evidence names both speakers and shows the original's quotation. Such a quote is " +
			"not reported verified, however exact its words.",
		Thresholds: thresholdMap(thMinOverlap),
	}
}

func (misattributedRule) Check(c *Context) []Finding {
	minOverlap := c.Threshold(thMinOverlap)
	var out []Finding
	for _, qr := range c.quoteMatches() {
		if !MatchVerdict(qr.match.Verdict).wholeMatch() {
			continue
		}
		oq, ok := misattribution(qr, minOverlap)
		if !ok {
			continue
		}
		out = append(out, Finding{
			Subject: quoteSubject(qr),
			Message: fmt.Sprintf("%s gives these words to %s; the article gives them to %s",
				originHost(qr.source), oq.Speaker, qr.quote.Speaker),
			Evidence: Evidence{
				SourceURL: qr.source.URL, Passage: oq.Text, PassageStart: oq.Start, PassageEnd: oq.End,
				Extra: map[string]string{"article_speaker": qr.quote.Speaker, "original_speaker": oq.Speaker},
			},
		})
	}
	return out
}

// misattribution returns the original's quotation that gives the quote's words to a
// speaker other than the article's.
func misattribution(qr quoteMatch, minOverlap float64) (extract.Quote, bool) {
	if qr.source == nil || qr.source.Article == nil || qr.quote.Speaker == "" || qr.quote.SpeakerFar {
		return extract.Quote{}, false
	}
	return otherSpeaker(qr.source.Article.Quotes, qr.match, qr.quote.Speaker, minOverlap)
}

// otherSpeaker returns the original's quotation that holds the matched passage when it
// names a speaker other than speaker. Quotations that overlap less than minOverlap of the
// passage do not count, nor does a speaker the original gives only through a pronoun or
// role standing for a name paragraphs away (Quote.SpeakerFar); when any overlapping
// quotation names the article's speaker the attribution stands.
func otherSpeaker(quotes []extract.Quote, m textmatch.Match, speaker string, minOverlap float64) (extract.Quote, bool) {
	span := m.End - m.Start
	if span <= 0 {
		return extract.Quote{}, false
	}
	var found extract.Quote
	ok := false
	for _, q := range quotes {
		ov := min(q.End, m.End) - max(q.Start, m.Start)
		if ov <= 0 || float64(ov) < minOverlap*float64(span) {
			continue
		}
		if q.Speaker == "" {
			continue
		}
		if sameSpeaker(q.Speaker, speaker) {
			return extract.Quote{}, false
		}
		if q.SpeakerFar {
			continue // a guess at the speaker contradicts nothing
		}
		if !ok {
			found, ok = q, true
		}
	}
	return found, ok
}
