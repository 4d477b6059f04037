package checker

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// capturedAt is when the captures of capture were fetched, give or take.
var capturedAt = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// capture is a valid capture of url and kind, record id, fetched at capturedAt plus at.
func capture(url, kind, id string, at time.Duration) crawler.Capture {
	return crawler.Capture{URL: url, Kind: kind, RecordID: id, File: "/w/a.warc.gz", Offset: 10, Length: 20, Status: 200, FetchedAt: capturedAt.Add(at)}
}

// TestCaptureBatchLookups holds captures and stores others: both lookups see the held
// ones as if stored (newest fetched_at first, then the latest added), the database does
// not until an item is finished, which commits them with it.
func TestCaptureBatchLookups(t *testing.T) {
	ctx := t.Context()
	db, runID := auditRun(t, []string{"https://news.example/a"})
	const u = "https://a.example/x"
	stored := []store.Capture{
		store.Capture(capture(u, crawler.CaptureFetch, "<urn:uuid:s1>", 0)),
		store.Capture(capture("https://b.example/", crawler.CaptureFetch, "<urn:uuid:s2>", time.Hour)),
		store.Capture(capture("https://c.example/", crawler.CaptureFetch, "<urn:uuid:s3>", time.Minute)),
		store.Capture(capture("https://d.example/", crawler.CaptureFetch, "<urn:uuid:s4>", 0)),
	}
	if err := db.SaveCaptures(ctx, stored); err != nil {
		t.Fatal(err)
	}
	b := testCaptureBatch(t, db)
	held := []crawler.Capture{
		capture(u, crawler.CaptureFetch, "<urn:uuid:h1>", time.Minute),
		capture(u, crawler.CaptureResponse, "<urn:uuid:h2>", time.Minute),
		capture("https://b.example/", crawler.CaptureFetch, "<urn:uuid:h3>", 0), // older than stored
		capture("https://c.example/", crawler.CaptureFetch, "<urn:uuid:h4>", time.Minute),
		capture("https://d.example/", crawler.CaptureFetch, "<urn:uuid:h5>", 0), // the same time as stored
		capture("https://e.example/", crawler.CaptureFetch, "<urn:uuid:h6>", time.Second),
		capture("https://e.example/", crawler.CaptureFetch, "<urn:uuid:h7>", time.Second), // added later
	}
	if err := b.AddCaptures(ctx, held[:3]); err != nil {
		t.Fatal(err)
	}
	if err := b.AddCaptures(ctx, held[3:]); err != nil {
		t.Fatal(err)
	}
	bad := capture(u, "page", "<urn:uuid:bad>", 0)
	if err := b.AddCaptures(ctx, []crawler.Capture{bad}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("AddCaptures(bad kind) = %v, want ErrInvalid", err)
	}

	for _, tc := range []struct {
		name, url, kind, want string // want: record id, "" for none
	}{
		{"held newer than stored", u, crawler.CaptureFetch, "<urn:uuid:h1>"},
		{"held only, other kind", u, crawler.CaptureResponse, "<urn:uuid:h2>"},
		{"stored newer than held", "https://b.example/", crawler.CaptureFetch, "<urn:uuid:s2>"},
		{"held later in time", "https://c.example/", crawler.CaptureFetch, "<urn:uuid:h4>"},
		{"same time: held is stored later", "https://d.example/", crawler.CaptureFetch, "<urn:uuid:h5>"},
		{"same time, both held: the latest added", "https://e.example/", crawler.CaptureFetch, "<urn:uuid:h7>"},
		{"none of the kind", "https://e.example/", crawler.CaptureError, ""},
		{"unknown", "https://none.example/", crawler.CaptureFetch, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, ok, err := b.LatestCapture(ctx, tc.url, tc.kind)
			if err != nil || ok != (tc.want != "") || c.RecordID != tc.want {
				t.Errorf("LatestCapture(%s, %s) = %s, %v, %v; want %q", tc.url, tc.kind, c.RecordID, ok, err, tc.want)
			}
		})
	}
	for _, want := range append(slices.Clone(held), crawler.Capture(stored[0])) {
		c, ok, err := b.CaptureByRecordID(ctx, want.RecordID)
		if err != nil || !ok || c != want {
			t.Errorf("CaptureByRecordID(%s) = %+v, %v, %v; want %+v", want.RecordID, c, ok, err, want)
		}
	}
	if _, ok, err := b.CaptureByRecordID(ctx, bad.RecordID); ok || err != nil {
		t.Errorf("CaptureByRecordID(refused) = %v, %v; want none", ok, err)
	}
	// Held, not written: the point of the batch.
	if _, err := db.CaptureByRecordID(ctx, "<urn:uuid:h1>"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a held capture is in the database before any article: %v", err)
	}

	rec := &store.Check{URL: "https://news.example/a", Fetch: -1, CheckedAt: capturedAt}
	if _, err := newIndexedStore(db, b, 4).FinishItem(ctx, runID, 0, rec); err != nil {
		t.Fatal(err)
	}
	for _, want := range held {
		got, err := db.CaptureByRecordID(ctx, want.RecordID)
		if err != nil || crawler.Capture(got) != want {
			t.Errorf("stored capture %s = %+v, %v; want %+v", want.RecordID, got, err, want)
		}
	}
	if got, err := db.LatestCapture(ctx, "https://e.example/", crawler.CaptureFetch); err != nil || got.RecordID != "<urn:uuid:h7>" {
		t.Errorf("stored LatestCapture(e) = %s, %v; want the latest added, as held", got.RecordID, err)
	}
	if n := len(b.held); n != 0 {
		t.Errorf("%d captures still held after the article committed them", n)
	}
}

// TestCaptureBatchBounded writes what it holds on its own once it holds
// captureBatchSize, with no article finished.
func TestCaptureBatchBounded(t *testing.T) {
	ctx := t.Context()
	db := openSQLite(t)
	b := testCaptureBatch(t, db)
	for i := range captureBatchSize {
		c := capture(fmt.Sprintf("https://a.example/%d", i), crawler.CaptureFetch, fmt.Sprintf("<urn:uuid:%d>", i), 0)
		if err := b.AddCaptures(ctx, []crawler.Capture{c}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(b.held); n != 0 {
		t.Errorf("%d captures held after %d added, want them written", n, captureBatchSize)
	}
	for _, id := range []string{"<urn:uuid:0>", fmt.Sprintf("<urn:uuid:%d>", captureBatchSize-1)} {
		if _, err := db.CaptureByRecordID(ctx, id); err != nil {
			t.Errorf("stored capture %s: %v", id, err)
		}
	}
}

// benchSession opens a session recording into a fresh database, with evidence, on web
// served on loopback. served lists every URL requested so far.
func benchSession(t *testing.T, web benchweb.Web) (ss *Session, served func() []string) {
	t.Helper()
	var mu sync.Mutex
	var urls []string
	h := web.Handler()
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		urls = append(urls, "http://"+r.Host+r.URL.RequestURI())
		mu.Unlock()
		h.ServeHTTP(w, r)
	})}
	var lc net.ListenConfig
	ln, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	resolve := map[string]string{}
	for _, host := range web.Hosts() {
		resolve[host+":80"] = ln.Addr().String()
	}
	ss, err = Open(t.Context(), SessionConfig{
		DBPath: filepath.Join(t.TempDir(), "p.db"), Software: "test",
		Crawl:   crawler.Config{AllowPrivate: true, Resolve: resolve, Timeout: 10 * time.Second},
		Checker: Config{NoArchive: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	return ss, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(urls)
	}
}

// storedEvidence fails t unless the database holds the latest fetch capture of u and the
// response record it names, found by record id in the database alone.
func storedEvidence(t *testing.T, ctx context.Context, db *store.Store, u string) {
	t.Helper()
	fc, err := db.LatestCapture(ctx, u, store.CaptureFetch)
	if err != nil {
		t.Errorf("fetch capture of %s: %v", u, err)
		return
	}
	resolves(t, ctx, db, fc)
}

// resolves fails t unless the page of fetch capture fc can be rebuilt with the records
// it names found by id in the database alone.
func resolves(t *testing.T, ctx context.Context, db *store.Store, fc store.Capture) {
	t.Helper()
	p, resp, err := crawler.Captured(ctx, captureIndex{db: db}, crawler.Capture(fc))
	if err != nil {
		t.Errorf("evidence of %s: %v", fc.URL, err)
		return
	}
	if p.Status != 0 && resp.RecordID == "" {
		t.Errorf("evidence of %s: status %d without its response record", fc.URL, p.Status)
	}
}

// TestAuditCommitsEvidenceWithArticles audits with evidence: once an item is reported
// finished, its article's captures are in the database (read directly, not through the
// batch), and once the audit has run, every URL requested has its captures there, before
// the audit is finished or the session closed.
func TestAuditCommitsEvidenceWithArticles(t *testing.T) {
	ctx := t.Context()
	web := benchweb.Web{N: 6, Sites: 2}
	ss, served := benchSession(t, web)
	items := make([]inputs.Item, web.N)
	for i := range items {
		items[i] = inputs.Item{Kind: ItemURL, Input: web.ArticleURL(i)}
	}
	run, err := ss.StartAudit(ctx, "test", struct{}{}, items, nil)
	if err != nil {
		t.Fatal(err)
	}
	db := ss.DB()
	finished := func(d ItemDone) {
		if d.Err != nil {
			t.Errorf("item %s: %v", d.Item.Input, d.Err)
			return
		}
		storedEvidence(t, ctx, db, d.Item.Input)
	}
	stats, err := ss.Auditor(run, AuditConfig{Workers: 2, Progress: finished}).Run(ctx, run.ID)
	if err != nil || stats.Done != web.N {
		t.Fatalf("audit = %+v, %v; want %d done", stats, err, web.N)
	}
	urls := served()
	if len(urls) <= web.N {
		t.Fatalf("served %d URLs, want the articles' originals too", len(urls))
	}
	for _, u := range urls {
		caps, err := db.Captures(ctx, u)
		if err != nil || len(caps) == 0 {
			t.Errorf("captures of %s = %d, %v; want them stored with the articles", u, len(caps), err)
		}
		for _, c := range caps {
			if c.Kind == store.CaptureFetch {
				resolves(t, ctx, db, c)
			}
		}
	}
}

// TestSaveCommitsEvidence checks one article as `provcheck check` does: once saved, its
// evidence is in the database, before the session closes.
func TestSaveCommitsEvidence(t *testing.T) {
	ss, _, _ := demoSession(t)
	ctx := t.Context()
	res, err := ss.Check(ctx, demo.ArticleURL, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.DB().LatestCapture(ctx, demo.ArticleURL, store.CaptureFetch); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("evidence stored before the check: %v; want it held", err)
	}
	if err := ss.Save(ctx, "check", demo.ArticleURL, res); err != nil {
		t.Fatal(err)
	}
	storedEvidence(t, ctx, ss.DB(), demo.ArticleURL)
}

// indexingWeb is web recording a fetch capture of every page it serves into index, as
// the crawler does.
type indexingWeb struct {
	*fakeWeb
	index *captureBatch
	n     atomic.Int64
}

func (w *indexingWeb) Fetch(ctx context.Context, u string) (*page.Page, error) {
	p, err := w.fakeWeb.Fetch(ctx, u)
	id := fmt.Sprintf("<urn:uuid:%d>", w.n.Add(1))
	if err := w.index.AddCaptures(ctx, []crawler.Capture{capture(u, crawler.CaptureFetch, id, 0)}); err != nil {
		return nil, err
	}
	return p, err
}

func (w *indexingWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = w.Fetch(ctx, u)
	}
	return out
}

// indexCheckingBoard claims every URL and, as each page is published, fails t unless
// its fetch capture is in db already: another worker may store an article citing it at
// once.
type indexCheckingBoard struct {
	t         *testing.T
	db        *store.Store
	published atomic.Int64
}

func (b *indexCheckingBoard) Take(context.Context, int64, string) (*page.Page, bool, error) {
	return nil, true, nil
}

func (b *indexCheckingBoard) Publish(ctx context.Context, _ int64, u string, _ *page.Page) error {
	b.published.Add(1)
	if _, err := b.db.LatestCapture(ctx, u, store.CaptureFetch); err != nil {
		b.t.Errorf("published %s before its evidence was stored: %v", u, err)
	}
	return nil
}

func (*indexCheckingBoard) Release(int64, string) {}

// TestWorkerCommitsEvidence is a queue worker's share of the guarantee: an article's
// record is handed to the queue, and an original published to the other workers, only
// once their captures are in the database.
func TestWorkerCommitsEvidence(t *testing.T) {
	ctx := t.Context()
	fw, urls := auditWeb(2)
	db, runID := auditRun(t, urls)
	index := testCaptureBatch(t, db)
	web := &indexingWeb{fakeWeb: fw, index: index}
	board := &indexCheckingBoard{t: t, db: db}
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 1})
	a.shared, a.sharedPoll, a.index = board, time.Millisecond, index
	jobs := &jobChecker{a: a, runs: map[int64]runChecker{}, closed: map[int64][2]int{}}
	items, err := db.Items(ctx, runID, store.ItemPending)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if _, err := jobs.CheckItem(ctx, runID, it); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LatestCapture(ctx, it.Input, store.CaptureFetch); err != nil {
			t.Errorf("record of %s handed over before its evidence was stored: %v", it.Input, err)
		}
	}
	if board.published.Load() == 0 {
		t.Error("no original published")
	}
}

// TestCommitGroup: items waiting together are stored in one transaction, with the
// captures held, and all of them or none (a bad item fails its whole group, which stays
// pending); items finished from many workers at once are each stored once.
func TestCommitGroup(t *testing.T) {
	ctx := t.Context()
	urls := make([]string, 40)
	for i := range urls {
		urls[i] = fmt.Sprintf("https://news.example/%d", i)
	}
	db, runID := auditRun(t, urls)
	b := testCaptureBatch(t, db)
	s := newIndexedStore(db, b, 4)
	check := func(i int) *store.Check {
		return &store.Check{URL: urls[i], Fetch: -1, CheckedAt: capturedAt}
	}
	state := func(i int) store.Item {
		t.Helper()
		items, err := db.Items(ctx, runID, "")
		if err != nil {
			t.Fatal(err)
		}
		return items[i]
	}
	wait := func(ps ...*pendingItem) {
		for _, p := range ps {
			s.group.waiting = append(s.group.waiting, p)
		}
		s.group.leading = true
		s.group.lead(ctx, s)
	}
	pending := func(i int, c *store.Check) *pendingItem {
		return &pendingItem{run: runID, item: store.Finished{Position: i, Check: c}, done: make(chan struct{})}
	}

	if err := b.AddCaptures(ctx, []crawler.Capture{capture("https://a.example/", crawler.CaptureFetch, "<urn:uuid:g1>", 0)}); err != nil {
		t.Fatal(err)
	}
	ok := []*pendingItem{pending(0, check(0)), pending(1, check(1)), pending(2, check(2))}
	wait(ok...)
	for i, p := range ok {
		if p.err != nil || p.id == 0 || state(i).State != store.ItemDone || state(i).ArticleID != p.id {
			t.Errorf("item %d: id %d, err %v, stored %+v", i, p.id, p.err, state(i))
		}
	}
	if _, err := db.CaptureByRecordID(ctx, "<urn:uuid:g1>"); err != nil {
		t.Errorf("the capture held was not stored with the group: %v", err)
	}

	bad := check(4)
	bad.Fetch = 3 // names a fetch the check does not have
	failed := []*pendingItem{pending(3, check(3)), pending(4, bad), pending(5, check(5))}
	wait(failed...)
	for i, p := range failed {
		if p.err == nil || state(3+i).State != store.ItemPending {
			t.Errorf("item %d of a group with a bad item: err %v, stored %+v; want the error and the item pending", 3+i, p.err, state(3+i))
		}
	}
	if s.group.leading || len(s.group.waiting) != 0 {
		t.Errorf("after a lead: leading %v, %d waiting", s.group.leading, len(s.group.waiting))
	}

	var wg sync.WaitGroup
	ids := make([]int64, len(urls))
	for i := 6; i < len(urls); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id, err := s.FinishItem(ctx, runID, i, check(i))
			if err != nil {
				t.Errorf("item %d: %v", i, err)
			}
			ids[i] = id
		}()
	}
	wg.Wait()
	seen := map[int64]bool{}
	for i := 6; i < len(urls); i++ {
		if it := state(i); it.State != store.ItemDone || it.ArticleID != ids[i] || seen[ids[i]] {
			t.Errorf("item %d: id %d, stored %+v", i, ids[i], it)
		}
		seen[ids[i]] = true
	}
}

func testCaptureBatch(tb testing.TB, db *store.Store) *captureBatch {
	tb.Helper()
	b, err := newCaptureBatch(tb.Context(), db, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// TestCaptureBatchFresh: on a database with no capture when the session began, a URL
// the session did not capture is not looked up (here the database is closed, so a lookup
// would fail), and one it captured is, once its capture left the batch.
func TestCaptureBatchFresh(t *testing.T) {
	ctx := t.Context()
	db, _ := auditRun(t, []string{"https://news.example/a"})
	b := testCaptureBatch(t, db)
	if !b.fresh() {
		t.Fatal("a new database: want a fresh batch")
	}
	const u = "https://a.example/x"
	if err := b.AddCaptures(ctx, []crawler.Capture{capture(u, crawler.CaptureFetch, "<urn:uuid:f1>", 0)}); err != nil {
		t.Fatal(err)
	}
	if err := b.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if c, ok, err := b.LatestCapture(ctx, u, crawler.CaptureFetch); err != nil || !ok || c.RecordID != "<urn:uuid:f1>" {
		t.Fatalf("captured URL: %v %v %v, want f1 from the database", c, ok, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := b.LatestCapture(ctx, "https://none.example/", crawler.CaptureFetch); ok || err != nil {
		t.Errorf("URL never captured: %v %v, want none without a query", ok, err)
	}
	if _, _, err := b.LatestCapture(ctx, u, crawler.CaptureResponse); err != nil {
		t.Errorf("captured URL, other kind: %v, want none without a query", err)
	}
	if _, _, err := b.LatestCapture(ctx, u, crawler.CaptureFetch); err == nil {
		t.Error("captured URL on a closed database: no error, want the lookup to have been made")
	}
}

// TestCaptureBatchFlushesEvidence: the records of captures are in their WARC file before
// the captures are committed, however the writer buffers them.
func TestCaptureBatchFlushesEvidence(t *testing.T) {
	ctx := t.Context()
	db, _ := auditRun(t, []string{"https://news.example/a"})
	w, err := warc.NewWriter(t.TempDir(), warc.Options{Buffer: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	b, err := newCaptureBatch(ctx, db, w)
	if err != nil {
		t.Fatal(err)
	}
	rec := warc.New(warc.TypeMetadata, "https://a.example/x", capturedAt, "text/plain", []byte("fetched"))
	locs, err := w.Write(rec)
	if err != nil {
		t.Fatal(err)
	}
	c := crawler.Capture{URL: "https://a.example/x", Kind: crawler.CaptureFetch, RecordID: rec.ID(),
		File: locs[0].File, Offset: locs[0].Offset, Length: locs[0].Length, Status: 200, FetchedAt: capturedAt}
	if err := b.AddCaptures(ctx, []crawler.Capture{c}); err != nil {
		t.Fatal(err)
	}
	if _, err := warc.ReadAt(c.File, c.Offset); err == nil {
		t.Fatal("the record is in its file before anything was flushed: the test proves nothing")
	}
	if err := b.sync(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CaptureByRecordID(ctx, rec.ID()); err != nil {
		t.Fatalf("capture not committed: %v", err)
	}
	if got, err := warc.ReadAt(c.File, c.Offset); err != nil || got.ID() != rec.ID() {
		t.Errorf("after the commit, the record in its file: %v, %v", got, err)
	}
}
