package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/rules"
)

// checkOf makes a check of url by byline whose quotes and citations have the given
// verdicts and fates, with unlinked attribution findings.
func checkOf(url, byline string, at time.Time, quotes []rules.Verdict, cites []rules.Fate, unlinked int) *Check {
	c := makeCheck(url, url, at, shape{fetches: 2, bodySize: 64})
	c.FinalURL, c.Byline = url, byline
	for i, v := range quotes {
		c.Quotes = append(c.Quotes, Quote{Index: i, Text: fmt.Sprintf("quote %d", i), Verdict: v})
	}
	for i, f := range cites {
		c.Citations = append(c.Citations, Citation{Index: i, URL: fmt.Sprintf("%s/cited/%d", url, i), Fetch: -1, Verdict: f})
	}
	for i := range unlinked {
		c.Findings = append(c.Findings, Finding{Rule: "claim.unlinked_attribution", Severity: "warning", SubjectKind: "attribution", SubjectIndex: i})
	}
	return c
}

func TestSources(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	V, A, N, G, NF := rules.Verified, rules.Altered, rules.Negation, rules.Truncated, rules.NotFound
	D, P, OK := rules.FateDead, rules.FatePlaceholder, rules.FateOK
	checks := []*Check{
		// Checked twice: only the latest check counts.
		checkOf("https://www.news.example/a", "Ann Lee", t0, []rules.Verdict{NF, NF, NF}, []rules.Fate{D, D}, 0),
		checkOf("https://www.news.example/a", "Ann Lee", t0.Add(time.Hour), []rules.Verdict{V, A}, []rules.Fate{D, OK}, 1),
		checkOf("https://News.example/b", "Ann  Lee", t0, []rules.Verdict{N, G, V}, []rules.Fate{P}, 0),
		checkOf("https://blog.example/c", "Bo Chan", t0, []rules.Verdict{NF}, []rules.Fate{D, D, P}, 2),
		checkOf("https://blog.example/d", "", t0, nil, nil, 0),
		checkOf("/home/me/saved/page.html", "Ann Lee", t0, []rules.Verdict{V}, nil, 0),
	}
	for _, c := range checks {
		if _, err := s.SaveCheck(ctx, run, c); err != nil {
			t.Fatal(err)
		}
	}
	other := startRun(t, s)
	if _, err := s.SaveCheck(ctx, other, checkOf("https://third.example/e", "Cy Dee", t0, []rules.Verdict{V}, nil, 0)); err != nil {
		t.Fatal(err)
	}

	row := func(r SourceRecord) string {
		return fmt.Sprintf("%s[%s] art=%d q=%d v=%d alt=%d nf=%d dead=%d ph=%d unl=%d",
			r.Name, r.Sites, r.Articles, r.Quotes, r.Verified, r.Altered, r.NotFound, r.Dead, r.Placeholder, r.Unlinked)
	}
	tests := []struct {
		name string
		q    SourceQuery
		want []string
	}{
		{"sites by articles", SourceQuery{RunID: run}, []string{
			"blog.example[] art=2 q=1 v=0 alt=0 nf=1 dead=2 ph=1 unl=2",
			"news.example[] art=2 q=5 v=2 alt=2 nf=0 dead=1 ph=1 unl=1",
			"(local)[] art=1 q=1 v=1 alt=0 nf=0 dead=0 ph=0 unl=0",
		}},
		{"authors, blank bylines left out, spaces folded", SourceQuery{RunID: run, By: ByAuthor}, []string{
			"Ann Lee[(local), news.example] art=3 q=6 v=3 alt=2 nf=0 dead=1 ph=1 unl=1",
			"Bo Chan[blog.example] art=1 q=1 v=0 alt=0 nf=1 dead=2 ph=1 unl=2",
		}},
		{"sites by dead links", SourceQuery{RunID: run, Sort: string(rules.FateDead)}, []string{
			"blog.example[] art=2 q=1 v=0 alt=0 nf=1 dead=2 ph=1 unl=2",
			"news.example[] art=2 q=5 v=2 alt=2 nf=0 dead=1 ph=1 unl=1",
			"(local)[] art=1 q=1 v=1 alt=0 nf=0 dead=0 ph=0 unl=0",
		}},
		{"sites by name", SourceQuery{RunID: run, Sort: "name"}, []string{
			"(local)[] art=1 q=1 v=1 alt=0 nf=0 dead=0 ph=0 unl=0",
			"blog.example[] art=2 q=1 v=0 alt=0 nf=1 dead=2 ph=1 unl=2",
			"news.example[] art=2 q=5 v=2 alt=2 nf=0 dead=1 ph=1 unl=1",
		}},
		{"every run", SourceQuery{Sort: "name"}, []string{
			"(local)[] art=1 q=1 v=1 alt=0 nf=0 dead=0 ph=0 unl=0",
			"blog.example[] art=2 q=1 v=0 alt=0 nf=1 dead=2 ph=1 unl=2",
			"news.example[] art=2 q=5 v=2 alt=2 nf=0 dead=1 ph=1 unl=1",
			"third.example[] art=1 q=1 v=1 alt=0 nf=0 dead=0 ph=0 unl=0",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := s.Sources(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range recs {
				got = append(got, row(r))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("Sources(%+v) =\n%s\nwant\n%s", tc.q, strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	// Every sort key sorts, most first, ties by name.
	for _, key := range SourceSorts {
		recs, err := s.Sources(ctx, SourceQuery{RunID: run, Sort: key})
		if err != nil || len(recs) != 3 {
			t.Errorf("Sources(sort %s) = %d records, %v", key, len(recs), err)
		}
	}
	for _, q := range []SourceQuery{{By: "country"}, {Sort: "score"}} {
		if _, err := s.Sources(ctx, q); !errors.Is(err, ErrInvalid) {
			t.Errorf("Sources(%+v): %v, want ErrInvalid", q, err)
		}
	}
}

// TestOpenErrors: a path that cannot hold a database is an error from Open.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notDB, []byte(strings.Repeat("not a database\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, path := range map[string]string{
		"a directory":          dir,
		"not a database":       notDB,
		"under a regular file": filepath.Join(file, "p.db"),
	} {
		if s, err := Open(t.Context(), path); err == nil {
			s.Close()
			t.Errorf("Open(%s) succeeded", name)
		}
	}
}

// TestClosedStore: every call on a closed store is an error that says what it was doing,
// never a panic or a silent empty answer.
func TestClosedStore(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	run, err := s.StartRun(ctx, KindAudit, "x", "{}")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c := makeCheck("https://a.example/", "a", t0, small)
	calls := map[string]func() error{
		"StartRun":              func() error { _, err := s.StartRun(ctx, KindAudit, "x", "{}"); return err },
		"FinishRun":             func() error { return s.FinishRun(ctx, run, StateDone) },
		"Run":                   func() error { _, err := s.Run(ctx, run); return err },
		"AddItems":              func() error { return s.AddItems(ctx, run, []Item{{Kind: "url", Input: "u"}}) },
		"Items":                 func() error { _, err := s.Items(ctx, run, ""); return err },
		"FinishItem":            func() error { _, err := s.FinishItem(ctx, run, 0, c); return err },
		"FailItem":              func() error { return s.FailItem(ctx, run, 0, "x") },
		"ResumeRun":             func() error { _, err := s.ResumeRun(ctx, run); return err },
		"LatestUnfinishedRun":   func() error { _, err := s.LatestUnfinishedRun(ctx, KindAudit); return err },
		"RunSummary":            func() error { _, err := s.RunSummary(ctx, run); return err },
		"Quotes":                func() error { _, err := s.Quotes(ctx, run); return err },
		"RunFetch":              func() error { _, _, err := s.RunFetch(ctx, run, "u"); return err },
		"RecentFetch":           func() error { _, _, err := s.RecentFetch(ctx, "u", time.Time{}); return err },
		"RunVerdicts":           func() error { _, err := s.RunVerdicts(ctx, run); return err },
		"DeadLinks":             func() error { _, err := s.DeadLinks(ctx, run); return err },
		"Sources":               func() error { _, err := s.Sources(ctx, SourceQuery{}); return err },
		"SaveCheck":             func() error { _, err := s.SaveCheck(ctx, run, c); return err },
		"Chains":                func() error { _, err := s.Chains(ctx, 1); return err },
		"LatestReport":          func() error { _, err := s.LatestReport(ctx, "u"); return err },
		"Counts":                func() error { _, err := s.Counts(ctx, run); return err },
		"FindingsOf":            func() error { _, err := s.FindingsOf(ctx, 1); return err },
		"PageBody":              func() error { _, err := s.PageBody(ctx, "00"); return err },
		"SaveCaptures":          func() error { return s.SaveCaptures(ctx, []Capture{{URL: "u"}}) },
		"LatestCapture":         func() error { _, err := s.LatestCapture(ctx, "u", "fetch"); return err },
		"CaptureByRecordID":     func() error { _, err := s.CaptureByRecordID(ctx, "<urn:x>"); return err },
		"Captures":              func() error { _, err := s.Captures(ctx, "u"); return err },
		"Reports":               func() error { _, err := s.Reports(ctx, run); return err },
		"LatestRunWithArticles": func() error { _, err := s.LatestRunWithArticles(ctx); return err },
		"LatestArticle":         func() error { _, _, err := s.LatestArticle(ctx, "u"); return err },
		"LatestRun":             func() error { _, err := s.LatestRun(ctx, KindAudit); return err },
	}
	for name, call := range calls {
		err := call()
		if err == nil || !strings.HasPrefix(err.Error(), "store: ") {
			t.Errorf("%s on a closed store: %v, want a store error", name, err)
		}
	}
}
