package textmatch

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// The benchmark corpus is deterministic pseudo-text: Zipf-distributed words over a
// vocabulary whose head is English function words, in sentences of 8 to 20 words.

var benchStop = strings.Fields(`the of and to a in that is was he for it with as his on be at by
	i this had not are but from or have an they which one you were her all she there would
	their we him been has when who will more no if out so said what up its about into than
	them can only other new some could time these two may then do first any my now such like`)

func benchVocab(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	syl := strings.Fields("ka lo mi ne ru sa ti vo be da fe gu ha ji ko lu ma no pe qui re so tu ve wa xi yo ze")
	vocab := append([]string(nil), benchStop...)
	seen := map[string]bool{}
	for _, w := range vocab {
		seen[w] = true
	}
	for len(vocab) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteString(syl[r.IntN(len(syl))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			vocab = append(vocab, w)
		}
	}
	return vocab
}

var benchWords = sync.OnceValue(func() []string { return benchVocab(20000) })

// benchText returns a text of about n words made from seed.
func benchText(seed uint64, n int) string {
	vocab := benchWords()
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	z := rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))
	var b strings.Builder
	b.Grow(n * 7)
	for w := 0; w < n; {
		l := 8 + r.IntN(13)
		for k := 0; k < l && w < n; k++ {
			word := vocab[z.Uint64()]
			if k == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(word)
			if k > 0 && k < l-1 && r.IntN(12) == 0 {
				b.WriteByte(',')
			}
			w++
		}
		b.WriteString(". ")
	}
	return b.String()
}

type benchQuote struct {
	text string
	doc  int // index of the original it was taken from
	kind string
}

// benchQuotes takes quotes from the texts and alters some: per text, a verbatim quote,
// one with a word swapped, one with "not" inserted, one with a word dropped, one with a
// number changed, one in capitals, and one of invented words.
func benchQuotes(texts []string, perDoc int, seed uint64) []benchQuote {
	r := rand.New(rand.NewPCG(seed, 99))
	vocab := benchWords()
	kinds := []string{"verbatim", "swap", "not", "drop", "number", "caps", "invented"}
	var out []benchQuote
	for k, text := range texts {
		toks := Tokenize(text)
		for j := range perDoc {
			kind := kinds[(k*perDoc+j)%len(kinds)]
			n := 8 + r.IntN(10)
			s := r.IntN(len(toks) - n)
			words := make([]string, n)
			for i := range n {
				words[i] = text[toks[s+i].Start:toks[s+i].End]
			}
			mid := n/2 + r.IntN(n/3)
			switch kind {
			case "swap":
				words[mid] = vocab[200+r.IntN(len(vocab)-200)]
			case "not":
				words = append(words[:mid], append([]string{"not"}, words[mid:]...)...)
			case "drop":
				words = append(words[:mid], words[mid+1:]...)
			case "number":
				words = append(words[:mid], append([]string{fmt.Sprint(1000 + r.IntN(9000))}, words[mid:]...)...)
			case "caps":
				for i := range words {
					words[i] = strings.ToUpper(words[i])
				}
			case "invented":
				for i := range words {
					words[i] = fmt.Sprintf("zq%dx", r.IntN(100000))
				}
				words[1], words[3] = "the", "of"
			}
			out = append(out, benchQuote{text: strings.Join(words, " "), doc: k, kind: kind})
		}
	}
	return out
}

var wantKind = map[string]Verdict{
	"verbatim": Verified, "caps": Verified, "swap": Altered, "drop": Altered,
	"not": Negation, "number": NumberChanged, "invented": NotFound,
}

func articleData() ([]*Doc, []benchQuote) {
	texts := make([]string, 10)
	docs := make([]*Doc, 10)
	for i := range texts {
		texts[i] = benchText(uint64(i+1), 5000)
		docs[i] = NewDoc(texts[i])
	}
	return docs, benchQuotes(texts, 3, 5)
}

// refVerdict is the straightforward matcher: word edit distance between the quote and
// every window of the original (every start, lengths m-2..m+2), then the verdict from
// the best window.
func refVerdict(quote string, d *Doc) Verdict {
	q := d.quoteSeq(quote)
	m := len(q.toks)
	if m == 0 {
		return NotFound
	}
	n := len(d.toks)
	bestDist, bestS, bestL := m+3, 0, 0
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for s := 0; s < n; s++ {
		for L := max(1, m-2); L <= m+2 && s+L <= n; L++ {
			// Levenshtein between q and d.toks[s:s+L], rows over the window.
			for i := range prev {
				prev[i] = i
			}
			for j := 1; j <= L; j++ {
				cur[0] = j
				for i := 1; i <= m; i++ {
					c := prev[i-1]
					if q.ids[i-1] != d.ids[s+j-1] {
						c++
					}
					c = min(c, prev[i]+1, cur[i-1]+1)
					cur[i] = c
				}
				prev, cur = cur, prev
			}
			if dist := prev[m]; dist < bestDist {
				bestDist, bestS, bestL = dist, s, L
			}
		}
	}
	if bestDist == 0 {
		if d.qualifierAfter(bestS+bestL) != "" {
			return Truncated
		}
		return Verified
	}
	if 1-float64(bestDist)/float64(max(m, bestL)) < DefaultMinSimilarity {
		return NotFound
	}
	negQ, negO := 0, 0
	nums := map[string]int{}
	for _, t := range d.toks[bestS : bestS+bestL] {
		if isNegation(t.Text) {
			negO++
		}
		if t.Number {
			nums[t.Text]++
		}
	}
	number := false
	for _, t := range q.toks {
		if isNegation(t.Text) {
			negQ++
		}
		if t.Number {
			if nums[t.Text] == 0 {
				number = true
			}
			nums[t.Text]--
		}
	}
	switch {
	case negQ != negO:
		return Negation
	case number:
		return NumberChanged
	}
	return Altered
}

func TestReferenceAgrees(t *testing.T) {
	docs, quotes := articleData()
	for i, q := range quotes {
		for _, k := range []int{q.doc, (q.doc + 1) % len(docs)} {
			got := Compare(q.text, docs[k]).Verdict
			ref := refVerdict(q.text, docs[k])
			if got != ref {
				t.Errorf("quote %d (%s) vs doc %d: engine %v, reference %v: %q", i, q.kind, k, got, ref, q.text)
			}
			if k == q.doc && got != wantKind[q.kind] {
				t.Errorf("quote %d (%s) vs its doc: verdict %v, want %v: %q", i, q.kind, got, wantKind[q.kind], q.text)
			}
		}
	}
}

// BenchmarkArticle: 30 quotes, each compared with each of 10 originals of 5,000 words
// (300 comparisons per op; the originals are indexed before the timer).
func BenchmarkArticle(b *testing.B) {
	docs, quotes := articleData()
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range quotes {
			for _, d := range docs {
				Compare(q.text, d)
			}
		}
	}
}

// BenchmarkNewDoc indexes one original of 5,000 words.
func BenchmarkNewDoc(b *testing.B) {
	text := benchText(1, 5000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		NewDoc(text)
	}
}

// BenchmarkReference runs the reference matcher on the 30 quotes against their own
// original and reports how many times slower it is than the engine on the same work.
func BenchmarkReference(b *testing.B) {
	docs, quotes := articleData()
	const rounds = 20
	t0 := time.Now()
	for range rounds {
		for _, q := range quotes {
			Compare(q.text, docs[q.doc])
		}
	}
	engine := time.Since(t0) / rounds
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		for _, q := range quotes {
			refVerdict(q.text, docs[q.doc])
		}
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(engine.Nanoseconds()), "engine-ns/op")
	b.ReportMetric(float64(per)/float64(engine), "x-slower")
}

var archiveCache = map[int][]string{}

// archive returns n pseudo-articles of 5,000 words.
func archive(n int) []string {
	if a, ok := archiveCache[n]; ok {
		return a
	}
	a := make([]string, n)
	for i := range a {
		a[i] = benchText(uint64(1000+i), 5000)
	}
	archiveCache[n] = a
	return a
}

var archiveSizes = []struct {
	name string
	docs int
}{{"1x", 125}, {"4x", 500}, {"16x", 2000}}

// BenchmarkIndex indexes 125, 500 and 2,000 articles of 5,000 words (0.6M, 2.5M and
// 10M words). mem-x is the heap the index holds, texts included, over the text size.
func BenchmarkIndex(b *testing.B) {
	for _, sz := range archiveSizes {
		b.Run(sz.name, func(b *testing.B) {
			texts := archive(sz.docs)
			total := 0
			for _, t := range texts {
				total += len(t)
			}
			b.SetBytes(int64(total))
			b.ReportAllocs()
			var ix *Index
			for b.Loop() {
				ix = NewIndex()
				for i, t := range texts {
					ix.Add(fmt.Sprint("doc", i), t)
				}
			}
			b.StopTimer()
			ix = nil
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			ix = NewIndex()
			for i, t := range texts {
				ix.Add(fmt.Sprint("doc", i), t)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			grown := float64(after.HeapAlloc) - float64(before.HeapAlloc)
			b.ReportMetric((grown+float64(total))/float64(total), "mem-x")
			runtime.KeepAlive(ix)
		})
	}
}

// BenchmarkLookup looks quotes up (verbatim and altered, some invented) in archives of
// 0.6M, 2.5M and 10M words.
func BenchmarkLookup(b *testing.B) {
	for _, sz := range archiveSizes {
		b.Run(sz.name, func(b *testing.B) {
			texts := archive(sz.docs)
			ix := NewIndex()
			for i, t := range texts {
				ix.Add(fmt.Sprint("doc", i), t)
			}
			quotes := benchQuotes(texts[:50], 2, 11)
			b.ReportAllocs()
			i := 0
			start := time.Now()
			for b.Loop() {
				ix.Lookup(quotes[i%len(quotes)].text, 5)
				i++
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "lookups/s")
		})
	}
}
