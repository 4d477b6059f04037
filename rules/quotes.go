package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// quoteVerdict is a textmatch verdict seen as the rule that reports it.
type quoteVerdict textmatch.Verdict

const (
	verdictVerified  = quoteVerdict(textmatch.Verified)
	verdictAltered   = quoteVerdict(textmatch.Altered)
	verdictNegation  = quoteVerdict(textmatch.Negation)
	verdictPartial   = quoteVerdict(textmatch.Partial)
	verdictTruncated = quoteVerdict(textmatch.Truncated)
	verdictNotFound  = quoteVerdict(textmatch.NotFound)
)

func (v quoteVerdict) rule() string { return "quote." + string(v) }

// quoteResult is the outcome of comparing one quote with the originals.
type quoteResult struct {
	index  int
	quote  extract.Quote
	match  textmatch.Match
	source *Original // the original that carries the best passage; nil when none was read
	tried  int       // how many readable originals were compared
}

// quoteResults compares every quote once with the originals and caches the outcome.
//
// A quote is compared with the originals its citations point to; when it has none that can
// be read, or none of them carries it, it is compared with every original the article
// cites, and the result says which one carried it.
func (c *Context) quoteResults() []quoteResult {
	if c.quotes != nil {
		return c.quotes
	}
	opts := textmatch.Options{MinSimilarity: c.Threshold(verdictAltered.rule(), "min_similarity")}
	minShared := int(c.Threshold(verdictAltered.rule(), "min_shared_words"))
	all := c.readable()
	c.quotes = make([]quoteResult, 0, len(c.Article.Quotes))
	for i, q := range c.Article.Quotes {
		r := quoteResult{index: i, quote: q, match: textmatch.Match{Verdict: textmatch.NotFound}}
		var own []*Original
		seen := map[*Original]bool{}
		for _, ci := range q.Citations {
			if ci >= 0 && ci < len(c.Originals) && c.Originals[ci].Readable() && !seen[c.Originals[ci]] {
				seen[c.Originals[ci]] = true
				own = append(own, c.Originals[ci])
			}
		}
		r = best(r, own, opts, minShared)
		if r.match.Verdict == textmatch.NotFound {
			var rest []*Original
			for _, o := range all {
				if !seen[o] {
					rest = append(rest, o)
				}
			}
			r = best(r, rest, opts, minShared)
		}
		c.quotes = append(c.quotes, r)
	}
	return c.quotes
}

// best compares the quote with each original and keeps the closest passage.
// A passage that differs from the quote must share at least minShared words with it to be
// taken for the quote's source: "democratic world order" is not where "fairer world order"
// came from.
func best(r quoteResult, originals []*Original, opts textmatch.Options, minShared int) quoteResult {
	for _, o := range originals {
		r.tried++
		m := opts.Compare(r.quote.Text, o.Doc())
		if m.Verdict == textmatch.NotFound || (m.Verdict != textmatch.Verified && textmatch.SharedWords(m.Ops) < minShared) {
			continue
		}
		if r.source == nil || m.Similarity > r.match.Similarity ||
			(m.Similarity == r.match.Similarity && rank(m.Verdict) > rank(r.match.Verdict)) {
			r.match, r.source = m, o
		}
	}
	return r
}

func rank(v textmatch.Verdict) int {
	switch v {
	case textmatch.Verified:
		return 5
	case textmatch.Truncated:
		return 4
	case textmatch.Partial:
		return 3
	case textmatch.Altered:
		return 2
	case textmatch.Negation:
		return 1
	}
	return 0
}

// quoteRule reports the quotes that came out with one verdict.
type quoteRule struct{ verdict quoteVerdict }

func (r quoteRule) Describe() Description {
	info := Description{ID: r.verdict.rule()}
	switch r.verdict {
	case verdictVerified:
		info.Severity = Info
		info.Summary = "the quote is in a cited original, word for word after normalising"
		info.Explain = "The quoted words were found in an original the article cites, after normalising case, " +
			"punctuation, typographic quotes, dashes, whitespace and Unicode (NFKC). The evidence gives the " +
			"original's URL and the passage with its offsets. An explicit ellipsis in the quote is allowed as a gap."
	case verdictAltered:
		info.Severity = Medium
		info.Summary = "the closest passage in the original differs by words"
		info.Explain = "The closest passage of the cited originals differs from the quote by words swapped, added " +
			"or dropped. The evidence holds the passage, a word-level diff (substitute / insert / delete) and a " +
			"similarity between 0 and 1. Below min_similarity, or with fewer than min_shared_words words in " +
			"common, a passage is not taken to be the quote's source at all (quote.not_found)."
		info.Thresholds = map[string]float64{"min_similarity": 0.5, "min_shared_words": 3}
	case verdictNegation:
		info.Severity = High
		info.Summary = "the difference flips a negation (not, never, no, n't) or changes a number"
		info.Explain = "The quote differs from the original in a negation word or a number, which can reverse what " +
			"was said. Always high, whatever the configuration says."
	case verdictPartial:
		info.Severity = Medium
		info.Summary = "only part of the quote is in the original, or two distant passages were joined"
		info.Explain = "Part of the quote is in the original and part is not, or the quote joins passages that stand " +
			"far apart in the original without marking the gap with an ellipsis."
	case verdictTruncated:
		info.Severity = Medium
		info.Summary = "the quote is verbatim but cuts off a qualifier (unless, only if, but, except)"
		info.Explain = "The quoted words are in the original, but the original sentence goes on with a qualifier " +
			"that the quote leaves out; the cut can change the meaning. The evidence shows the words that follow."
	case verdictNotFound:
		info.Severity = Medium
		info.Summary = "no fetched original contains anything close to the quote"
		info.Explain = "None of the originals that could be fetched and read carries the quote or a passage close " +
			"to it. When no original could be read at all the message says so and the finding is info: the quote " +
			"is then unverified, not disproved. Quotes shorter than min_words words are reported at low severity."
		info.Thresholds = map[string]float64{"min_words": 3}
	}
	return info
}

func (r quoteRule) Check(c *Context) []Finding {
	var out []Finding
	for _, qr := range c.quoteResults() {
		if quoteVerdict(qr.match.Verdict) != r.verdict {
			continue
		}
		if _, other := misattribution(qr, c.Threshold("quote.misattributed", "min_overlap")); other && r.verdict == verdictVerified {
			continue // the words are the original's but another speaker's: quote.misattributed
		}
		f := Finding{Subject: quoteSubject(qr)}
		f.Message = quoteMessage(qr)
		if qr.source != nil {
			sim := round2(qr.match.Similarity)
			f.Evidence = Evidence{
				SourceURL: qr.source.URL, Passage: qr.match.Passage,
				PassageStart: qr.match.Start, PassageEnd: qr.match.End,
				Diff: qr.match.Ops, Similarity: &sim,
			}
			if qr.source.Page != nil && qr.source.Page.FinalURL != "" && qr.source.Page.FinalURL != qr.source.URL {
				f.Evidence.FinalURL = qr.source.Page.FinalURL
			}
			if qr.match.Qualifier != "" {
				f.Evidence.Extra = map[string]string{"qualifier": qr.match.Qualifier}
			}
		}
		switch {
		case r.verdict == verdictNotFound && qr.tried == 0:
			// Nothing could be read to check it against: unverified, not disproved.
			f.Severity = Info
			f.Evidence.Extra = map[string]string{"unverified": "true"}
		case r.verdict == verdictNotFound && words(qr.quote.Text) < int(c.Threshold(r.verdict.rule(), "min_words")):
			f.Severity = Low
			f.Evidence.Extra = map[string]string{"short": "true"}
		}
		out = append(out, f)
	}
	return out
}

func quoteSubject(qr quoteResult) Subject {
	return Subject{Kind: SubjectQuote, Index: qr.index, Text: qr.quote.Text, Offset: qr.quote.Start}
}

func quoteMessage(qr quoteResult) string {
	where := ""
	if qr.source != nil {
		where = originHost(qr.source)
		if qr.source.Archived != "" {
			where += " (archived copy of " + qr.source.Archived + ")"
		}
	}
	m := qr.match
	switch m.Verdict {
	case textmatch.Verified:
		if m.Gaps > 0 {
			return fmt.Sprintf("verified in %s (%d marked gap(s))", where, m.Gaps)
		}
		return "verified in " + where
	case textmatch.Altered:
		return fmt.Sprintf("altered: %s (similarity %.2f, %s)", DiffSummary(m.Ops), m.Similarity, where)
	case textmatch.Negation:
		return fmt.Sprintf("meaning flipped: %s (%s)", DiffSummary(m.Ops), where)
	case textmatch.Partial:
		msg := "only part of the quote is in " + where
		if m.Note != "" {
			msg += ": " + m.Note
		}
		return msg
	case textmatch.Truncated:
		return fmt.Sprintf("verbatim in %s, but the original goes on: %q", where, m.Qualifier)
	}
	if qr.tried == 0 {
		return "not verified: no cited original could be fetched and read"
	}
	return fmt.Sprintf("not found in any of %d original(s) read", qr.tried)
}

// DiffSummary renders a word diff for a person: `"fair" → original says "just"; added "and"`.
func DiffSummary(ops []textmatch.Op) string {
	var parts []string
	for _, op := range ops {
		switch op.Kind {
		case textmatch.OpSubstitute:
			parts = append(parts, fmt.Sprintf("%q → original says %q", op.Quote, op.Original))
		case textmatch.OpInsert:
			parts = append(parts, fmt.Sprintf("added %q", op.Quote))
		case textmatch.OpDelete:
			parts = append(parts, fmt.Sprintf("dropped %q", op.Original))
		}
	}
	if len(parts) == 0 {
		return "punctuation only"
	}
	return strings.Join(parts, "; ")
}

func words(s string) int { return len(strings.Fields(s)) }

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// inconsistentRule: the same speaker quoted twice in one article in two wordings.
type inconsistentRule struct{}

func (inconsistentRule) Describe() Description {
	return Description{
		ID: "quote.inconsistent", Severity: Medium,
		Summary: "the article quotes the same speaker twice in two different wordings",
		Explain: "Two quotations given to the same speaker are the same statement in different words: at most one " +
			"of them can be what was said. The finding is on the later quote; the evidence names the other and " +
			"holds the word diff between them. Quotes shorter than min_words are not compared.",
		Thresholds: map[string]float64{"min_similarity": 0.5, "min_words": 3},
	}
}

func (r inconsistentRule) Check(c *Context) []Finding {
	minSim := c.Threshold("quote.inconsistent", "min_similarity")
	minWords := int(c.Threshold("quote.inconsistent", "min_words"))
	qs := c.Article.Quotes
	var out []Finding
	for j := range qs {
		for i := 0; i < j; i++ {
			a, b := qs[i], qs[j]
			if !sameSpeaker(a.Speaker, b.Speaker) || words(a.Text) < minWords || words(b.Text) < minWords {
				continue
			}
			short, long := b.Text, a.Text
			if utf8.RuneCountInString(short) > utf8.RuneCountInString(long) {
				short, long = long, short
			}
			m := textmatch.Compare(short, textmatch.NewDoc(long))
			if (m.Verdict != textmatch.Altered && m.Verdict != textmatch.Negation) || m.Similarity < minSim || textmatch.SharedWords(m.Ops) < minWords {
				continue
			}
			sim := round2(m.Similarity)
			out = append(out, Finding{
				Subject: Subject{Kind: SubjectQuote, Index: j, Text: b.Text, Offset: b.Start},
				Message: fmt.Sprintf("%s is quoted twice in two wordings: %s", b.Speaker, DiffSummary(m.Ops)),
				Evidence: Evidence{
					Passage: a.Text, Diff: m.Ops, Similarity: &sim, Related: []int{i},
				},
			})
		}
	}
	return out
}

// sameSpeaker compares speaker names loosely: "Lavrov" is "Sergei Lavrov", "Wang" is
// "Wang Yi".
func sameSpeaker(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	ta, tb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	if len(ta) > len(tb) {
		ta, tb = tb, ta
	}
	set := map[string]bool{}
	for _, t := range tb {
		set[t] = true
	}
	for _, t := range ta {
		if !set[t] {
			return false
		}
	}
	return true
}
