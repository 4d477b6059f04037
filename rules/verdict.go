package rules

import (
	"fmt"
	"strings"

	"github.com/provcheck/provcheck/rules/textmatch"
)

// This file is the one place where quote verdicts and citation fates are declared: their
// values, their order, their labels and tones, and the rules that report them.
//
// To add a quote verdict, declare its constant below and add its row to quoteVerdicts at
// its place in the rank order. A row with a match outcome (a textmatch verdict, which
// textmatch must then return) becomes a quote.<verdict> rule of its own, described by the
// row and reporting the quotes whose best match has that outcome; a row without one names
// the rule that reports it. The engine, reports, the store, chains and lineage read the
// typed values and need no change; the JSON schema's quoteVerdict enum
// (docs/report-v1.schema.json) lists every verdict, and a test fails until it has the new
// one.

// Verdict is what the rules conclude of a quote.
type Verdict string

// Quote verdicts. Their order is that of quoteVerdicts below. Those that stand for a
// textmatch outcome are spelt as textmatch spells it.
const (
	Verified      Verdict = Verdict(textmatch.Verified)
	Truncated     Verdict = Verdict(textmatch.Truncated)
	Partial       Verdict = Verdict(textmatch.Partial)
	Altered       Verdict = Verdict(textmatch.Altered)
	NumberChanged Verdict = Verdict(textmatch.NumberChanged)
	Negation      Verdict = Verdict(textmatch.Negation)
	Misattributed Verdict = "misattributed"
	NotFound      Verdict = Verdict(textmatch.NotFound)
	// Unchecked is the verdict of a quote no rule said anything of.
	Unchecked Verdict = "unchecked"
)

// Tone sorts a verdict or a fate for a reader: good news, a warning, bad news, or unknown.
type Tone string

// Tones.
const (
	ToneGood    Tone = "good"
	ToneWarn    Tone = "warn"
	ToneBad     Tone = "bad"
	ToneUnknown Tone = "unknown"
)

// verdictDef declares one quote verdict.
type verdictDef struct {
	verdict Verdict
	tone    Tone
	// match is the textmatch outcome the verdict stands for; "" when the verdict does not
	// come from comparing the quote with an original.
	match textmatch.Verdict
	// rule is the rule that reports the verdict, when it is not the row's own quote rule.
	rule string
	// whole: the match found the quote's words in the original as one passage, verbatim
	// or edited (so the original's own attribution of them can be compared); edited: the
	// passage differs from the quote by words (two quotes that compare so are one
	// statement in two wordings).
	whole, edited bool
	// The quote rule of a row with a match outcome: its default severity (pinned: the
	// configuration cannot change it), its texts, its thresholds, and the message of a
	// finding.
	severity   Severity
	pinned     bool
	summary    string
	explain    string
	thresholds []Threshold
	message    func(m quoteMatch, where string) string
}

// quoteVerdicts are the quote verdicts in rank order, best news first. A quote that gets
// several verdicts (altered and misattributed) is counted under the last of them; between
// two equally close passages, the one with the earlier verdict is taken for the source.
var quoteVerdicts = [...]verdictDef{
	{
		verdict: Verified, tone: ToneGood, match: textmatch.Verified, whole: true, severity: Info,
		summary: "the quote is in a cited original, word for word after normalising",
		explain: "The quoted words were found in an original the article cites, after normalising case, " +
			"punctuation, typographic quotes, dashes, whitespace and Unicode (NFKC). The evidence gives the " +
			"original's URL and the passage with its offsets. An explicit ellipsis in the quote is allowed as a gap.",
		message: func(m quoteMatch, where string) string {
			if m.match.Gaps > 0 {
				return fmt.Sprintf("verified in %s (%d marked gap(s))", where, m.match.Gaps)
			}
			return "verified in " + where
		},
	},
	{
		verdict: Truncated, tone: ToneBad, match: textmatch.Truncated, whole: true, severity: Medium,
		summary: "the quote is verbatim but cuts off a qualifier (unless, only if, but, except)",
		explain: "The quoted words are in the original, but the original sentence goes on with a qualifier " +
			"that the quote leaves out; the cut can change the meaning. The evidence shows the words that follow.",
		message: func(m quoteMatch, where string) string {
			return fmt.Sprintf("verbatim in %s, but the original goes on: %q", where, m.match.Qualifier)
		},
	},
	{
		verdict: Partial, tone: ToneBad, match: textmatch.Partial, severity: Medium,
		summary: "only part of the quote is in the original, or two distant passages were joined",
		explain: "Part of the quote is in the original and part is not, or the quote joins passages that stand " +
			"far apart in the original without marking the gap with an ellipsis.",
		message: func(m quoteMatch, where string) string {
			msg := "only part of the quote is in " + where
			if m.match.Note != "" {
				msg += ": " + m.match.Note
			}
			return msg
		},
	},
	{
		verdict: Altered, tone: ToneBad, match: textmatch.Altered, whole: true, edited: true, severity: Medium,
		summary: "the closest passage in the original differs by words",
		explain: "The closest passage of the cited originals differs from the quote by words swapped, added " +
			"or dropped. The evidence holds the passage, a word-level diff (substitute / insert / delete) and a " +
			"similarity between 0 and 1. Below min_similarity, or with fewer than min_shared_words words in " +
			"common, a passage is not taken to be the quote's source at all (quote.not_found).",
		thresholds: []Threshold{thAlteredMinSimilarity, thAlteredMinShared},
		message: func(m quoteMatch, where string) string {
			return fmt.Sprintf("altered: %s (similarity %.2f, %s)", DiffSummary(m.match.Ops), m.match.Similarity, where)
		},
	},
	{
		verdict: NumberChanged, tone: ToneBad, match: textmatch.NumberChanged, whole: true, edited: true, severity: High,
		summary: "the quote states a number or date the original does not (2023 -> 2024, $5bn -> $4bn)",
		explain: "The closest passage of the cited originals says the same but for a number, an amount, a year, " +
			"a date or a weekday: the quote states one the original does not state there (a number merely left " +
			"out is quote.altered). The message names the original's number and the quote's; the evidence holds " +
			"the passage and the word diff. A change that also flips a negation is quote.negation.",
		message: func(m quoteMatch, where string) string {
			was := m.match.NumberOriginal
			if was == "" {
				was = "(none)"
			}
			return fmt.Sprintf("number changed: %s → %s (%s)", was, m.match.NumberQuote, where)
		},
	},
	{
		verdict: Negation, tone: ToneBad, match: textmatch.Negation, whole: true, edited: true, severity: High, pinned: true,
		summary: "the difference flips a negation or swaps a word for its antonym (rose -> fell)",
		explain: "The quote differs from the original by a negation (not, never, no, n't, without; a negating " +
			"verb such as failed to, stopped, prevented from, refused to, forgot to, ignored), by a word swapped for " +
			"a negating verb that does not mean much the same (mentioned -> denied, but not avoided -> evaded), by a " +
			"word swapped for its negated form (legal -> illegal), by a word swapped for its antonym or converse " +
			"(rose -> fell, win -> lose, buy -> sell, keep -> delete, from WordNet 3.0 and a short list of pairs " +
			"WordNet lacks), by a duty swapped for a permission (must -> may), or by a word that leaves a person " +
			"dead swapped for one that leaves them alive (killed -> arrested, injured). Any of these can reverse " +
			"what was said. Always high, whatever the configuration says.",
		message: func(m quoteMatch, where string) string {
			return fmt.Sprintf("meaning flipped: %s (%s)", DiffSummary(m.match.Ops), where)
		},
	},
	{verdict: Misattributed, tone: ToneBad, rule: misattributedID},
	{
		verdict: NotFound, tone: ToneBad, match: textmatch.NotFound, severity: Medium,
		summary: "no fetched original contains anything close to the quote",
		explain: "None of the originals that could be fetched and read carries the quote or a passage close " +
			"to it. When no original could be read at all the message says so and the finding is info: the quote " +
			"is then unverified, not disproved. Quotes shorter than min_words words are reported at low severity.",
		thresholds: []Threshold{thNotFoundMinWords},
		message: func(m quoteMatch, _ string) string {
			if m.tried == 0 {
				return "not verified: no cited original could be fetched and read"
			}
			return fmt.Sprintf("not found in any of %d original(s) read", m.tried)
		},
	},
	{verdict: Unchecked, tone: ToneUnknown},
}

// Verdicts returns every quote verdict in rank order, best news first.
func Verdicts() []Verdict {
	out := make([]Verdict, len(quoteVerdicts))
	for i, d := range quoteVerdicts {
		out[i] = d.verdict
	}
	return out
}

func (v Verdict) def() (verdictDef, int, bool) {
	for i, d := range quoteVerdicts {
		if d.verdict == v {
			return d, i, true
		}
	}
	return verdictDef{}, len(quoteVerdicts), false
}

// Rank is the verdict's place in the order, 0 for the best news; an unknown verdict ranks
// after every known one.
func (v Verdict) Rank() int { _, i, _ := v.def(); return i }

// Label is the verdict as a reader says it: "not_found" reads "not found".
func (v Verdict) Label() string { return strings.ReplaceAll(string(v), "_", " ") }

// Tone says whether the verdict is good news (verified), bad news, or unknown.
func (v Verdict) Tone() Tone {
	if d, _, ok := v.def(); ok {
		return d.tone
	}
	return ToneUnknown
}

// Rule is the id of the rule that reports the verdict ("" for none).
func (v Verdict) Rule() string {
	d, _, ok := v.def()
	switch {
	case !ok:
		return ""
	case d.rule != "":
		return d.rule
	case d.match != "":
		return "quote." + string(v)
	}
	return ""
}

// wholeMatch reports whether a match with this verdict found the quote's words in the
// original as one passage (verified, truncated, altered, negation).
func (v Verdict) wholeMatch() bool { d, _, _ := v.def(); return d.whole }

// editedMatch reports whether a match with this verdict found a passage that differs
// from the quote by words (altered, negation).
func (v Verdict) editedMatch() bool { d, _, _ := v.def(); return d.edited }

// Match is the textmatch outcome the verdict stands for ("" when it has none).
func (v Verdict) Match() textmatch.Verdict { d, _, _ := v.def(); return d.match }

// MatchVerdict is the verdict that a textmatch outcome stands for; an outcome no verdict
// stands for is NotFound.
func MatchVerdict(m textmatch.Verdict) Verdict {
	for _, d := range quoteVerdicts {
		if d.match != "" && d.match == m {
			return d.verdict
		}
	}
	return NotFound
}

// Worse reports whether v ranks after w: the bad news of a quote that has both.
func (v Verdict) Worse(w Verdict) bool { return v.Rank() > w.Rank() }

// Fate is what became of a citation's link.
type Fate string

// Fates. Their order is that of fates below.
const (
	FatePlaceholder Fate = "placeholder"
	FateDead        Fate = "dead"
	FateUnchecked   Fate = "unchecked" // we could not ask (network down): neither dead nor read
	FateSoft404     Fate = "soft404"
	FateBlocked     Fate = "blocked"
	FateRedirected  Fate = "redirected"
	FateUnreadable  Fate = "unreadable"
	FateNotFetched  Fate = "not_fetched"
	FateOK          Fate = "ok"
)

// fateDef declares one fate: its tone and the rule whose finding gives it ("" when only
// the fetch does).
type fateDef struct {
	fate Fate
	tone Tone
	rule string
}

// fates are the fates in precedence order: when several apply to a citation, it shows the
// first. A fate a rule reports wins over what the fetch alone says (fetched and read,
// fetched but unreadable, not fetched).
var fates = [...]fateDef{
	{FatePlaceholder, ToneBad, "link.placeholder"},
	{FateDead, ToneBad, "link.dead"},
	{FateUnchecked, ToneUnknown, "link.unchecked"},
	{FateSoft404, ToneBad, "link.soft404"},
	{FateBlocked, ToneUnknown, "link.blocked"},
	{FateRedirected, ToneWarn, "link.redirected"},
	{FateUnreadable, ToneUnknown, ""},
	{FateNotFetched, ToneUnknown, ""},
	{FateOK, ToneGood, ""},
}

// Fates returns every fate in precedence order.
func Fates() []Fate {
	out := make([]Fate, len(fates))
	for i, d := range fates {
		out[i] = d.fate
	}
	return out
}

func (f Fate) def() (fateDef, int, bool) {
	for i, d := range fates {
		if d.fate == f {
			return d, i, true
		}
	}
	return fateDef{}, len(fates), false
}

// Rank is the fate's place in the precedence order, 0 first.
func (f Fate) Rank() int { _, i, _ := f.def(); return i }

// Label is the fate as a reader says it: "not_fetched" reads "not fetched".
func (f Fate) Label() string { return strings.ReplaceAll(string(f), "_", " ") }

// Tone says whether the fate is good news, a warning, bad news or unknown.
func (f Fate) Tone() Tone {
	if d, _, ok := f.def(); ok {
		return d.tone
	}
	return ToneUnknown
}

// Rule is the id of the rule that reports the fate ("" when only the fetch gives it).
func (f Fate) Rule() string { d, _, _ := f.def(); return d.rule }

// verdictOfRule is the quote verdict that a rule's finding gives, and fateOfRule the fate.
func verdictOfRule(id string) (Verdict, bool) {
	for _, d := range quoteVerdicts {
		if v := d.verdict; v.Rule() == id && id != "" {
			return v, true
		}
	}
	return "", false
}

func fateOfRule(id string) (Fate, bool) {
	for _, d := range fates {
		if d.rule == id && id != "" {
			return d.fate, true
		}
	}
	return "", false
}
