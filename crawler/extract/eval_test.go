package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

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

func loadBench(t *testing.T) []benchPage {
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

func (p benchPage) parse() (*Article, error) {
	return Parse(&page.Page{RequestURL: p.url, FinalURL: p.url, Status: 200, ContentType: "text/html", Body: p.html})
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

// TestEvalArticleBody measures main-text extraction on the benchmark's pages by its own
// metric: per page TP/FP/FN over 4-word shingles, precision and recall averaged over the
// pages, F1 of the two averages. A page we fail to parse counts as an empty prediction.
func TestEvalArticleBody(t *testing.T) {
	pages := loadBench(t)
	var scores []pageScore
	var sumP, sumR float64
	nP, nR := 0, 0
	for _, pg := range pages {
		pred := ""
		a, err := pg.parse()
		if err == nil {
			pred = a.Text
		}
		tp, fp, fn := shingleMatch(pg.body, pred)
		s := pageScore{id: pg.id, tp: tp, fp: fp, fn: fn, err: err}
		if tp+fp > 0 {
			s.p = benchPrecision(tp, fp, fn)
			sumP += s.p
			nP++
		}
		if tp+fn > 0 {
			s.r = benchRecall(tp, fp, fn)
			sumR += s.r
			nR++
		}
		scores = append(scores, s)
	}
	p, r := sumP/float64(max(nP, 1)), sumR/float64(max(nR, 1))
	f1 := 2 * p * r / (p + r)
	var b strings.Builder
	fmt.Fprintf(&b, "article-extraction-benchmark, %d pages: precision %.3f recall %.3f F1 %.3f (go-trafilatura published 0.960 on all 181)\n", len(pages), p, r, f1)
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
		fmt.Fprintf(&b, "  %s  P %.3f R %.3f", s.id[:12], s.p, s.r)
		if s.err != nil {
			fmt.Fprintf(&b, "  parse error: %v", s.err)
		}
		b.WriteByte('\n')
	}
	t.Log(b.String())
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

// TestEvalArticleBodyDiagnose splits the gap between our main text and the benchmark's
// published go-trafilatura figure into its causes, by scoring the same pages with
// go-trafilatura's own ContentText under our options and under the benchmark's.
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
	traf := func(decode bool, opts trafilatura.Options) func(pg benchPage) string {
		return func(pg benchPage) string {
			var r io.Reader = bytes.NewReader(pg.html)
			if decode {
				cr, err := charset.NewReader(r, "text/html")
				if err != nil {
					return ""
				}
				r = cr
			}
			doc, err := html.Parse(r)
			if err != nil {
				return ""
			}
			res, err := trafilatura.ExtractDocument(doc, opts)
			if err != nil || res == nil {
				return ""
			}
			return res.ContentText
		}
	}
	variants := []variant{
		{"Parse -> Article.Text (ours)", ours},
		{"Parse, charset=utf-8 when the body is valid UTF-8", func(pg benchPage) string {
			ct := "text/html"
			if utf8.Valid(pg.html) {
				ct = "text/html; charset=utf-8"
			}
			a, err := Parse(&page.Page{RequestURL: pg.url, FinalURL: pg.url, Status: 200, ContentType: ct, Body: pg.html})
			if err != nil {
				return ""
			}
			return a.Text
		}},
		{"our options, ContentText", traf(true, trafilatura.Options{IncludeLinks: true, ExcludeComments: true})},
		{"our options + EnableFallback, ContentText", traf(true, trafilatura.Options{IncludeLinks: true, ExcludeComments: true, EnableFallback: true})},
		{"benchmark CLI (raw UTF-8, EnableFallback), ContentText", traf(false, trafilatura.Options{EnableFallback: true})},
		{"raw UTF-8, our options, ContentText", traf(false, trafilatura.Options{IncludeLinks: true, ExcludeComments: true})},
	}
	var b strings.Builder
	for _, v := range variants {
		var sumP, sumR float64
		nP, nR := 0, 0
		for _, pg := range pages {
			tp, fp, fn := shingleMatch(pg.body, v.text(pg))
			if tp+fp > 0 {
				sumP += benchPrecision(tp, fp, fn)
				nP++
			}
			if tp+fn > 0 {
				sumR += benchRecall(tp, fp, fn)
				nR++
			}
		}
		p, r := sumP/float64(max(nP, 1)), sumR/float64(max(nR, 1))
		fmt.Fprintf(&b, "  %-58s P %.3f R %.3f F1 %.3f\n", v.name, p, r, 2*p*r/(p+r))
	}
	t.Log("main-text F1 by variant:\n" + b.String())
}
