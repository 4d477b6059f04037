package rules

import (
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/credibility"
)

func credibilityRatings(t *testing.T) *credibility.Ratings {
	t.Helper()
	r, err := credibility.Builtin()
	if err != nil {
		t.Fatalf("credibility.Builtin: %v", err)
	}
	return r
}

// credibilityCheck runs the rule through an engine's context, with cfg applied.
func credibilityCheck(t *testing.T, rule CredibilityRule, in Input, cfg Config) []Finding {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rule.Check(newContext(in, e))
}

func TestCredibilityRule(t *testing.T) {
	f := newFixture(
		"Lavrov spoke in Tunxi, RT reported and RT said again.",
		"TASS and Reuters carried it; Fox News had it; a tweet; Telesur filmed it; a short link.",
		"Some blog had it too.",
	)
	f.a.URL, f.a.FinalURL = "https://www.zerohedge.com/geopolitical/lavrov", "https://www.zerohedge.com/geopolitical/lavrov"
	rt := f.cite("RT reported", "https://www.rt.com/russia/553000-lavrov/", ok("https://www.rt.com/russia/553000-lavrov/"), "")
	rt2 := f.cite("RT said", "https://de.rt.com/international/1/", nil, "")
	tass := f.cite("TASS", "https://tass.com/politics/1431000", nil, "")
	f.cite("Reuters", "https://www.reuters.com/world/x", nil, "")
	fox := f.cite("Fox News", "https://www.foxnews.com/politics/x", nil, "")
	tweet := f.cite("a tweet", "https://twitter.com/someone/status/1509155530414264320", nil, "")
	telesur := f.cite("Telesur", "https://www.youtube.com/user/telesurtv/videos", nil, "")
	short := f.cite("a short link", "https://t.co/z4RhJ0VNHZ", &page.Page{
		RequestURL: "https://t.co/z4RhJ0VNHZ", FinalURL: "https://sputniknews.com/20220330/x.html", Status: 200,
		Redirects: []page.Hop{{URL: "https://t.co/z4RhJ0VNHZ", Status: 301}},
	}, "")
	f.cite("Some blog", "https://blog.example.org/x", nil, "")
	f.cite("too", "https://www.zerohedge.com/other", nil, "") // the own site again: reported once
	in := Input{Article: f.a, Originals: f.orig}

	rule := CredibilityRule{Ratings: credibilityRatings(t)}
	got := credibilityCheck(t, rule, in, Config{})

	type want struct {
		kind     SubjectKind
		index    int
		severity Severity
		domain   string
		score    string
		message  string
	}
	wants := []want{
		{SubjectArticle, -1, 0, "zerohedge.com", "0.05", `the article's own site zerohedge.com is rated "deprecated" (0.05) by Wikipedia's perennial sources list`},
		{SubjectCitation, rt, 0, "rt.com", "0.05", `cited site rt.com is rated "deprecated" (0.05) by Wikipedia's perennial sources list`},
		{SubjectCitation, tass, Low, "tass.com", "0.5", `cited site tass.com is rated "no consensus" (0.50) by Wikipedia's perennial sources list`},
		{SubjectCitation, fox, Low, "foxnews.com", "0.2", `cited site foxnews.com is rated "generally unreliable" (0.20) by Wikipedia's perennial sources list; the rating depends on the topic or period: Fox News (news excluding politics and science): Generally reliable;`},
		{SubjectCitation, tweet, Info, "twitter.com", "0.2", `cited post is on twitter.com, which is rated "generally unreliable" (0.20) by Wikipedia's perennial sources list: a rating of the platform, not of the account`},
		{SubjectCitation, telesur, 0, "youtube.com/user/telesurtv", "0.05", `cited site youtube.com/user/telesurtv is rated "deprecated" (0.05)`},
		{SubjectCitation, short, 0, "sputniknews.com", "0.05", `cited site sputniknews.com is rated "deprecated" (0.05)`},
	}
	if len(got) != len(wants) {
		for _, g := range got {
			t.Log(g)
		}
		t.Fatalf("Check found %d findings, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		g := got[i]
		if g.Subject.Kind != w.kind || g.Subject.Index != w.index || g.Severity != w.severity {
			t.Errorf("finding %d = %s, want %s %d severity %v", i, g, w.kind, w.index, w.severity)
		}
		if !strings.HasPrefix(g.Message, w.message) {
			t.Errorf("finding %d message = %q, want prefix %q", i, g.Message, w.message)
		}
		ex := g.Evidence.Extra
		if ex["domain"] != w.domain || ex["score"] != w.score || ex["origin"] != credibility.OriginWikipedia || ex["label"] == "" || ex["name"] == "" {
			t.Errorf("finding %d extra = %v, want domain %s score %s", i, ex, w.domain, w.score)
		}
		if g.Evidence.URL == "" {
			t.Errorf("finding %d has no evidence URL", i)
		}
	}
	if r := got[1].Evidence.Related; len(r) != 1 || r[0] != rt2 {
		t.Errorf("rt.com related = %v, want [%d]", r, rt2)
	}
	if g := got[6].Evidence; g.URL != "https://t.co/z4RhJ0VNHZ" || g.FinalURL != "https://sputniknews.com/20220330/x.html" {
		t.Errorf("short link evidence = %s → %s, want the link and where it ends", g.URL, g.FinalURL)
	}
	if c := got[4].Evidence.Extra["class"]; c != string(credibility.ClassSocial) {
		t.Errorf("tweet class = %q, want social", c)
	}

	// Configuration: a stricter band reports nothing for "no consensus"; a configured
	// severity moves the steps with it.
	high := High
	cfg := Config{Rules: map[string]RuleConfig{credibilityID: {
		Severity:   &high,
		Thresholds: map[string]float64{"no_consensus_score": 0.3},
	}}}
	strict := credibilityCheck(t, rule, in, cfg)
	for _, g := range strict {
		if g.Evidence.Extra["domain"] == "tass.com" {
			t.Errorf("no_consensus_score 0.3 still reports %s", g)
		}
		if g.Evidence.Extra["domain"] == "foxnews.com" && g.Severity != Medium {
			t.Errorf("severity high: varied rating at %v, want medium", g.Severity)
		}
	}
}

func TestCredibilityRuleOverrideAndNil(t *testing.T) {
	f := newFixture("The desk cited Reuters.")
	f.cite("Reuters", "https://www.reuters.com/world/x", nil, "")
	in := Input{Article: f.a, Originals: f.orig}

	if got := credibilityCheck(t, CredibilityRule{}, in, Config{}); len(got) != 0 {
		t.Errorf("nil Ratings found %v, want nothing", got)
	}
	ratings := credibilityRatings(t)
	if got := credibilityCheck(t, CredibilityRule{Ratings: ratings}, in, Config{}); len(got) != 0 {
		t.Errorf("reliable and unrated sites found %v, want nothing", got)
	}
	o, err := credibility.Parse(strings.NewReader("domain,score,label,origin\nreuters.com,0.1,under review,desk policy\n"), "ratings.csv")
	if err != nil {
		t.Fatal(err)
	}
	ratings.Merge(o)
	got := credibilityCheck(t, CredibilityRule{Ratings: ratings}, in, Config{})
	if len(got) != 1 || got[0].Message != `cited site reuters.com is rated "under review" (0.10) by desk policy` {
		t.Fatalf("override: got %v", got)
	}
	// The article itself, with no URL and no page, is not looked up.
	if got[0].Subject.Kind != SubjectCitation {
		t.Errorf("override finding subject = %v", got[0].Subject)
	}
}

func TestCredibilityDescribe(t *testing.T) {
	d := CredibilityRule{}.Describe()
	if d.ID != "source.credibility" || d.Severity != Medium || d.Thresholds["max_score"] != 0.2 || d.Thresholds["no_consensus_score"] != 0.5 {
		t.Errorf("Describe() = %+v", d)
	}
}
