package rules

import (
	"slices"
	"strings"
)

// Evaluation is what the rules concluded of one article.
type Evaluation struct {
	// Findings are every finding, ordered by place in the article, then rule id.
	Findings []Finding
	// Quotes is index-aligned with Article.Quotes, Citations with Article.Citations.
	Quotes    []QuoteResult
	Citations []CitationResult
}

// QuoteResult is the verdict on one quote and every finding that bears on it.
type QuoteResult struct {
	// Verdict is the worst of Verdicts in rank order (what the quote is counted as);
	// Unchecked when no rule gave it one.
	Verdict Verdict
	// Verdicts are every verdict the rules gave the quote, worst first (an altered quote
	// can also be misattributed); empty when unchecked.
	Verdicts []Verdict
	// Findings are the quote's findings, in Evaluate's order: those that give a verdict
	// and those that only bear on it (quote.inconsistent).
	Findings []Finding
}

// Finding returns the finding that gave the quote verdict v.
func (q QuoteResult) Finding(v Verdict) (Finding, bool) {
	for _, f := range q.Findings {
		if fv, ok := verdictOfRule(f.Rule); ok && fv == v {
			return f, true
		}
	}
	return Finding{}, false
}

// MatchFinding returns the verdict and the finding of the quote's comparison with the
// originals: the verdict that stands for a textmatch outcome (verified, altered,
// not_found...), not one a later rule adds (misattributed).
func (q QuoteResult) MatchFinding() (Verdict, Finding, bool) {
	for _, v := range q.Verdicts {
		if v.Match() != "" {
			f, ok := q.Finding(v)
			return v, f, ok
		}
	}
	return "", Finding{}, false
}

// InconsistentWith lists the other quotes of the same speaker that this one gives in
// another wording (quote.inconsistent), nil for none.
func (q QuoteResult) InconsistentWith() []int {
	var out []int
	for _, f := range q.Findings {
		if f.Rule == inconsistentID {
			out = append(out, f.Evidence.Related...)
		}
	}
	return out
}

// CitationResult is the fate of one citation and every finding that bears on it.
type CitationResult struct {
	Fate     Fate
	Findings []Finding
}

// evaluation sorts the findings by the quote and the citation they are about and gives
// each its verdict or fate.
func evaluation(c *Context, findings []Finding) Evaluation {
	ev := Evaluation{
		Findings:  findings,
		Quotes:    make([]QuoteResult, len(c.Article.Quotes)),
		Citations: make([]CitationResult, len(c.Article.Citations)),
	}
	for i := range ev.Citations {
		var o *Original
		if i < len(c.Originals) {
			o = c.Originals[i]
		}
		ev.Citations[i].Fate = fetchedFate(o)
	}
	for _, f := range findings {
		i := f.Subject.Index
		switch {
		case f.Subject.Kind == SubjectQuote && i >= 0 && i < len(ev.Quotes):
			q := &ev.Quotes[i]
			q.Findings = append(q.Findings, f)
			if v, ok := verdictOfRule(f.Rule); ok && !slices.Contains(q.Verdicts, v) {
				q.Verdicts = append(q.Verdicts, v)
			}
		case f.Subject.Kind == SubjectCitation && i >= 0 && i < len(ev.Citations):
			cr := &ev.Citations[i]
			cr.Findings = append(cr.Findings, f)
			if fate, ok := fateOfRule(f.Rule); ok && fate.Rank() < cr.Fate.Rank() {
				cr.Fate = fate
			}
		}
	}
	for i := range ev.Quotes {
		q := &ev.Quotes[i]
		slices.SortStableFunc(q.Verdicts, func(a, b Verdict) int { return b.Rank() - a.Rank() })
		q.Verdict = Unchecked
		if len(q.Verdicts) > 0 {
			q.Verdict = q.Verdicts[0]
		}
	}
	return ev
}

// fetchedFate is what the fetch alone says of a citation: read, fetched but unreadable,
// or not fetched. The rules' findings (dead, blocked, redirected...) win over it.
func fetchedFate(o *Original) Fate {
	switch {
	case o == nil || o.Page == nil || !o.Page.OK():
		return FateNotFetched
	case o.Article != nil:
		return FateOK
	}
	return FateUnreadable
}

// Fate is what became of an original: [FetchFate] of its page, refined by what the page
// says of itself: FateSoft404 for a 2xx page that is a missing page (read with the
// configured link.soft404 short_text), FateBlocked for one behind a paywall that shows
// less of its text than the configured link.blocked full_text (a metered page sends the
// whole article and hides it in the browser: that one we read whole). "" for a nil
// original or a fetch that was not tried. The checker, link.dead and link.blocked
// classify originals with it.
func (e *Engine) Fate(o *Original) Fate {
	if o == nil {
		return ""
	}
	f := FetchFate(o.Page)
	if f != FateOK {
		return f
	}
	if soft404(o, e.threshold(thShortText)) != "" {
		return FateSoft404
	}
	if o.paywall() != "" && !readWhole(o, e.threshold(thFullText)) {
		return FateBlocked
	}
	return f
}

// MinSharedWords is quote.altered's configured min_shared_words: how many words a
// passage that differs from a quote must share with it to be taken for its source.
// Whoever follows a quote further (the checker's chains) holds each page to it too.
func (e *Engine) MinSharedWords() int { return int(e.threshold(thAlteredMinShared)) }

// Carries reports whether the original's text holds every one of quotes: for each, a
// passage quote.altered would take for its source (the same words, or changed ones that
// share at least min_shared_words with it, at min_similarity), as the quote rules compare
// them. An original without text, or no quotes, carries nothing.
func (e *Engine) Carries(o *Original, quotes []string) bool {
	d := o.Doc()
	if d == nil || len(quotes) == 0 {
		return false
	}
	opts, minShared := e.quoteMatching()
	for _, q := range quotes {
		if !takenForSource(opts.Compare(q, d), minShared) {
			return false
		}
	}
	return true
}

// Readable reports whether the original (or the archived copy standing in for it) has
// text to compare with. A "not found" page is no evidence. A page that shows paywall markers
// with a 200 is read for what it shows: news sites carry a paywall's script and classes on
// free articles too, and the quoted words are often in the part anyone can read (see
// quote.not_found for what a quote not found in it means).
func (e *Engine) Readable(o *Original) bool { return o != nil && readable(o, e.Fate(o)) }

// readable is Readable of an original whose fate is known.
func readable(o *Original, fate Fate) bool {
	if o == nil || o.Article == nil || strings.TrimSpace(o.Article.Text) == "" {
		return false
	}
	switch fate {
	case FateOK:
		return true
	case FateBlocked:
		return o.paywall() != "" // paywall() reads only a page fetched with 2xx
	}
	return o.Archived != ""
}
