package crawler

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// evidenceCrawler is a crawler of the test site that writes its evidence to a temporary
// directory.
func evidenceCrawler(t *testing.T, mod func(*Config)) (*Crawler, *warc.Writer) {
	t.Helper()
	w, err := warc.NewWriter(t.TempDir(), warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	cfg := testConfig()
	cfg.Evidence = w
	if mod != nil {
		mod(&cfg)
	}
	return New(cfg), w
}

// samePage compares everything a check can see of a page.
func samePage(t *testing.T, what string, got, want *page.Page) {
	t.Helper()
	type view struct {
		RequestURL, FinalURL string
		Redirects            []page.Hop
		Status               int
		ContentType          string
		Header               http.Header
		Body                 string
		Truncated            bool
		FetchedAt            time.Time
		Duration             time.Duration
		Err                  string
		ErrClass             page.ErrClass
		Retries              int
	}
	v := func(p *page.Page) view {
		return view{p.RequestURL, p.FinalURL, p.Redirects, p.Status, p.ContentType, p.Header, string(p.Body),
			p.Truncated, p.FetchedAt.UTC(), p.Duration, p.Err, p.ErrClass, p.Retries}
	}
	if g, w := v(got), v(want); !reflect.DeepEqual(g, w) {
		t.Errorf("%s: replayed page differs\n got %+v\nwant %+v", what, g, w)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Errorf("%s: replayed page JSON\n got %s\nwant %s", what, gj, wj)
	}
}

func TestReplayMatchesLive(t *testing.T) {
	s := newSite(t)
	u := s.url
	dir := t.TempDir()
	w, err := warc.NewWriter(dir, warc.Options{MaxFileSize: 4 << 10}) // small: rotation too
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Evidence, cfg.MaxRedirects, cfg.MaxBodyBytes = w, 3, 1000
	c := New(cfg)
	urls := []string{
		u("/ok"), u("/r1"), u("/status/404"), u("/status/410"), u("/loop/a"), u("/chain/3"),
		u("/chain/4"), u("/big"), u("/bomb.xml.gz"), u("/compressed"), u("/latin1"), u("/to-ftp"),
		u("/private/x"), u("/to-private"), "ftp://example.com/x", u("/ok#frag"), u("/status/204"),
	}
	live := make(map[string]*page.Page)
	liveErr := make(map[string]error)
	for _, x := range urls {
		live[x], liveErr[x] = c.Fetch(t.Context(), x)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) < 2 {
		t.Errorf("%d WARC files, want rotation into several", len(files))
	}
	r, err := NewReplay(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range urls {
		p, err := r.Fetch(t.Context(), x)
		samePage(t, x, p, live[x])
		if (err == nil) != (liveErr[x] == nil) || (err != nil && err.Error() != liveErr[x].Error()) {
			t.Errorf("%s: replay err = %v, want %v", x, err, liveErr[x])
		}
		for _, sentinel := range []error{ErrRedirectLoop, ErrTooManyRedirects, ErrDisallowed, ErrUnsupportedScheme} {
			if errors.Is(err, sentinel) != errors.Is(liveErr[x], sentinel) {
				t.Errorf("%s: errors.Is(replay err, %v) = %v, live %v", x, sentinel, errors.Is(err, sentinel), errors.Is(liveErr[x], sentinel))
			}
		}
		var se *StatusError
		if errors.As(liveErr[x], &se) {
			var re *StatusError
			if !errors.As(err, &re) || *re != *se {
				t.Errorf("%s: replay StatusError = %v, want %v", x, re, se)
			}
		}
	}
	// FetchAll keeps order and shares duplicates, like the crawler's.
	pages := r.FetchAll(t.Context(), []string{u("/ok"), u("/r1"), u("/ok")})
	if pages[0] != pages[2] || pages[1].FinalURL != u("/ok") {
		t.Errorf("Replay.FetchAll: pages %v", pages)
	}
	if _, err := r.Fetch(t.Context(), u("/never")); !errors.Is(err, ErrNotCaptured) {
		t.Errorf("Replay.Fetch(uncaptured) err = %v, want ErrNotCaptured", err)
	}
}

// TestReplayTimeout replays a fetch cut by the whole-request deadline mid-body.
func TestReplayTimeout(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for range 100 {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	c, w := evidenceCrawler(t, func(c *Config) { c.IgnoreRobots, c.Timeout = true, 200*time.Millisecond })
	live, _ := c.Fetch(t.Context(), srv.URL+"/trickle")
	if live.ErrClass != page.ErrClassTimeout {
		t.Fatalf("live page.ErrClass = %q, want timeout", live.ErrClass)
	}
	r, err := NewReplay(w.Dir())
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.Fetch(t.Context(), srv.URL+"/trickle")
	samePage(t, "trickle", p, live)
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("replay err = %v, want ErrTimeout", err)
	}
}

// records reads every record of the WARC files in dir with our reader.
func records(t *testing.T, dir string) map[string][]*warc.Record {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	out := map[string][]*warc.Record{}
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		rd := warc.NewReader(bufio.NewReader(f))
		for {
			rec, _, err := rd.Next()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("%s: %v", name, err)
				}
				break
			}
			out[name] = append(out[name], rec)
		}
		f.Close()
	}
	return out
}

func TestEvidenceRecords(t *testing.T) {
	s := newSite(t)
	c, w := evidenceCrawler(t, nil)
	if _, err := c.Fetch(t.Context(), s.url("/r1")); err != nil {
		t.Fatal(err)
	}
	c.Fetch(t.Context(), "http://127.0.0.1:1/refused")
	w.Close()
	var types, targets []string
	for _, recs := range records(t, w.Dir()) {
		for _, r := range recs {
			types = append(types, r.Type())
			targets = append(targets, r.Type()+" "+r.TargetURI())
			if r.Type() == warc.TypeResponse {
				hr, err := warc.ParseResponse(r.Block)
				if err != nil {
					t.Fatalf("response %s: %v", r.TargetURI(), err)
				}
				if got := r.Header.Get("WARC-Payload-Digest"); got != warc.Digest(hr.Body) {
					t.Errorf("response %s: payload digest %s, want %s", r.TargetURI(), got, warc.Digest(hr.Body))
				}
			}
			if r.Header.Get("WARC-Date") == "" || r.ID() == "" || r.Header.Get("WARC-Block-Digest") != warc.Digest(r.Block) {
				t.Errorf("record %s %s: date %q id %q block digest %q", r.Type(), r.TargetURI(), r.Header.Get("WARC-Date"), r.ID(), r.Header.Get("WARC-Block-Digest"))
			}
		}
	}
	want := []string{
		"request " + s.url("/robots.txt"), "response " + s.url("/robots.txt"),
		"request " + s.url("/r1"), "response " + s.url("/r1"),
		"request " + s.url("/r2"), "response " + s.url("/r2"),
		"request " + s.url("/ok"), "response " + s.url("/ok"),
		"metadata " + s.url("/r1"),
		"request http://127.0.0.1:1/robots.txt", "metadata http://127.0.0.1:1/robots.txt",
		"request http://127.0.0.1:1/refused", "metadata http://127.0.0.1:1/refused", "metadata http://127.0.0.1:1/refused",
	}
	var gotTargets []string
	for _, x := range targets {
		if !strings.HasPrefix(x, "warcinfo") {
			gotTargets = append(gotTargets, x)
		}
	}
	if !reflect.DeepEqual(gotTargets, want) {
		t.Errorf("records:\n got %q\nwant %q", gotTargets, want)
	}
	if types[0] != warc.TypeWarcinfo {
		t.Errorf("first record is %s, want warcinfo", types[0])
	}
}

// TestEvidenceGowarc reads our WARC files with nlnwa/gowarc, an independent
// implementation, in strict mode: every record must parse and every digest verify.
func TestEvidenceGowarc(t *testing.T) {
	dir := writeEvidence(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	n := 0
	for _, name := range files {
		ours := offsets(t, name)
		rd, err := gowarc.NewWarcFileReader(name, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for {
			rec, err := rd.Next()
			if err != nil {
				if err.Error() != "EOF" {
					t.Fatalf("gowarc %s record %d: %v", filepath.Base(name), i, err)
				}
				break
			}
			if len(rec.Validation) > 0 {
				t.Errorf("gowarc %s record %d (%s): %v", filepath.Base(name), i, rec.WarcRecord.Type(), rec.Validation)
			}
			// Reading the block makes gowarc check the block and payload digests.
			if v, err := rec.WarcRecord.ValidateDigest(); err != nil || len(v) > 0 {
				t.Errorf("gowarc digest %s record %d: %v %v", filepath.Base(name), i, v, err)
			}
			if i < len(ours) && rec.Offset != ours[i] {
				t.Errorf("record %d offset: gowarc %d, ours %d", i, rec.Offset, ours[i])
			}
			rec.Close()
			i++
			n++
		}
		if i != len(ours) {
			t.Errorf("%s: gowarc read %d records, we wrote %d", filepath.Base(name), i, len(ours))
		}
		rd.Close()
	}
	if n < 20 {
		t.Errorf("gowarc read %d records, want many", n)
	}
}

// TestEvidenceWarcio reads our WARC files with warcio.js (webrecorder). It needs node and
// the npm package warcio: set WARCIO_DIR to the package directory (npm install warcio;
// WARCIO_DIR=$PWD/node_modules/warcio); skipped otherwise.
func TestEvidenceWarcio(t *testing.T) {
	node, err := exec.LookPath("node")
	dirWarcio := os.Getenv("WARCIO_DIR")
	if err != nil || dirWarcio == "" {
		t.Skip("needs node and WARCIO_DIR (npm install warcio)")
	}
	if _, err := os.Stat(filepath.Join(dirWarcio, "package.json")); err != nil {
		t.Skipf("WARCIO_DIR: %v", err)
	}
	dir := writeEvidence(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	sort.Strings(files)
	out, err := exec.Command(node, append([]string{"testdata/warcio-check.cjs", dirWarcio}, files...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("warcio: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	type row struct {
		File, Type, Target, ID string
		Offset                 int64
		BlockDigestOK          bool
		PayloadDigest          string
		PayloadDigestOK        *bool
		Status                 int
	}
	var rows []row
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var r row
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("warcio output %q: %v", line, err)
		}
		rows = append(rows, r)
	}
	byFile := map[string][]int64{}
	for _, name := range files {
		byFile[name] = offsets(t, name)
	}
	count := map[string]int{}
	responses := 0
	for _, r := range rows {
		if !r.BlockDigestOK {
			t.Errorf("warcio: %s %s at %d: block digest mismatch", r.Type, r.Target, r.Offset)
		}
		if r.Type == "response" {
			responses++
			if r.PayloadDigestOK == nil || !*r.PayloadDigestOK {
				t.Errorf("warcio: response %s at %d: payload digest mismatch", r.Target, r.Offset)
			}
		}
		i := count[r.File]
		count[r.File]++
		if ours := byFile[r.File]; i >= len(ours) || ours[i] != r.Offset {
			t.Errorf("warcio: %s record %d at offset %d, ours %v", filepath.Base(r.File), i, r.Offset, ours)
		}
	}
	for _, name := range files {
		if count[name] != len(byFile[name]) {
			t.Errorf("%s: warcio read %d records, we wrote %d", filepath.Base(name), count[name], len(byFile[name]))
		}
	}
	if responses < 10 {
		t.Errorf("warcio saw %d responses, want many", responses)
	}
}

// writeEvidence fetches a variety of pages and returns the WARC directory.
func writeEvidence(t *testing.T) string {
	t.Helper()
	s := newSite(t)
	dir := t.TempDir()
	w, err := warc.NewWriter(dir, warc.Options{MaxFileSize: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig()
	cfg.Evidence, cfg.MaxBodyBytes = w, 2000
	c := New(cfg)
	for _, p := range []string{"/ok", "/r1", "/status/404", "/loop/a", "/big", "/bomb.xml.gz", "/compressed", "/latin1", "/to-ftp", "/private/x", "/status/204"} {
		c.Fetch(t.Context(), s.url(p))
	}
	c.Fetch(t.Context(), "http://127.0.0.1:1/refused")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// offsets lists the record offsets of a file as our reader sees them.
func offsets(t *testing.T, name string) []int64 {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []int64
	rd := warc.NewReader(f)
	for {
		_, loc, err := rd.Next()
		if err != nil {
			break
		}
		out = append(out, loc.Offset)
	}
	return out
}

// memIndex is an in-memory Index.
type memIndex struct {
	mu   sync.Mutex
	caps []Capture
}

func (m *memIndex) AddCaptures(_ context.Context, caps []Capture) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.caps = append(m.caps, caps...)
	return nil
}

// all lists the captures of kind for url, oldest first.
func (m *memIndex) all(kind, url string) []Capture {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Capture
	for _, c := range m.caps {
		if c.URL == url && c.Kind == kind {
			out = append(out, c)
		}
	}
	return out
}

func (m *memIndex) LatestCapture(_ context.Context, url, kind string) (Capture, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := len(m.caps) - 1; i >= 0; i-- {
		if c := m.caps[i]; c.URL == url && c.Kind == kind {
			return c, true, nil
		}
	}
	return Capture{}, false, nil
}

func (m *memIndex) CaptureByRecordID(_ context.Context, id string) (Capture, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, c := range m.caps {
		if c.RecordID == id {
			return c, true, nil
		}
	}
	return Capture{}, false, nil
}

func TestCache(t *testing.T) {
	var hits, conditional atomic.Int32
	body := "<html><title>cached</title><p>stable text</p></html>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	idx := &memIndex{}
	fresh, w := evidenceCrawler(t, func(c *Config) { c.IgnoreRobots, c.Index = true, idx })
	first, err := fresh.Fetch(t.Context(), srv.URL+"/a")
	if err != nil || string(first.Body) != body {
		t.Fatalf("first fetch: err %v body %q", err, first.Body)
	}
	// Within MaxAge: no request at all.
	second, err := fresh.Fetch(t.Context(), srv.URL+"/a")
	if err != nil || !second.Cached || string(second.Body) != body || hits.Load() != 1 {
		t.Errorf("cached fetch: err %v cached %v body %q, server hits %d; want served from the capture", err, second.Cached, second.Body, hits.Load())
	}
	samePage(t, "cache", second, first)
	// Past MaxAge: a conditional request; the 304 reuses the stored body.
	stale := New(Config{AllowPrivate: true, IgnoreRobots: true, Evidence: w, Index: idx, MaxAge: -1})
	third, err := stale.Fetch(t.Context(), srv.URL+"/a")
	if err != nil || conditional.Load() != 1 || !third.Revalidated || third.Status != 200 || string(third.Body) != body {
		t.Errorf("revalidated fetch: err %v, conditional requests %d, revalidated %v, status %d, body %q",
			err, conditional.Load(), third.Revalidated, third.Status, third.Body)
	}
	// The replay of the revalidated fetch gives the same page.
	r, err := NewReplay(w.Dir())
	if err != nil {
		t.Fatal(err)
	}
	rp, _ := r.Fetch(t.Context(), srv.URL+"/a")
	samePage(t, "replay of a 304", rp, third)
}

// TestEvidenceTruncated: a body cut short by the server, and one longer than the cap, are
// kept as far as they came and marked so in their response records (WARC-Truncated
// "unspecified" and "length"); the cut one fails the fetch, the long one does not.
func TestEvidenceTruncated(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/cut":
			w.Header().Set("Content-Length", "10000")
			w.Write([]byte(strings.Repeat("a", 1000)))
			if hj, ok := w.(http.Hijacker); ok {
				conn, _, _ := hj.Hijack()
				conn.Close()
			}
		case "/long":
			w.Write([]byte(strings.Repeat("b", 3000)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c, w := evidenceCrawler(t, func(cfg *Config) { cfg.MaxBodyBytes = 2000; cfg.Retries = 0 })
	cut, cutErr := c.Fetch(t.Context(), srv.URL+"/cut")
	long, longErr := c.Fetch(t.Context(), srv.URL+"/long")
	w.Close()
	if cutErr == nil || len(cut.Body) > 2000 {
		t.Errorf("cut body: err %v, %d bytes; want an error", cutErr, len(cut.Body))
	}
	if longErr != nil || !long.Truncated || len(long.Body) != 2000 {
		t.Errorf("long body: err %v, truncated %v, %d bytes; want no error, cut at 2000", longErr, long.Truncated, len(long.Body))
	}
	got := map[string]string{}
	for _, recs := range records(t, w.Dir()) {
		for _, r := range recs {
			if r.Type() == warc.TypeResponse {
				got[r.TargetURI()] = r.Header.Get("WARC-Truncated")
			}
		}
	}
	if got[srv.URL+"/long"] != "length" || got[srv.URL+"/cut"] == "" {
		t.Errorf("WARC-Truncated by response: %v; want length for /long and a reason for /cut", got)
	}
}

// TestEvidenceIdenticalPayload: a page fetched again with the same bytes (here the target
// of a short link to it) is written as an identical-payload-digest revisit of its first
// response, headers only; a page whose bytes changed is written in full. Both read back
// as they were fetched, from the capture (the crawler's cache) and in a replay.
func TestEvidenceIdenticalPayload(t *testing.T) {
	var version atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><title>story</title><p>version %d of the story</p></html>", version.Load())
	})
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	idx := &memIndex{}
	// MaxAge -1: every fetch asks the server, none is served from the capture.
	c, w := evidenceCrawler(t, func(c *Config) { c.IgnoreRobots, c.Index, c.MaxAge = true, idx, -1 })
	story, err := c.Fetch(t.Context(), srv.URL+"/story")
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.Fetch(t.Context(), srv.URL+"/short") // the same bytes
	if err != nil || string(again.Body) != string(story.Body) {
		t.Fatalf("short link: %v, body %q", err, again.Body)
	}
	version.Store(1)
	other := New(Config{AllowPrivate: true, IgnoreRobots: true, Evidence: w, Index: idx, MaxAge: -1})
	changed, err := other.Fetch(t.Context(), srv.URL+"/story") // another crawler: no payloads known
	if err != nil {
		t.Fatal(err)
	}
	changedAgain, err := c.Fetch(t.Context(), srv.URL+"/short") // new bytes to c
	if err != nil || string(changedAgain.Body) != string(changed.Body) {
		t.Fatalf("short link after the change: %v, body %q", err, changedAgain.Body)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	var answers []string
	byID := map[string]*warc.Record{}
	for _, recs := range records(t, w.Dir()) {
		for _, r := range recs {
			byID[r.ID()] = r
			if r.TargetURI() == srv.URL+"/story" && (r.Type() == warc.TypeResponse || r.Type() == warc.TypeRevisit) {
				answers = append(answers, r.Type())
				if r.Type() != warc.TypeRevisit {
					continue
				}
				orig := byID[r.Header.Get("WARC-Refers-To")]
				hr, err := warc.ParseResponse(r.Block)
				if err != nil || orig == nil || len(hr.Body) != 0 || hr.Status != 200 ||
					r.Header.Get("WARC-Profile") != warc.ProfileIdenticalPayload ||
					r.Header.Get("WARC-Payload-Digest") != orig.Header.Get("WARC-Payload-Digest") {
					t.Errorf("revisit %s: %v, refers to %v, body %d bytes, headers %v", r.ID(), err, orig != nil, len(hr.Body), r.Header)
				}
			}
		}
	}
	if want := []string{warc.TypeResponse, warc.TypeRevisit, warc.TypeResponse, warc.TypeResponse}; !reflect.DeepEqual(answers, want) {
		t.Errorf("answers of /story written as %q, want %q", answers, want)
	}

	r, err := NewReplay(w.Dir())
	if err != nil {
		t.Fatal(err)
	}
	var first []*page.Page
	for _, fetch := range idx.all(CaptureFetch, srv.URL+"/short") {
		p, _, err := Captured(t.Context(), idx, fetch)
		if err != nil {
			t.Fatalf("Captured(%s): %v", fetch.RecordID, err)
		}
		first = append(first, p)
	}
	if len(first) != 2 || string(first[0].Body) != string(story.Body) || string(first[1].Body) != string(changed.Body) {
		t.Errorf("the short link's captures read back as %d pages", len(first))
	} else {
		first[0].Cached, first[1].Cached = false, false
		samePage(t, "captured revisit", first[0], again)
		samePage(t, "captured response", first[1], changedAgain)
	}
	rp, _ := r.Fetch(t.Context(), srv.URL+"/short")
	samePage(t, "replay", rp, changedAgain)
}
