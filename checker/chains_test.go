package checker

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

// articleHTML makes an article page with a title and paragraphs (HTML allowed), padded so the
// extractor keeps it.
func articleHTML(title string, paras ...string) string {
	return `<html><head><title>` + title + `</title><meta property="og:site_name" content="` + title + `"></head><body><article><h1>` +
		title + `</h1><p>` + strings.Join(paras, `</p><p>`) + `</p>` + filler + `</article></body></html>`
}

func checkDepth(t *testing.T, web *fakeWeb, depth int, ratings *credibility.Ratings) *Result {
	t.Helper()
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(web, e, Config{Depth: depth, Ratings: ratings}).CheckURL(context.Background(), "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// chainOf returns the chain of the quote that contains text.
func chainOf(t *testing.T, rep report.Report, text string) report.Chain {
	t.Helper()
	for _, ch := range rep.Chains {
		if strings.Contains(ch.Text, text) {
			return ch
		}
	}
	t.Fatalf("no chain for a quote with %q; chains: %+v", text, rep.Chains)
	return report.Chain{}
}

func hopsOf(ch report.Chain) string {
	var parts []string
	for _, h := range ch.Hops {
		parts = append(parts, h.Source.Host+":"+string(h.Verdict))
	}
	return strings.Join(parts, " ")
}

const (
	quoteJust = `we will build a multipolar, just and democratic world order together`
	quoteFair = `we will build a multipolar, fair and democratic world order together`
)

func TestChains(t *testing.T) {
	article := articleHTML("A", `“`+quoteJust+`,” Lavrov said, according to <a href="https://b.example/story/one-two-three-four">the paper</a>.`)
	tests := []struct {
		name      string
		pages     map[string]string
		depth     int
		wantHops  string
		wantStop  string
		wantWhy   string
		wantFetch []string // pages fetched beyond the article's original
	}{
		{
			name: "depth 3 with a loop",
			pages: map[string]string{
				"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, as <a href="https://wire.example/w/12345">the wire</a> reported.`),
				"https://wire.example/w/12345":               articleHTML("W", `“`+quoteJust+`,” Lavrov said (see <a href="https://b.example/story/one-two-three-four">the paper</a>).`),
			},
			depth:    3,
			wantHops: "b.example:verified wire.example:verified",
			wantStop: report.StopLoop, wantWhy: "loop: wire.example cites b.example, already in the chain",
			wantFetch: []string{"https://wire.example/w/12345"},
		},
		{
			name: "depth 3 with an altered hop",
			pages: map[string]string{
				"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, <a href="https://c.example/x/98765">C</a> reported.`),
				"https://c.example/x/98765":                  articleHTML("C", `Lavrov said “`+quoteFair+`”, <a href="https://mfa.gov.example.gov/en/1">the ministry</a> said.`),
				"https://mfa.gov.example.gov/en/1":           articleHTML("Ministry", `Lavrov: “`+quoteFair+`.”`),
			},
			depth:    3,
			wantHops: "b.example:verified c.example:altered mfa.gov.example.gov:verified",
			wantStop: report.StopPrimary, wantWhy: "primary source: official site",
		},
		{
			name: "depth limit",
			pages: map[string]string{
				"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, <a href="https://c.example/x/98765">C</a> reported.`),
				"https://c.example/x/98765":                  articleHTML("C", `Lavrov said “`+quoteJust+`”, <a href="https://d.example/y/55555">D</a> reported.`),
			},
			depth:    2,
			wantHops: "b.example:verified c.example:verified",
			wantStop: report.StopDepth, wantWhy: "stopped: depth limit (2); c.example cites 1 more page(s)",
		},
		{
			name: "no page carries it further",
			pages: map[string]string{
				"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, <a href="https://c.example/x/98765">C</a> reported.`),
				"https://c.example/x/98765":                  articleHTML("C", `Nothing about the quote here, only weather reports for the coming week.`),
			},
			depth:    4,
			wantHops: "b.example:verified",
			wantStop: report.StopOrigin, wantWhy: "first carrier found: b.example (none of the 1 page(s) it cites carries the passage)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pages := map[string]string{"https://news.example/a": article}
			for u, b := range tc.pages {
				pages[u] = b
			}
			web := &fakeWeb{pages: pages}
			res := checkDepth(t, web, tc.depth, nil)
			rep := res.Report()
			ch := chainOf(t, rep, "multipolar")
			if got := hopsOf(ch); got != tc.wantHops {
				t.Errorf("hops = %s, want %s", got, tc.wantHops)
			}
			if ch.Stop != tc.wantStop || ch.StopReason != tc.wantWhy {
				t.Errorf("stop = %s (%q), want %s (%q)", ch.Stop, ch.StopReason, tc.wantStop, tc.wantWhy)
			}
			// Each page is fetched once per check, however often the chain meets it.
			count := map[string]int{}
			for _, u := range web.asked {
				count[u]++
				if count[u] > 1 {
					t.Errorf("fetched %s %d times", u, count[u])
				}
			}
			for _, u := range tc.wantFetch {
				if count[u] != 1 {
					t.Errorf("fetched %s %d times, want once", u, count[u])
				}
			}
			// The record keeps each hop's fetch, so an audit reads it back on resume.
			rec, err := Record(res, rep)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Chains) != len(rep.Chains) {
				t.Fatalf("record has %d chains, want %d", len(rec.Chains), len(rep.Chains))
			}
			for _, sc := range rec.Chains {
				for k, h := range sc.Hops {
					if h.Fetch < 0 || rec.Fetches[h.Fetch].RequestURL != h.URL {
						t.Errorf("chain of quote %d hop %d: fetch %d, want the fetch of %s", sc.Quote, k, h.Fetch, h.URL)
					}
				}
			}
		})
	}
}

func TestChainsAltered(t *testing.T) {
	// The article alters what the paper says; the paper has it verbatim from the wire.
	web := &fakeWeb{pages: map[string]string{
		"https://news.example/a":                     articleHTML("A", `“`+quoteFair+`,” Lavrov said, according to <a href="https://b.example/story/one-two-three-four">the paper</a>.`),
		"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, <a href="https://wire.example/w/12345">the wire</a> reported.`),
		"https://wire.example/w/12345":               articleHTML("TASS", `“`+quoteJust+`,” Lavrov said.`),
	}}
	rep := checkDepth(t, web, 3, nil).Report()
	ch := chainOf(t, rep, "multipolar")
	if got, want := hopsOf(ch), "b.example:altered wire.example:verified"; got != want {
		t.Errorf("hops = %s, want %s", got, want)
	}
	if got := hopVerdicts(ch); got != "altered in the article; verbatim at b.example" {
		t.Errorf("hop verdicts = %q", got)
	}
	// The wire's site name (TASS) makes it a wire agency's page.
	if got := ch.Hops[1].Source.Class; got != string(credibility.ClassWire) {
		t.Errorf("wire hop class = %q, want wire", got)
	}
}

// hopVerdicts says each hop's verdict as the reports do.
func hopVerdicts(ch report.Chain) string {
	var parts []string
	for i := range ch.Hops {
		parts = append(parts, report.HopVerdict(ch, i))
	}
	return strings.Join(parts, "; ")
}

func TestChainsDepthOne(t *testing.T) {
	web := &fakeWeb{pages: map[string]string{
		"https://news.example/a":                     articleHTML("A", `“`+quoteJust+`,” Lavrov said, according to <a href="https://b.example/story/one-two-three-four">the paper</a>.`),
		"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”, <a href="https://wire.example/w/12345">the wire</a> reported.`),
	}}
	rep := checkDepth(t, web, 1, nil).Report()
	if len(rep.Chains) != 0 {
		t.Errorf("depth 1 chains = %+v, want none", rep.Chains)
	}
	for _, u := range web.asked {
		if strings.Contains(u, "wire.example") {
			t.Errorf("depth 1 fetched %s", u)
		}
	}
}

func TestReportSources(t *testing.T) {
	ratings, err := credibility.Parse(strings.NewReader("domain,score,label,origin\nb.example,0.3,tabloid,desk policy\n"), "r.csv")
	if err != nil {
		t.Fatal(err)
	}
	web := &fakeWeb{pages: map[string]string{
		"https://news.example/a": articleHTML("A",
			`“`+quoteJust+`,” Lavrov said, according to <a href="https://b.example/story/one-two-three-four">the paper</a>, `+
				`<a href="https://twitter.com/mfa_russia/status/1509155530414264320">a tweet</a>, `+
				`<a href="https://www.mid.ru/en/foreign_policy/news/1807311/">the ministry</a>, `+
				`<a href="https://www.reuters.com/world/lavrov-in-china-2022-03-30/">Reuters</a> and `+
				`<a href="https://www.prnewswire.com/news-releases/x-301234567.html">a release</a>.`),
		"https://b.example/story/one-two-three-four": articleHTML("B", `Lavrov said “`+quoteJust+`”.`),
	}}
	rep := checkDepth(t, web, 1, ratings).Report()
	want := map[string]struct{ class, rating string }{
		"b.example":      {"news", "tabloid"},
		"twitter.com":    {"social", ""},
		"mid.ru":         {"official", ""},
		"reuters.com":    {"wire", ""},
		"prnewswire.com": {"press_release", ""},
	}
	for _, c := range rep.Citations {
		w, ok := want[c.Source.Host]
		if !ok {
			t.Errorf("citation %d: unexpected host %q", c.Index, c.Source.Host)
			continue
		}
		if c.Source.Class != w.class {
			t.Errorf("citation %s: class %q, want %q", c.Source.Host, c.Source.Class, w.class)
		}
		if w.rating != "" && (c.Source.Rating == nil || c.Source.Rating.Label != w.rating || c.Source.Rating.Origin != "desk policy") {
			t.Errorf("citation %s: rating %+v, want %q by desk policy", c.Source.Host, c.Source.Rating, w.rating)
		}
		if w.rating == "" && c.Source.Rating != nil {
			t.Errorf("citation %s: rating %+v, want unrated", c.Source.Host, c.Source.Rating)
		}
		if c.Source.Host == "twitter.com" {
			p := c.Source.Post
			if p == nil || p.Author != "mfa_russia" || p.Posted == nil || p.Posted.Format("2006-01-02") != "2022-03-30" {
				t.Errorf("tweet post = %+v, want by mfa_russia on 2022-03-30", p)
			}
		}
	}
	if rep.Article.Source == nil || rep.Article.Source.Host != "news.example" || rep.Article.Source.Rating != nil {
		t.Errorf("article source = %+v, want news.example unrated", rep.Article.Source)
	}
	groups := report.GroupByClass(rep.Citations)
	var order []string
	for _, g := range groups {
		order = append(order, fmt.Sprintf("%s:%d", g.Class, len(g.Citations)))
	}
	if got, want := strings.Join(order, " "), "official:1 social:1 wire:1 press_release:1 news:1"; got != want {
		t.Errorf("groups = %s, want %s", got, want)
	}
}
