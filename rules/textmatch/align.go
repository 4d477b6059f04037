package textmatch

import (
	"slices"
	"strings"
	"sync"
)

// OpKind names one kind of step in a word diff.
type OpKind string

// Kinds of diff steps.
const (
	OpEqual      OpKind = "equal"
	OpSubstitute OpKind = "substitute" // Quote words replace Original words
	OpInsert     OpKind = "insert"     // words in the quote that are not in the original
	OpDelete     OpKind = "delete"     // words of the original dropped from the quote
)

// Op is one step of the word diff between an original passage and a quote. Consecutive
// words of the same kind are merged into one Op; the texts are as printed (original
// casing and punctuation between the words).
type Op struct {
	Kind     OpKind `json:"op"`
	Quote    string `json:"quote,omitempty"`    // the quote's words (as printed, original casing), "" for delete
	Original string `json:"original,omitempty"` // the original's words (as printed), "" for insert
}

// Edit costs, in tenths of a word. A substitution between a function word and a content
// word costs a little more than one between two content words, so that "just" ->
// "fair and" reads as just->fair plus an inserted "and", not just->and plus "fair".
const (
	costSub    = 10
	costSubMix = 11
	costIns    = 10
	costDel    = 10
)

// step is one token-level diff step: q is an index into the quote tokens, o into the
// original tokens, -1 when that side is empty.
type step struct {
	kind OpKind
	q, o int32
}

// seq is a token sequence prepared for alignment: ids compare words, toks give texts
// and offsets.
type seq struct {
	text string
	toks []Token
	ids  []int32
	stop []bool
}

type dpScratch struct {
	dp []int32
}

var dpPool = sync.Pool{New: func() any { return new(dpScratch) }}

func subCost(q, o *seq, i, j int) int32 {
	if q.ids[i] == o.ids[j] && q.ids[i] >= 0 {
		return 0
	}
	if q.stop[i] != o.stop[j] {
		return costSubMix
	}
	return costSub
}

// align aligns quote tokens q[qlo:qhi] with original tokens o[olo:ohi]. With free set,
// the original's words before and after the passage cost nothing (a fitting alignment:
// the whole quote against the best stretch of the original); otherwise the alignment is
// global. It returns the steps in order and the cost.
func align(q *seq, qlo, qhi int, o *seq, olo, ohi int, free bool, steps []step) ([]step, int32) {
	m, n := qhi-qlo, ohi-olo
	w := n + 1
	sc := dpPool.Get().(*dpScratch)
	defer dpPool.Put(sc)
	size := (m + 1) * w
	if cap(sc.dp) < size {
		sc.dp = make([]int32, size)
	}
	dp := sc.dp[:size]
	for j := 0; j <= n; j++ {
		if free {
			dp[j] = 0
		} else {
			dp[j] = int32(j) * costDel
		}
	}
	oids, ostop := o.ids[olo:ohi], o.stop[olo:ohi]
	for i := 1; i <= m; i++ {
		row, prev := dp[i*w:(i+1)*w], dp[(i-1)*w:i*w]
		row[0] = int32(i) * costIns
		qid, qstop := q.ids[qlo+i-1], q.stop[qlo+i-1]
		left := row[0]
		for j := 1; j <= n; j++ {
			best := prev[j-1]
			if oids[j-1] != qid || qid < 0 {
				if ostop[j-1] != qstop {
					best += costSubMix
				} else {
					best += costSub
				}
			}
			if c := prev[j] + costIns; c < best {
				best = c
			}
			if c := left + costDel; c < best {
				best = c
			}
			row[j] = best
			left = best
		}
	}
	// Pick the end of the passage.
	last := dp[m*w : (m+1)*w]
	end := n
	if free {
		end = 0
		for j := 1; j <= n; j++ {
			// Prefer the longer of two equally cheap ends when they touch: the
			// quote's last word then reads as a substitution, not an insertion.
			if last[j] < last[end] || last[j] == last[end] && j == end+1 && m > 0 {
				end = j
			}
		}
	}
	cost := last[end]
	start := len(steps)
	i, j := m, end
	for i > 0 || (j > 0 && !free) {
		cur := dp[i*w+j]
		switch {
		case i > 0 && j > 0 && cur == dp[(i-1)*w+j-1]+subCost(q, o, qlo+i-1, olo+j-1):
			k := OpSubstitute
			if q.ids[qlo+i-1] == o.ids[olo+j-1] && q.ids[qlo+i-1] >= 0 {
				k = OpEqual
			}
			steps = append(steps, step{k, int32(qlo + i - 1), int32(olo + j - 1)})
			i, j = i-1, j-1
		case i > 0 && cur == dp[(i-1)*w+j]+costIns:
			steps = append(steps, step{OpInsert, int32(qlo + i - 1), -1})
			i--
		default:
			steps = append(steps, step{OpDelete, -1, int32(olo + j - 1)})
			j--
		}
	}
	// Reverse into reading order.
	for a, b := start, len(steps)-1; a < b; a, b = a+1, b-1 {
		steps[a], steps[b] = steps[b], steps[a]
	}
	return steps, cost
}

// buildOps merges token steps into Ops with the words as printed.
func buildOps(steps []step, q, o *seq) []Op {
	var ops []Op
	for a := 0; a < len(steps); {
		b := a + 1
		for b < len(steps) && steps[b].kind == steps[a].kind {
			b++
		}
		op := Op{Kind: steps[a].kind}
		op.Quote = spanText(q, steps[a:b], true)
		op.Original = spanText(o, steps[a:b], false)
		ops = append(ops, op)
		a = b
	}
	return ops
}

func spanText(s *seq, steps []step, quote bool) string {
	lo, hi := -1, -1
	for _, st := range steps {
		k := st.o
		if quote {
			k = st.q
		}
		if k < 0 {
			continue
		}
		if lo < 0 {
			lo = int(k)
		}
		hi = int(k)
	}
	if lo < 0 {
		return ""
	}
	return s.text[s.toks[lo].Start:s.toks[hi].End]
}

// counts tallies the steps of an alignment.
type counts struct {
	eq, sub, ins, del int
	run               int // longest run of equal steps
	runContent        int // content (non-stop) words in that run
}

func tally(steps []step, q *seq) counts {
	var c counts
	run, content := 0, 0
	for _, st := range steps {
		switch st.kind {
		case OpEqual:
			c.eq++
			run++
			if !q.stop[st.q] {
				content++
			}
			if run > c.run {
				c.run, c.runContent = run, content
			}
			continue
		case OpSubstitute:
			c.sub++
		case OpInsert:
			c.ins++
		case OpDelete:
			c.del++
		}
		run, content = 0, 0
	}
	return c
}

// similarity is 1 - edits / max(quote words, passage words).
func (c counts) similarity() float64 {
	m := c.eq + c.sub + c.ins
	p := c.eq + c.sub + c.del
	if p > m {
		m = p
	}
	if m == 0 {
		return 0
	}
	s := 1 - float64(c.sub+c.ins+c.del)/float64(m)
	if s < 0 {
		return 0
	}
	return s
}

// flip is what a run of changed steps does to the meaning.
type flip uint8

const (
	flipNone    flip = iota
	flipNumber       // a number or date changed ("2023" -> "2024", "Tuesday" -> "Monday")
	flipMeaning      // a negation flipped, or a word was swapped for its antonym
)

// flips tells whether a run of changed steps flips the meaning or changes a number or
// date. The meaning flips when the two sides hold different numbers of negations (a
// negating verb, "failed to", "stopped", "prevented ... from", "denied", or a phrase,
// "instead of", "rather than", counts as one), a word is swapped for its negated form
// ("popular" -> "unpopular"), its antonym or converse ("rose" -> "fell"), or a duty for
// a permission ("forced" -> "allowed", "must" -> "may"). A number changes when the quote
// has a number the original lacks here; num then holds the original's numbers and the
// quote's, as written.
func flips(steps []step, q, o *seq) (f flip, num [2]string) {
	nq, no := 0, 0
	var numQ, numO []string
	var atQ, atO []Token
	for _, st := range steps {
		sub := st.kind == OpSubstitute
		if st.q >= 0 {
			t := q.toks[st.q]
			if negates(t.Text, sub) || !sub && negatingPhrase(q, int(st.q)) {
				nq++
			}
			if t.Number {
				numQ = append(numQ, t.Text)
				atQ = append(atQ, t)
			}
		}
		if st.o >= 0 {
			t := o.toks[st.o]
			if negates(t.Text, sub) || !sub && negatingPhrase(o, int(st.o)) {
				no++
			}
			if t.Number {
				numO = append(numO, t.Text)
				atO = append(atO, t)
			}
		}
		if st.kind == OpSubstitute {
			a, b := q.toks[st.q], o.toks[st.o]
			// Two numbers or dates that WordNet calls antonyms ("first"/"second") are
			// a changed number, not a reversal: the number check below sees them.
			if !(a.Number && b.Number) && (negatedPair(a.Text, b.Text) || antonymPair(a.Text, b.Text) || modalFlip(a.Text, b.Text) || fateFlip(a.Text, b.Text) || negatingSwap(a.Text, b.Text)) {
				return flipMeaning, num
			}
		}
	}
	if nq != no {
		return flipMeaning, num
	}
	// A number the quote states that the original does not state here is a changed
	// number; a number merely left out is an ordinary omission.
	for _, a := range numQ {
		k := slices.Index(numO, a)
		if k < 0 {
			return flipNumber, [2]string{surface(o, atO), surface(q, atQ)}
		}
		numO = slices.Delete(numO, k, k+1)
	}
	return flipNone, num
}

// surface is the text of toks as s writes them, "" for none.
func surface(s *seq, toks []Token) string {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = s.text[t.Start:t.End]
	}
	return strings.Join(parts, " ")
}

// changeRuns calls fn for each maximal run of non-equal steps.
func changeRuns(steps []step, fn func(run []step) bool) bool {
	for a := 0; a < len(steps); {
		if steps[a].kind == OpEqual {
			a++
			continue
		}
		b := a + 1
		for b < len(steps) && steps[b].kind != OpEqual {
			b++
		}
		if fn(steps[a:b]) {
			return true
		}
		a = b
	}
	return false
}

func newSeq(text string) *seq {
	toks := Tokenize(text)
	s := &seq{text: text, toks: toks, ids: make([]int32, len(toks)), stop: make([]bool, len(toks))}
	for i, t := range toks {
		s.stop[i] = isStop(t.Text)
	}
	return s
}

// Similarity compares two short texts word by word, a as the original and b as its
// rewording (the same speaker quoted twice, say). It returns 1 - edits / max(len a, len b)
// over normalised words, and the diff a -> b (nil when the words are the same).
func Similarity(a, b string) (float64, []Op) {
	sa, sb := newSeq(a), newSeq(b)
	vocab := map[string]int32{}
	for _, s := range []*seq{sa, sb} {
		for i, t := range s.toks {
			id, ok := vocab[t.Text]
			if !ok {
				id = int32(len(vocab))
				vocab[t.Text] = id
			}
			s.ids[i] = id
		}
	}
	if len(sa.toks) == 0 && len(sb.toks) == 0 {
		return 1, nil
	}
	steps, _ := align(sb, 0, len(sb.toks), sa, 0, len(sa.toks), false, nil)
	c := tally(steps, sb)
	if c.sub+c.ins+c.del == 0 {
		return 1, nil
	}
	return c.similarity(), buildOps(steps, sb, sa)
}

// abbreviate shortens a long run of words to its first and last few.
func abbreviate(s string, toks []Token, lo, hi int) string {
	const keep = 5
	if hi-lo <= 2*keep+1 {
		return s[toks[lo].Start:toks[hi-1].End]
	}
	var b strings.Builder
	b.WriteString(s[toks[lo].Start:toks[lo+keep-1].End])
	b.WriteString(" … ")
	b.WriteString(s[toks[hi-keep].Start:toks[hi-1].End])
	return b.String()
}

// SharedWords counts the words a diff keeps unchanged: how much of a passage a quote
// really shares with it.
func SharedWords(ops []Op) int {
	n := 0
	for _, op := range ops {
		if op.Kind == OpEqual {
			n += len(Tokenize(op.Quote))
		}
	}
	return n
}
