package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

const articleURL = "https://news.example/story"

// article builds an Article whose text is the given paragraphs, with one sentence per
// paragraph; quotes, citations and attributions are located by their text.
type fixture struct {
	a    *extract.Article
	orig []*Original
}

func newFixture(paragraphs ...string) *fixture {
	a := &extract.Article{URL: articleURL, FinalURL: articleURL}
	var b strings.Builder
	for i, p := range paragraphs {
		if i > 0 {
			b.WriteString("\n\n")
		}
		start := b.Len()
		b.WriteString(p)
		a.Paragraphs = append(a.Paragraphs, extract.Span{Start: start, End: b.Len()})
		a.Sentences = append(a.Sentences, extract.Span{Start: start, End: b.Len()})
	}
	a.Text = b.String()
	return &fixture{a: a}
}

func (f *fixture) span(s string) (int, int, int) {
	i := strings.Index(f.a.Text, s)
	if i < 0 {
		panic("fixture: no " + s)
	}
	for pi, p := range f.a.Paragraphs {
		if i >= p.Start && i < p.End {
			return i, i + len(s), pi
		}
	}
	panic("fixture: outside paragraphs")
}

func (f *fixture) quote(text, speaker string, cites ...int) {
	s, e, p := f.span(text)
	f.a.Quotes = append(f.a.Quotes, extract.Quote{Text: text, Start: s, End: e, Speaker: speaker, Sentence: p, Paragraph: p, Citations: cites, Attribution: -1, Embed: -1})
}

// cite adds a citation on anchor whose original is page (nil: not fetched) with text.
func (f *fixture) cite(anchor, href string, page *page.Page, text string) int {
	s, e, p := f.span(anchor)
	f.a.Citations = append(f.a.Citations, extract.Citation{Href: href, URL: href, Anchor: anchor, Start: s, End: e, Sentence: p, Paragraph: p, Embed: -1})
	var o *Original
	if page != nil {
		o = &Original{URL: href, Page: page}
		if text != "" {
			o.Article = &extract.Article{URL: href, Text: text}
		}
	}
	f.orig = append(f.orig, o)
	return len(f.a.Citations) - 1
}

func (f *fixture) attribute(source, phrase, within string, linked bool) {
	s, e, p := f.span(within)
	f.a.Attributions = append(f.a.Attributions, extract.Attribution{Source: source, Phrase: phrase, Start: s, End: e, Sentence: p, Paragraph: p, Linked: linked})
}

func ok(u string) *page.Page {
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html"}
}

func (f *fixture) run(t *testing.T, cfg Config) []Finding {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e.Evaluate(Input{Article: f.a, Page: ok(articleURL), Originals: f.orig}).Findings
}

func only(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

const wire = "At the end of this reshaping of global relations we, together with you, and with our sympathisers " +
	"will move towards a multipolar, just, democratic world order, Lavrov said. Wang said the will of both " +
	"sides to develop relations has become even stronger."

func TestQuoteVerdicts(t *testing.T) {
	tests := []struct {
		name  string
		quote string
		rule  string
		check func(t *testing.T, f Finding)
	}{
		{"verified", "will move towards a multipolar, just, democratic world order", "quote.verified", nil},
		{"altered", "a multipolar, fair, and democratic world order", "quote.altered", func(t *testing.T, f Finding) {
			var sub, ins bool
			for _, op := range f.Evidence.Diff {
				sub = sub || (op.Kind == textmatch.OpSubstitute && op.Quote == "fair" && op.Original == "just")
				ins = ins || (op.Kind == textmatch.OpInsert && op.Quote == "and")
			}
			if !sub || !ins {
				t.Errorf("diff = %+v, want fair→just and an inserted and", f.Evidence.Diff)
			}
			if !strings.Contains(f.Message, `"fair" → original says "just"`) {
				t.Errorf("message = %q", f.Message)
			}
			if f.Evidence.Similarity == nil || *f.Evidence.Similarity < 0.5 || *f.Evidence.Similarity >= 1 {
				t.Errorf("similarity = %v", f.Evidence.Similarity)
			}
		}},
		{"negation", "the will of both sides to develop relations has never become stronger", "quote.negation", func(t *testing.T, f Finding) {
			if f.Severity != High {
				t.Errorf("severity = %v, want high", f.Severity)
			}
		}},
		{"antonym", "the will of both sides to develop relations has become even weaker", "quote.negation", nil},
		{"number changed", "will move towards a multipolar, just, democratic world order, Lavrov said on Tuesday", "quote.number_changed", func(t *testing.T, f Finding) {
			if f.Severity != High || !strings.HasPrefix(f.Message, "number changed: (none) → Tuesday") {
				t.Errorf("finding = %v %q, want high, number changed: (none) → Tuesday", f.Severity, f.Message)
			}
		}},
		{"not found", "we shall never surrender to anyone at all", "quote.not_found", nil},
		{"too few shared words", "a fairer world order", "quote.not_found", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("The article says “"+tc.quote+"” and cites the wire.", "Source: the wire.")
			c := f.cite("the wire", "https://wire.example/a", ok("https://wire.example/a"), wire)
			f.quote(tc.quote, "Lavrov", c)
			got := only(f.run(t, Config{}), tc.rule)
			if len(got) != 1 {
				t.Fatalf("%s findings = %v, want 1", tc.rule, f.run(t, Config{}))
			}
			if got[0].Subject.Kind != SubjectQuote || got[0].Subject.Index != 0 {
				t.Errorf("subject = %+v", got[0].Subject)
			}
			if tc.rule != "quote.not_found" && got[0].Evidence.SourceURL != "https://wire.example/a" {
				t.Errorf("source = %q", got[0].Evidence.SourceURL)
			}
			if tc.check != nil {
				tc.check(t, got[0])
			}
		})
	}
}

func TestQuoteWithoutCitationSearchesEveryOriginal(t *testing.T) {
	f := newFixture("Lavrov spoke of “a multipolar, just, democratic world order” in Tunxi.", "See the blog and the wire.")
	f.cite("the blog", "https://blog.example/", ok("https://blog.example/"), "Nothing relevant is written here at all.")
	f.cite("the wire", "https://wire.example/a", ok("https://wire.example/a"), wire)
	f.quote("a multipolar, just, democratic world order", "Lavrov")
	got := only(f.run(t, Config{}), "quote.verified")
	if len(got) != 1 || got[0].Evidence.SourceURL != "https://wire.example/a" || !strings.Contains(got[0].Message, "wire.example") {
		t.Fatalf("verified = %v, want it found in the wire", got)
	}
}

func TestQuoteWithNoReadableOriginal(t *testing.T) {
	f := newFixture("He said “we will win this war soon enough”, citing a dead page.")
	f.cite("a dead page", "https://gone.example/", &page.Page{RequestURL: "https://gone.example/", Status: 404, Err: "status 404", ErrClass: page.ErrClassStatus}, "")
	f.quote("we will win this war soon enough", "He", 0)
	got := only(f.run(t, Config{}), "quote.not_found")
	if len(got) != 1 || !strings.Contains(got[0].Message, "no cited original could be fetched") {
		t.Fatalf("not_found = %v", got)
	}
}

func TestLinkRules(t *testing.T) {
	chain := &page.Page{
		RequestURL: "https://t.co/x", FinalURL: "https://twitter.com/a/status/1", Status: 200,
		Redirects: []page.Hop{{URL: "https://t.co/x", Status: 301}},
	}
	sameSite := &page.Page{
		RequestURL: "https://www.bbc.co.uk/a", FinalURL: "https://news.bbc.co.uk/b", Status: 200,
		Redirects: []page.Hop{{URL: "https://www.bbc.co.uk/a", Status: 302}},
	}
	tests := []struct {
		name, href string
		page       *page.Page
		rule       string // "" = no link finding
	}{
		{"hash", "#", nil, "link.placeholder"},
		{"empty", "", nil, "link.placeholder"},
		{"javascript", "javascript:void(0)", nil, "link.placeholder"},
		{"self", articleURL + "#top", nil, "link.placeholder"},
		{"404", "https://a.example/", &page.Page{RequestURL: "https://a.example/", Status: 404, ErrClass: page.ErrClassStatus}, "link.dead"},
		{"410", "https://a.example/", &page.Page{RequestURL: "https://a.example/", Status: 410, ErrClass: page.ErrClassStatus}, "link.dead"},
		{"timeout", "https://a.example/", &page.Page{RequestURL: "https://a.example/", ErrClass: page.ErrClassTimeout, Err: "timeout"}, "link.dead"},
		{"dns", "https://a.example/", &page.Page{RequestURL: "https://a.example/", ErrClass: page.ErrClassDNS, Err: "no such host"}, "link.dead"},
		{"loop", "https://a.example/", &page.Page{RequestURL: "https://a.example/", ErrClass: page.ErrClassRedirects}, "link.dead"},
		{"403", "https://a.example/", &page.Page{RequestURL: "https://a.example/", Status: 403, ErrClass: page.ErrClassStatus}, "link.blocked"},
		{"402", "https://a.example/", &page.Page{RequestURL: "https://a.example/", Status: 402, ErrClass: page.ErrClassStatus}, "link.blocked"},
		{"robots", "https://a.example/", &page.Page{RequestURL: "https://a.example/", ErrClass: page.ErrClassRobots}, "link.blocked"},
		{"private", "https://a.example/", &page.Page{RequestURL: "https://a.example/", ErrClass: page.ErrClassPrivate}, "link.blocked"},
		{"short link", "https://t.co/x", chain, "link.redirected"},
		{"same registrable domain", "https://www.bbc.co.uk/a", sameSite, ""},
		{"fine", "https://a.example/", ok("https://a.example/"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture("It was reported by the source in question.")
			f.cite("the source", tc.href, tc.page, "")
			var got []string
			for _, fd := range f.run(t, Config{}) {
				if strings.HasPrefix(fd.Rule, "link.") {
					got = append(got, fd.Rule)
				}
			}
			want := []string{}
			if tc.rule != "" {
				want = []string{tc.rule}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("link findings = %v, want %v", got, want)
			}
		})
	}
}

func TestInconsistent(t *testing.T) {
	f := newFixture(
		"The two countries will work to achieve “a multipolar, fair, and democratic world order,” Lavrov said.",
		"“We will move towards a multipolar, just, democratic world order,” Sergei Lavrov said.",
		"“A fairer world order,” he added; “a multipolar, just, democratic world order,” said Wang.",
	)
	f.quote("a multipolar, fair, and democratic world order", "Lavrov")
	f.quote("We will move towards a multipolar, just, democratic world order", "Sergei Lavrov")
	f.quote("A fairer world order", "Lavrov")
	f.quote("a multipolar, just, democratic world order", "Wang")
	got := only(f.run(t, Config{}), "quote.inconsistent")
	if len(got) != 1 || got[0].Subject.Index != 1 || len(got[0].Evidence.Related) != 1 || got[0].Evidence.Related[0] != 0 {
		t.Fatalf("inconsistent = %v, want one between quotes 0 and 1", got)
	}
}

func TestClaims(t *testing.T) {
	f := newFixture(
		"Less than a week after Joe Biden announced a new order, the minister vowed to reject it.",
		"According to the state-owned TASS news agency, the minister said ties had grown stronger.",
		"The talks were held in Tunxi on March 30 and lasted for three long hours, per the wire.",
		"It is a good thing that these things are discussed openly.",
	)
	f.attribute("TASS", "according to", "According to the state-owned TASS news agency", false)
	f.cite("the wire", "https://wire.example/", ok("https://wire.example/"), "text")
	fs := f.run(t, Config{})
	un := only(fs, "claim.unsourced")
	if len(un) != 1 || !strings.HasPrefix(un[0].Subject.Text, "Less than a week after Joe Biden") {
		t.Errorf("unsourced = %v, want only the Biden sentence", un)
	}
	ua := only(fs, "claim.unlinked_attribution")
	if len(ua) != 1 || ua[0].Evidence.Extra["source"] != "TASS" {
		t.Errorf("unlinked attribution = %v, want TASS", ua)
	}
}

func TestConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	yml := write("r.yaml", "rules:\n  claim.unsourced:\n    enabled: false\n  link.placeholder:\n    severity: high\n  quote.altered:\n    thresholds:\n      min_similarity: 0.9\n")
	tml := write("r.toml", "[rules.'link.placeholder']\nseverity = \"high\"\n[rules.'claim.unsourced']\nenabled = false\n")
	for _, path := range []string{yml, tml} {
		t.Run(filepath.Ext(path), func(t *testing.T) {
			cfg, err := LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			f := newFixture("Less than a week after Joe Biden announced a new order, the minister vowed to reject it, said #.")
			f.cite("#", "#", nil, "")
			fs := f.run(t, cfg)
			if len(only(fs, "claim.unsourced")) != 0 {
				t.Errorf("disabled rule still fired")
			}
			if p := only(fs, "link.placeholder"); len(p) != 1 || p[0].Severity != High {
				t.Errorf("placeholder = %v, want severity high", p)
			}
		})
	}
	for name, body := range map[string]string{
		"bad.yaml":  "rules:\n  no.such.rule:\n    enabled: false\n",
		"bad2.yaml": "rules:\n  quote.altered:\n    thresholds:\n      nope: 1\n",
		"bad3.yaml": "rulez: {}\n",
		"bad4.yaml": "rules:\n  quote.altered:\n    severity: extreme\n",
		"bad.txt":   "",
	} {
		t.Run(name, func(t *testing.T) {
			cfg, err := LoadConfig(write(name, body))
			if err == nil {
				_, err = New(cfg)
			}
			if err == nil {
				t.Errorf("config %q accepted, want an error", body)
			}
		})
	}
}

func TestEveryRuleIsDescribed(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Builtin() {
		d := r.Describe()
		if d.ID == "" || d.Summary == "" || d.Explain == "" || d.Severity == 0 || seen[d.ID] {
			t.Errorf("rule %+v is badly described or duplicated", d)
		}
		seen[d.ID] = true
	}
}

func TestFindingsOrdered(t *testing.T) {
	f := newFixture("First “a multipolar, fair, and democratic world order” then #.", "Then “we shall never surrender to anyone at all”.")
	f.cite("#", "#", nil, "")
	f.quote("we shall never surrender to anyone at all", "")
	f.quote("a multipolar, fair, and democratic world order", "")
	fs := f.run(t, Config{})
	for i := 1; i < len(fs); i++ {
		if fs[i].Subject.Offset < fs[i-1].Subject.Offset {
			t.Fatalf("findings out of order: %v before %v", fs[i-1], fs[i])
		}
	}
}

func TestProse(t *testing.T) {
	tests := map[string]bool{
		"Less than a week after Joe Biden announced a new order, the minister vowed to reject it.": true,
		"“The will of both sides has grown,” he said on March 30.":                                 true,
		"1 Kyle Busch 5040 5 1 17 27":                        false,
		"sexta-feira, 22 de outubro de 2010 às 20:13":        false,
		"Final standings of the 2019 season after 36 races:": false,
		"NASA Announces 2024 Budget.":                        false,
	}
	for text, want := range tests {
		if got := prose(text); got != want {
			t.Errorf("prose(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestPaywalledOriginalIsReadForWhatItShows(t *testing.T) {
	paywalled := func(u string) *page.Page {
		p := ok(u)
		p.Body = []byte(`<html><body><div class="article-body">` + wire + `</div><div class="tp-modal piano-offer">Subscribe</div></body></html>`)
		return p
	}
	f := newFixture("Lavrov spoke of “a multipolar, just, democratic world order” and said “we shall never give in to anyone”, as the wire put it.")
	f.cite("the wire", "https://wire.example/a", paywalled("https://wire.example/a"), wire)
	f.quote("a multipolar, just, democratic world order", "Lavrov", 0)
	f.quote("we shall never give in to anyone", "Lavrov", 0)
	fs := f.run(t, Config{})
	if got := only(fs, "quote.verified"); len(got) != 1 || got[0].Subject.Index != 0 {
		t.Errorf("verified = %v, want the quote the paywalled page shows", got)
	}
	nf := only(fs, "quote.not_found")
	if len(nf) != 1 || nf[0].Severity != Low || nf[0].Evidence.Extra["paywalled"] != "true" || !strings.Contains(nf[0].Message, "paywall") {
		t.Errorf("not_found = %+v, want the other quote low, unverified because of the paywall", nf)
	}
	if got := only(fs, "link.blocked"); len(got) != 1 {
		t.Errorf("link.blocked = %v, want the citation still marked as behind a paywall", got)
	}
}
