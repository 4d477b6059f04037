package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/rules"
)

// TestDemoChainsAndRatings: the demo (depth 2 by default) follows the Wang quote to the
// TASS wire text and shows the altered Lavrov quote's chain; with a --ratings file, the
// rated .example sites show their rating and its origin, the others stay unrated.
func TestDemoChainsAndRatings(t *testing.T) {
	ratings := filepath.Join(t.TempDir(), "ratings.csv")
	if err := os.WriteFile(ratings, []byte("domain,score,label,origin\neconomictimes.example,0.9,generally reliable,test desk\ntass.example,0.2,state media,test desk\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		flags  []string
		rated  bool
		chains bool
	}{
		{"default", nil, false, true},
		{"ratings file", []string{"--ratings", ratings}, true, true},
		{"depth 1", []string{"--depth", "1"}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rep report.Report
			if err := json.Unmarshal(runDemo(t, append([]string{"--format", "json"}, tc.flags...)...), &rep); err != nil {
				t.Fatal(err)
			}
			for _, c := range rep.Citations {
				if c.Source == nil {
					t.Fatalf("citation %d has no source", c.Index)
				}
				wantRated := tc.rated && c.Source.Host == "economictimes.example"
				if got := c.Source.Rating != nil; got != wantRated {
					t.Errorf("citation %d (%s) rated = %v, want %v", c.Index, c.Source.Host, got, wantRated)
				}
				if c.Source.Rating != nil && (c.Source.Rating.Origin != "test desk" || c.Source.Rating.Label != "generally reliable") {
					t.Errorf("citation %d rating = %+v", c.Index, c.Source.Rating)
				}
			}
			if rep.Article.Source == nil || rep.Article.Source.Rating != nil {
				t.Errorf("article source = %+v, want worldnews.example unrated", rep.Article.Source)
			}
			if !tc.chains {
				if len(rep.Chains) != 0 {
					t.Errorf("chains = %d, want none at depth 1", len(rep.Chains))
				}
				return
			}
			chains := map[string]report.Chain{}
			for _, ch := range rep.Chains {
				chains[ch.Text] = ch
			}
			wang := chains["the will of both sides to develop bilateral relations has become even stronger."]
			if got := hostsOf(wang); got != "economictimes.example:verified tass.example:verified" {
				t.Errorf("Wang chain = %s, want economictimes.example then the TASS wire text, both verbatim", got)
			}
			if len(wang.Hops) == 2 {
				tass := wang.Hops[1].Source
				if tass.Class != "wire" {
					t.Errorf("tass.example class = %q, want wire", tass.Class)
				}
				if tc.rated != (tass.Rating != nil && tass.Rating.Label == "state media") {
					t.Errorf("tass.example rating = %+v, rated %v", tass.Rating, tc.rated)
				}
			}
			lavrov := chains["a multipolar, fair, and democratic world order"]
			if got := hostsOf(lavrov); got != "economictimes.example:altered" {
				t.Errorf("Lavrov chain = %s, want economictimes.example, altered", got)
			}
			if len(lavrov.Hops) > 0 && report.HopVerdict(lavrov, 0) != "altered in the article" {
				t.Errorf("Lavrov hop = %q, want altered in the article", report.HopVerdict(lavrov, 0))
			}
		})
	}
	text := string(runDemo(t, "--color", "never", "--ratings", ratings))
	for _, want := range []string{
		"article → economictimes.example → tass.example",
		"2. ✓ tass.example: verbatim at economictimes.example",
		"1. ✗ economictimes.example: altered in the article",
		"wire · rated “state media” (0.20) by test desk",
		"news · economictimes.example · rated “generally reliable” (0.90) by test desk",
		"site: news · worldnews.example · unrated",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo text lacks %q", want)
		}
	}
}

func hostsOf(ch report.Chain) string {
	var parts []string
	for _, h := range ch.Hops {
		parts = append(parts, h.Source.Host+":"+string(h.Verdict))
	}
	return strings.Join(parts, " ")
}

// sourcesDB stores three hand-made checks: two articles of one site (one checked twice)
// and one of another, with bylines.
func sourcesDB(t *testing.T) (path string, run2 int64) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "provcheck.db")
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check := func(u, byline string, quotes, citations []string, unlinked int) *store.Check {
		c := &store.Check{URL: u, FinalURL: u, Byline: byline, Fetch: -1, CheckedAt: time.Now()}
		for i, v := range quotes {
			c.Quotes = append(c.Quotes, store.Quote{Index: i, Text: "q", Verdict: rules.Verdict(v)})
		}
		for i, v := range citations {
			c.Citations = append(c.Citations, store.Citation{Index: i, Fetch: -1, Verdict: rules.Fate(v)})
		}
		for range unlinked {
			c.Findings = append(c.Findings, store.Finding{Rule: "claim.unlinked_attribution", Severity: "low", SubjectKind: "claim"})
		}
		return c
	}
	run1, err := db.StartRun(ctx, store.KindAudit, "one", "{}")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*store.Check{
		check("https://www.daily.example/a", "Ann Lee", []string{"verified", "altered"}, []string{"dead", "placeholder", "ok"}, 1),
		check("https://daily.example/b", "Bob Roe", []string{"not_found"}, []string{"placeholder", "placeholder"}, 0),
	} {
		if _, err := db.SaveCheck(ctx, run1, c); err != nil {
			t.Fatal(err)
		}
	}
	if run2, err = db.StartRun(ctx, store.KindAudit, "two", "{}"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*store.Check{
		// Checked again: the latest check counts, not both.
		check("https://daily.example/b", "Bob Roe", []string{"verified"}, []string{"ok"}, 0),
		check("https://wire.example/w", "=cmd|' /C calc'!A0", []string{"verified", "verified"}, nil, 2),
	} {
		if _, err := db.SaveCheck(ctx, run2, c); err != nil {
			t.Fatal(err)
		}
	}
	return path, run2
}

func TestSourcesCommand(t *testing.T) {
	path, run2 := sourcesDB(t)
	tests := []struct {
		name string
		args []string
		want []string // lines, trimmed of spaces between cells
	}{
		{
			name: "sites by articles",
			args: []string{"--format", "csv"},
			want: []string{
				"site,articles,quotes,verified,altered,not_found,dead,placeholder,unlinked",
				"daily.example,2,3,2,1,0,1,1,1",
				"wire.example,1,2,2,0,0,0,0,2",
			},
		},
		{
			name: "sites sorted by unlinked",
			args: []string{"--format", "csv", "--sort", "unlinked"},
			want: []string{
				"site,articles,quotes,verified,altered,not_found,dead,placeholder,unlinked",
				"wire.example,1,2,2,0,0,0,0,2",
				"daily.example,2,3,2,1,0,1,1,1",
			},
		},
		{
			name: "authors of one run",
			args: []string{"--format", "csv", "--by", "author", "--run", strconv.FormatInt(run2, 10), "--sort", "name"},
			want: []string{
				"author,articles,quotes,verified,altered,not_found,dead,placeholder,unlinked,sites",
				"'=cmd|' /C calc'!A0,1,2,2,0,0,0,0,2,wire.example",
				"Bob Roe,1,1,1,0,0,0,0,0,daily.example",
			},
		},
		{
			name: "text",
			args: []string{"--by", "author"},
			want: []string{
				"author articles quotes verified altered not found dead placeholder unlinked sites",
				"=cmd|' /C calc'!A0 1 2 2 0 0 0 0 2 wire.example",
				"Ann Lee 1 2 1 1 0 1 1 1 daily.example",
				"Bob Roe 1 1 1 0 0 0 0 0 daily.example",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"sources", "--db", path}, tc.args...)
			out := runCLI(t, args...).ok(t, args...)
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				got = append(got, strings.Join(strings.Fields(l), " "))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("provcheck %q =\n%s\nwant\n%s", args, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	for _, bad := range [][]string{{"--by", "title"}, {"--sort", "score"}, {"--format", "json"}, {"extra"}} {
		args := append([]string{"sources", "--db", path}, bad...)
		if r := runCLI(t, args...); r.code != exitUsage {
			t.Errorf("provcheck %q = %d, want %d", args, r.code, exitUsage)
		}
	}
	if r := runCLI(t, "demo", "--no-db", "--depth", "0"); r.code != exitUsage {
		t.Errorf("demo --depth 0 = %d, want %d", r.code, exitUsage)
	}
}
