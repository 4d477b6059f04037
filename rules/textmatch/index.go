package textmatch

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Index finds, across an archive of texts, every text that carries a quote. It keeps
// each text and, for every word, the positions where it occurs as 32-bit deltas (four
// bytes a word). A lookup takes the quote's rarest words, finds the places where several
// of them sit as close together as in the quote, and runs the full comparison of
// [Options.Compare] on a window of text around each place only.
//
// Add must not run concurrently with Add or Lookup; Lookups may run concurrently.
type Index struct {
	// Options are the thresholds used for each hit's Match; the zero value means the
	// defaults.
	Options Options
	// Rank orders the verdicts of equally similar hits, the lowest first (the caller's
	// order of verdicts, so that one order holds everywhere); nil ranks all alike.
	Rank func(Verdict) int

	ids    []string
	texts  []string
	starts []int64 // global offset of each text: a word at byte b of text k is at starts[k]+b
	next   int64
	words  int64
	vocab  map[string]uint32
	post   [][]uint32 // per word: deltas of global offsets (see appendDelta)
	lastAt []int64
	df     []int32
}

// NewIndex returns an empty Index.
func NewIndex() *Index {
	return &Index{vocab: make(map[string]uint32)}
}

// Add indexes text under the caller's id (an article URL, say). Adding the same id
// twice indexes two texts under one id.
func (ix *Index) Add(id string, text string) {
	if ix.vocab == nil {
		ix.vocab = make(map[string]uint32)
	}
	base := ix.next
	ix.ids = append(ix.ids, id)
	ix.texts = append(ix.texts, text)
	ix.starts = append(ix.starts, base)
	sc := scanner{s: text}
	for {
		start, _, ok := sc.next()
		if !ok {
			break
		}
		w, ok := ix.vocab[string(sc.buf)]
		if !ok {
			w = uint32(len(ix.post))
			ix.vocab[string(sc.buf)] = w
			ix.post = append(ix.post, nil)
			ix.lastAt = append(ix.lastAt, 0)
			ix.df = append(ix.df, 0)
		}
		g := base + int64(start)
		ix.post[w] = appendDelta(ix.post[w], uint64(g-ix.lastAt[w]))
		ix.lastAt[w] = g
		ix.df[w]++
		ix.words++
	}
	// A gap keeps the last word of one text and the first of the next apart.
	ix.next = base + int64(len(text)) + 1024
}

// Len returns the number of texts added.
func (ix *Index) Len() int { return len(ix.texts) }

// Hit is one text that carries a quote.
type Hit struct {
	ID    string
	Match Match
}

type lookupTerm struct {
	w    uint32
	qoff int // byte offset of the word in the quote
	idf  float64
	stop bool
	// at holds, for each place the word occurs, the global offset the quote's first
	// byte would have if the word sat there as in the quote; ascending.
	at []int64
}

// Index lookup limits: how many of a quote's rarest words anchor candidates (at most 4:
// a candidate key keeps its anchor in two bits) and how many more confirm them.
const (
	anchorTerms = 3
	verifyTerms = 8
)

// Lookup returns up to limit texts (limit <= 0 means 10) that carry quote, best first
// (highest similarity), one hit per text; texts where the quote is NotFound are left
// out. Each Match is computed as [Options.Compare] computes it, on a window of the text
// around the candidate place (offsets are into the whole text); a quote with ellipses is
// compared with the whole text. A Partial "joins two passages" note is only given when
// both passages fall in the window.
func (ix *Index) Lookup(quote string, limit int) []Hit {
	if limit <= 0 {
		limit = 10
	}
	if len(ix.texts) == 0 {
		return nil
	}
	var terms []lookupTerm
	seen := map[uint32]bool{}
	unknown := false
	sc := scanner{s: quote}
	for {
		start, _, ok := sc.next()
		if !ok {
			break
		}
		w, ok := ix.vocab[string(sc.buf)]
		if !ok {
			unknown = true
			continue
		}
		if seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, lookupTerm{
			w: w, qoff: start,
			idf:  math.Log(1 + float64(ix.words)/float64(ix.df[w])),
			stop: stopWords[string(sc.buf)],
		})
	}
	if len(terms) == 0 {
		return nil
	}
	slices.SortStableFunc(terms, func(a, b lookupTerm) int {
		if a.stop != b.stop {
			if a.stop {
				return 1
			}
			return -1
		}
		return cmp.Compare(ix.df[a.w], ix.df[b.w])
	})
	// Function words anchor nothing when the quote has other words the archive knows;
	// a quote whose every other word is unknown to the archive cannot be in it.
	content := 0
	for _, t := range terms {
		if !t.stop {
			content++
		}
	}
	if content > 0 {
		terms = terms[:content]
	} else if unknown {
		return nil
	}
	if len(terms) > verifyTerms {
		terms = terms[:verifyTerms]
	}
	// Decoding a common word's postings costs more than it tells: keep the words at
	// most a few times commoner than the rarest one.
	maxDF := max(4096, 4*ix.df[terms[0].w])
	for k, t := range terms {
		if k >= 2 && ix.df[t.w] > maxDF {
			terms = terms[:k]
			break
		}
	}
	sc2 := lookupPool.Get().(*lookupScratch)
	defer lookupPool.Put(sc2)
	total := 0
	for i := range terms {
		total += int(ix.df[terms[i].w])
	}
	if cap(sc2.pos) < total {
		sc2.pos = make([]int64, total)
	}
	all := sc2.pos[:total]
	off := 0
	for i := range terms {
		n := ix.decodeInto(all[off:off+int(ix.df[terms[i].w])], terms[i].w, -int64(terms[i].qoff))
		terms[i].at = all[off : off+n : off+n]
		off += n
	}
	// Half the quote's rarest words must sit where the quote puts them.
	nt := len(terms)
	need := min(nt, max(2, (nt+1)/2))
	tol := int64(24 + len(quote)/4)
	// Every place an anchor word occurs is a candidate place (a key base<<2 | anchor).
	// A sweep per term, rarest first, marks the places that have the term within tol of
	// where the quote puts it, and drops those that can no longer reach need.
	keys, spare := sc2.keys[:0], sc2.spare[:0]
	for a := 0; a < nt && a < anchorTerms; a++ {
		keys, spare = mergeKeys(spare, keys, terms[a].at, a), keys
	}
	marks := grow(sc2.marks, len(keys))
	clear(marks)
	for v, t := range terms {
		if len(t.at) > 8*len(keys) {
			coverSparse(keys, marks, t.at, tol, v)
		} else {
			coverDense(keys, marks, t.at, tol, v)
		}
		if v >= nt-need { // until nt-need+1 terms are swept, no place can have missed more
			keys, marks = dropMissed(keys, marks, nt-need)
		}
	}
	sc2.keys, sc2.spare, sc2.marks = keys, spare, marks
	cands := sc2.cands[:0]
	for i, key := range keys {
		present := marks[i] & markTerms
		if bits.OnesCount16(present) < need {
			continue
		}
		// The score adds the idfs in term order, anchor first, as it always has: the
		// order of the sum decides ties between places.
		a := int(key & 3)
		c := cand{base: key >> 2, score: terms[a].idf, terms: bits.OnesCount16(present)}
		for v := range nt {
			if v != a && present&(1<<v) != 0 {
				c.score += terms[v].idf
			}
		}
		cands = append(cands, c)
	}
	defer func() { sc2.cands = cands[:0] }()
	// The candidates come in order of place, not of anchor, but the order they are sorted
	// into does not depend on it: two candidates that tie on score and base share the
	// base, hence the terms found, and are equal.
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.base, b.base)
	})

	gapped := len(ellipses(quote)) > 0
	best := map[int]Hit{}
	var order []int
	evaluated := 0
	var done []int64
	for _, c := range cands {
		// A place with half the evidence of the best one is not the quote.
		if evaluated >= 2*limit+4 || len(order) >= limit && evaluated >= limit+2 || c.score < cands[0].score/2 {
			break
		}
		dup := false
		for _, b := range done {
			if b-int64(len(quote)) <= c.base && c.base <= b+int64(len(quote)) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		done = append(done, c.base)
		k := sort.Search(len(ix.starts), func(i int) bool { return ix.starts[i] > c.base }) - 1
		if k < 0 {
			k = 0
		}
		if _, ok := best[k]; ok && gapped {
			continue
		}
		evaluated++
		text := ix.texts[k]
		lo, hi := 0, len(text)
		if !gapped {
			local := int(c.base - ix.starts[k])
			slack := 64 + len(quote)/2
			lo = snapBack(text, local-slack)
			hi = snapForward(text, local+len(quote)+slack+320)
		}
		var m Match
		if gapped {
			m = ix.Options.Compare(quote, NewDoc(text[lo:hi]))
		} else {
			wd := docPool.Get().(*Doc)
			wd.build(text[lo:hi])
			m = ix.Options.Compare(quote, wd)
			wd.release()
			docPool.Put(wd)
		}
		if m.Verdict == NotFound {
			continue
		}
		m.Start += lo
		m.End += lo
		if old, ok := best[k]; ok && !ix.better(m, old.Match) {
			continue
		} else if !ok {
			order = append(order, k)
		}
		best[k] = Hit{ID: ix.ids[k], Match: m}
	}
	hits := make([]Hit, 0, len(order))
	for _, k := range order {
		hits = append(hits, best[k])
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if ix.better(a.Match, b.Match) {
			return -1
		}
		if ix.better(b.Match, a.Match) {
			return 1
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// better orders matches: higher similarity first, then the verdict ix.Rank puts first.
func (ix *Index) better(a, b Match) bool {
	if a.Similarity != b.Similarity {
		return a.Similarity > b.Similarity
	}
	return ix.Rank != nil && ix.Rank(a.Verdict) < ix.Rank(b.Verdict)
}

// cand is a place of the archive where a quote may sit: the global offset its first
// byte would have, and the evidence for it.
type cand struct {
	base  int64
	score float64
	terms int
}

// lookupScratch holds a lookup's buffers between lookups.
type lookupScratch struct {
	pos         []int64
	keys, spare []int64
	marks       []uint16
	cands       []cand
}

// A mark holds, for one candidate place, a bit for each term found near it
// (markTerms) and, above them, how many terms were not.
const (
	markTerms = 1<<verifyTerms - 1
	markMiss  = 1 << verifyTerms
)

// mergeKeys merges the places of anchor a (ascending) into the sorted keys, writing
// to dst. The merge chooses without a branch: which list goes next is a coin toss.
func mergeKeys(dst, keys, at []int64, a int) []int64 {
	n := len(keys) + len(at)
	dst = grow(dst, n)
	i, j, k := 0, 0, 0
	for i < len(keys) && j < len(at) && k < n {
		x, y := keys[i], at[j]<<2|int64(a)
		take := y
		if x <= y {
			take = x
		}
		dst[k] = take
		k++
		d := b2i(x <= y)
		i += d
		j += 1 - d
	}
	k += copy(dst[k:], keys[i:])
	for _, g := range at[j:] {
		dst[k] = g<<2 | int64(a)
		k++
	}
	return dst[:k]
}

// coverDense marks term v at each place of keys whose base has a position of at (the
// term's places, ascending) within tol, and counts a miss at the others. It walks both
// lists in step without branching on the data.
func coverDense(keys []int64, marks []uint16, at []int64, tol int64, v int) {
	marks = marks[:len(keys)]
	bit := uint16(1) << v
	i, j := 0, 0
	for i < len(keys) && j < len(at) {
		b, p := keys[i]>>2, at[j]
		behind := p < b-tol // at[j] is too early for this place and all later ones
		inc := uint16(markMiss)
		if p <= b+tol {
			inc = bit
		}
		if behind {
			inc = 0
		}
		marks[i] += inc
		d := b2i(behind)
		j += d
		i += 1 - d
	}
	for ; i < len(keys); i++ {
		marks[i] += markMiss
	}
}

// coverSparse does what coverDense does when the term has many more places than are
// left to check: it gallops over the term's places.
func coverSparse(keys []int64, marks []uint16, at []int64, tol int64, v int) {
	marks = marks[:len(keys)]
	bit := uint16(1) << v
	k := 0
	for i, key := range keys {
		b := key >> 2
		k = gallop(at, k, b-tol)
		if k < len(at) && at[k] <= b+tol {
			marks[i] += bit
		} else {
			marks[i] += markMiss
		}
	}
}

// dropMissed keeps the places that missed at most maxMiss terms.
func dropMissed(keys []int64, marks []uint16, maxMiss int) ([]int64, []uint16) {
	marks = marks[:len(keys)]
	w := 0
	for i, key := range keys {
		m := marks[i]
		keys[w], marks[w] = key, m
		w += b2i(int(m/markMiss) <= maxMiss)
	}
	return keys[:w], marks[:w]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var lookupPool = sync.Pool{New: func() any { return new(lookupScratch) }}

// docPool recycles the small Docs made of the window around each candidate place.
var docPool = sync.Pool{New: func() any { return new(Doc) }}

// gallop returns the first index k >= from with pos[k] >= target (len(pos) if none),
// probing 1, 2, 4... ahead of from before a binary search: near targets cost a few
// steps, far ones a logarithm.
func gallop(pos []int64, from int, target int64) int {
	if from >= len(pos) || pos[from] >= target {
		return from
	}
	step := 1
	lo := from // pos[lo] < target
	hi := from + step
	for hi < len(pos) && pos[hi] < target {
		lo = hi
		step *= 2
		hi = from + step
	}
	hi = min(hi, len(pos))
	k, _ := slices.BinarySearch(pos[lo+1:hi], target)
	return lo + 1 + k
}

// bigDelta marks a delta that does not fit in 32 bits: the two words after it hold
// its high and low halves. Only archives of more than 4 GiB have such gaps.
const bigDelta = math.MaxUint32

// appendDelta appends the delta d of a posting list. Fixed-width deltas cost a byte or
// two more a word than varints, but decode with a load and an add: lookups spent a
// fifth of their time in the varint decoder, which is two dependent branches and a
// dozen shifts and masks a word.
func appendDelta(p []uint32, d uint64) []uint32 {
	if d < bigDelta {
		return append(p, uint32(d))
	}
	return append(p, bigDelta, uint32(d>>32), uint32(d))
}

// decodeInto writes the positions of word w, plus shift, to out, which has room for its
// df, and returns how many it wrote.
func (ix *Index) decodeInto(out []int64, w uint32, shift int64) int {
	p := ix.post[w]
	g := shift
	n := 0
	for i := 0; i < len(p) && n < len(out); i++ {
		d := uint64(p[i])
		if d == bigDelta {
			if i+2 >= len(p) {
				break
			}
			d = uint64(p[i+1])<<32 | uint64(p[i+2])
			i += 2
		}
		g += int64(d)
		out[n] = g
		n++
	}
	return n
}

// snapBack moves i back to the start of a line or just after a space, so a window never
// starts inside a word or a UTF-8 sequence.
func snapBack(s string, i int) int {
	if i <= 0 {
		return 0
	}
	if i > len(s) {
		return len(s)
	}
	for j := i; j > 0 && i-j < 64; j-- {
		r, _ := utf8.DecodeLastRuneInString(s[:j])
		if unicode.IsSpace(r) {
			return j
		}
	}
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// snapForward moves i on to the next white space.
func snapForward(s string, i int) int {
	if i >= len(s) {
		return len(s)
	}
	if i < 0 {
		return 0
	}
	for j := i; j < len(s) && j-i < 64; j++ {
		if s[j] == ' ' || s[j] == '\n' || s[j] == '\t' {
			return j
		}
	}
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}
