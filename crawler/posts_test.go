package crawler

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/crawler/warc"
)

const oembedAnswer = `{"url":"https://x.com/jroe/status/42","author_name":"Jane Roe","author_url":"https://x.com/jroe",` +
	`"html":"<blockquote class=\"twitter-tweet\"><p lang=\"en\" dir=\"ltr\">The bridge will not reopen before May, the council said tonight.</p>` +
	`&mdash; Jane Roe (@jroe) <a href=\"https://x.com/jroe/status/42\">March 30, 2022</a></blockquote>","type":"rich","version":"1.0"}`

// postWeb is a short link to an X post whose page is a JavaScript shell, and the
// platform's oEmbed endpoint; it counts the endpoint's requests.
func postWeb(t *testing.T) (srv *httptest.Server, oembedHits *int) {
	t.Helper()
	hits := 0
	mux := http.NewServeMux()
	mux.HandleFunc("GET /s/abc", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/jroe/status/42", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /jroe/status/42", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><html><body><noscript>JavaScript is not available.</noscript><script src="/main.js"></script></body></html>`)
	})
	mux.HandleFunc("GET /oembed", func(w http.ResponseWriter, r *http.Request) {
		hits++
		if !strings.HasSuffix(r.URL.Query().Get("url"), "/jroe/status/42") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, oembedAnswer)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &hits
}

func TestFetchReadsPostThroughEndpoint(t *testing.T) {
	srv, hits := postWeb(t)
	c := New(Config{
		AllowPrivate: true, IgnoreRobots: true, Timeout: 5 * time.Second,
		Posts: social.New(social.Config{XHosts: []string{"127.0.0.1"}, XOEmbed: srv.URL + "/oembed"}),
	})
	p, err := c.Fetch(t.Context(), srv.URL+"/s/abc")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if *hits != 1 || !strings.HasPrefix(p.Via, srv.URL+"/oembed?") {
		t.Errorf("oEmbed asked %d times, Via %q; want once, Via the endpoint", *hits, p.Via)
	}
	if p.FinalURL != srv.URL+"/jroe/status/42" || len(p.Redirects) != 1 || p.Redirects[0].Status != http.StatusMovedPermanently {
		t.Errorf("FinalURL %s, chain %v; want the post after one 301", p.FinalURL, p.Redirects)
	}
	a, err := extract.Parse(p)
	if err != nil {
		t.Fatalf("extract.Parse(post page): %v", err)
	}
	if !strings.Contains(a.Text, "The bridge will not reopen before May") {
		t.Errorf("the post page reads as %q, want the post text", a.Text)
	}
	if a.Published == nil || a.Published.Format(time.DateOnly) != "2022-03-30" {
		t.Errorf("published = %v, want 2022-03-30", a.Published)
	}
}

// The address guard applies to the endpoint as to any URL: an endpoint configured on a
// metadata address is refused, and the post is then blocked, not read.
func TestPostEndpointIsGuarded(t *testing.T) {
	srv, _ := postWeb(t)
	c := New(Config{
		IgnoreRobots: true, Timeout: 5 * time.Second,
		Posts: social.New(social.Config{XHosts: []string{"127.0.0.1"}, XOEmbed: "http://169.254.169.254/oembed"}),
	})
	// The test server's loopback address passes for a public one; nothing else does.
	c.guard.blocked = func(a netip.Addr) bool { return a != netip.MustParseAddr("127.0.0.1") && isBlockedAddr(a) }
	p, err := c.Fetch(t.Context(), srv.URL+"/s/abc")
	if err == nil || p.ErrClass != page.ErrClassPrivate || !strings.HasPrefix(p.Via, "http://169.254.169.254/") {
		t.Errorf("Fetch through a metadata endpoint: err %v, class %q, via %q; want refused as private", err, p.ErrClass, p.Via)
	}
}

// A post read live is read again from the evidence alone: the replay answers the post
// page and its endpoint from their captures.
func TestReplayReadsPostFromEvidence(t *testing.T) {
	srv, hits := postWeb(t)
	dir := t.TempDir()
	w, err := warc.NewWriter(dir, warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	posts := social.New(social.Config{XHosts: []string{"127.0.0.1"}, XOEmbed: srv.URL + "/oembed"})
	c := New(Config{AllowPrivate: true, IgnoreRobots: true, Timeout: 5 * time.Second, Posts: posts, Evidence: w})
	live, err := c.Fetch(t.Context(), srv.URL+"/s/abc")
	if err != nil {
		t.Fatalf("live Fetch: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	r, err := NewReplay(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Posts = posts
	replayed, err := r.Fetch(t.Context(), srv.URL+"/s/abc")
	if err != nil {
		t.Fatalf("replayed Fetch: %v", err)
	}
	if !bytes.Equal(replayed.Body, live.Body) || replayed.FinalURL != live.FinalURL || replayed.Via != live.Via || *hits != 1 {
		t.Errorf("replayed post differs: final %s via %s (live %s via %s), endpoint asked %d times\n%s",
			replayed.FinalURL, replayed.Via, live.FinalURL, live.Via, *hits, replayed.Body)
	}
}
