package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

func evaluate(t *testing.T, f *fixture, cfg Config) Evaluation {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e.Evaluate(Input{Article: f.a, Page: ok(articleURL), Originals: f.orig})
}

// TestQuoteCarriesEveryVerdict: a quote that is altered and misattributed has both
// verdicts, the worse one first, and both findings.
func TestQuoteCarriesEveryVerdict(t *testing.T) {
	const src = "https://wire.example/story"
	const words = "will move towards a multipolar, just, democratic world order"
	const quoted = "will move towards a multipolar, fair, democratic world order"
	f := newFixture("“"+quoted+"”, Wang Yi said, according to the wire.", "Other news followed.")
	ci := f.cite("the wire", src, ok(src), wire)
	f.quote(quoted, "Wang Yi", ci)
	at := strings.Index(wire, words)
	f.orig[ci].Article.Quotes = []extract.Quote{{Text: words, Start: at, End: at + len(words), Speaker: "Sergei Lavrov", Attribution: -1, Embed: -1}}

	ev := evaluate(t, f, Config{})
	if len(ev.Quotes) != 1 {
		t.Fatalf("Evaluate: %d quote results, want 1", len(ev.Quotes))
	}
	q := ev.Quotes[0]
	if want := []Verdict{Misattributed, Altered}; q.Verdict != Misattributed || !slices.Equal(q.Verdicts, want) {
		t.Errorf("quote verdict = %v %v, want %v %v", q.Verdict, q.Verdicts, Misattributed, want)
	}
	var rules []string
	for _, f := range q.Findings {
		rules = append(rules, f.Rule)
	}
	if !slices.Contains(rules, "quote.altered") || !slices.Contains(rules, "quote.misattributed") {
		t.Errorf("quote findings = %v, want quote.altered and quote.misattributed", rules)
	}
	v, m, ok := q.MatchFinding()
	if !ok || v != Altered || m.Evidence.Passage == "" || len(m.Evidence.Diff) == 0 {
		t.Errorf("MatchFinding = %v %+v %v, want the altered finding with its passage and diff", v, m, ok)
	}
	if mf, ok := q.Finding(Misattributed); !ok || mf.Evidence.Extra["original_speaker"] != "Sergei Lavrov" {
		t.Errorf("Finding(misattributed) = %+v, %v", mf, ok)
	}
}

func TestQuoteUnchecked(t *testing.T) {
	f := newFixture("He said “we will”.")
	f.quote("we will", "")
	e, err := New(Config{Rules: map[string]RuleConfig{"quote.not_found": {Enabled: new(bool)}}})
	if err != nil {
		t.Fatal(err)
	}
	ev := e.Evaluate(Input{Article: f.a, Page: ok(articleURL), Originals: f.orig})
	if q := ev.Quotes[0]; q.Verdict != Unchecked || len(q.Verdicts) != 0 {
		t.Errorf("quote with no verdict finding = %v %v, want unchecked", q.Verdict, q.Verdicts)
	}
}

func TestCitationFates(t *testing.T) {
	long := strings.Repeat("The minister spoke at length about the economy and the budget. ", 30)
	dead := &page.Page{RequestURL: "https://gone.example/a", FinalURL: "https://gone.example/a", Status: 404, ErrClass: page.ErrClassStatus}
	redirected := &page.Page{RequestURL: "https://short.example/x", FinalURL: "https://news.example/story2", Status: 200,
		ContentType: "text/html", Redirects: []page.Hop{{URL: "https://short.example/x", Status: 301}}}
	deadAfterRedirect := &page.Page{RequestURL: "https://short.example/y", FinalURL: "https://gone.example/b", Status: 410,
		ErrClass: page.ErrClassStatus, Redirects: []page.Hop{{URL: "https://short.example/y", Status: 301}}}
	robots := &page.Page{RequestURL: "https://closed.example/a", ErrClass: page.ErrClassRobots, Err: "robots.txt"}
	tests := []struct {
		name string
		href string
		page *page.Page
		text string
		want Fate
	}{
		{"placeholder", "#", nil, "", FatePlaceholder},
		{"not fetched", "https://x.example/", nil, "", FateNotFetched},
		{"ok", "https://wire.example/a", ok("https://wire.example/a"), long, FateOK},
		{"unreadable", "https://wire.example/r.pdf", ok("https://wire.example/r.pdf"), "", FateUnreadable},
		{"dead", dead.RequestURL, dead, "", FateDead},
		{"redirected", redirected.RequestURL, redirected, long, FateRedirected},
		{"dead wins over redirected", deadAfterRedirect.RequestURL, deadAfterRedirect, "", FateDead},
		{"blocked", robots.RequestURL, robots, "", FateBlocked},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("See the source for details.")
			f.cite("the source", tc.href, tc.page, tc.text)
			ev := evaluate(t, f, Config{})
			if got := ev.Citations[0].Fate; got != tc.want {
				t.Errorf("fate = %v (findings %v), want %v", got, ev.Citations[0].Findings, tc.want)
			}
			if r := tc.want.Rule(); r != "" && len(only(ev.Citations[0].Findings, r)) != 1 {
				t.Errorf("citation findings = %v, want one %s", ev.Citations[0].Findings, r)
			}
		})
	}
}

// TestShortTextIsReadEverywhere: link.soft404's configured short_text decides whether a
// page is a soft 404 for the rule, for Engine.Fate and for quote matching alike.
func TestShortTextIsReadEverywhere(t *testing.T) {
	const src = "https://wire.example/gone"
	text := "Page not found. " + strings.Repeat("Read the latest stories about the economy and the budget here. ", 20)
	if len(text) < 1000 || len(text) > 2000 {
		t.Fatalf("fixture text is %d bytes, want between the default short_text and 2000", len(text))
	}
	quoted := "Read the latest stories about the economy"
	for _, tc := range []struct {
		name      string
		cfg       Config
		soft404   bool
		wantQuote Verdict
	}{
		{"default", Config{}, false, Verified},
		{"short_text 2000", Config{Rules: map[string]RuleConfig{"link.soft404": {Thresholds: map[string]float64{"short_text": 2000}}}}, true, NotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("“"+quoted+"”, the wire wrote.", "More.")
			ci := f.cite("the wire", src, ok(src), text)
			f.quote(quoted, "", ci)
			e, err := New(tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			wantFate := FateOK
			if tc.soft404 {
				wantFate = FateSoft404
			}
			if got := e.Fate(f.orig[ci]); got != wantFate {
				t.Errorf("Engine.Fate = %v, want %v", got, wantFate)
			}
			if got := e.Readable(f.orig[ci]); got == tc.soft404 {
				t.Errorf("Engine.Readable = %v, want %v", got, !tc.soft404)
			}
			ev := e.Evaluate(Input{Article: f.a, Page: ok(articleURL), Originals: f.orig})
			if got := ev.Citations[ci].Fate; got != wantFate {
				t.Errorf("citation fate = %v, want %v", got, wantFate)
			}
			if got := ev.Quotes[0].Verdict; got != tc.wantQuote {
				t.Errorf("quote verdict = %v, want %v", got, tc.wantQuote)
			}
		})
	}
}

func TestVerdictTable(t *testing.T) {
	seen := map[Verdict]bool{}
	for i, v := range Verdicts() {
		if seen[v] || v.Rank() != i || v.Label() == "" || v.Tone() == "" {
			t.Errorf("verdict %q: rank %d at %d, label %q, tone %q", v, v.Rank(), i, v.Label(), v.Tone())
		}
		seen[v] = true
		if id := v.Rule(); id != "" {
			if _, ok := Lookup(id); !ok {
				t.Errorf("verdict %q is reported by %q, which is not a rule", v, id)
			}
			if got, ok := verdictOfRule(id); !ok || got != v {
				t.Errorf("verdictOfRule(%q) = %q, %v, want %q", id, got, ok, v)
			}
		}
		if m := v.Match(); m != "" && MatchVerdict(m) != v {
			t.Errorf("MatchVerdict(%q) = %q, want %q", m, MatchVerdict(m), v)
		}
	}
	for _, m := range []textmatch.Verdict{textmatch.Verified, textmatch.Truncated, textmatch.Partial, textmatch.Altered, textmatch.Negation, textmatch.NotFound} {
		if v := MatchVerdict(m); string(v) != string(m) || v.Match() != m {
			t.Errorf("MatchVerdict(%q) = %q", m, v)
		}
	}
	if !Misattributed.Worse(Altered) || !Altered.Worse(Partial) || Verified.Worse(Truncated) {
		t.Error("rank order: want verified < truncated < partial < altered < misattributed")
	}
	if Verdict("no_such").Tone() != ToneUnknown || Verdict("no_such").Rule() != "" {
		t.Error("an unknown verdict should have no rule and an unknown tone")
	}
	fseen := map[Fate]bool{}
	for i, f := range Fates() {
		if fseen[f] || f.Rank() != i || f.Label() == "" || f.Tone() == "" {
			t.Errorf("fate %q: rank %d at %d, label %q, tone %q", f, f.Rank(), i, f.Label(), f.Tone())
		}
		fseen[f] = true
		if id := f.Rule(); id != "" {
			if _, ok := Lookup(id); !ok {
				t.Errorf("fate %q is reported by %q, which is not a rule", f, id)
			}
		}
	}
	if NotFound.Label() != "not found" || FateNotFetched.Label() != "not fetched" {
		t.Errorf("labels = %q, %q", NotFound.Label(), FateNotFetched.Label())
	}
}

// TestThresholdsDeclared: every threshold a rule reads is one its description declares,
// with the same default.
func TestThresholdsDeclared(t *testing.T) {
	all := []Threshold{
		thAlteredMinSimilarity, thAlteredMinShared, thNotFoundMinWords,
		thInconsistentMinSimilarity, thInconsistentMinWords, thMinOverlap, thShortText,
		thUnsourcedMinWords, thSupportMinWords, thSupportMaxQuoted, thNumberMinSupport, thDateMinSupport, thDateMaxDaysAfter,
		thMaxScore, thNoConsensusScore, thFullText,
	}
	declared := 0
	for _, r := range Builtin() {
		declared += len(r.Describe().Thresholds)
	}
	if declared != len(all) {
		t.Errorf("rules declare %d thresholds, the test knows %d: list the new one here", declared, len(all))
	}
	for _, th := range all {
		r, ok := Lookup(th.Rule)
		if !ok {
			t.Errorf("threshold %+v: no rule %q", th, th.Rule)
			continue
		}
		if v, ok := r.Describe().Thresholds[th.Key]; !ok || v != th.Default {
			t.Errorf("threshold %+v: rule %s declares %v, %v", th, th.Rule, v, ok)
		}
	}
}

func TestLoadConfigRejectsUnknownKeys(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, body string
		want       []string // in the error
	}{
		{"misspelt.yaml", "rules:\n  quote.altered:\n    thresholds:\n      min_similarty: 0.6\n",
			[]string{"quote.altered", `"min_similarty"`, "min_shared_words, min_similarity"}},
		{"misspelt.toml", "[rules.'link.soft404'.thresholds]\nshort_txt = 500\n",
			[]string{"link.soft404", `"short_txt"`, "short_text"}},
		{"none.yaml", "rules:\n  link.dead:\n    thresholds:\n      max: 1\n", []string{"link.dead has no thresholds"}},
		{"rule.yaml", "rules:\n  quote.alterd:\n    enabled: false\n", []string{`unknown rule "quote.alterd"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if err := os.WriteFile(p, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadConfig(p)
			if err == nil {
				t.Fatalf("LoadConfig(%q) accepted it, want an error", tc.body)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("LoadConfig error = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestPinnedSeverity: a flipped negation is high whatever the configuration says; an
// altered quote's severity follows it.
func TestPinnedSeverity(t *testing.T) {
	low := Low
	cfg := Config{Rules: map[string]RuleConfig{"quote.negation": {Severity: &low}, "quote.altered": {Severity: &low}}}
	for _, tc := range []struct {
		quote, rule string
		want        Severity
	}{
		{"the will of both sides to develop relations has never become stronger", "quote.negation", High},
		{"a multipolar, fair, and democratic world order", "quote.altered", Low},
	} {
		f := newFixture("The article says “"+tc.quote+"” and cites the wire.", "Source: the wire.")
		c := f.cite("the wire", "https://wire.example/a", ok("https://wire.example/a"), wire)
		f.quote(tc.quote, "Lavrov", c)
		got := only(f.run(t, cfg), tc.rule)
		if len(got) != 1 || got[0].Severity != tc.want {
			t.Errorf("%s with severity low configured = %v, want one at %v", tc.rule, got, tc.want)
		}
	}
}
