package textmatch

import (
	"cmp"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Index finds, across an archive of texts, every text that carries a quote. It keeps
// each text and, for every word, the positions where it occurs as delta-encoded varints
// (about two to three bytes a word). A lookup takes the quote's rarest words, finds the
// places where several of them sit as close together as in the quote, and runs the full
// comparison of [Options.Compare] on a window of text around each place only.
//
// Add must not run concurrently with Add or Lookup; Lookups may run concurrently.
type Index struct {
	// Options are the thresholds used for each hit's Match; the zero value means the
	// defaults.
	Options Options

	ids    []string
	texts  []string
	starts []int64 // global offset of each text: a word at byte b of text k is at starts[k]+b
	next   int64
	words  int64
	vocab  map[string]uint32
	post   [][]byte // per word: uvarint deltas of global offsets
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
		ix.post[w] = binary.AppendUvarint(ix.post[w], uint64(g-ix.lastAt[w]))
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
	pos  []int64
}

// Index lookup limits: how many of a quote's rarest words anchor candidates and how
// many more confirm them.
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
	need := 0
	for i := range terms {
		need += int(ix.df[terms[i].w])
	}
	if cap(sc2.pos) < need {
		sc2.pos = make([]int64, 0, need)
	}
	all := sc2.pos[:0]
	for i := range terms {
		lo := len(all)
		all = ix.decodeTo(all, terms[i].w)
		terms[i].pos = all[lo:len(all):len(all)]
	}
	sc2.pos = all
	tol := int64(24 + len(quote)/4)
	cands := sc2.cands[:0]
	var from [verifyTerms]int
	for a := 0; a < len(terms) && a < anchorTerms; a++ {
		at := terms[a]
		clear(from[:])
		for _, g := range at.pos {
			base := g - int64(at.qoff)
			c := cand{base: base, score: at.idf, terms: 1}
			for v, vt := range terms {
				if v == a {
					continue
				}
				// The anchor's positions rise, so each term's search starts where the
				// previous one ended.
				want := base + int64(vt.qoff)
				k := gallop(vt.pos, from[v], want-tol)
				from[v] = k
				if k < len(vt.pos) && vt.pos[k] <= want+tol {
					c.score += vt.idf
					c.terms++
				}
			}
			cands = append(cands, c)
		}
	}
	defer func() { sc2.cands = cands[:0] }()
	// Half the quote's rarest words must sit where the quote puts them.
	need = min(len(terms), max(2, (len(terms)+1)/2))
	ncands := len(cands)
	cands = slices.DeleteFunc(cands, func(c cand) bool { return c.terms < need })
	nkept := len(cands)
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
		if old, ok := best[k]; ok && !better(m, old.Match) {
			continue
		} else if !ok {
			order = append(order, k)
		}
		best[k] = Hit{ID: ix.ids[k], Match: m}
	}
	if statHook != nil {
		statHook(terms, ncands, nkept, evaluated)
	}
	hits := make([]Hit, 0, len(order))
	for _, k := range order {
		hits = append(hits, best[k])
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if better(a.Match, b.Match) {
			return -1
		}
		if better(b.Match, a.Match) {
			return 1
		}
		return cmp.Compare(a.ID, b.ID)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// better orders matches: higher similarity first, then the verdict closer to verified.
func better(a, b Match) bool {
	if a.Similarity != b.Similarity {
		return a.Similarity > b.Similarity
	}
	return verdictRank(a.Verdict) < verdictRank(b.Verdict)
}

func verdictRank(v Verdict) int {
	switch v {
	case Verified:
		return 0
	case Truncated:
		return 1
	case Altered:
		return 2
	case Negation:
		return 3
	case Partial:
		return 4
	}
	return 5
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
	pos   []int64
	cands []cand
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

// decodeTo appends the positions of word w to out.
func (ix *Index) decodeTo(out []int64, w uint32) []int64 {
	b := ix.post[w]
	var g int64
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 {
			break
		}
		b = b[n:]
		g += int64(d)
		out = append(out, g)
	}
	return out
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
