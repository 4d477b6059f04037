package rules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Thresholds of quote matching (quote.altered's) and of quote.not_found.
var (
	thAlteredMinSimilarity = Threshold{Rule: "quote.altered", Key: "min_similarity", Default: 0.5}
	thAlteredMinShared     = Threshold{Rule: "quote.altered", Key: "min_shared_words", Default: 3}
	thNotFoundMinWords     = Threshold{Rule: "quote.not_found", Key: "min_words", Default: 3}
)

// quoteMatch is the outcome of comparing one quote with the originals.
type quoteMatch struct {
	index  int
	quote  extract.Quote
	match  textmatch.Match
	source *Original // the original that carries the best passage; nil when none was read
	tried  int       // how many readable originals were compared
	// partial counts the compared originals that show only part of their text (paywalls).
	partial int
}

// quoteMatches compares every quote once with the originals and caches the outcome.
//
// A quote is compared with the originals its citations point to; when it has none that can
// be read, or none of them carries it, it is compared with every original the article
// cites, and the result says which one carried it.
func (c *Context) quoteMatches() []quoteMatch {
	if c.quotes != nil {
		return c.quotes
	}
	opts, minShared := c.engine.quoteMatching()
	all := c.readable()
	c.quotes = make([]quoteMatch, 0, len(c.Article.Quotes))
	for i, q := range c.Article.Quotes {
		r := quoteMatch{index: i, quote: q, match: textmatch.Match{Verdict: textmatch.NotFound}}
		var own []*Original
		seen := map[*Original]bool{}
		for _, ci := range q.Citations {
			if ci >= 0 && ci < len(c.Originals) && c.Readable(c.Originals[ci]) && !seen[c.Originals[ci]] {
				seen[c.Originals[ci]] = true
				own = append(own, c.Originals[ci])
			}
		}
		r = best(c, r, own, opts, minShared)
		if r.match.Verdict == textmatch.NotFound {
			var rest []*Original
			for _, o := range all {
				if !seen[o] {
					rest = append(rest, o)
				}
			}
			r = best(c, r, rest, opts, minShared)
		}
		c.quotes = append(c.quotes, r)
	}
	return c.quotes
}

// best compares the quote with each original and keeps the closest passage.
// A passage that differs from the quote must share at least minShared words with it to be
// taken for the quote's source: "democratic world order" is not where "fairer world order"
// came from.
func best(c *Context, r quoteMatch, originals []*Original, opts textmatch.Options, minShared int) quoteMatch {
	for _, o := range originals {
		r.tried++
		if c.partial(o) {
			r.partial++
		}
		m := opts.Compare(r.quote.Text, o.Doc())
		if !takenForSource(m, minShared) {
			continue
		}
		if r.source == nil || m.Similarity > r.match.Similarity ||
			(m.Similarity == r.match.Similarity && MatchVerdict(r.match.Verdict).Worse(MatchVerdict(m.Verdict))) {
			r.match, r.source = m, o
		}
	}
	return r
}

// quoteMatching is how quotes are compared with originals: quote.altered's min_similarity
// and min_shared_words, as configured.
func (e *Engine) quoteMatching() (textmatch.Options, int) {
	return textmatch.Options{MinSimilarity: e.threshold(thAlteredMinSimilarity)}, e.MinSharedWords()
}

// takenForSource reports whether m's passage is taken for where the quote came from: found,
// and, when its words differ, sharing at least minShared of them with the quote.
func takenForSource(m textmatch.Match, minShared int) bool {
	return m.Verdict == textmatch.Verified || m.Verdict != textmatch.NotFound && textmatch.SharedWords(m.Ops) >= minShared
}

// quoteRule reports the quotes whose best match came out with one verdict; the verdict's
// row in quoteVerdicts describes it.
type quoteRule struct{ def verdictDef }

func (r quoteRule) Describe() Description {
	d := r.def
	return Description{
		ID: d.verdict.Rule(), Severity: d.severity, Summary: d.summary, Explain: d.explain,
		Thresholds: thresholdMap(d.thresholds...),
	}
}

func (r quoteRule) Check(c *Context) []Finding {
	var out []Finding
	for _, qr := range c.quoteMatches() {
		if qr.match.Verdict != r.def.match {
			continue
		}
		if _, other := misattribution(qr, c.Threshold(thMinOverlap)); other && r.def.verdict == Verified {
			continue // the words are the original's but another speaker's: quote.misattributed
		}
		f := Finding{Subject: quoteSubject(qr)}
		f.Message = r.def.message(qr, quoteWhere(qr))
		if qr.source != nil {
			sim := round2(qr.match.Similarity)
			f.Evidence = Evidence{
				SourceURL: qr.source.URL, Passage: qr.match.Passage,
				PassageStart: qr.match.Start, PassageEnd: qr.match.End,
				Diff: qr.match.Ops, Similarity: &sim,
			}
			f.Evidence.Page = qr.source.Article.PageAt(qr.match.Start)
			if qr.source.Page != nil && qr.source.Page.FinalURL != "" && qr.source.Page.FinalURL != qr.source.URL {
				f.Evidence.FinalURL = qr.source.Page.FinalURL
			}
			if qr.match.Qualifier != "" {
				f.Evidence.Extra = map[string]string{"qualifier": qr.match.Qualifier}
			}
		}
		switch {
		case r.def.verdict == NotFound && qr.tried == 0:
			// Nothing could be read to check it against: unverified, not disproved.
			f.Severity = Info
			f.Evidence.Extra = map[string]string{"unverified": "true"}
		case r.def.verdict == NotFound && qr.partial == qr.tried:
			// Every original it was compared with is behind a paywall: the words may be
			// in the part we were not shown.
			f.Severity = Low
			f.Message += " (every original compared is behind a paywall: only the part shown to anyone was read)"
			f.Evidence.Extra = map[string]string{"unverified": "true", "paywalled": "true"}
		case r.def.verdict == NotFound && words(qr.quote.Text) < int(c.Threshold(thNotFoundMinWords)):
			f.Severity = Low
			f.Evidence.Extra = map[string]string{"short": "true"}
		}
		out = append(out, f)
	}
	return out
}

func quoteSubject(qr quoteMatch) Subject {
	return Subject{Kind: SubjectQuote, Index: qr.index, Text: qr.quote.Text, Offset: qr.quote.Start}
}

// quoteWhere names the original that carries the quote's passage, for a message.
func quoteWhere(qr quoteMatch) string {
	if qr.source == nil {
		return ""
	}
	where := originHost(qr.source)
	if p := qr.source.Article.PageAt(qr.match.Start); p > 0 {
		where += fmt.Sprintf(", page %d", p)
	}
	if qr.source.Archived != "" {
		where += " (archived copy of " + qr.source.Archived + ")"
	}
	return where
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
		ID: inconsistentID, Severity: Medium,
		Summary: "the article quotes the same speaker twice in two different wordings",
		Explain: "Two quotations given to the same speaker are the same statement in different words: at most one " +
			"of them can be what was said. The finding is on the later quote; the evidence names the other and " +
			"holds the word diff between them. Quotes shorter than min_words are not compared.",
		Thresholds: thresholdMap(thInconsistentMinSimilarity, thInconsistentMinWords),
	}
}

const inconsistentID = "quote.inconsistent"

var (
	thInconsistentMinSimilarity = Threshold{Rule: inconsistentID, Key: "min_similarity", Default: 0.5}
	thInconsistentMinWords      = Threshold{Rule: inconsistentID, Key: "min_words", Default: 3}
)

func (r inconsistentRule) Check(c *Context) []Finding {
	minSim := c.Threshold(thInconsistentMinSimilarity)
	minWords := int(c.Threshold(thInconsistentMinWords))
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
			if !MatchVerdict(m.Verdict).editedMatch() || m.Similarity < minSim || textmatch.SharedWords(m.Ops) < minWords {
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
