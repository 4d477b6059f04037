package store

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"
	"time"
)

var t0 = time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)

// shape is the size of a made-up check.
type shape struct {
	fetches, bodySize, citations, quotes, findings int
}

var small = shape{fetches: 4, bodySize: 2 << 10, citations: 3, quotes: 2, findings: 5}

// body makes size bytes of page-like text, distinct for each seed.
func body(seed string, size int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html><title>%s</title><p>", seed)
	for b.Len() < size {
		b.WriteString("The minister said the figures were “not what we expected”, according to the report. ")
	}
	return b.Bytes()[:size]
}

var ruleIDs = []string{"link.dead", "quote.altered", "date.mismatch"}

// makeCheck makes a check of url with the given shape. Fetch 0 is the article's own
// (with two redirects), the last fetch failed without a response; bodies are distinct
// for each seed.
func makeCheck(url, seed string, at time.Time, sh shape) *Check {
	published := at.Add(-48 * time.Hour)
	c := &Check{
		URL: url, FinalURL: url + "?amp=0", Title: "Title " + seed, Byline: "A. Writer", SiteName: "Example",
		Published: &published, Fetch: 0,
		Score: 72, Grade: "B",
		Report:    []byte(fmt.Sprintf(`{"url":%q,"seed":%q,"grade":"B"}`, url, seed)),
		CheckedAt: at,
	}
	for i := range sh.fetches {
		f := Fetch{
			RequestURL: fmt.Sprintf("%s/original/%d", url, i), Status: 200, ContentType: "text/html; charset=utf-8",
			Body: body(fmt.Sprintf("%s/%d", seed, i), sh.bodySize), FetchedAt: at.Add(-time.Duration(i) * time.Second),
			Duration: time.Duration(100+i) * time.Millisecond,
		}
		f.FinalURL = f.RequestURL
		switch i {
		case 0:
			f.RequestURL = url
			f.FinalURL = c.FinalURL
			f.Redirects = []Hop{{URL: url, Status: 301}, {URL: url + "?amp=1", Status: 302}}
		case 1:
			f.Truncated = true
		}
		switch i {
		case sh.fetches - 1:
			f.Status, f.ContentType, f.Body, f.FinalURL = 0, "", nil, ""
			f.Err, f.ErrClass = "dial tcp: i/o timeout", "timeout"
		}
		c.Fetches = append(c.Fetches, f)
	}
	for i := range sh.citations {
		fetch := 1 + i
		if fetch >= sh.fetches {
			fetch = -1
		}
		c.Citations = append(c.Citations, Citation{
			Index: i, Href: fmt.Sprintf("/original/%d", fetch), URL: fmt.Sprintf("%s/original/%d", url, fetch),
			Anchor: "the report", Sentence: "According to the report, figures rose.", Fetch: fetch, Verdict: "supported",
		})
	}
	for i := range sh.quotes {
		c.Quotes = append(c.Quotes, Quote{
			Index: i, Text: "not what we expected", Speaker: "the minister", Start: 100 * i, End: 100*i + 20,
			Verdict: "verbatim", SourceURL: url + "/original/1", Similarity: 0.97,
		})
	}
	for i := range sh.findings {
		c.Findings = append(c.Findings, Finding{
			Rule: ruleIDs[i%len(ruleIDs)], Severity: "warning", SubjectKind: "citation", SubjectIndex: i,
			Message:  fmt.Sprintf("finding %d", i),
			Evidence: []byte(fmt.Sprintf(`{"status":404,"n":%d}`, i)),
		})
	}
	if sh.findings > 0 {
		c.Findings[0].Evidence = nil // evidence is optional
	}
	return c
}

func startRun(t testing.TB, s *Store) int64 {
	t.Helper()
	id, err := s.StartRun(t.Context(), KindAudit, "archive.warc", "{}")
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	return id
}

// TestSaveCheckManyRows: rows go in INSERTs of 32, 16, ... 1 rows; counts that take
// several of them, and more than one of the largest, come back whole and in order.
func TestSaveCheckManyRows(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	for _, n := range []int{1, 31, 32, 33, 77} {
		c := makeCheck(fmt.Sprintf("https://news.example.test/many-%d", n), fmt.Sprint(n), t0, shape{fetches: 3, bodySize: 1 << 10, citations: n, quotes: n, findings: n})
		for i := range n {
			c.Captures = append(c.Captures, Capture{URL: fmt.Sprintf("https://news.example.test/many-%d/%d", n, i), Kind: CaptureResponse,
				RecordID: fmt.Sprintf("<urn:uuid:many-%d-%d>", n, i), File: "a.warc.gz", Offset: int64(1000 * i), Length: 900, Status: 200, FetchedAt: t0})
		}
		id, err := s.SaveCheck(ctx, run, c)
		if err != nil {
			t.Fatalf("SaveCheck(%d rows): %v", n, err)
		}
		if got, err := s.FindingsOf(ctx, id); err != nil || !reflect.DeepEqual(got, c.Findings) {
			t.Errorf("%d rows: FindingsOf = %d findings, %v; want the %d saved, in order", n, len(got), err, n)
		}
		for i, cp := range c.Captures {
			got, err := s.LatestCapture(ctx, cp.URL, cp.Kind)
			if err != nil || got.RecordID != cp.RecordID || got.Offset != cp.Offset {
				t.Fatalf("%d rows: capture %d = %+v, %v; want %+v", n, i, got, err, cp)
			}
		}
	}
	quotes, err := s.Quotes(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + 31 + 32 + 33 + 77; len(quotes) != want {
		t.Errorf("Quotes = %d rows, want %d", len(quotes), want)
	}
	for i := 1; i < len(quotes); i++ {
		if a, b := quotes[i-1], quotes[i]; a.ArticleID == b.ArticleID && a.Index >= b.Index {
			t.Fatalf("quotes of article %d out of order: %d before %d", a.ArticleID, a.Index, b.Index)
		}
	}
}

func TestSaveCheckRoundTrip(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	const url = "https://news.example.test/a"

	// The later check is saved first: "latest" is by check time, not by insertion.
	newer := makeCheck(url, "newer", t0.Add(time.Hour), small)
	older := makeCheck(url, "older", t0, small)
	newerID, err := s.SaveCheck(ctx, run, newer)
	if err != nil {
		t.Fatalf("SaveCheck(newer): %v", err)
	}
	olderID, err := s.SaveCheck(ctx, run, older)
	if err != nil {
		t.Fatalf("SaveCheck(older): %v", err)
	}
	if newerID == olderID {
		t.Fatalf("SaveCheck gave both articles id %d", newerID)
	}

	for _, u := range []string{url, newer.FinalURL} {
		got, err := s.LatestReport(ctx, u)
		if err != nil {
			t.Fatalf("LatestReport(%q): %v", u, err)
		}
		if !bytes.Equal(got, newer.Report) {
			t.Errorf("LatestReport(%q) = %s, want %s", u, got, newer.Report)
		}
	}
	if _, err := s.LatestReport(ctx, "https://elsewhere.test/"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestReport(unknown) error = %v, want ErrNotFound", err)
	}

	got, err := s.FindingsOf(ctx, olderID)
	if err != nil {
		t.Fatalf("FindingsOf(%d): %v", olderID, err)
	}
	if !reflect.DeepEqual(got, older.Findings) {
		t.Errorf("FindingsOf(%d) = %+v, want %+v", olderID, got, older.Findings)
	}
	if got, err := s.FindingsOf(ctx, olderID+100); err != nil || len(got) != 0 {
		t.Errorf("FindingsOf(missing) = %v, %v; want none, nil", got, err)
	}

	counts, err := s.Counts(ctx, run)
	if err != nil {
		t.Fatalf("Counts(%d): %v", run, err)
	}
	want := map[string]int{"link.dead": 4, "quote.altered": 4, "date.mismatch": 2} // 5 findings x 2 checks
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("Counts(%d) = %v, want %v", run, counts, want)
	}
	if counts, err := s.Counts(ctx, run+100); err != nil || len(counts) != 0 {
		t.Errorf("Counts(missing run) = %v, %v; want empty, nil", counts, err)
	}

	for i, f := range newer.Fetches {
		b, err := s.PageBody(ctx, HashOf(f.Body))
		switch {
		case i == newer.Fetch && !errors.Is(err, ErrNotFound):
			t.Errorf("PageBody of the article's own page: %v, want ErrNotFound (not kept)", err)
		case i == newer.Fetch:
		case len(f.Body) == 0 && !errors.Is(err, ErrNotFound):
			t.Errorf("PageBody of empty fetch %d: %v, want ErrNotFound", i, err)
		case len(f.Body) > 0 && (err != nil || !bytes.Equal(b, f.Body)):
			t.Errorf("PageBody of fetch %d = %d bytes, %v; want the %d bytes saved", i, len(b), err, len(f.Body))
		}
	}

	checkRows(t, s, newerID, newer)
}

// checkRows reads back, with plain SQL, what SaveCheck wrote of c as article id.
func checkRows(t *testing.T, s *Store, id int64, c *Check) {
	t.Helper()
	ctx := t.Context()
	var (
		title, published, checkedAt string
		ownFetch                    int64
	)
	err := s.r.QueryRowContext(ctx,
		`SELECT title, published, fetch_id, checked_at FROM articles WHERE id = ?`, id).
		Scan(&title, &published, &ownFetch, &checkedAt)
	if err != nil {
		t.Fatalf("article %d: %v", id, err)
	}
	if title != c.Title || published != formatTime(*c.Published) || checkedAt != "2025-03-14T10:26:53.589793238Z" {
		t.Errorf("article row = %q %q %q, want %q %q %q", title, published, checkedAt,
			c.Title, formatTime(*c.Published), "2025-03-14T10:26:53.589793238Z")
	}

	var reqURL string
	var hops int
	if err := s.r.QueryRowContext(ctx,
		`SELECT f.request_url, (SELECT COUNT(*) FROM redirects r WHERE r.fetch_id = f.id)
		 FROM fetches f WHERE f.id = ?`, ownFetch).Scan(&reqURL, &hops); err != nil {
		t.Fatalf("own fetch: %v", err)
	}
	if reqURL != c.URL || hops != len(c.Fetches[0].Redirects) {
		t.Errorf("own fetch = %q with %d hops, want %q with %d", reqURL, hops, c.URL, len(c.Fetches[0].Redirects))
	}
	var hopURL string
	var hopStatus int
	if err := s.r.QueryRowContext(ctx,
		`SELECT url, status FROM redirects WHERE fetch_id = ? AND position = 1`, ownFetch).
		Scan(&hopURL, &hopStatus); err != nil {
		t.Fatalf("redirect 1: %v", err)
	}
	if want := c.Fetches[0].Redirects[1]; hopURL != want.URL || hopStatus != want.Status {
		t.Errorf("redirect 1 = %q %d, want %q %d", hopURL, hopStatus, want.URL, want.Status)
	}

	// The failed fetch: no status, no body, the error kept.
	last := c.Fetches[len(c.Fetches)-1]
	var (
		status, pageID sql.NullInt64
		errText        string
		durationMS     int64
	)
	if err := s.r.QueryRowContext(ctx,
		`SELECT status, page_id, error, duration_ms FROM fetches WHERE request_url = ? AND run_id = (
		   SELECT run_id FROM articles WHERE id = ?) ORDER BY id DESC LIMIT 1`, last.RequestURL, id).
		Scan(&status, &pageID, &errText, &durationMS); err != nil {
		t.Fatalf("failed fetch: %v", err)
	}
	if status.Valid || pageID.Valid || errText != last.Err || durationMS != last.Duration.Milliseconds() {
		t.Errorf("failed fetch = %v %v %q %d, want NULL NULL %q %d",
			status, pageID, errText, durationMS, last.Err, last.Duration.Milliseconds())
	}

	var truncated int
	if err := s.r.QueryRowContext(ctx,
		`SELECT COUNT(*) FROM fetches WHERE truncated = 1 AND request_url = ?`, c.Fetches[1].RequestURL).
		Scan(&truncated); err != nil || truncated == 0 {
		t.Errorf("truncated fetches of %s = %d, %v; want at least 1", c.Fetches[1].RequestURL, truncated, err)
	}

	// Citations point at the fetch of their original, or nowhere.
	rows, err := s.r.QueryContext(ctx,
		`SELECT c.idx, f.request_url FROM citations c LEFT JOIN fetches f ON f.id = c.fetch_id
		 WHERE c.article_id = ? ORDER BY c.idx`, id)
	if err != nil {
		t.Fatalf("citations: %v", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var idx int
		var u sql.NullString
		if err := rows.Scan(&idx, &u); err != nil {
			t.Fatalf("citations: %v", err)
		}
		cit := c.Citations[idx]
		want := sql.NullString{}
		if cit.Fetch >= 0 {
			want = sql.NullString{String: c.Fetches[cit.Fetch].RequestURL, Valid: true}
		}
		if u != want {
			t.Errorf("citation %d fetch = %v, want %v", idx, u, want)
		}
		n++
	}
	if err := rows.Err(); err != nil || n != len(c.Citations) {
		t.Errorf("citations read = %d, %v; want %d", n, err, len(c.Citations))
	}
}

func TestSaveCheckStoresBodyOnce(t *testing.T) {
	s := openTest(t)
	run := startRun(t, s)
	page := body("shared", 10<<10)
	c := makeCheck("https://a.example.test/x", "a", t0, shape{fetches: 1})
	c.Fetches = append(c.Fetches, c.Fetches[0], c.Fetches[0]) // three fetches, one body
	for i := range c.Fetches {
		c.Fetches[i].Body = page
	}
	d := makeCheck("https://b.example.test/y", "b", t0, shape{fetches: 1})
	d.Fetches[0].Body = page // and again in another check

	for _, ch := range []*Check{c, d} {
		if _, err := s.SaveCheck(t.Context(), run, ch); err != nil {
			t.Fatalf("SaveCheck(%s): %v", ch.URL, err)
		}
	}
	got := rowCounts(t, s)
	if got["pages"] != 1 || got["fetches"] != 4 {
		t.Errorf("rows: pages %d, fetches %d; want 1, 4", got["pages"], got["fetches"])
	}
	var pages int
	if err := s.r.QueryRowContext(t.Context(), `SELECT COUNT(DISTINCT page_id) FROM fetches`).Scan(&pages); err != nil || pages != 1 {
		t.Errorf("distinct page_id in fetches = %d, %v; want 1", pages, err)
	}
}

// TestSaveCheckAtomic makes SaveCheck fail at various points, some after rows were
// already written in the transaction, and checks that no table changed.
func TestSaveCheckAtomic(t *testing.T) {
	tests := []struct {
		name    string
		run     func(run int64) int64 // which run to save into
		mutate  func(c *Check)
		wantErr error // nil: any error
	}{
		{name: "citation fetch out of range",
			mutate: func(c *Check) { c.Citations[len(c.Citations)-1].Fetch = len(c.Fetches) }, wantErr: ErrInvalid},
		{name: "citation fetch negative",
			mutate: func(c *Check) { c.Citations[0].Fetch = -2 }, wantErr: ErrInvalid},
		{name: "article fetch out of range",
			mutate: func(c *Check) { c.Fetch = len(c.Fetches) }, wantErr: ErrInvalid},
		{name: "duplicate citation index",
			mutate: func(c *Check) { c.Citations[1].Index = c.Citations[0].Index }},
		{name: "quote ends before it starts",
			mutate: func(c *Check) { c.Quotes[1].End = c.Quotes[1].Start - 1 }},
		{name: "unknown run", run: func(run int64) int64 { return run + 100 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			run := startRun(t, s)
			if _, err := s.SaveCheck(t.Context(), run, makeCheck("https://ok.example.test/", "ok", t0, small)); err != nil {
				t.Fatalf("SaveCheck(valid): %v", err)
			}
			before := rowCounts(t, s)

			c := makeCheck("https://bad.example.test/", "bad", t0, small) // new bodies, new pages
			if tc.mutate != nil {
				tc.mutate(c)
			}
			if tc.run != nil {
				run = tc.run(run)
			}
			_, err := s.SaveCheck(t.Context(), run, c)
			if err == nil {
				t.Fatalf("SaveCheck: no error, want one")
			}
			if testing.Verbose() {
				t.Logf("error: %v", err)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("SaveCheck error = %v, want %v", err, tc.wantErr)
			}
			if after := rowCounts(t, s); !reflect.DeepEqual(after, before) {
				t.Errorf("rows after a failed SaveCheck = %v, want %v", after, before)
			}
			if _, err := s.LatestReport(t.Context(), c.URL); !errors.Is(err, ErrNotFound) {
				t.Errorf("LatestReport after a failed SaveCheck: %v, want ErrNotFound", err)
			}
		})
	}
}

func TestSaveCheckConcurrent(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	const workers, perWorker = 8, 5

	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				url := fmt.Sprintf("https://w%d.example.test/%d", w, i)
				if _, err := s.SaveCheck(ctx, run, makeCheck(url, url, t0, small)); err != nil {
					errs[w] = err
					return
				}
				// Reads run alongside the writes of the other workers.
				if _, err := s.LatestReport(ctx, url); err != nil {
					errs[w] = err
					return
				}
				if _, err := s.Counts(ctx, run); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Errorf("worker %d: %v", w, err)
		}
	}

	const checks = workers * perWorker
	got := rowCounts(t, s)
	want := map[string]int{
		"runs": 1, "pages": checks * (small.fetches - 2), "fetches": checks * small.fetches, "redirects": checks * 2,
		"articles": checks, "citations": checks * small.citations, "quotes": checks * small.quotes,
		"findings": checks * small.findings,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows = %v, want %v", got, want)
	}
}

func TestDeleteCascades(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := startRun(t, s)
	id, err := s.SaveCheck(ctx, run, makeCheck("https://example.test/", "x", t0, small))
	if err != nil {
		t.Fatalf("SaveCheck: %v", err)
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
		t.Fatalf("delete article: %v", err)
	}
	got := rowCounts(t, s)
	for _, tbl := range []string{"citations", "quotes", "findings"} {
		if got[tbl] != 0 {
			t.Errorf("%s rows after deleting the article = %d, want 0", tbl, got[tbl])
		}
	}
	if _, err := s.w.ExecContext(ctx, `DELETE FROM runs WHERE id = ?`, run); err != nil {
		t.Fatalf("delete run: %v", err)
	}
	got = rowCounts(t, s)
	if got["fetches"] != 0 || got["redirects"] != 0 || got["pages"] != small.fetches-2 {
		t.Errorf("rows after deleting the run = %v, want no fetches or redirects, pages kept", got)
	}
}

func BenchmarkSaveCheck(b *testing.B) {
	realistic := shape{fetches: 10, bodySize: 50 << 10, citations: 10, quotes: 20, findings: 30}
	for _, bc := range []struct {
		name      string
		newBodies bool
	}{
		{"new-bodies", true},    // an audit: every page is new
		{"known-bodies", false}, // a re-check: every page is already stored
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := openTest(b)
			run := startRun(b, s)
			c := makeCheck("https://news.example.test/story", "bench", t0, realistic)
			b.SetBytes(int64(realistic.fetches-1) * int64(realistic.bodySize))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if bc.newBodies {
					for j := range c.Fetches {
						if len(c.Fetches[j].Body) > 0 {
							copy(c.Fetches[j].Body[len(c.Fetches[j].Body)-16:], fmt.Sprintf("%16d", i))
						}
					}
				}
				i++
				if _, err := s.SaveCheck(b.Context(), run, c); err != nil {
					b.Fatalf("SaveCheck: %v", err)
				}
			}
		})
	}
}

// TestOwnPageBody: the article's own page is stored without its body (nothing reads it
// back as an original), unless the article cites itself or a chain passes through it;
// RunFetch and RecentFetch then do not offer the bodiless fetch for reuse.
func TestOwnPageBody(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *Check)
		kept bool
	}{
		{"an article's own page", func(*Check) {}, false},
		{"cited by the article itself", func(c *Check) { c.Citations[0].Fetch = 0 }, true},
		{"a chain passes through it", func(c *Check) {
			c.Chains = []Chain{{Quote: 0, Text: "q", Stop: "found", Hops: []ChainHop{{URL: c.URL, Fetch: 0}}}}
		}, true},
		{"no own fetch", func(c *Check) { c.Fetch = -1 }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t)
			ctx := t.Context()
			run := plan(t, s)
			c := makeCheck("https://a.example/1", "own", t0, small)
			tc.edit(c)
			if _, err := s.FinishItem(ctx, run, 0, c); err != nil {
				t.Fatal(err)
			}
			_, err := s.PageBody(ctx, HashOf(c.Fetches[0].Body))
			if kept := err == nil; kept != tc.kept {
				t.Errorf("body kept = %v (%v), want %v", kept, err, tc.kept)
			}
			if _, ok, err := s.RunFetch(ctx, run, c.URL); err != nil || ok != tc.kept {
				t.Errorf("RunFetch(article) = %v, %v; want %v", ok, err, tc.kept)
			}
			if _, ok, err := s.RecentFetch(ctx, c.URL, t0.Add(-time.Hour)); err != nil || ok != tc.kept {
				t.Errorf("RecentFetch(article) = %v, %v; want %v", ok, err, tc.kept)
			}
			// An original's body is kept whatever becomes of the article's.
			if _, err := s.PageBody(ctx, HashOf(c.Fetches[2].Body)); err != nil {
				t.Errorf("PageBody(original) = %v", err)
			}
		})
	}
}

// BenchmarkFinishItems stores articles of the simple bench web's shape (4 fetches of
// 5 KB, 4 citations, 3 quotes, 8 findings), a transaction for each group of size: what
// a group commit saves. ns/op is per article.
func BenchmarkFinishItems(b *testing.B) {
	article := shape{fetches: 4, bodySize: 5 << 10, citations: 4, quotes: 3, findings: 8}
	for _, size := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("group=%d", size), func(b *testing.B) {
			s := openTest(b)
			run := startRun(b, s)
			items := make([]Item, b.N)
			checks := make([]Finished, b.N)
			for i := range items {
				u := fmt.Sprintf("https://news.example.test/story/%d", i)
				items[i] = Item{Position: i, Kind: "url", Input: u}
				checks[i] = Finished{Position: i, Check: makeCheck(u, u, t0, article)}
			}
			if err := s.AddItems(b.Context(), run, items); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i += size {
				if _, err := s.FinishItems(b.Context(), run, checks[i:min(i+size, b.N)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
