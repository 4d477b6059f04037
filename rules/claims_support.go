package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// claimCheck is one sentence of the article that cites a readable original, compared
// with it.
type claimCheck struct {
	citation int
	sentence int
	claim    string // the sentence with its quotations blanked out (offsets kept)
	// frame is set when the sentence is mostly quotation and what is left is the words
	// that attribute it ("the minister said, according to the wire"): claim.support
	// leaves it out, the number and date rules still check the figures it states.
	frame   bool
	orig    *Original
	support textmatch.Support
}

// claimChecks compares each citing sentence with the original each of its citations
// points to. Quotations are blanked out of the sentence first: what they say is the
// quote rules' business. Sentences with fewer than minWords words left, and links inside
// embedded posts, are skipped.
//
// A sentence whose quotations hold more than maxQuoted of its words (half, by default:
// the sentence is mostly quotation) is an attribution frame: what is left says who spoke
// and where, and the quote rules check the quotation, and its speaker, against the same
// original. Ranking the original against those few words has nothing to bear out, so
// such a sentence is skipped. A share of the sentence's own words needs no word lists and
// keeps a short quotation inside a claim ("it had “no plans” to raise taxes") checked.
// The frame is kept when its words state a number or a date ("said the 56-year-old",
// "said on 4 March"): those are the sentence's own facts, which claim.number_mismatch and
// claim.date_mismatch check; claim.support still leaves it out. A frame without one gives
// those two rules nothing to check, so skipping it changes none of their findings.
//
// The results are computed once and shared by claim.support, claim.number_mismatch and
// claim.date_mismatch.
func (c *Context) claimChecks() []claimCheck {
	if !c.claimsDone {
		c.claims, c.claimsDone = c.computeClaimChecks(int(c.Threshold(thSupportMinWords)), c.Threshold(thSupportMaxQuoted)), true
	}
	return c.claims
}

// sentenceClaim is a citing sentence as the claim rules read it.
type sentenceClaim struct {
	text  string // claimText
	frame bool   // mostly quotation
	skip  bool   // nothing for any claim rule to check
}

func (c *Context) computeClaimChecks(minWords int, maxQuoted float64) []claimCheck {
	a := c.Article
	var out []claimCheck
	claims := map[int]sentenceClaim{}
	for ci, cit := range a.Citations {
		if ci >= len(c.Originals) || !c.Readable(c.Originals[ci]) || cit.Embed >= 0 ||
			cit.Sentence < 0 || cit.Sentence >= len(a.Sentences) {
			continue
		}
		sc, ok := claims[cit.Sentence]
		if !ok {
			sc = readClaim(a, cit.Sentence, minWords, maxQuoted)
			claims[cit.Sentence] = sc
		}
		if sc.skip {
			continue
		}
		o := c.Originals[ci]
		out = append(out, claimCheck{citation: ci, sentence: cit.Sentence, claim: sc.text, frame: sc.frame, orig: o, support: o.Doc().Support(sc.text)})
	}
	return out
}

// readClaim reads sentence si: its words outside quotations, whether they are too few to
// check, and whether the quotations hold more than maxQuoted of the sentence's words.
func readClaim(a *extract.Article, si, minWords int, maxQuoted float64) sentenceClaim {
	text, blanked := claimText(a, si)
	left := len(textmatch.Tokenize(text))
	sc := sentenceClaim{text: text}
	if left < minWords {
		sc.skip = true
		return sc
	}
	if blanked {
		s := a.Sentences[si]
		words := len(textmatch.Tokenize(a.Text[s.Start:s.End]))
		if quoted := words - left; float64(quoted) > maxQuoted*float64(words) {
			sc.frame = true
			sc.skip = len(numbersOf(text)) == 0
		}
	}
	return sc
}

// claimText returns sentence si with the quotations in it replaced by spaces, and
// whether it held any.
func claimText(a *extract.Article, si int) (string, bool) {
	s := a.Sentences[si]
	b := []byte(a.Text[s.Start:s.End])
	blanked := false
	for _, q := range a.Quotes {
		lo, hi := max(q.Start, s.Start), min(q.End, s.End)
		for i := lo; i < hi; i++ {
			b[i-s.Start] = ' '
			blanked = true
		}
	}
	return string(b), blanked
}

// supportRule records how far each cited original bears out the sentence citing it.
type supportRule struct{}

func (supportRule) Describe() Description {
	return Description{
		ID: "claim.support", Severity: Info,
		Summary: "how far a cited original bears out the sentence that cites it",
		Explain: "For each sentence that links to an original we could read, the original's sentences are ranked " +
			"against it (BM25) and the best three are kept. The support score (0..1) is the share of the sentence's " +
			"content words, weighted by how rare they are in the original, that those passages hold; quotations " +
			"are left out (the quote rules check them). From 0.6 up, with every number of the sentence in the " +
			"passages, the original supports the sentence; from 0.25 it supports part of it; below, it only shares " +
			"a topic. Word overlap is no proof of meaning: a high score says the original visibly carries the " +
			"claim's words, a low one that a reader will not find the claim there. Sentences shorter than " +
			"min_words (after quotations are removed) are skipped, and so are sentences whose quotations hold " +
			"more than max_quoted (a share, 0..1) of their words, such as \"“…,” said Jane Smith, a spokeswoman\": " +
			"what is left only says who spoke, and the quote rules check the quotation and its speaker against " +
			"the same original. claim.number_mismatch and claim.date_mismatch still read such a sentence when the words outside its quotations state a " +
			"number or a date. max_quoted 1 checks every sentence.",
		Thresholds: thresholdMap(thSupportMinWords, thSupportMaxQuoted),
	}
}

func (supportRule) Check(c *Context) []Finding {
	var out []Finding
	for _, cc := range c.claimChecks() {
		if cc.frame {
			continue
		}
		cit := c.Article.Citations[cc.citation]
		s := cc.support
		f := Finding{
			Subject: Subject{Kind: SubjectCitation, Index: cc.citation, Text: cit.Anchor, Offset: cit.Start},
			Evidence: Evidence{
				SourceURL: cc.orig.URL,
				Extra: map[string]string{
					"support": strconv.FormatFloat(round2(s.Score), 'f', 2, 64),
					"verdict": string(s.Verdict),
					"claim":   strings.Join(strings.Fields(cc.claim), " "),
				},
			},
		}
		if len(s.Passages) > 0 {
			p := s.Passages[0]
			f.Evidence.Passage, f.Evidence.PassageStart, f.Evidence.PassageEnd = p.Text, p.Start, p.End
			f.Evidence.Extra["bm25"] = strconv.FormatFloat(p.Score, 'f', 2, 64)
			if len(s.Passages) > 1 {
				var more []string
				for _, q := range s.Passages[1:] {
					more = append(more, fmt.Sprintf("%d-%d", q.Start, q.End))
				}
				f.Evidence.Extra["other_passages"] = strings.Join(more, ",")
			}
		}
		if len(s.Missing) > 0 {
			f.Evidence.Extra["missing"] = strings.Join(s.Missing[:min(len(s.Missing), 12)], ", ")
		}
		where := originHost(cc.orig)
		switch s.Verdict {
		case textmatch.Supported:
			f.Message = fmt.Sprintf("supported by %s (support %.2f)", where, s.Score)
		case textmatch.PartiallySupported:
			f.Message = fmt.Sprintf("partly supported by %s (support %.2f); not there: %s", where, s.Score, clip(strings.Join(s.Missing, ", "), 80))
		default:
			f.Message = fmt.Sprintf("%s does not visibly carry this sentence (support %.2f)", where, s.Score)
		}
		out = append(out, f)
	}
	return out
}

// originHost is the host an original ends on, after its redirects.
func originHost(o *Original) string { return host(pageOf(o)) }

// pageOf is the URL of the page an original ended on, after its redirects: links through
// a short link or a redirect to the same page are one original.
func pageOf(o *Original) string {
	if o.Page != nil && o.Page.FinalURL != "" {
		return o.Page.FinalURL
	}
	return o.URL
}

// number is a number or date of a claim, with what is needed to compare it.
type number struct {
	tok    string // normalised token ("2000", "24 february", "2019")
	shown  string // as printed
	value  float64
	hasVal bool
	unit   float64 // half the last stated digit (2.5 million: 50,000): rounding slack
	hedged bool    // "about", "nearly", "more than" ...: a round figure
	kind   numberKind
}

type numberKind int

const (
	plainNumber numberKind = iota
	yearNumber
	dateNumber
)

var hedges = map[string]bool{
	"about": true, "around": true, "nearly": true, "almost": true, "approximately": true,
	"roughly": true, "some": true, "over": true, "than": true, "under": true, "least": true,
	"up": true, "estimated": true, "circa": true, "ca": true, "approx": true,
}

// numbersOf lists the numbers and dates of s with their values. A number glued to a word
// by a hyphen ("COVID-19", "F-35") is part of a name, not a figure.
func numbersOf(s string) []number {
	toks := textmatch.Tokenize(s)
	var out []number
	for i, t := range toks {
		if !t.Number || !hasDigit(t.Text) {
			continue
		}
		if t.Start > 1 && s[t.Start-1] == '-' && isLetter(s[t.Start-2]) {
			continue
		}
		n := number{tok: t.Text, shown: s[t.Start:t.End]}
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].Text
		}
		switch {
		case strings.Contains(t.Text, " "):
			n.kind = dateNumber
		case len(t.Text) == 4 && n.shown == t.Text && t.Text >= "1800" && t.Text <= "2100" && next != "million" && next != "billion":
			n.kind = yearNumber
		}
		if v, ok := textmatch.Value(t.Text, next); ok {
			n.value, n.hasVal = v, true
			n.unit = 0.5 * v / mustParse(t.Text) * math.Pow(10, -float64(decimals(t.Text)))
			if v != mustParse(t.Text) {
				n.shown = s[t.Start:toks[i+1].End]
			}
		}
		if i > 0 && hedges[toks[i-1].Text] {
			n.hedged = true
		}
		out = append(out, n)
	}
	return out
}

func mustParse(s string) float64 {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f == 0 {
		return 1
	}
	return f
}

func decimals(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// agrees reports whether a claim's number is stated by one of the original's numbers:
// the same token, the same value, the same value to the claim's stated precision, or,
// for a hedged figure ("nearly 3,000"), a value within a fifth of it.
func (n number) agrees(m number) bool {
	if n.tok == m.tok {
		return true
	}
	if !n.hasVal || !m.hasVal || n.kind == dateNumber || m.kind == dateNumber {
		return false
	}
	d := math.Abs(n.value - m.value)
	if d <= n.unit || d == 0 {
		return true
	}
	return n.hedged && d <= 0.2*math.Abs(n.value)
}

func anyAgrees(n number, ms []number) bool {
	for _, m := range ms {
		if n.agrees(m) {
			return true
		}
	}
	return false
}

// comparable reports whether a passage's number can be what a claim's number stands
// for: a date for a date, a year for a year, a figure within a factor of ten of the
// figure (40 million is not a misprint of 3,000).
func comparable(n, m number) bool {
	if n.kind != plainNumber || !n.hasVal || !m.hasVal {
		return true
	}
	a, b := math.Abs(n.value), math.Abs(m.value)
	return a <= 10*b && b <= 10*a
}

// numberIssue is a claim number that no cited original states.
type numberIssue struct {
	n     number
	other *number // the best passage's number of the same kind, when it has one
	cc    claimCheck
}

// numberIssues finds, per citing sentence, the numbers and dates that none of the
// sentence's readable originals states anywhere, when the best passage is about the same
// thing (support at least minSupport). dates selects dates and years, else plain
// numbers. A date or year is only an issue when the best passage states another one:
// without one it is the article's own framing ("in 2019", "on 3 March"), and dates within
// a day of either publication date are the reporting dates.
func (c *Context) numberIssues(ccs []claimCheck, minSupport float64, dates bool) []numberIssue {
	all := map[*Original][]number{}
	numsOf := func(o *Original) []number {
		if ns, ok := all[o]; ok {
			return ns
		}
		ns := numbersOf(o.Article.Text)
		all[o] = ns
		return ns
	}
	// The best-supported original of each sentence, and every original it cites.
	best := map[int]claimCheck{}
	cited := map[int][]*Original{}
	var order []int
	for _, cc := range ccs {
		b, ok := best[cc.sentence]
		if !ok {
			order = append(order, cc.sentence)
		}
		if !ok || cc.support.Score > b.support.Score {
			best[cc.sentence] = cc
		}
		cited[cc.sentence] = append(cited[cc.sentence], cc.orig)
	}
	var out []numberIssue
	for _, si := range order {
		cc := best[si]
		if cc.support.Score < minSupport || len(cc.support.Passages) == 0 {
			continue
		}
		passage := numbersOf(cc.support.Passages[0].Text)
		seen := map[string]bool{}
		for _, n := range numbersOf(cc.claim) {
			if (n.kind != plainNumber) != dates || seen[n.tok] {
				continue
			}
			seen[n.tok] = true
			found := false
			for _, o := range cited[si] {
				if anyAgrees(n, numsOf(o)) {
					found = true
					break
				}
			}
			if found || n.kind != plainNumber && c.reportingDate(n, cited[si]) {
				continue
			}
			var other *number
			for k := range passage {
				m := passage[k]
				if m.kind == n.kind && comparable(n, m) && !anyAgrees(m, numbersOf(cc.claim)) {
					other = &m
					break
				}
			}
			if n.kind != plainNumber && other == nil {
				continue
			}
			out = append(out, numberIssue{n: n, other: other, cc: cc})
		}
	}
	return out
}

// reportingDate reports whether a date or year is the article's or an original's
// publication date (within a day) or year.
func (c *Context) reportingDate(n number, origs []*Original) bool {
	dates := []*time.Time{c.Article.Published}
	for _, o := range origs {
		if o.Article != nil {
			dates = append(dates, o.Article.Published)
		}
	}
	for _, d := range dates {
		if d == nil {
			continue
		}
		if n.kind == yearNumber && n.tok == strconv.Itoa(d.Year()) {
			return true
		}
		for _, off := range []int{-1, 0, 1} {
			t := d.AddDate(0, 0, off)
			if n.tok == fmt.Sprintf("%d %s", t.Day(), strings.ToLower(t.Month().String())) {
				return true
			}
		}
	}
	return false
}

func (iss numberIssue) finding(c *Context, what string) Finding {
	s := c.Article.Sentences[iss.cc.sentence]
	text := c.Article.Text[s.Start:s.End]
	f := Finding{
		Subject: Subject{Kind: SubjectClaim, Index: iss.cc.sentence, Text: text, Offset: s.Start},
		Evidence: Evidence{
			SourceURL: iss.cc.orig.URL,
			Extra: map[string]string{
				"article_" + what: iss.n.shown,
				"support":         strconv.FormatFloat(round2(iss.cc.support.Score), 'f', 2, 64),
			},
			Related: []int{iss.cc.citation},
		},
	}
	if p := iss.cc.support.Passages; len(p) > 0 {
		f.Evidence.Passage, f.Evidence.PassageStart, f.Evidence.PassageEnd = p[0].Text, p[0].Start, p[0].End
	}
	where := originHost(iss.cc.orig)
	if iss.other != nil {
		f.Evidence.Extra["original_"+what] = iss.other.shown
		f.Message = fmt.Sprintf("the article says %s; the original (%s) says %s", iss.n.shown, where, iss.other.shown)
	} else {
		f.Message = fmt.Sprintf("the article says %s; the original (%s) does not give this %s", iss.n.shown, where, what)
	}
	return f
}

// numberMismatchRule: a number of the citing sentence that the original does not state.
type numberMismatchRule struct{}

func (numberMismatchRule) Describe() Description {
	return Description{
		ID: "claim.number_mismatch", Severity: Medium,
		Summary: "a number in the citing sentence is absent from, or different in, the original",
		Explain: "A number the sentence states (outside quotations, which the quote rules check) appears nowhere in " +
			"the originals the sentence cites, while the original's best passage is about the same thing (support " +
			"at least min_support). When that passage gives another figure the message shows both (\"the article " +
			"says 2,000; the original says 3,000\"). A number the original states anywhere is fine; so is a " +
			"rounded figure (2.5 million for 2,456,000), and a hedged one (\"nearly 3,000\") within a fifth. " +
			"Dates and years are left to claim.date_mismatch; numbers glued to a name (COVID-19, F-35) are names.",
		Thresholds: thresholdMap(thNumberMinSupport),
	}
}

func (numberMismatchRule) Check(c *Context) []Finding {
	ccs := c.claimChecks()
	var out []Finding
	for _, iss := range c.numberIssues(ccs, c.Threshold(thNumberMinSupport), false) {
		out = append(out, iss.finding(c, "number"))
	}
	return out
}

// dateMismatchRule: the original postdates the article, or a stated date disagrees.
type dateMismatchRule struct{}

func (dateMismatchRule) Describe() Description {
	return Description{
		ID: "claim.date_mismatch", Severity: Medium,
		Summary: "the original is dated after the article, or the dates stated disagree",
		Explain: "Either the cited original carries a publication date more than max_days_after days after the " +
			"article's (it cannot be the source of what the article said then; an original updated since may carry " +
			"its update date), or a date or year in the citing sentence is not in the original while its best " +
			"passage (support at least min_support) states another. Dates in quotations, weekday names, the " +
			"publication dates themselves and years the original never contradicts are not checked.",
		Thresholds: thresholdMap(thDateMinSupport, thDateMaxDaysAfter),
	}
}

func (dateMismatchRule) Check(c *Context) []Finding {
	var out []Finding
	if pub := c.Article.Published; pub != nil {
		out = postdated(c, *pub, time.Duration(c.Threshold(thDateMaxDaysAfter)*float64(24*time.Hour)))
	}
	ccs := c.claimChecks()
	for _, iss := range c.numberIssues(ccs, c.Threshold(thDateMinSupport), true) {
		out = append(out, iss.finding(c, "date"))
	}
	return out
}

// postdated finds the cited originals dated more than after past the article's pub: one
// finding for each, on its first citation (an article that links a later page four times
// has made one mistake, not four), saying how often it is linked.
func postdated(c *Context, pub time.Time, after time.Duration) []Finding {
	var first []int           // the first citation of each later page, in text order
	links := map[string]int{} // pageOf -> how often the article links it
	for ci := range min(len(c.Article.Citations), len(c.Originals)) {
		o := c.Originals[ci]
		if o == nil || o.Article == nil || o.Article.Published == nil || o.Article.Published.Sub(pub) <= after {
			continue
		}
		if links[pageOf(o)] == 0 {
			first = append(first, ci)
		}
		links[pageOf(o)]++
	}
	var out []Finding
	for _, ci := range first {
		cit, o := c.Article.Citations[ci], c.Originals[ci]
		times := ""
		if n := links[pageOf(o)]; n > 1 {
			times = fmt.Sprintf(" (linked %d times)", n)
		}
		out = append(out, Finding{
			Subject: Subject{Kind: SubjectCitation, Index: ci, Text: cit.Anchor, Offset: cit.Start},
			Message: fmt.Sprintf("the original (%s) is dated %s, after the article (%s)%s", originHost(o),
				o.Article.Published.Format("2 Jan 2006"), pub.Format("2 Jan 2006"), times),
			Evidence: Evidence{
				URL: o.URL,
				Extra: map[string]string{
					"article_published":  pub.Format(time.RFC3339),
					"original_published": o.Article.Published.Format(time.RFC3339),
				},
			},
		})
	}
	return out
}

// Thresholds of the claim rules that compare a claim with its originals.
var (
	thSupportMinWords  = Threshold{Rule: "claim.support", Key: "min_words", Default: 5}
	thSupportMaxQuoted = Threshold{Rule: "claim.support", Key: "max_quoted", Default: 0.5}
	thNumberMinSupport = Threshold{Rule: "claim.number_mismatch", Key: "min_support", Default: 0.4}
	thDateMinSupport   = Threshold{Rule: "claim.date_mismatch", Key: "min_support", Default: 0.4}
	thDateMaxDaysAfter = Threshold{Rule: "claim.date_mismatch", Key: "max_days_after", Default: 1}
)
