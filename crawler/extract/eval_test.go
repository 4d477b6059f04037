package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura/fallback"

	readability "github.com/go-shiori/go-readability"
	distiller "github.com/markusmobius/go-domdistiller"
	upstream "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// benchDir is the article-extraction-benchmark folder of the shared data, outside the
// repository; the evaluations skip when it is absent.
var benchDir = filepath.Join("..", "..", "..", "shared", "data", "article-extraction-benchmark")

type benchPage struct {
	id, url, body string
	html          []byte
}

func loadBench(t testing.TB) []benchPage {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(benchDir, "ground-truth.json"))
	if err != nil {
		t.Skipf("article-extraction-benchmark not available: %v", err)
	}
	var gt map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := json.Unmarshal(raw, &gt); err != nil {
		t.Fatalf("decode ground truth: %v", err)
	}
	ids := make([]string, 0, len(gt))
	for id := range gt {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pages := make([]benchPage, 0, len(ids))
	for _, id := range ids {
		gz, err := os.ReadFile(filepath.Join(benchDir, "html", id+".html.gz"))
		if err != nil {
			t.Fatalf("read page %s: %v", id, err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("gunzip page %s: %v", id, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("gunzip page %s: %v", id, err)
		}
		pages = append(pages, benchPage{id: id, url: gt[id].URL, body: gt[id].ArticleBody, html: body})
	}
	return pages
}

func (p benchPage) parse() (*Article, error) { return p.parseWith(Options{}) }

func (p benchPage) parseWith(o Options) (*Article, error) {
	return o.Parse(&page.Page{RequestURL: p.url, FinalURL: p.url, Status: 200, ContentType: "text/html", Body: p.html})
}

// benchTokens tokenises as the benchmark's evaluate.py does: re.findall(r'\w+') with
// Python's Unicode \w (letters, numbers and the underscore; no combining marks), case
// kept (IGNORECASE does not change what \w matches).
func benchTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// benchShingles counts the 4-word shingles of s; a text of fewer than four tokens is one
// shorter shingle, and an empty one has none (as in evaluate.py's _ngrams).
func benchShingles(s string) map[string]int {
	toks := benchTokens(s)
	const n = 4
	out := map[string]int{}
	for i := 0; i < max(1, len(toks)-n+1); i++ {
		sh := toks[i:min(i+n, len(toks))]
		if len(sh) == 0 {
			continue
		}
		out[strings.Join(sh, "\x00")]++
	}
	return out
}

// shingleMatch is evaluate.py's string_shingle_matching: TP, FP and FN over shingles,
// normalised to sum to 1 so that long texts weigh no more than short ones.
func shingleMatch(truth, pred string) (tp, fp, fn float64) {
	ts, ps := benchShingles(truth), benchShingles(pred)
	for k, tc := range ts {
		pc := ps[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range ps {
		fp += float64(max(0, pc-ts[k]))
	}
	if s := tp + fp + fn; s > 0 {
		tp, fp, fn = tp/s, fp/s, fn/s
	}
	return tp, fp, fn
}

func benchPrecision(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fp == 0:
		return 0
	}
	return tp / (tp + fp)
}

func benchRecall(tp, fp, fn float64) float64 {
	switch {
	case fp == 0 && fn == 0:
		return 1
	case tp == 0 && fn == 0:
		return 0
	}
	return tp / (tp + fn)
}

type pageScore struct {
	id         string
	tp, fp, fn float64
	p, r       float64
	err        error
}

// The pages are cut into two fixed halves by a rule, not by hand: the low bit of the FNV-1a
// hash of the page's file name. Extraction is tuned on the first ("tune") and reported on
// the second ("held out"); the figure on all pages is printed beside them.
const (
	tuneHalf = iota
	heldOutHalf
	allPages
)

var halfNames = [...]string{"tune half", "held-out half", "all pages"}

func halfOf(id string) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() & 1)
}

// benchF1 is the benchmark's score of one extractor on the tune half, the held-out half
// and all pages: precision and recall averaged over the pages, F1 of the two averages.
type benchF1 struct {
	p, r, f1 [3]float64
	n        [3]int
}

func scoreHalves(pages []benchPage, text func(benchPage) string) (benchF1, []pageScore) {
	var out benchF1
	var sumP, sumR [3]float64
	var nP, nR [3]int
	scores := make([]pageScore, 0, len(pages))
	for _, pg := range pages {
		tp, fp, fn := shingleMatch(pg.body, text(pg))
		s := pageScore{id: pg.id, tp: tp, fp: fp, fn: fn}
		for _, k := range []int{halfOf(pg.id), allPages} {
			out.n[k]++
			if tp+fp > 0 {
				s.p = benchPrecision(tp, fp, fn)
				sumP[k] += s.p
				nP[k]++
			}
			if tp+fn > 0 {
				s.r = benchRecall(tp, fp, fn)
				sumR[k] += s.r
				nR[k]++
			}
		}
		scores = append(scores, s)
	}
	for k := range 3 {
		out.p[k], out.r[k] = sumP[k]/float64(max(nP[k], 1)), sumR[k]/float64(max(nR[k], 1))
		if out.p[k]+out.r[k] > 0 {
			out.f1[k] = 2 * out.p[k] * out.r[k] / (out.p[k] + out.r[k])
		}
	}
	return out, scores
}

func (f benchF1) String() string {
	var b strings.Builder
	for k := range 3 {
		if k > 0 {
			b.WriteString("  ")
		}
		fmt.Fprintf(&b, "%s (%d) F1 %.4f", halfNames[k], f.n[k], f.f1[k])
	}
	return b.String()
}

// trafilaturaText is go-trafilatura with its defaults, as a user of the library gets it.
func trafilaturaText(opts upstream.Options) func(benchPage) string {
	return func(pg benchPage) string {
		doc, err := html.Parse(bytes.NewReader(pg.html))
		if err != nil {
			return ""
		}
		res, err := upstream.ExtractDocument(doc, opts)
		if err != nil || res == nil {
			return ""
		}
		return res.ContentText
	}
}

// TestEvalArticleBody measures main-text extraction on the benchmark's pages by its own
// metric (per page TP/FP/FN over 4-word shingles, precision and recall averaged over the
// pages, F1 of the two averages) on both fixed halves, beside plain go-trafilatura on the
// same pages in the same run, with the median time of one page's Parse. A page we fail to
// parse counts as an empty prediction. It fails when we score below go-trafilatura.
func TestEvalArticleBody(t *testing.T) {
	pages := loadBench(t)
	var times []time.Duration
	errs := map[string]error{}
	ours, scores := scoreHalves(pages, func(pg benchPage) string {
		start := time.Now()
		a, err := pg.parse()
		times = append(times, time.Since(start))
		if err != nil {
			errs[pg.id] = err
			return ""
		}
		return a.Text
	})
	lib, _ := scoreHalves(pages, trafilaturaText(upstream.Options{}))
	slices.Sort(times)
	var b strings.Builder
	fmt.Fprintf(&b, "article-extraction-benchmark, %d pages (halves by FNV-1a of the file name):\n", len(pages))
	fmt.Fprintf(&b, "  Parse (ours):            %v\n", ours)
	fmt.Fprintf(&b, "  go-trafilatura defaults: %v\n", lib)
	fmt.Fprintf(&b, "  ours, all pages: precision %.3f recall %.3f; Parse median %.2f ms per page (%d pages)\n",
		ours.p[allPages], ours.r[allPages], float64(times[len(times)/2].Microseconds())/1000, len(times))
	// Confusion of shingles summed over pages (each page normalised to 1).
	var stp, sfp, sfn float64
	for _, s := range scores {
		stp, sfp, sfn = stp+s.tp, sfp+s.fp, sfn+s.fn
	}
	fmt.Fprintf(&b, "shingles (per-page normalised, summed): TP %.1f  FP %.1f  FN %.1f  (TN undefined)\n", stp, sfp, sfn)
	slices.SortFunc(scores, func(a, b pageScore) int {
		return int((a.p+a.r)*1000) - int((b.p+b.r)*1000)
	})
	b.WriteString("worst pages (precision / recall):\n")
	for _, s := range scores[:min(12, len(scores))] {
		fmt.Fprintf(&b, "  %s  %-13s P %.3f R %.3f", s.id[:12], halfNames[halfOf(s.id)], s.p, s.r)
		if err := errs[s.id]; err != nil {
			fmt.Fprintf(&b, "  parse error: %v", err)
		}
		b.WriteByte('\n')
	}
	t.Log(b.String())
	for _, k := range []int{tuneHalf, heldOutHalf, allPages} {
		if ours.f1[k] < lib.f1[k] {
			t.Errorf("%s: F1 %.3f is below go-trafilatura's %.3f", halfNames[k], ours.f1[k], lib.f1[k])
		}
	}
}

// TestEvalQuotesAgainstBody audits extraction and matching together: every quote Parse
// finds in a benchmark page is compared with the page's own hand-made article body, where
// it must be found. Any other verdict is a false alarm of extraction or matching.
func TestEvalQuotesAgainstBody(t *testing.T) {
	pages := loadBench(t)
	counts := map[textmatch.Verdict]int{}
	type miss struct {
		page, quote, passage, note string
		v                          textmatch.Verdict
		sim                        float64
		ops                        []textmatch.Op
	}
	var misses []miss
	total := 0
	for _, pg := range pages {
		a, err := pg.parse()
		if err != nil {
			continue
		}
		d := textmatch.NewDoc(pg.body)
		for _, q := range a.Quotes {
			total++
			m := textmatch.Compare(q.Text, d)
			counts[m.Verdict]++
			if m.Verdict == textmatch.Verified || m.Verdict == textmatch.Partial && m.Gaps > 0 {
				continue
			}
			misses = append(misses, miss{page: pg.id[:12], quote: q.Text, passage: m.Passage, note: m.Note, v: m.Verdict, sim: m.Similarity, ops: m.Ops})
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "quotes extracted from %d benchmark pages, compared with the page's own article body: %d\n", len(pages), total)
	for _, v := range []textmatch.Verdict{textmatch.Verified, textmatch.Truncated, textmatch.Altered, textmatch.Negation, textmatch.Partial, textmatch.NotFound} {
		fmt.Fprintf(&b, "  %-10s %d\n", v, counts[v])
	}
	fmt.Fprintf(&b, "not verified (false alarms of extraction + matching): %d of %d\n", len(misses), total)
	for _, m := range misses[:min(10, len(misses))] {
		fmt.Fprintf(&b, "  [%s] %s sim %.2f: %q\n", m.page, m.v, m.sim, clipEval(m.quote, 160))
		if m.note != "" {
			fmt.Fprintf(&b, "      note: %s\n", m.note)
		}
		if len(m.ops) > 0 {
			var ds []string
			for _, op := range m.ops {
				if op.Kind != textmatch.OpEqual {
					ds = append(ds, fmt.Sprintf("%s(%q→%q)", op.Kind, clipEval(op.Original, 40), clipEval(op.Quote, 40)))
				}
			}
			fmt.Fprintf(&b, "      diff: %s\n", strings.Join(ds, " "))
		}
	}
	t.Log(b.String())
}

func clipEval(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// TestEvalArticleBodyDiagnose compares, on both halves, our Parse with go-trafilatura
// under our options and the benchmark's, with its fallback extractors enabled (it then
// keeps go-readability's or go-domdistiller's result when it judges its own worse), and
// with each of those two extractors alone.
func TestEvalArticleBodyDiagnose(t *testing.T) {
	pages := loadBench(t)
	type variant struct {
		name string
		text func(pg benchPage) string
	}
	ours := func(pg benchPage) string {
		a, err := pg.parse()
		if err != nil {
			return ""
		}
		return a.Text
	}
	pageURL := func(pg benchPage) *url.URL {
		u, _ := url.Parse(pg.url)
		return u
	}
	variants := []variant{
		{"Parse -> Article.Text (ours)", ours},
		{"Parse with EnableFallback", func(pg benchPage) string {
			a, err := Options{tune: func(o *trafilatura.Options) { o.EnableFallback, o.External = true, fallback.Extractors() }}.Parse(
				&page.Page{RequestURL: pg.url, FinalURL: pg.url, Status: 200, ContentType: "text/html", Body: pg.html})
			if err != nil {
				return ""
			}
			return a.Text
		}},
		{"go-trafilatura defaults, ContentText", trafilaturaText(upstream.Options{})},
		{"our options, ContentText", trafilaturaText(upstream.Options{IncludeLinks: true, ExcludeComments: true})},
		{"our options + EnableFallback, ContentText", trafilaturaText(upstream.Options{IncludeLinks: true, ExcludeComments: true, EnableFallback: true})},
		{"benchmark CLI (EnableFallback), ContentText", trafilaturaText(upstream.Options{EnableFallback: true})},
		{"go-readability alone", func(pg benchPage) string {
			doc, err := html.Parse(bytes.NewReader(pg.html))
			if err != nil {
				return ""
			}
			art, err := readability.FromDocument(doc, pageURL(pg))
			if err != nil {
				return ""
			}
			return art.TextContent
		}},
		{"go-domdistiller alone", func(pg benchPage) string {
			doc, err := html.Parse(bytes.NewReader(pg.html))
			if err != nil {
				return ""
			}
			res, err := distiller.Apply(doc, &distiller.Options{OriginalURL: pageURL(pg), SkipPagination: true})
			if err != nil || res == nil {
				return ""
			}
			return res.Text
		}},
	}
	var b strings.Builder
	for _, v := range variants {
		f, _ := scoreHalves(pages, v.text)
		fmt.Fprintf(&b, "  %-44s %v\n", v.name, f)
	}
	t.Log("main-text F1 by variant:\n" + b.String())
}
