package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/rules"
)

// plan records a run of three items: two pending, one failed at planning.
func plan(t *testing.T, s *Store) int64 {
	t.Helper()
	run := startRun(t, s)
	items := []Item{
		{Position: 0, Kind: "url", Input: "https://a.example/1"},
		{Position: 1, Kind: "warc", Input: "crawl.warc.gz@120#2"},
		{Position: 2, Kind: "input", Input: "urls.txt:3", State: ItemFailed, Err: "not a URL"},
	}
	if err := s.AddItems(t.Context(), run, items); err != nil {
		t.Fatalf("AddItems: %v", err)
	}
	return run
}

func states(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.State)
	}
	return out
}

func TestAuditItems(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := plan(t, s)

	// A second plan for the same positions leaves the first as it was.
	if err := s.AddItems(ctx, run, []Item{{Position: 0, Kind: "url", Input: "https://other.example/", State: ItemDone}}); err != nil {
		t.Fatalf("AddItems again: %v", err)
	}
	all, err := s.Items(ctx, run, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := states(all), []string{ItemPending, ItemPending, ItemFailed}; !slices.Equal(got, want) {
		t.Fatalf("states = %q, want %q", got, want)
	}
	if all[0].Input != "https://a.example/1" || all[1].Kind != "warc" || all[2].Err != "not a URL" {
		t.Errorf("items = %+v", all)
	}
	pending, err := s.Items(ctx, run, ItemPending)
	if err != nil || len(pending) != 2 {
		t.Fatalf("pending = %+v, %v; want 2", pending, err)
	}

	c := makeCheck("https://a.example/1", "one", t0, small)
	id, err := s.FinishItem(ctx, run, 0, c)
	if err != nil || id <= 0 {
		t.Fatalf("FinishItem = %d, %v", id, err)
	}
	if err := s.FailItem(ctx, run, 1, "read warc: unexpected EOF"); err != nil {
		t.Fatalf("FailItem: %v", err)
	}
	// Finished and failed items are no longer pending: a second outcome is refused, and
	// the refused FinishItem stores no article.
	before := rowCounts(t, s)
	if _, err := s.FinishItem(ctx, run, 0, makeCheck("https://a.example/1", "again", t0, small)); !errors.Is(err, ErrInvalid) {
		t.Errorf("FinishItem of a done item: %v, want ErrInvalid", err)
	}
	if after := rowCounts(t, s); after["articles"] != before["articles"] {
		t.Errorf("a refused FinishItem stored an article: %d -> %d", before["articles"], after["articles"])
	}
	for _, pos := range []int{1, 2, 9} {
		if err := s.FailItem(ctx, run, pos, "again"); !errors.Is(err, ErrInvalid) {
			t.Errorf("FailItem(%d): %v, want ErrInvalid", pos, err)
		}
	}
	all, err = s.Items(ctx, run, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := states(all), []string{ItemDone, ItemFailed, ItemFailed}; !slices.Equal(got, want) {
		t.Errorf("states = %q, want %q", got, want)
	}
	if all[0].ArticleID != id || all[1].ArticleID != 0 || all[1].Err != "read warc: unexpected EOF" {
		t.Errorf("items = %+v", all)
	}

	sum, err := s.RunSummary(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Items[ItemDone] != 1 || sum.Items[ItemFailed] != 2 || sum.Items[ItemPending] != 0 {
		t.Errorf("summary items = %v", sum.Items)
	}
	// bodies kept: neither the article's own page nor the failed fetch's
	if sum.Articles != 1 || sum.Fetches != len(c.Fetches) || sum.Pages != len(c.Fetches)-2 {
		t.Errorf("summary articles %d fetches %d pages %d, want 1, %d, %d", sum.Articles, sum.Fetches, sum.Pages, len(c.Fetches), len(c.Fetches)-2)
	}
	wantRules := map[string]int{}
	for _, f := range c.Findings {
		wantRules[f.Rule]++
	}
	for r, n := range wantRules {
		if sum.Findings[r] != n {
			t.Errorf("summary findings[%s] = %d, want %d (%v)", r, sum.Findings[r], n, sum.Findings)
		}
	}
	if sum.Severities["warning"] != len(c.Findings) {
		t.Errorf("summary severities = %v", sum.Severities)
	}
	if len(sum.Worst) != 1 || sum.Worst[0].URL != c.URL || sum.Worst[0].Score != c.Score || sum.Worst[0].Grade != c.Grade {
		t.Errorf("summary worst = %+v", sum.Worst)
	}
	if len(sum.Failed) != 2 || sum.Failed[0].Position != 1 {
		t.Errorf("summary failed = %+v", sum.Failed)
	}

	// A run with no items sums to zeros, not an error.
	empty := startRun(t, s)
	if sum, err := s.RunSummary(ctx, empty); err != nil || sum.Articles != 0 || len(sum.Items) != 0 || len(sum.Failed) != 0 {
		t.Errorf("empty summary = %+v, %v", sum, err)
	}
}

func TestResumeRun(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	if _, err := s.LatestUnfinishedRun(ctx, KindAudit); !errors.Is(err, ErrNotFound) {
		t.Fatalf("LatestUnfinishedRun of an empty store: %v, want ErrNotFound", err)
	}
	old := startRun(t, s)
	run := startRun(t, s)
	if _, err := s.StartRun(ctx, KindCheck, "https://a.example/", "{}"); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, old, StateDone); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, run, StateInterrupted); err != nil {
		t.Fatal(err)
	}
	r, err := s.LatestUnfinishedRun(ctx, KindAudit)
	if err != nil || r.ID != run || r.State != StateInterrupted || r.FinishedAt.IsZero() {
		t.Fatalf("LatestUnfinishedRun = %+v, %v; want run %d interrupted", r, err, run)
	}
	r, err = s.ResumeRun(ctx, run)
	if err != nil || r.ID != run || r.State != StateRunning || !r.FinishedAt.IsZero() {
		t.Fatalf("ResumeRun = %+v, %v; want running again", r, err)
	}
	if r.StartedAt.IsZero() || time.Since(r.StartedAt) > time.Hour {
		t.Errorf("resumed run started at %v", r.StartedAt)
	}
	if _, err := s.ResumeRun(ctx, old); !errors.Is(err, ErrNotFound) {
		t.Errorf("ResumeRun of a done run: %v, want ErrNotFound", err)
	}
	if _, err := s.ResumeRun(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("ResumeRun of no run: %v, want ErrNotFound", err)
	}
	if err := s.FinishRun(ctx, run, StateDone); err != nil {
		t.Fatal(err)
	}
	if r, err := s.LatestUnfinishedRun(ctx, KindAudit); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestUnfinishedRun after all finished = %+v, %v; want ErrNotFound", r, err)
	}
	if r, err := s.LatestUnfinishedRun(ctx, KindCheck); err != nil || r.Kind != KindCheck {
		t.Errorf("LatestUnfinishedRun(check) = %+v, %v", r, err)
	}
}

func TestRunFetch(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := plan(t, s)
	c := makeCheck("https://a.example/1", "one", t0, small)
	c.Citations[0].Fetch = 0 // the article cites its own page: its body is kept
	if _, err := s.FinishItem(ctx, run, 0, c); err != nil {
		t.Fatal(err)
	}
	f, ok, err := s.RunFetch(ctx, run, c.URL)
	if err != nil || !ok {
		t.Fatalf("RunFetch(article) = %v, %v", ok, err)
	}
	want := c.Fetches[0]
	if f.FinalURL != want.FinalURL || f.Status != want.Status || string(f.Body) != string(want.Body) || !slices.Equal(f.Redirects, want.Redirects) {
		t.Errorf("RunFetch = %+v, want %+v", f, want)
	}
	if !f.FetchedAt.Equal(want.FetchedAt) || f.Duration != want.Duration.Truncate(time.Millisecond) {
		t.Errorf("RunFetch times = %v %v, want %v %v", f.FetchedAt, f.Duration, want.FetchedAt, want.Duration)
	}
	failed := c.Fetches[len(c.Fetches)-1]
	f, ok, err = s.RunFetch(ctx, run, failed.RequestURL)
	if err != nil || !ok || f.Status != 0 || f.Body != nil || f.Err != failed.Err || f.ErrClass != failed.ErrClass {
		t.Errorf("RunFetch(failed) = %+v, %v, %v", f, ok, err)
	}
	if f, ok, err := s.RunFetch(ctx, run, c.Fetches[1].RequestURL); err != nil || !ok || !f.Truncated {
		t.Errorf("RunFetch(truncated) = %+v, %v, %v", f, ok, err)
	}
	if _, ok, err := s.RunFetch(ctx, run, "https://never.example/"); ok || err != nil {
		t.Errorf("RunFetch(unknown) = %v, %v; want not found", ok, err)
	}
	other := startRun(t, s)
	if _, ok, err := s.RunFetch(ctx, other, c.URL); ok || err != nil {
		t.Errorf("RunFetch of another run = %v, %v; want not found", ok, err)
	}
}

func TestQuotesVerdictsDeadLinks(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	a := makeCheck("https://a.example/1", "a", t0, small)
	a.Quotes[0].Verdict, a.Quotes[1].Verdict = rules.Verified, rules.Altered
	a.Citations[0].Verdict, a.Citations[1].Verdict, a.Citations[2].Verdict = rules.FateDead, rules.FateOK, rules.FateDead
	a.Citations[2].URL = a.Citations[0].URL // the same dead link twice
	b := makeCheck("https://b.example/2", "b", t0.Add(time.Hour), small)
	b.Published = nil
	b.Quotes[0].Verdict, b.Quotes[1].Verdict = rules.NotFound, rules.Verified
	b.Citations[0].Verdict = rules.FatePlaceholder
	b.Citations[1].Verdict = rules.FateDead
	for _, c := range []*Check{a, b} {
		if _, err := s.SaveCheck(ctx, run, c); err != nil {
			t.Fatal(err)
		}
	}
	elsewhere := startRun(t, s)
	if _, err := s.SaveCheck(ctx, elsewhere, makeCheck("https://c.example/3", "c", t0, small)); err != nil {
		t.Fatal(err)
	}

	qs, err := s.Quotes(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range qs {
		got = append(got, q.ArticleURL+" "+string(q.Verdict))
	}
	want := []string{"https://a.example/1 verified", "https://a.example/1 altered", "https://b.example/2 not_found", "https://b.example/2 verified"}
	if !slices.Equal(got, want) {
		t.Errorf("Quotes = %q, want %q", got, want)
	}
	if qs[0].Published == nil || !qs[0].Published.Equal(*a.Published) || qs[2].Published != nil {
		t.Errorf("Quotes published = %v, %v", qs[0].Published, qs[2].Published)
	}
	if qs[0].Text != a.Quotes[0].Text || qs[0].Speaker != a.Quotes[0].Speaker || qs[1].Index != 1 || qs[0].Title != a.Title {
		t.Errorf("Quotes[0] = %+v", qs[0])
	}
	every, err := s.Quotes(ctx, 0)
	if err != nil || len(every) != 6 {
		t.Errorf("Quotes(0) = %d quotes, %v; want 6", len(every), err)
	}

	vs, err := s.RunVerdicts(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	va := vs[a.URL]
	if !slices.Equal(va.Quotes, []rules.Verdict{rules.Verified, rules.Altered}) ||
		!slices.Equal(va.Citations, []rules.Fate{rules.FateDead, rules.FateOK, rules.FateDead}) ||
		len(va.QuoteTexts) != 2 || va.CitationHrefs[0] != a.Citations[0].Href {
		t.Errorf("RunVerdicts[a] = %+v", va)
	}
	if len(vs) != 2 || len(vs[b.URL].Citations) != 3 {
		t.Errorf("RunVerdicts = %+v, want a and b", vs)
	}

	dead, err := s.DeadLinks(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{a.Citations[0].URL, b.Citations[1].URL}; !slices.Equal(dead, want) {
		t.Errorf("DeadLinks = %q, want %q", dead, want)
	}
}

func TestRecentFetch(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	older := makeCheck("https://a.example/1", "older", t0, small)
	newer := makeCheck("https://a.example/1", "newer", t0.Add(time.Hour), small)
	// Both cite their own page, whose body is then kept and may be reused.
	older.Citations[0].Fetch, newer.Citations[0].Fetch = 0, 0
	if _, err := s.FinishItem(ctx, plan(t, s), 0, older); err != nil {
		t.Fatal(err)
	}
	// The newer check is of another run: a fetch of any run is reused.
	if _, err := s.FinishItem(ctx, plan(t, s), 0, newer); err != nil {
		t.Fatal(err)
	}
	good := newer.Fetches[2].RequestURL // a whole page (fetches 0 and 1 redirect and are truncated)
	tests := []struct {
		name  string
		url   string
		since time.Time
		want  string // the seed of the body found; "" none
	}{
		{"latest of any run", good, t0.Add(-time.Hour), "newer"},
		{"only the newer is young enough", good, t0.Add(30 * time.Minute), "newer"},
		{"both too old", good, t0.Add(2 * time.Hour), ""},
		{"redirected article", newer.URL, t0.Add(-time.Hour), "newer"},
		{"a failed fetch is never reused", newer.Fetches[len(newer.Fetches)-1].RequestURL, t0.Add(-time.Hour), ""},
		{"unknown", "https://never.example/", t0.Add(-time.Hour), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok, err := s.RecentFetch(ctx, tt.url, tt.since)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if ok {
					t.Errorf("RecentFetch = %+v; want none", f)
				}
				return
			}
			if !ok {
				t.Fatalf("RecentFetch found nothing; want the %s fetch", tt.want)
			}
			var from *Check = older
			if tt.want == "newer" {
				from = newer
			}
			var want Fetch
			for _, w := range from.Fetches {
				if w.RequestURL == tt.url {
					want = w
				}
			}
			if string(f.Body) != string(want.Body) || !f.FetchedAt.Equal(want.FetchedAt) || !slices.Equal(f.Redirects, want.Redirects) {
				t.Errorf("RecentFetch = %q at %v, %v; want %q at %v, %v", f.Body, f.FetchedAt, f.Redirects, want.Body, want.FetchedAt, want.Redirects)
			}
		})
	}
}

func TestFetchLookupsUseTheURLIndex(t *testing.T) {
	// An original is looked up by its URL in every run (RecentFetch) or one (RunFetch):
	// both through fetches_url_run, never by scanning a run's or the table's fetches.
	s := openSQLiteTest(t)
	for _, tc := range []struct {
		name, query string
		args        []any
	}{
		{"RunFetch", qRunFetch, []any{1, "https://a.example/"}},
		{"RecentFetch", qRecentFetch, []any{"https://a.example/", formatTime(t0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := s.r.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
					t.Fatal(err)
				}
				plan = append(plan, detail)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(plan, func(d string) bool { return strings.Contains(d, "USING INDEX fetches_url_run (request_url=?") }) {
				t.Errorf("query plan of %s = %q, want a search of fetches_url_run by request_url", tc.name, plan)
			}
		})
	}
}

// TestStoredPagesLookedUp: a body the store has stored is known when it comes again, and
// a page stored by a transaction that rolled back is stored again after all (its id was
// only pending).
func TestStoredPagesLookedUp(t *testing.T) {
	tests := []struct {
		name       string
		rolledBack bool // the second check is refused once, after storing its bodies
	}{
		{"a body met again", false},
		{"a page whose transaction rolled back", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			ctx := t.Context()
			run := plan(t, s)
			first := makeCheck("https://a.example/1", "one", t0, small)
			seed := "one" // the same originals' bodies
			if tt.rolledBack {
				seed = "two"
			}
			second := makeCheck("https://a.example/2", seed, t0, small)
			if _, err := s.FinishItem(ctx, run, 0, first); err != nil {
				t.Fatal(err)
			}
			if tt.rolledBack {
				if _, err := s.FinishItem(ctx, run, 0, second); err == nil {
					t.Fatal("finishing an item done already: no error")
				}
			}
			if _, err := s.FinishItem(ctx, run, 1, second); err != nil {
				t.Fatal(err)
			}
			for i, f := range second.Fetches[1:] {
				if len(f.Body) == 0 {
					continue
				}
				got, ok, err := s.RunFetch(ctx, run, f.RequestURL)
				if err != nil || !ok || string(got.Body) != string(f.Body) {
					t.Fatalf("fetch %d: RunFetch = %v, %v; body %d bytes, want %d", i+1, ok, err, len(got.Body), len(f.Body))
				}
				var pages int
				if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM pages WHERE hash = ?`, HashOf(f.Body)).Scan(&pages); err != nil || pages != 1 {
					t.Fatalf("fetch %d: %d pages with its hash (%v), want 1", i+1, pages, err)
				}
			}
			if n := len(s.pages.pending); n != 0 {
				t.Errorf("%d transactions' page ids still pending", n)
			}
		})
	}
}

// TestFinishItems stores several items in one transaction: all of them, with their
// articles, or, when one is refused (already done), none.
func TestFinishItems(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	var items []Item
	for i := range 5 {
		items = append(items, Item{Position: i, Kind: "url", Input: "https://a.example/" + strings.Repeat("x", i)})
	}
	if err := s.AddItems(ctx, run, items); err != nil {
		t.Fatal(err)
	}
	finished := func(pos ...int) []Finished {
		var out []Finished
		for _, p := range pos {
			out = append(out, Finished{Position: p, Check: makeCheck(items[p].Input, items[p].Input, t0, small)})
		}
		return out
	}
	ids, err := s.FinishItems(ctx, run, finished(0, 1, 2))
	if err != nil || len(ids) != 3 {
		t.Fatalf("FinishItems = %v, %v", ids, err)
	}
	before := rowCounts(t, s)
	if _, err := s.FinishItems(ctx, run, finished(3, 1, 4)); !errors.Is(err, ErrInvalid) {
		t.Errorf("FinishItems with a done item: %v, want ErrInvalid", err)
	}
	if after := rowCounts(t, s); after["articles"] != before["articles"] {
		t.Errorf("a refused group stored articles: %d -> %d", before["articles"], after["articles"])
	}
	all, err := s.Items(ctx, run, "")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := states(all), []string{ItemDone, ItemDone, ItemDone, ItemPending, ItemPending}; !slices.Equal(got, want) {
		t.Errorf("states = %q, want %q", got, want)
	}
	for i, id := range ids {
		if all[i].ArticleID != id {
			t.Errorf("item %d: article %d, FinishItems said %d", i, all[i].ArticleID, id)
		}
	}
}
