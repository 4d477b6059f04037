package checker

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

const wireURL = "https://wire.example/w"

// auditWeb is a web of n articles that all cite one wire story and one dead page.
func auditWeb(n int) (*fakeWeb, []string) {
	web := &fakeWeb{pages: map[string]string{
		wireURL: `<html><head><title>W</title></head><body><article><h1>W</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said on Wednesday in Tunxi.</p>` + filler + `</article></body></html>`,
	}}
	var urls []string
	for i := range n {
		u := fmt.Sprintf("https://news.example/a%d", i)
		web.pages[u] = `<html><head><title>A</title></head><body><article><h1>A</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said, according to <a href="` + wireURL + `">the wire</a>.</p>
<p>See <a href="https://gone.example/x">a dead page</a>.</p>` + filler + `</article></body></html>`
		urls = append(urls, u)
	}
	return web, urls
}

func (f *fakeWeb) count(u string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, a := range f.asked {
		if a == u {
			n++
		}
	}
	return n
}

// auditRun opens a fresh database with an audit run of urls.
func auditRun(t *testing.T, urls []string) (*store.Store, int64) {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	id, err := db.StartRun(t.Context(), store.KindAudit, "test", "{}")
	if err != nil {
		t.Fatal(err)
	}
	items := make([]store.Item, len(urls))
	for i, u := range urls {
		items[i] = store.Item{Position: i, Kind: ItemURL, Input: u}
	}
	if err := db.AddItems(t.Context(), id, items); err != nil {
		t.Fatal(err)
	}
	return db, id
}

func engine(t *testing.T) *rules.Engine {
	t.Helper()
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pending(t *testing.T, db *store.Store, id int64) int {
	t.Helper()
	items, err := db.Items(context.WithoutCancel(t.Context()), id, store.ItemPending)
	if err != nil {
		t.Fatal(err)
	}
	return len(items)
}

func TestAuditorRun(t *testing.T) {
	web, urls := auditWeb(5)
	db, id := auditRun(t, urls)
	var mu sync.Mutex
	var done []ItemDone
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 2, Progress: func(d ItemDone) {
		mu.Lock()
		done = append(done, d)
		mu.Unlock()
	}})
	stats, err := a.Run(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Done != 5 || stats.Failed != 0 || len(done) != 5 {
		t.Errorf("stats = %+v, progress calls %d, want 5 done", stats, len(done))
	}
	if n := web.count(wireURL); n != 1 {
		t.Errorf("the shared original was fetched %d times, want 1", n)
	}
	if stats.CacheHits == 0 {
		t.Errorf("stats = %+v, want cache hits for the shared original", stats)
	}
	if n := pending(t, db, id); n != 0 {
		t.Errorf("%d items still pending", n)
	}
}

func TestAuditorDrainAndResume(t *testing.T) {
	web, urls := auditWeb(6)
	db, id := auditRun(t, urls)
	var a *Auditor
	a = New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 1, Progress: func(ItemDone) { a.Drain(); a.Drain() }})
	stats, err := a.Run(t.Context(), id)
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("drained Run error = %v, want ErrInterrupted", err)
	}
	left := pending(t, db, id)
	if stats.Done < 1 || left == 0 || stats.Done+left != 6 {
		t.Fatalf("after a drain: %d done, %d pending, want at least one of each, 6 in all", stats.Done, left)
	}
	if _, err := db.ResumeRun(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	// The resumed run reads the original it fetched before back from the database.
	b := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 2, Resumed: true})
	stats2, err := b.Run(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if stats2.Done != left || pending(t, db, id) != 0 {
		t.Errorf("resume did %d, want %d; %d still pending", stats2.Done, left, pending(t, db, id))
	}
	if n := web.count(wireURL); n != 1 {
		t.Errorf("the shared original was fetched %d times across the resume, want 1", n)
	}
}

func TestAuditorEviction(t *testing.T) {
	web, urls := auditWeb(4)
	db, id := auditRun(t, urls)
	// A budget of one byte keeps one page in memory: the wire story is pushed out by the
	// next article and read back from the database after its first citer was stored.
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 1, CacheBytes: 1})
	stats, err := a.Run(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Done != 4 {
		t.Errorf("stats = %+v, want 4 done", stats)
	}
	if n := web.count(wireURL); n != 1 {
		t.Errorf("the evicted original was fetched %d times, want 1 (then reloaded)", n)
	}
}

// failingStore fails to store a finished article, or to reload a page.
type failingStore struct {
	*store.Store
	finish, reload error
}

func (f failingStore) FinishItem(ctx context.Context, runID int64, position int, c *store.Check) (int64, error) {
	if f.finish != nil {
		return 0, f.finish
	}
	return f.Store.FinishItem(ctx, runID, position, c)
}

func (f failingStore) RunFetch(ctx context.Context, runID int64, url string) (store.Fetch, bool, error) {
	if f.reload != nil {
		return store.Fetch{}, false, f.reload
	}
	return f.Store.RunFetch(ctx, runID, url)
}

func TestAuditorFailingStore(t *testing.T) {
	web, urls := auditWeb(3)
	db, id := auditRun(t, urls)
	broken := errors.New("disk full")
	a := New(web, engine(t), Config{}).Auditor(failingStore{Store: db, finish: broken}, nil, AuditConfig{Workers: 1})
	_, err := a.Run(t.Context(), id)
	if !errors.Is(err, broken) {
		t.Fatalf("Run error = %v, want the store's error", err)
	}
	if n := pending(t, db, id); n != 3 {
		t.Errorf("%d items pending after the store failed, want 3", n)
	}
}

func TestAuditorReloadErrorLogged(t *testing.T) {
	web, urls := auditWeb(2)
	db, id := auditRun(t, urls)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	a := New(web, engine(t), Config{Logger: log}).Auditor(failingStore{Store: db, reload: errors.New("database is locked")},
		nil, AuditConfig{Workers: 1, Resumed: true})
	if _, err := a.Run(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "database is locked") {
		t.Errorf("a failed reload was not logged; logs:\n%s", logs.String())
	}
}

// stallingWeb answers the article pages and holds every other request until its context
// ends.
type stallingWeb struct {
	*fakeWeb
	started chan struct{}
	once    sync.Once
}

func (s *stallingWeb) Fetch(ctx context.Context, u string) (*page.Page, error) {
	if strings.HasPrefix(u, "https://news.example/") {
		return s.fakeWeb.Fetch(ctx, u)
	}
	s.once.Do(func() { close(s.started) })
	<-ctx.Done()
	return &page.Page{RequestURL: u, Err: ctx.Err().Error(), ErrClass: page.ErrClassCanceled}, ctx.Err()
}

func (s *stallingWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = s.Fetch(ctx, u)
	}
	return out
}

func TestAuditorCancel(t *testing.T) {
	fw, urls := auditWeb(3)
	web := &stallingWeb{fakeWeb: fw, started: make(chan struct{})}
	db, id := auditRun(t, urls)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-web.started
		cancel()
	}()
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 2})
	stats, err := a.Run(ctx, id)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("canceled Run error = %v, want ErrInterrupted and context.Canceled", err)
	}
	if stats.Done != 0 || pending(t, db, id) != 3 {
		t.Errorf("after a cancel: stats %+v, %d pending, want nothing done, 3 pending", stats, pending(t, db, id))
	}
}

// archiveWeb is a fake web that also finds archived copies, counting the look-ups.
type archiveWeb struct {
	*fakeWeb
	mu      sync.Mutex
	lookups int
}

func (a *archiveWeb) Archived(_ context.Context, u string, _ time.Time) (*page.Page, time.Time, error) {
	a.mu.Lock()
	a.lookups++
	a.mu.Unlock()
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html",
			Body: []byte(`<html><body><article><p>The archived copy of the gone page, with words of its own.</p>` + filler + `</article></body></html>`)},
		time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC), nil
}

func TestAuditorArchiveLookupsCached(t *testing.T) {
	fw, urls := auditWeb(4)
	web := &archiveWeb{fakeWeb: fw}
	db, id := auditRun(t, urls)
	a := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: 2, Connections: 1})
	if _, err := a.Run(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if web.lookups != 1 {
		t.Errorf("the dead original was looked up in the archive %d times, want 1 for the run", web.lookups)
	}
}

// oneStreamWARC writes n articles as WARC responses in one gzip stream (as some crawlers
// write a whole file) and returns the items of its pages, in record order, with the URL
// and title of each.
func oneStreamWARC(t *testing.T, n int) (items []inputs.Item, urls, titles []string) {
	t.Helper()
	var file bytes.Buffer
	zw := gzip.NewWriter(&file)
	for i := range n {
		u, title := fmt.Sprintf("https://archive.example/story/%d", i), fmt.Sprintf("Story number %d", i)
		html := `<html><head><title>` + title + `</title></head><body><article><h1>` + title + `</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said, according to <a href="` + wireURL + `">the wire</a>.</p>` + filler + `</article></body></html>`
		block := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(html), html)
		fmt.Fprintf(zw, "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2024-03-01T10:00:00Z\r\n"+
			"WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
			u, i, len(block), block)
		urls, titles = append(urls, u), append(titles, title)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "one-stream.warc.gz")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, problems, err := inputs.WARCPages(path)
	if err != nil || len(problems) > 0 || len(recs) != n {
		t.Fatalf("WARCPages = %d records, %v, %v; want %d", len(recs), problems, err, n)
	}
	for _, r := range recs {
		items = append(items, inputs.Item{Kind: ItemWARC, Input: inputs.WARCInput(path, r.Offset, r.Index)})
	}
	return items, urls, titles
}

// checkWARCReports checks that run id stored one article per page of a WARC, each with its
// page's URL and title; order, when set, is the order the articles were checked in.
func checkWARCReports(t *testing.T, db *store.Store, id int64, urls, titles []string, order []int) {
	t.Helper()
	reps, err := db.Reports(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != len(urls) {
		t.Fatalf("%d articles stored, want %d", len(reps), len(urls))
	}
	seen := map[string]bool{}
	for k, b := range reps {
		var rep struct {
			Article struct{ URL, Title string }
		}
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatal(err)
		}
		seen[rep.Article.URL+" "+rep.Article.Title] = true
		if order != nil && rep.Article.URL != urls[order[k]] {
			t.Errorf("article %d checked = %s, want %s", k, rep.Article.URL, urls[order[k]])
		}
	}
	for i, u := range urls {
		if !seen[u+" "+titles[i]] {
			t.Errorf("no article %s titled %q", u, titles[i])
		}
	}
}

// TestAuditWARCOneStream audits the pages of a WARC whose records share one gzip member,
// its items backwards (further back than the cursor keeps: it rewinds) by one worker and
// shuffled by four: every page is read, as the record it names.
func TestAuditWARCOneStream(t *testing.T) {
	const n = 40
	web, _ := auditWeb(0)
	items, urls, titles := oneStreamWARC(t, n)
	backwards, shuffled := make([]int, n), make([]int, n)
	for p := range n {
		backwards[p], shuffled[p] = n-1-p, (p*17)%n
	}
	tests := []struct {
		name    string
		order   []int // order[p] is the record of item p
		workers int
	}{
		{"backwards, one worker", backwards, 1},
		{"shuffled, four workers", shuffled, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "a.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			id, err := db.StartRun(t.Context(), store.KindAudit, "test", "{}")
			if err != nil {
				t.Fatal(err)
			}
			planned := make([]store.Item, n)
			for p, r := range tc.order {
				planned[p] = store.Item{Position: p, Kind: items[r].Kind, Input: items[r].Input}
			}
			if err := db.AddItems(t.Context(), id, planned); err != nil {
				t.Fatal(err)
			}
			stats, err := New(web, engine(t), Config{}).Auditor(db, nil, AuditConfig{Workers: tc.workers}).Run(t.Context(), id)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Done != n || stats.Failed != 0 {
				t.Errorf("stats = %+v, want %d done, none failed", stats, n)
			}
			var order []int
			if tc.workers == 1 {
				order = tc.order
			}
			checkWARCReports(t, db, id, urls, titles, order)
		})
	}
}
