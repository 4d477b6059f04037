package textmatch

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Verdict is the outcome of comparing a quote with an original.
type Verdict string

// Verdicts. Their order (which of two equally close matches is the better news) is the
// caller's: the rules package ranks them, and [Index.Rank] takes that order.
const (
	Verified Verdict = "verified"
	Altered  Verdict = "altered"
	Negation Verdict = "negation" // the difference flips a negation (not, never, no, n't, without, nobody, nothing, none, neither, nor; failed to, stopped, prevented from, denied, forgot to), swaps a word for a negating verb not near it in meaning (mentioned/denied), for its antonym or converse (rose/fell), a duty for a permission (must/may), or death for survival (killed/arrested)
	// NumberChanged: the difference changes a number or a date ("2023" -> "2024",
	// "$5bn" -> "$4bn", "Tuesday" -> "Monday") and flips no negation.
	NumberChanged Verdict = "number_changed"
	Partial       Verdict = "partial"   // only part of the quote is in the original, or it joins two distant passages without an ellipsis
	Truncated     Verdict = "truncated" // verbatim, but the original sentence goes on with a qualifier (unless, only if, but, except, provided, if) that the cut removes; quotes of at least minTruncatedWords words
	NotFound      Verdict = "not_found"
)

// Defaults of [Options].
const (
	// DefaultMinSimilarity: below it the best passage is not the quote. Measured on the
	// benchmark corpus and SummEdits: reworded and edited quotes score 0.6 and more
	// against their source, quotes compared with unrelated text of the same language
	// score 0.1 to 0.4.
	DefaultMinSimilarity = 0.5
	// DefaultPartialCoverage: the share of quote words that must be found, word for
	// word and in order, for the quote to count as one passage and not a partial one.
	DefaultPartialCoverage = 0.8
)

// joinWords is how many consecutive original words a quote may drop before the drop
// counts as joining two passages rather than as an edit.
const joinWords = 8

// minTruncatedWords is the shortest quote that can be truncated: shorter ones are terms.
const minTruncatedWords = 3

// Options are the thresholds of [Options.Compare]; the zero value means the defaults.
type Options struct {
	// MinSimilarity: below this the best passage is not the quote, and the verdict is
	// NotFound (unless a solid verbatim stretch makes it Partial). 0 means
	// [DefaultMinSimilarity] (0.5).
	MinSimilarity float64
	// PartialCoverage: the share of quote words that must align exactly for a full
	// match; below it the verdict is Partial. 0 means [DefaultPartialCoverage] (0.8).
	PartialCoverage float64
}

func (o Options) withDefaults() Options {
	if o.MinSimilarity <= 0 {
		o.MinSimilarity = DefaultMinSimilarity
	}
	if o.PartialCoverage <= 0 {
		o.PartialCoverage = DefaultPartialCoverage
	}
	return o
}

// Match is the outcome of comparing a quote with a Doc.
type Match struct {
	Verdict    Verdict
	Start, End int     // byte offsets of the best passage in d.Text() (0,0 when NotFound)
	Passage    string  // d.Text()[Start:End]
	Similarity float64 // 0..1, word level (1 = same words after normalisation)
	// Ops is the word diff original passage -> quote, equal stretches included; nil
	// when Verified. The original words skipped at an ellipsis appear as one delete
	// step (shortened to its first and last words when long).
	Ops       []Op
	Qualifier string // Truncated: the qualifier words that follow the cut ("unless ...")
	Gaps      int    // number of explicit ellipses ("…", "...", "[...]", "[…]") in the quote that were treated as legitimate gaps
	Note      string // one short human sentence for Partial/Truncated (e.g. "joins two passages 480 words apart")
	// NumberChanged: the first changed number as the original and the quote write it
	// ("35", "30"); the original's side is "" when it has no number there.
	NumberOriginal, NumberQuote string
}

// Compare compares quote with d using the default [Options].
func Compare(quote string, d *Doc) Match { return Options{}.Compare(quote, d) }

// part is a stretch of the quote between ellipses: quote tokens [lo, hi).
type part struct{ lo, hi int }

// partMatch is the best alignment of one part with the Doc.
type partMatch struct {
	steps      []step
	c          counts
	sim        float64
	plo, phi   int // passage token span in the Doc
	found      bool
	outOfOrder bool
}

// Compare compares quote with d: it finds the passage of d closest to the quote, aligns
// the two word by word and classifies the difference.
func (o Options) Compare(quote string, d *Doc) Match {
	o = o.withDefaults()
	q := d.quoteSeq(quote)
	parts, gaps, trailing := splitEllipses(quote, q.toks)
	if len(parts) == 0 {
		return Match{Verdict: NotFound}
	}
	res := make([]partMatch, len(parts))
	minPos := 0
	for k, p := range parts {
		pm := d.matchPart(q, p.lo, p.hi, minPos, -1, -1, o)
		if k > 0 && !pm.found {
			if alt := d.matchPart(q, p.lo, p.hi, 0, -1, -1, o); alt.found {
				pm = alt
				pm.outOfOrder = true
			}
		}
		if pm.found && !pm.outOfOrder {
			minPos = pm.phi
		}
		res[k] = pm
	}
	return d.combine(q, parts, res, gaps, trailing, o)
}

// quoteSeq tokenises a quote and maps its words to the Doc's vocabulary (-1 for words
// the Doc lacks).
func (d *Doc) quoteSeq(quote string) *seq {
	s := newSeq(quote)
	for i, t := range s.toks {
		if id, ok := d.vocab[t.Text]; ok {
			s.ids[i] = id
		} else {
			s.ids[i] = -1
		}
	}
	return s
}

// splitEllipses cuts the quote's tokens at explicit ellipses. It returns the non-empty
// parts, the number of ellipses and whether the quote ends with one.
func splitEllipses(s string, toks []Token) (parts []part, gaps int, trailing bool) {
	marks := ellipses(s)
	gaps = len(marks)
	lo, k := 0, 0
	for _, at := range marks {
		for k < len(toks) && toks[k].Start < at {
			k++
		}
		if k > lo {
			parts = append(parts, part{lo, k})
		}
		lo = k
	}
	if len(toks) > lo {
		parts = append(parts, part{lo, len(toks)})
	}
	trailing = len(marks) > 0 && (len(toks) == 0 || toks[len(toks)-1].End <= marks[len(marks)-1])
	return parts, gaps, trailing
}

// ellipses returns the byte offsets of the ellipses in s: "…", "..." (or ". . ."), with
// or without brackets around them.
func ellipses(s string) []int {
	var out []int
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "…") {
			out = append(out, i)
			i += len("…")
			continue
		}
		if s[i] == '.' {
			j, dots := i, 0
			for j < len(s) && (s[j] == '.' || s[j] == ' ' && j+1 < len(s) && s[j+1] == '.') {
				if s[j] == '.' {
					dots++
				}
				j++
			}
			if dots >= 3 {
				out = append(out, i)
			}
			i = j
			continue
		}
		i++
	}
	return out
}

// window is a stretch of Doc tokens worth aligning a quote part against.
type window struct{ lo, hi int }

// rareDF is the document frequency at or below which a word anchors candidates on its
// own; commoner words are only used when a quote has too few rare ones.
const rareDF = 32

// maxWindows is how many candidate windows are aligned per quote part.
const maxWindows = 3

type voteScratch struct{ votes []float32 }

var votePool = sync.Pool{New: func() any { return new(voteScratch) }}

// candidates finds the windows of d where the quote tokens [lo, hi) cluster on one
// diagonal (doc position - quote position), using the postings instead of scanning the
// text: each occurrence of a quote word votes for its diagonal's bucket, and the best
// pairs of neighbouring buckets become windows. Positions before minPos and inside
// [exLo, exHi) are ignored.
func (d *Doc) candidates(q *seq, lo, hi, minPos, exLo, exHi int) []window {
	m := hi - lo
	n := len(d.toks)
	rare := 0
	for i := lo; i < hi; i++ {
		if id := q.ids[i]; id >= 0 && d.postAt[id+1]-d.postAt[id] <= rareDF {
			rare++
		}
	}
	useCommon := rare < 2 && rare*2 < m
	// Bucket width: the slack a diagonal may drift by through insertions and deletions.
	bw := 2 + m/4
	nb := (n+m)/bw + 2
	vs := votePool.Get().(*voteScratch)
	defer votePool.Put(vs)
	if cap(vs.votes) < nb {
		vs.votes = make([]float32, nb)
	}
	votes := vs.votes[:nb]
	clear(votes)
	any := false
	for i := lo; i < hi; i++ {
		id := q.ids[i]
		if id < 0 {
			continue
		}
		post := d.postings(id)
		if len(post) > rareDF && !useCommon {
			continue
		}
		w := float32(1)
		if q.stop[i] {
			w = 0.25
		}
		off := m - (i - lo)
		for _, p := range post {
			if int(p) < minPos || int(p) >= exLo && int(p) < exHi {
				continue
			}
			votes[(int(p)+off)/bw] += w
			any = true
		}
	}
	if !any {
		return nil
	}
	pad := 3 + m/4
	var out []window
	var first float32
	for len(out) < maxWindows {
		best, bi := float32(0), -1
		for b := 0; b+1 < nb; b++ {
			if v := votes[b] + votes[b+1]; v > best {
				best, bi = v, b
			}
		}
		// A window with a third of the best one's votes is not worth aligning.
		if bi < 0 || best < first/3 {
			break
		}
		if first == 0 {
			first = best
		}
		dlo := bi*bw - m
		dhi := (bi+2)*bw - m
		w := window{lo: max(dlo-pad, minPos, 0), hi: min(dhi+m+pad, n)}
		if exLo < exHi && w.lo < exHi && w.hi > exLo {
			if dlo < exLo {
				w.hi = min(w.hi, exLo)
			} else {
				w.lo = max(w.lo, exHi)
			}
		}
		if w.lo < w.hi {
			out = append(out, w)
		}
		// Clear the buckets this window covers so the next one lies elsewhere.
		for b := max(0, bi-1-m/bw); b < min(nb, bi+3+m/bw); b++ {
			votes[b] = 0
		}
	}
	return out
}

// matchPart finds the best passage for quote tokens [lo, hi).
func (d *Doc) matchPart(q *seq, lo, hi, minPos, exLo, exHi int, o Options) partMatch {
	var best partMatch
	bestSet := false
	for _, w := range d.candidates(q, lo, hi, minPos, exLo, exHi) {
		steps, _ := align(q, lo, hi, &d.seq, w.lo, w.hi, true, nil)
		steps = trimEdges(steps, q)
		c := tally(steps, q)
		pm := partMatch{steps: steps, c: c, sim: c.similarity()}
		if !bestSet || pm.sim > best.sim || pm.sim == best.sim && c.eq > best.c.eq {
			best, bestSet = pm, true
		}
	}
	if !bestSet {
		return partMatch{}
	}
	best.plo, best.phi = -1, -1
	for _, st := range best.steps {
		if st.o < 0 {
			continue
		}
		if best.plo < 0 {
			best.plo = int(st.o)
		}
		best.phi = int(st.o) + 1
	}
	m := hi - lo
	solidRun := max(4, (m+4)/5)
	solid := best.c.run >= solidRun && best.c.runContent >= 2
	best.found = best.plo >= 0 && best.c.eq > 0 && (best.sim >= o.MinSimilarity || solid)
	return best
}

// trimEdges turns long unmatched runs at either end of an alignment into plain
// insertions: three or more quote words that only line up with the neighbouring words
// of the original are words the original does not have, not substitutions. The matched
// core starts and ends at an anchor: an equal content word, or two equal words in a row
// (a lone "the" that happens to line up anchors nothing).
func trimEdges(steps []step, q *seq) []step {
	anchor := func(k int) bool {
		if steps[k].kind != OpEqual {
			return false
		}
		if !q.stop[steps[k].q] {
			return true
		}
		return k > 0 && steps[k-1].kind == OpEqual || k+1 < len(steps) && steps[k+1].kind == OpEqual
	}
	first := 0
	for first < len(steps) && !anchor(first) {
		first++
	}
	last := len(steps) - 1
	for last >= 0 && !anchor(last) {
		last--
	}
	conv := func(run []step) []step {
		words := 0
		for _, s := range run {
			if s.q >= 0 {
				words++
			}
		}
		if words < 3 {
			return run
		}
		out := run[:0]
		for _, s := range run {
			if s.q >= 0 {
				out = append(out, step{OpInsert, s.q, -1})
			}
		}
		return out
	}
	if first == len(steps) {
		return conv(steps)
	}
	head := conv(slices.Clone(steps[:first]))
	tail := conv(slices.Clone(steps[last+1:]))
	out := append(head, steps[first:last+1]...)
	return append(out, tail...)
}

// combine turns the part matches into one Match.
func (d *Doc) combine(q *seq, parts []part, res []partMatch, gaps int, trailing bool, o Options) Match {
	var total counts
	var notes []string
	var missing, outOfOrder, flipped, weak, numberChanged bool
	var number [2]string
	first, last := -1, -1
	for k, pm := range res {
		if !pm.found {
			missing = true
			total.ins += parts[k].hi - parts[k].lo
			continue
		}
		if first < 0 {
			first = k
		}
		last = k
		total.eq += pm.c.eq
		total.sub += pm.c.sub
		total.ins += pm.c.ins
		total.del += pm.c.del
		if pm.outOfOrder {
			outOfOrder = true
		}
		if pm.sim < o.MinSimilarity {
			weak = true
		}
		if changeRuns(pm.steps, func(run []step) bool {
			if edgeInsertRun(pm.steps, run) {
				return false
			}
			f, num := flips(run, q, &d.seq)
			if f == flipNumber && !numberChanged {
				numberChanged, number = true, num
			}
			return f == flipMeaning
		}) {
			flipped = true
		}
		if note := d.joinNote(q, parts[k], pm, o); note != "" {
			notes = append(notes, note)
		}
	}
	if first < 0 {
		best := 0.0
		for _, pm := range res {
			best = max(best, pm.sim)
		}
		return Match{Verdict: NotFound, Similarity: best}
	}
	m := Match{Similarity: total.similarity(), Gaps: gaps}
	// The passage runs from the first found part to the last, in document order.
	plo, phi := res[first].plo, res[first].phi
	for _, pm := range res {
		if pm.found {
			plo, phi = min(plo, pm.plo), max(phi, pm.phi)
		}
	}
	m.Start, m.End = d.toks[plo].Start, d.toks[phi-1].End
	m.Passage = d.text[m.Start:m.End]

	quoteWords := 0
	for _, p := range parts {
		quoteWords += p.hi - p.lo
	}
	// A quote word covers when it lines up with a word of the original, the same or
	// substituted; inserted words are the ones the original does not have at all.
	coverage := float64(total.eq+total.sub) / float64(quoteWords)
	edited := total.sub+total.ins+total.del > 0 || missing
	switch {
	case flipped:
		m.Verdict = Negation
	case numberChanged:
		m.Verdict = NumberChanged
		m.NumberOriginal, m.NumberQuote = number[0], number[1]
	case missing:
		m.Verdict = Partial
		notes = append(notes, "part of the quote between ellipses is not in the original")
	case outOfOrder:
		m.Verdict = Partial
		notes = append(notes, "the parts around an ellipsis come from the original in another order")
	case len(notes) > 0:
		m.Verdict = Partial
	case weak:
		m.Verdict = Partial
		notes = append(notes, "only a verbatim stretch of the quote is in the original")
	case coverage < o.PartialCoverage:
		m.Verdict = Partial
		notes = append(notes, fmt.Sprintf("only %d of %d quoted words are in the original", total.eq+total.sub, quoteWords))
	case edited:
		m.Verdict = Altered
	default:
		m.Verdict = Verified
		// A one- or two-word quotation ("exciting", "farm country") is a term the writer
		// borrows, not a statement the original qualifies: it cannot be truncated.
		if !trailing && quoteWords >= minTruncatedWords {
			if qual := d.qualifierAfter(res[last].phi); qual != "" {
				m.Verdict = Truncated
				m.Qualifier = qual
				notes = append(notes, "the original sentence goes on with a qualifier the quote leaves out")
			}
		}
	}
	if m.Verdict != Verified {
		m.Ops = d.mergeOps(q, parts, res)
	}
	if m.Verdict == Partial || m.Verdict == Truncated {
		m.Note = strings.Join(notes, "; ")
	}
	return m
}

// edgeInsertRun reports whether run is a run of insertions at the start or the end of
// steps (words the original lacks around the matched stretch: a Partial matter, not a
// flipped negation).
func edgeInsertRun(steps, run []step) bool {
	for _, s := range run {
		if s.kind != OpInsert {
			return false
		}
	}
	if len(run) < 3 {
		return false
	}
	return &run[0] == &steps[0] || &run[len(run)-1] == &steps[len(steps)-1]
}

// joinNote says whether a part joins two passages: the quote drops a long stretch of
// the original, or a run of quote words missing here is found verbatim elsewhere.
func (d *Doc) joinNote(q *seq, p part, pm partMatch, o Options) string {
	run := 0
	for _, s := range pm.steps {
		if s.kind == OpDelete {
			run++
			if run >= joinWords {
				break
			}
			continue
		}
		run = 0
	}
	if run >= joinWords {
		n := 0
		cur := 0
		for _, s := range pm.steps {
			if s.kind == OpDelete {
				cur++
				n = max(n, cur)
			} else {
				cur = 0
			}
		}
		return fmt.Sprintf("joins two passages %d words apart without an ellipsis", n)
	}
	// Longest run of inserted quote words.
	bestLo, bestHi := 0, 0
	for a := 0; a < len(pm.steps); {
		if pm.steps[a].kind != OpInsert {
			a++
			continue
		}
		b := a
		for b < len(pm.steps) && pm.steps[b].kind == OpInsert {
			b++
		}
		if b-a > bestHi-bestLo {
			bestLo, bestHi = int(pm.steps[a].q), int(pm.steps[b-1].q)+1
		}
		a = b
	}
	if bestHi-bestLo < 3 {
		return ""
	}
	other := d.matchPart(q, bestLo, bestHi, 0, pm.plo, pm.phi, o)
	if !other.found || other.sim < 0.8 {
		return ""
	}
	apart := other.plo - pm.phi
	if other.phi <= pm.plo {
		apart = pm.plo - other.phi
	}
	return fmt.Sprintf("joins two passages %d words apart without an ellipsis", apart)
}

// qualifierAfter returns the qualifier that follows token position end in the same
// sentence ("unless ...", "only if ..."), or "".
func (d *Doc) qualifierAfter(end int) string {
	if end <= 0 || end >= len(d.toks) || d.sentOf[end] != d.sentOf[end-1] {
		return ""
	}
	t := d.toks[end].Text
	next := ""
	if end+1 < len(d.toks) && d.sentOf[end+1] == d.sentOf[end] {
		next = d.toks[end+1].Text
	}
	ok := false
	switch t {
	case "unless", "but", "except", "excepting", "provided", "providing", "if", "although",
		"though", "however", "whereas":
		ok = true
	case "only":
		ok = next == "if" || next == "when" || next == "after" || next == "as" || next == "until"
	case "as", "so":
		ok = next == "long"
	case "on":
		ok = next == "condition"
	}
	if !ok {
		return ""
	}
	s := d.sents[d.sentOf[end]]
	stop := min(int(s.hi), end+30)
	qEnd := d.toks[stop-1].End
	if stop == int(s.hi) {
		qEnd = s.end
	}
	return d.text[d.toks[end].Start:qEnd]
}

// mergeOps builds the diff of all parts, with the skipped original words between parts
// as one delete step.
func (d *Doc) mergeOps(q *seq, parts []part, res []partMatch) []Op {
	var ops []Op
	prevEnd := -1
	for k, pm := range res {
		if !pm.found {
			p := parts[k]
			ops = append(ops, Op{Kind: OpInsert, Quote: q.text[q.toks[p.lo].Start:q.toks[p.hi-1].End]})
			continue
		}
		if prevEnd >= 0 && pm.plo > prevEnd {
			ops = append(ops, Op{Kind: OpDelete, Original: abbreviate(d.text, d.toks, prevEnd, pm.plo)})
		}
		ops = append(ops, buildOps(pm.steps, q, &d.seq)...)
		prevEnd = pm.phi
	}
	return ops
}
