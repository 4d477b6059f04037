package textmatch

import (
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	split "github.com/provcheck/provcheck/crawler/extract/sentence"
)

// Doc is an original text, tokenised, split into sentences and indexed once, so that
// many quotes and claims can be compared with it cheaply. A Doc is read-only after
// [NewDoc] and safe for concurrent use.
type Doc struct {
	text   string
	toks   []Token
	ids    []int32 // vocabulary id of each token
	vocab  map[string]int32
	postAt []int32 // postings of id v are post[postAt[v]:postAt[v+1]]: token positions
	post   []int32
	sentOf []int32 // sentence of each token
	sents  []sentence
	seq    seq // toks and ids again, with stop-word flags, for the aligner

	counts []int32 // scratch of build
	stop   []bool
}

type sentence struct {
	start, end int   // byte span in text
	lo, hi     int32 // token span
}

// NewDoc tokenises and indexes text.
func NewDoc(text string) *Doc {
	d := &Doc{}
	d.build(text)
	return d
}

// build tokenises and indexes text into d, reusing d's buffers: the Index builds one
// small Doc per candidate window, and allocating afresh each time cost more than the
// comparison itself.
func (d *Doc) build(text string) {
	d.text = text
	d.toks = tokenize(text, d.toks[:0])
	if d.vocab == nil {
		d.vocab = make(map[string]int32, len(d.toks)/3+1)
	} else {
		clear(d.vocab)
	}
	d.ids = grow(d.ids, len(d.toks))
	counts := d.counts[:0]
	for i, t := range d.toks {
		id, ok := d.vocab[t.Text]
		if !ok {
			id = int32(len(d.vocab))
			d.vocab[t.Text] = id
			counts = append(counts, 0)
		}
		d.ids[i] = id
		counts[id]++
	}
	d.counts = counts
	d.postAt = grow(d.postAt, len(counts)+1)
	d.postAt[0] = 0
	for v, c := range counts {
		d.postAt[v+1] = d.postAt[v] + c
	}
	d.post = grow(d.post, len(d.toks))
	fill := append(counts[:0], d.postAt[:len(counts)]...) // counts are spent: reuse them
	for i, id := range d.ids {
		d.post[fill[id]] = int32(i)
		fill[id]++
	}
	d.sents = d.sents[:0]
	d.splitSentences()
	d.stop = grow(d.stop, len(d.toks))
	for i, t := range d.toks {
		d.stop[i] = isStop(t.Text)
	}
	d.seq = seq{text: text, toks: d.toks, ids: d.ids, stop: d.stop}
}

// release drops d's references to its text so that a pooled Doc does not pin it.
func (d *Doc) release() {
	d.text = ""
	d.seq.text = ""
	clear(d.toks)
}

// grow returns s resized to n, reusing its array when it is large enough.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// Text returns the text the Doc was made from; all offsets refer to it.
func (d *Doc) Text() string { return d.text }

func (d *Doc) postings(id int32) []int32 { return d.post[d.postAt[id]:d.postAt[id+1]] }

// splitSentences finds sentence boundaries between tokens by the rules of package
// sentence (imported as split), which the extractor uses too.
func (d *Doc) splitSentences() {
	d.sentOf = grow(d.sentOf, len(d.toks))
	if len(d.toks) == 0 {
		return
	}
	lo := 0
	for k := 1; k <= len(d.toks); k++ {
		if k < len(d.toks) && !d.boundary(k) {
			continue
		}
		last := d.toks[k-1]
		end := last.End
		if k < len(d.toks) {
			end = punctEnd(d.text, end, d.toks[k].Start)
		} else {
			end = punctEnd(d.text, end, len(d.text))
		}
		id := int32(len(d.sents))
		d.sents = append(d.sents, sentence{start: d.toks[lo].Start, end: end, lo: int32(lo), hi: int32(k)})
		for j := lo; j < k; j++ {
			d.sentOf[j] = id
		}
		lo = k
	}
}

// punctEnd extends a sentence end over the punctuation that closes it (`."`), up to the
// first space.
func punctEnd(s string, end, limit int) int {
	for end < limit {
		r, n := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) || !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
			break
		}
		end += n
	}
	return end
}

func (d *Doc) boundary(k int) bool {
	prev, next := d.toks[k-1], d.toks[k]
	return split.Ends(d.text[:prev.End], d.text[prev.End:next.Start], d.text[next.Start:])
}

// Passage is a sentence of a Doc that supports a claim, with its BM25 score.
type Passage struct {
	Start, End int // byte offsets in [Doc.Text]
	Text       string
	Score      float64
}

// BestPassages returns the k sentences of d that best match claim, best first, scored by
// BM25 over the sentences (k1 = 1.2, b = 0.75). Sentences that share no word with the
// claim are never returned.
func (d *Doc) BestPassages(claim string, k int) []Passage {
	if k <= 0 || len(d.sents) == 0 {
		return nil
	}
	const k1, b = 1.2, 0.75
	n := float64(len(d.sents))
	avg := float64(len(d.toks)) / n
	scores := make([]float64, len(d.sents))
	seen := map[int32]bool{}
	for _, t := range Tokenize(claim) {
		id, ok := d.vocab[t.Text]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		post := d.postings(id)
		df := 0
		for i, p := range post {
			if i == 0 || d.sentOf[p] != d.sentOf[post[i-1]] {
				df++
			}
		}
		idf := math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
		for i := 0; i < len(post); {
			s := d.sentOf[post[i]]
			tf := 0
			for i < len(post) && d.sentOf[post[i]] == s {
				tf++
				i++
			}
			sl := float64(d.sents[s].hi - d.sents[s].lo)
			scores[s] += idf * float64(tf) * (k1 + 1) / (float64(tf) + k1*(1-b+b*sl/avg))
		}
	}
	order := make([]int, 0, len(scores))
	for i, s := range scores {
		if s > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(x, y int) int {
		switch {
		case scores[x] > scores[y]:
			return -1
		case scores[x] < scores[y]:
			return 1
		}
		return 0
	})
	if len(order) == 0 {
		return nil
	}
	if len(order) > k {
		order = order[:k]
	}
	out := make([]Passage, len(order))
	for i, s := range order {
		st := d.sents[s]
		out[i] = Passage{Start: st.start, End: st.end, Text: d.text[st.start:st.end], Score: scores[s]}
	}
	return out
}
