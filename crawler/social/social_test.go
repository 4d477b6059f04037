package social

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, file string
		parse      func([]byte, string) (Post, error)
		author     string
		authorName string
		text       string
		published  time.Time
		dateOnly   bool
		err        error
	}{
		{
			name: "x oembed", file: "x_oembed.json", parse: parseXOEmbed,
			author: "@jroe", authorName: "Jane Roe",
			text:      "The bridge will not reopen before May, the council said tonight. #roads pic.twitter.com/AbCdEf1234",
			published: time.Date(2022, 3, 30, 0, 0, 0, 0, time.UTC), dateOnly: true,
		},
		{
			name: "bluesky thread", file: "bluesky_thread.json", parse: parseBlueskyThread,
			author: "@alice.bsky.social", authorName: "Alice Example",
			text:      "We measured the river at 4.2 metres this morning, the highest since 1998.",
			published: time.Date(2024, 10, 16, 19, 20, 1, 123000000, time.UTC),
		},
		{name: "bluesky not found", file: "bluesky_notfound.json", parse: parseBlueskyThread, err: ErrGone},
		{
			name: "mastodon status", file: "mastodon_status.json", parse: parseMastodonStatus,
			author: "@bob@mastodon.example", authorName: "Bob Example",
			text:      "The library will stay open on Sundays, #libraries\n\nthe mayor confirmed.\nMore later.",
			published: time.Date(2019, 12, 8, 3, 48, 33, 901000000, time.UTC),
		},
		{
			name: "telegram embed", file: "telegram_embed.html", parse: parseTelegramEmbed,
			author: "@newsroom_channel", authorName: "Newsroom Channel",
			text:      "Talks will resume on Monday in Geneva, both delegations confirmed.\n\nNo date was set for a second round.",
			published: time.Date(2022, 3, 29, 18, 4, 11, 0, time.UTC),
		},
		{name: "telegram missing", file: "telegram_missing.html", parse: parseTelegramEmbed, err: ErrGone},
		{name: "x not json", file: "telegram_embed.html", parse: parseXOEmbed, err: ErrShape},
		{name: "mastodon not json", file: "telegram_embed.html", parse: parseMastodonStatus, err: ErrShape},
		{name: "telegram shell without widget", file: "x_oembed.json", parse: parseTelegramEmbed, err: ErrShape},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.parse(readTestdata(t, tc.file), "https://example.test/post")
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("parse(%s) err = %v, want %v", tc.file, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse(%s): %v", tc.file, err)
			}
			if p.Author != tc.author || p.AuthorName != tc.authorName {
				t.Errorf("author = %q / %q, want %q / %q", p.Author, p.AuthorName, tc.author, tc.authorName)
			}
			if p.Text != tc.text {
				t.Errorf("text = %q, want %q", p.Text, tc.text)
			}
			if !p.Published.Equal(tc.published) || p.DateOnly != tc.dateOnly {
				t.Errorf("published = %v (date only %v), want %v (%v)", p.Published, p.DateOnly, tc.published, tc.dateOnly)
			}
		})
	}
}

func TestMatch(t *testing.T) {
	r := New(Config{XOEmbed: "http://oembed.test/oembed", BlueskyAppView: "http://appview.test", TelegramEmbed: "http://tg.test"})
	tests := []struct {
		url, platform, post, endpoint string
	}{
		{"https://x.com/jroe/status/123", "x", "https://x.com/jroe/status/123",
			"http://oembed.test/oembed?dnt=true&omit_script=1&url=https%3A%2F%2Fx.com%2Fjroe%2Fstatus%2F123"},
		{"https://twitter.com/jroe/statuses/123/?s=20", "x", "https://twitter.com/jroe/status/123",
			"http://oembed.test/oembed?dnt=true&omit_script=1&url=https%3A%2F%2Ftwitter.com%2Fjroe%2Fstatus%2F123"},
		{"https://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l", "bluesky", "https://bsky.app/profile/alice.bsky.social/post/3l6oveex3ii2l",
			"http://appview.test/xrpc/app.bsky.feed.getPostThread?depth=0&parentHeight=0&uri=at%3A%2F%2Falice.bsky.social%2Fapp.bsky.feed.post%2F3l6oveex3ii2l"},
		{"https://mastodon.example/@bob/103270115826048975", "mastodon", "https://mastodon.example/@bob/103270115826048975",
			"https://mastodon.example/api/v1/statuses/103270115826048975"},
		{"https://t.me/newsroom_channel/4821", "telegram", "https://t.me/newsroom_channel/4821",
			"http://tg.test/newsroom_channel/4821?embed=1&mode=tme"},
		{"https://x.com/jroe", "", "", ""},
		{"https://example.com/jroe/status/123", "", "", ""},
		{"https://medium.com/@bob/a-story-1234abcd", "", "", ""},
		{"https://bsky.app/profile/alice.bsky.social", "", "", ""},
		{"ftp://x.com/jroe/status/1", "", "", ""},
	}
	for _, tc := range tests {
		platform, post, endpoint, ok := r.Match(tc.url)
		if ok != (tc.platform != "") || platform != tc.platform || post != tc.post || endpoint != tc.endpoint {
			t.Errorf("Match(%q) = %q %q %q %v, want %q %q %q", tc.url, platform, post, endpoint, ok, tc.platform, tc.post, tc.endpoint)
		}
	}
}

// platformServer answers as the four platforms' endpoints do, with the recorded shapes in
// testdata, and serves the JavaScript shells and redirects a plain client meets.
func platformServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	serve := func(file, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			_, _ = w.Write(readTestdata(t, file))
		}
	}
	shell := func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("embed") == "1" {
			serve("telegram_embed.html", "text/html")(w, r)
			return
		}
		fmt.Fprint(w, `<!DOCTYPE html><html><body><noscript>JavaScript is not available.</noscript><script src="/main.js"></script></body></html>`)
	}
	mux.HandleFunc("GET /oembed", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Query().Get("url"), "/jroe/status/1509084936311906304") {
			http.NotFound(w, r)
			return
		}
		serve("x_oembed.json", "application/json")(w, r)
	})
	mux.HandleFunc("GET /xrpc/app.bsky.feed.getPostThread", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("uri") {
		case "at://alice.bsky.social/app.bsky.feed.post/3l6oveex3ii2l":
			serve("bluesky_thread.json", "application/json")(w, r)
		case "at://alice.bsky.social/app.bsky.feed.post/gone":
			serve("bluesky_notfound.json", "application/json")(w, r)
		default:
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"NotFound","message":"Post not found"}`)
		}
	})
	mux.HandleFunc("GET /api/v1/statuses/103270115826048975", serve("mastodon_status.json", "application/json"))
	mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":"Record not found"}`)
	})
	mux.HandleFunc("GET /short/abc", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/jroe/status/1509084936311906304", http.StatusMovedPermanently)
	})
	mux.HandleFunc("GET /", shell)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// httpFetch is a minimal fetcher over a test server's client: it follows redirects and
// records them as the crawler does.
func httpFetch(client *http.Client) func(context.Context, string) (*page.Page, error) {
	return func(ctx context.Context, u string) (*page.Page, error) {
		p := &page.Page{RequestURL: u, FinalURL: u}
		c := *client
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			prev := via[len(via)-1]
			p.Redirects = append(p.Redirects, page.Hop{URL: prev.URL.String(), Status: req.Response.StatusCode})
			return nil
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return p, err
		}
		resp, err := c.Do(req)
		if err != nil {
			p.Err, p.ErrClass = err.Error(), page.ErrClassConnection
			return p, err
		}
		defer resp.Body.Close()
		p.FinalURL, p.Status = resp.Request.URL.String(), resp.StatusCode
		p.Body, _ = io.ReadAll(resp.Body)
		if resp.StatusCode > 299 {
			p.Err, p.ErrClass = resp.Status, page.ErrClassStatus
			return p, errors.New(resp.Status)
		}
		return p, nil
	}
}

func TestReadPost(t *testing.T) {
	srv := platformServer(t)
	host := strings.TrimPrefix(srv.URL, "http://")
	r := New(Config{
		XHosts: []string{"127.0.0.1"}, XOEmbed: srv.URL + "/oembed",
		BlueskyHosts: []string{"localhost"}, BlueskyAppView: srv.URL,
		TelegramHosts: []string{"127.0.0.1"},
	})
	localhost := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	fetch := httpFetch(srv.Client())
	tests := []struct {
		name, url  string
		post       bool
		finalURL   string
		redirects  int
		status     int
		class      page.ErrClass
		bodyHas    []string
		viaHasPath string
	}{
		{name: "x post behind a short link", url: srv.URL + "/short/abc", post: true,
			finalURL: srv.URL + "/jroe/status/1509084936311906304", redirects: 1, status: 200,
			bodyHas:    []string{"The bridge will not reopen before May", `content="Jane Roe (@jroe)"`, `content="2022-03-30"`, "on X</title>"},
			viaHasPath: "/oembed?"},
		{name: "bluesky post", url: localhost + "/profile/alice.bsky.social/post/3l6oveex3ii2l", post: true,
			finalURL: localhost + "/profile/alice.bsky.social/post/3l6oveex3ii2l", status: 200,
			bodyHas:    []string{"We measured the river at 4.2 metres", "@alice.bsky.social", "2024-10-16T19:20:01Z"},
			viaHasPath: "/xrpc/app.bsky.feed.getPostThread?"},
		{name: "bluesky post the appview says is gone", url: localhost + "/profile/alice.bsky.social/post/gone", post: true,
			status: 200, class: page.ErrClassGone},
		{name: "bluesky post the appview does not know", url: localhost + "/profile/alice.bsky.social/post/nope", post: true,
			status: 400, class: page.ErrClassStatus},
		{name: "mastodon post", url: srv.URL + "/@bob/103270115826048975", post: true, status: 200,
			bodyHas: []string{"The library will stay open on Sundays", "@bob@mastodon.example"}, viaHasPath: "/api/v1/statuses/103270115826048975"},
		{name: "mastodon post deleted", url: srv.URL + "/@bob/1", post: true, status: 404, class: page.ErrClassStatus},
		{name: "telegram post", url: srv.URL + "/newsroom_channel/4821", post: true, status: 200,
			bodyHas: []string{"Talks will resume on Monday in Geneva", "Newsroom Channel (@newsroom_channel)"}, viaHasPath: "/newsroom_channel/4821?embed=1"},
		{name: "not a post", url: srv.URL + "/about", post: false, status: 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := fetch(t.Context(), tc.url)
			got, ok := r.ReadPost(t.Context(), fetch, p)
			if ok != tc.post {
				t.Fatalf("ReadPost(%s) ok = %v, want %v", tc.url, ok, tc.post)
			}
			if !ok {
				if got != p {
					t.Errorf("ReadPost changed a page that is no post")
				}
				return
			}
			if got.RequestURL != tc.url || got.Status != tc.status || got.ErrClass != tc.class {
				t.Errorf("page = %s %d %q, want %s %d %q (err %s)", got.RequestURL, got.Status, got.ErrClass, tc.url, tc.status, tc.class, got.Err)
			}
			if tc.finalURL != "" && got.FinalURL != tc.finalURL {
				t.Errorf("FinalURL = %s, want %s", got.FinalURL, tc.finalURL)
			}
			if len(got.Redirects) != tc.redirects {
				t.Errorf("redirects = %v, want %d", got.Redirects, tc.redirects)
			}
			if tc.viaHasPath != "" && !strings.Contains(got.Via, host+tc.viaHasPath) {
				t.Errorf("Via = %s, want it on %s%s", got.Via, host, tc.viaHasPath)
			}
			for _, s := range tc.bodyHas {
				if !strings.Contains(string(got.Body), s) {
					t.Errorf("body lacks %q:\n%s", s, got.Body)
				}
			}
		})
	}
}

func TestPostHTMLEscapes(t *testing.T) {
	p := Post{Platform: "x", URL: "https://x.com/a/status/1", Author: "@a", Text: `<script>alert(1)</script> & "quotes"`}
	b := string(p.HTML())
	if strings.Contains(b, "<script>") || !strings.Contains(b, "&lt;script&gt;") {
		t.Errorf("HTML() does not escape the post text:\n%s", b)
	}
}
