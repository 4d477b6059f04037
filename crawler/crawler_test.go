package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// site is a loopback test server with the handlers the fetch tests need and counters of
// what it was asked.
type site struct {
	srv    *httptest.Server
	robots atomic.Int32 // robots.txt requests
	mu     sync.Mutex
	hits   map[string]int    // path -> requests
	agents map[string]string // path -> last User-Agent
}

func newSite(t testing.TB) *site {
	t.Helper()
	s := &site{hits: make(map[string]int), agents: make(map[string]string)}
	bomb := gzipBytes(t, bytes.Repeat([]byte("z"), 1<<20))
	compressed := gzipBytes(t, []byte("plain words after gunzip"))
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		s.robots.Add(1)
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n")
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Evidence", "kept")
		fmt.Fprint(w, "<html><title>ok</title><p>hello</p></html>")
	})
	mux.HandleFunc("/r1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/r2", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/r2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/ok", http.StatusFound)
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.PathValue("code"))
		w.WriteHeader(code)
		fmt.Fprintf(w, "page says %d", code)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a#again", http.StatusFound)
	})
	// /chain/N redirects N times before answering 200.
	mux.HandleFunc("/chain/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n == 0 {
			fmt.Fprint(w, "end of chain")
			return
		}
		http.Redirect(w, r, "/chain/"+strconv.Itoa(n-1), http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("x"), 5000))
	})
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("y"), 1000))
	})
	// A gzip payload labelled as such (colly would gunzip it): 1 MiB unzipped.
	mux.HandleFunc("/bomb.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/compressed", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "want gzip", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/plain")
		w.Write(compressed)
	})
	mux.HandleFunc("/latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte("caf\xe9"))
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/file", http.StatusFound)
	})
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/page", http.StatusFound)
	})
	mux.HandleFunc("/private/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "secret")
	})
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.agents[r.URL.Path] = r.UserAgent()
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) url(path string) string { return s.srv.URL + path }

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func gzipBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testConfig is the configuration of most tests: loopback allowed, quick timeout.
func testConfig() Config {
	return Config{AllowPrivate: true, Timeout: 5 * time.Second}
}

func TestFetch(t *testing.T) {
	s := newSite(t)
	u := s.url
	tests := []struct {
		name          string
		cfg           func(*Config)
		url           string
		wantStatus    int
		wantFinal     string
		wantHops      []page.Hop
		wantErr       error // errors.Is target; nil for success
		wantCode      int   // StatusError.Code when > 0
		wantClass     page.ErrClass
		wantBody      string // exact body when set
		wantBodyLen   int    // when > 0
		wantTruncated bool
	}{
		{
			name: "200", url: u("/ok"), wantStatus: 200, wantFinal: u("/ok"),
			wantBody: "<html><title>ok</title><p>hello</p></html>",
		},
		{
			name: "301 then 302 then 200", url: u("/r1"), wantStatus: 200, wantFinal: u("/ok"),
			wantHops: []page.Hop{{URL: u("/r1"), Status: 301}, {URL: u("/r2"), Status: 302}},
			wantBody: "<html><title>ok</title><p>hello</p></html>",
		},
		{
			name: "404 body still read", url: u("/status/404"), wantStatus: 404, wantFinal: u("/status/404"),
			wantCode: 404, wantClass: page.ErrClassStatus, wantBody: "page says 404",
		},
		{
			name: "410", url: u("/status/410"), wantStatus: 410, wantFinal: u("/status/410"),
			wantCode: 410, wantClass: page.ErrClassStatus, wantBody: "page says 410",
		},
		{
			name: "500", url: u("/status/500"), wantStatus: 500, wantFinal: u("/status/500"),
			wantCode: 500, wantClass: page.ErrClassStatus, wantBody: "page says 500",
		},
		{
			name: "204 is a page", url: u("/status/204"), wantStatus: 204, wantFinal: u("/status/204"),
		},
		{
			name: "redirect loop", url: u("/loop/a"), wantFinal: u("/loop/a"),
			wantHops: []page.Hop{{URL: u("/loop/a"), Status: 302}, {URL: u("/loop/b"), Status: 302}},
			wantErr:  ErrRedirectLoop, wantClass: page.ErrClassRedirects,
		},
		{
			name: "chain at the cap", cfg: func(c *Config) { c.MaxRedirects = 3 },
			url: u("/chain/3"), wantStatus: 200, wantFinal: u("/chain/0"),
			wantHops: []page.Hop{{URL: u("/chain/3"), Status: 307}, {URL: u("/chain/2"), Status: 307}, {URL: u("/chain/1"), Status: 307}},
			wantBody: "end of chain",
		},
		{
			name: "chain over the cap", cfg: func(c *Config) { c.MaxRedirects = 3 },
			url: u("/chain/4"), wantFinal: u("/chain/0"),
			wantHops: []page.Hop{{URL: u("/chain/4"), Status: 307}, {URL: u("/chain/3"), Status: 307}, {URL: u("/chain/2"), Status: 307}, {URL: u("/chain/1"), Status: 307}},
			wantErr:  ErrTooManyRedirects, wantClass: page.ErrClassRedirects,
		},
		{
			name: "default cap is 10", url: u("/chain/11"), wantFinal: u("/chain/0"),
			wantErr: ErrTooManyRedirects, wantClass: page.ErrClassRedirects,
		},
		{
			name: "negative cap follows none", cfg: func(c *Config) { c.MaxRedirects = -1 },
			url: u("/r1"), wantFinal: u("/r2"), wantHops: []page.Hop{{URL: u("/r1"), Status: 301}},
			wantErr: ErrTooManyRedirects, wantClass: page.ErrClassRedirects,
		},
		{
			name: "body over the cap", cfg: func(c *Config) { c.MaxBodyBytes = 1000 },
			url: u("/big"), wantStatus: 200, wantFinal: u("/big"), wantBodyLen: 1000, wantTruncated: true,
		},
		{
			name: "body exactly the cap", cfg: func(c *Config) { c.MaxBodyBytes = 1000 },
			url: u("/exact"), wantStatus: 200, wantFinal: u("/exact"), wantBodyLen: 1000,
		},
		{
			name: "gzip payload decoded under the cap", cfg: func(c *Config) { c.MaxBodyBytes = 1000 },
			url: u("/bomb.xml.gz"), wantStatus: 200, wantFinal: u("/bomb.xml.gz"),
			wantBody: strings.Repeat("z", 1000), wantTruncated: true,
		},
		{
			name: "content-encoding gzip decompressed", url: u("/compressed"), wantStatus: 200,
			wantFinal: u("/compressed"), wantBody: "plain words after gunzip",
		},
		{
			name: "non-UTF-8 body kept as served", url: u("/latin1"), wantStatus: 200,
			wantFinal: u("/latin1"), wantBody: "caf\xe9",
		},
		{
			name: "redirect to ftp", url: u("/to-ftp"), wantFinal: "ftp://example.com/file",
			wantHops: []page.Hop{{URL: u("/to-ftp"), Status: 302}},
			wantErr:  ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported,
		},
		{name: "ftp scheme", url: "ftp://example.com/x", wantErr: ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported},
		{name: "file scheme", url: "file:///etc/passwd", wantErr: ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported},
		{name: "javascript", url: "javascript:alert(1)", wantErr: ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported},
		{name: "mailto", url: "mailto:a@example.com", wantErr: ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported},
		{name: "relative", url: "#", wantErr: ErrUnsupportedScheme, wantClass: page.ErrClassUnsupported},
		{name: "no host", url: "http:///path", wantErr: ErrInvalidURL, wantClass: page.ErrClassUnsupported},
		{name: "unparsable", url: "http://[::1", wantErr: ErrInvalidURL, wantClass: page.ErrClassUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			c := New(cfg)
			p, err := c.Fetch(t.Context(), tc.url)
			if p == nil {
				t.Fatal("Fetch returned a nil page")
			}
			if p.RequestURL != tc.url {
				t.Errorf("RequestURL = %q, want %q", p.RequestURL, tc.url)
			}
			wantOK := tc.wantErr == nil && tc.wantCode == 0
			if wantOK != (err == nil) || p.OK() != wantOK {
				t.Fatalf("Fetch(%s) err = %v, OK() = %v; want success %v", tc.url, err, p.OK(), wantOK)
			}
			if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
				t.Errorf("Fetch(%s) err = %v, want errors.Is %v", tc.url, err, tc.wantErr)
			}
			if tc.wantCode > 0 {
				var se *StatusError
				if !errors.As(err, &se) || se.Code != tc.wantCode || se.URL != tc.wantFinal {
					t.Errorf("Fetch(%s) err = %v, want *StatusError{%s, %d}", tc.url, err, tc.wantFinal, tc.wantCode)
				}
			}
			if p.ErrClass != tc.wantClass {
				t.Errorf("page.ErrClass = %q, want %q (err %v)", p.ErrClass, tc.wantClass, err)
			}
			if (err != nil) != (p.Err != "") {
				t.Errorf("Page.Err = %q with err %v", p.Err, err)
			}
			if p.Status != tc.wantStatus {
				t.Errorf("Status = %d, want %d", p.Status, tc.wantStatus)
			}
			if tc.wantFinal != "" && p.FinalURL != tc.wantFinal {
				t.Errorf("FinalURL = %q, want %q", p.FinalURL, tc.wantFinal)
			}
			if tc.wantHops != nil && !equalHops(p.Redirects, tc.wantHops) {
				t.Errorf("Redirects = %v, want %v", p.Redirects, tc.wantHops)
			}
			if tc.wantBody != "" && string(p.Body) != tc.wantBody {
				t.Errorf("Body = %.60q (len %d), want %.60q (len %d)", p.Body, len(p.Body), tc.wantBody, len(tc.wantBody))
			}
			if tc.wantBodyLen > 0 && len(p.Body) != tc.wantBodyLen {
				t.Errorf("len(Body) = %d, want %d", len(p.Body), tc.wantBodyLen)
			}
			if p.Truncated != tc.wantTruncated {
				t.Errorf("Truncated = %v, want %v", p.Truncated, tc.wantTruncated)
			}
			if p.FetchedAt.IsZero() || p.Duration <= 0 {
				t.Errorf("FetchedAt = %v, Duration = %v: want both set", p.FetchedAt, p.Duration)
			}
		})
	}
}

func equalHops(a, b []page.Hop) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFetchKeepsHeaders(t *testing.T) {
	s := newSite(t)
	p, err := New(testConfig()).Fetch(t.Context(), s.url("/ok"))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Header.Get("X-Evidence"); got != "kept" {
		t.Errorf("Header X-Evidence = %q, want %q", got, "kept")
	}
	if p.ContentType != "text/html; charset=utf-8" {
		t.Errorf("ContentType = %q, want text/html; charset=utf-8", p.ContentType)
	}
}

func TestFetchTimeout(t *testing.T) {
	const timeout = 300 * time.Millisecond
	mux := http.NewServeMux()
	mux.HandleFunc("/sleep", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	mux.HandleFunc("/trickle", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		for range 200 {
			if _, err := w.Write([]byte("x")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	for _, path := range []string{"/sleep", "/trickle"} {
		t.Run(path, func(t *testing.T) {
			c := New(Config{AllowPrivate: true, IgnoreRobots: true, Timeout: timeout})
			start := time.Now()
			p, err := c.Fetch(t.Context(), srv.URL+path)
			elapsed := time.Since(start)
			if !errors.Is(err, ErrTimeout) || p.ErrClass != page.ErrClassTimeout {
				t.Fatalf("Fetch(%s) err = %v, class %q; want ErrTimeout, class timeout", path, err, p.ErrClass)
			}
			if elapsed < timeout || elapsed > timeout+time.Second {
				t.Errorf("Fetch(%s) took %v, want about %v", path, elapsed, timeout)
			}
			if path == "/trickle" && (p.Status != 200 || len(p.Body) == 0) {
				t.Errorf("trickle: Status = %d, len(Body) = %d; want 200 and the bytes received so far", p.Status, len(p.Body))
			}
		})
	}

	t.Run("caller deadline", func(t *testing.T) {
		c := New(Config{AllowPrivate: true, IgnoreRobots: true, Timeout: 10 * time.Second})
		ctx, cancel := context.WithTimeout(t.Context(), timeout)
		defer cancel()
		start := time.Now()
		p, err := c.Fetch(ctx, srv.URL+"/sleep")
		if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) || p.ErrClass != page.ErrClassTimeout {
			t.Errorf("Fetch past the caller's deadline: err = %v, class %q; want ErrTimeout wrapping DeadlineExceeded", err, p.ErrClass)
		}
		if elapsed := time.Since(start); elapsed > timeout+time.Second {
			t.Errorf("Fetch took %v, want about %v", elapsed, timeout)
		}
	})
}

func TestFetchContext(t *testing.T) {
	s := newSite(t)
	c := New(testConfig())
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	p, err := c.Fetch(ctx, s.url("/ok"))
	if !errors.Is(err, context.Canceled) || p.ErrClass != page.ErrClassCanceled {
		t.Errorf("Fetch with cancelled ctx: err = %v, class %q; want context.Canceled, class canceled", err, p.ErrClass)
	}
	if n := s.hitCount("/ok"); n != 0 {
		t.Errorf("server saw %d requests for /ok, want 0", n)
	}
}

func TestFetchConnectionAndTLS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String() + "/"
	ln.Close()

	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake failure is expected
	tlsSrv.StartTLS()
	defer tlsSrv.Close()

	tests := []struct {
		name, url string
		want      page.ErrClass
	}{
		{"connection refused", closed, page.ErrClassConnection},
		{"untrusted certificate", tlsSrv.URL + "/", page.ErrClassTLS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := New(Config{AllowPrivate: true, IgnoreRobots: true, Timeout: 5 * time.Second}).Fetch(t.Context(), tc.url)
			if err == nil || p.ErrClass != tc.want {
				t.Errorf("Fetch(%s) err = %v, class %q; want class %q", tc.url, err, p.ErrClass, tc.want)
			}
			if p.Status != 0 || p.FinalURL != tc.url {
				t.Errorf("Status = %d, FinalURL = %q; want 0, %q", p.Status, p.FinalURL, tc.url)
			}
		})
	}
}

func TestFetchUserAgent(t *testing.T) {
	s := newSite(t)
	for _, ua := range []string{"", "testbot/1.0"} {
		want := ua
		if want == "" {
			want = DefaultUserAgent
		}
		cfg := testConfig()
		cfg.UserAgent = ua
		if _, err := New(cfg).Fetch(t.Context(), s.url("/r1")); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/robots.txt", "/r1", "/r2", "/ok"} {
			s.mu.Lock()
			got := s.agents[path]
			s.mu.Unlock()
			if got != want {
				t.Errorf("User-Agent on %s = %q, want %q", path, got, want)
			}
		}
	}
}

func TestRobots(t *testing.T) {
	s := newSite(t)
	c := New(testConfig())
	var urls []string
	for i := range 5 {
		urls = append(urls, s.url(fmt.Sprintf("/ok?i=%d", i)), s.url(fmt.Sprintf("/private/%d", i)))
	}
	pages := c.FetchAll(t.Context(), urls)
	for i, p := range pages {
		private := strings.Contains(urls[i], "/private/")
		if private && p.ErrClass != page.ErrClassRobots {
			t.Errorf("%s: page.ErrClass = %q, want robots", urls[i], p.ErrClass)
		}
		if !private && !p.OK() {
			t.Errorf("%s: not OK: %s", urls[i], p.Err)
		}
	}
	if n := s.hitCount("/private/0") + s.hitCount("/private/1"); n != 0 {
		t.Errorf("server saw %d requests for disallowed pages, want 0", n)
	}

	// A redirect into a disallowed path is refused too.
	p, err := c.Fetch(t.Context(), s.url("/to-private"))
	if !errors.Is(err, ErrDisallowed) || p.ErrClass != page.ErrClassRobots {
		t.Errorf("redirect to disallowed: err = %v, class %q; want ErrDisallowed", err, p.ErrClass)
	}
	if p.FinalURL != s.url("/private/page") || len(p.Redirects) != 1 {
		t.Errorf("redirect to disallowed: FinalURL = %q, Redirects = %v", p.FinalURL, p.Redirects)
	}
	if got := s.robots.Load(); got != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", got)
	}

	// Another user agent group disallows everything.
	cfg := testConfig()
	cfg.UserAgent = "otherbot/2"
	if _, err := New(cfg).Fetch(t.Context(), s.url("/ok")); !errors.Is(err, ErrDisallowed) {
		t.Errorf("otherbot: err = %v, want ErrDisallowed", err)
	}
	// IgnoreRobots lifts it.
	cfg.IgnoreRobots = true
	before := s.robots.Load()
	if _, err := New(cfg).Fetch(t.Context(), s.url("/private/x")); err != nil {
		t.Errorf("IgnoreRobots: err = %v, want nil", err)
	}
	if s.robots.Load() != before {
		t.Errorf("IgnoreRobots still fetched robots.txt")
	}
}

func TestRobotsStatus(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"404 allows all", 404, ""},
		{"403 allows all", 403, "User-agent: *\nDisallow: /\n"},
		{"500 allows", 500, "User-agent: *\nDisallow: /\n"},
		{"503 allows", 503, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var robots atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/robots.txt" {
					robots.Add(1)
					w.WriteHeader(tc.status)
					fmt.Fprint(w, tc.body)
					return
				}
				fmt.Fprint(w, "page")
			}))
			defer srv.Close()
			c := New(testConfig())
			for range 3 {
				if p, err := c.Fetch(t.Context(), srv.URL+"/page"); err != nil {
					t.Fatalf("Fetch: err = %v (class %q), want nil", err, p.ErrClass)
				}
			}
			if n := robots.Load(); n != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", n)
			}
			e := c.robots.entries[strings.ToLower("http://"+srv.Listener.Addr().String())]
			if e == nil || e.status != tc.status {
				t.Errorf("cached robots entry = %+v, want status %d", e, tc.status)
			}
		})
	}
}

func TestFetchAll(t *testing.T) {
	s := newSite(t)
	c := New(testConfig())
	urls := []string{s.url("/ok"), s.url("/r1"), s.url("/ok"), s.url("/status/404"), "ftp://x/", s.url("/ok")}
	pages := c.FetchAll(t.Context(), urls)
	if len(pages) != len(urls) {
		t.Fatalf("FetchAll returned %d pages, want %d", len(pages), len(urls))
	}
	for i, p := range pages {
		if p == nil || p.RequestURL != urls[i] {
			t.Fatalf("pages[%d] = %+v, want RequestURL %q", i, p, urls[i])
		}
	}
	if pages[0] != pages[2] || pages[0] != pages[5] {
		t.Errorf("duplicate URLs got different pages")
	}
	if n := s.hitCount("/ok"); n != 2 { // once directly, once at the end of /r1
		t.Errorf("server saw /ok %d times, want 2", n)
	}
	if pages[3].Status != 404 || pages[4].ErrClass != page.ErrClassUnsupported || !pages[1].OK() {
		t.Errorf("pages: 404 status %d, ftp class %q, /r1 OK %v", pages[3].Status, pages[4].ErrClass, pages[1].OK())
	}
	if got := c.FetchAll(t.Context(), nil); len(got) != 0 {
		t.Errorf("FetchAll(nil) = %v, want empty", got)
	}
}

func TestPerHostLimit(t *testing.T) {
	const perHost = 2
	var inFlight, maxInFlight atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := maxInFlight.Load()
			if n <= m || maxInFlight.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
		if r.URL.Query().Get("hop") == "1" {
			http.Redirect(w, r, "/?hop=0&"+r.URL.RawQuery, http.StatusFound)
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()

	cfg := testConfig()
	cfg.PerHost = perHost
	cfg.Parallel = 8
	c := New(cfg)
	var urls []string
	for i := range 12 {
		urls = append(urls, fmt.Sprintf("%s/?hop=%d&i=%d", srv.URL, i%2, i))
	}
	start := time.Now()
	for i, p := range c.FetchAll(t.Context(), urls) {
		if !p.OK() {
			t.Errorf("%s: %s", urls[i], p.Err)
		}
	}
	if got := maxInFlight.Load(); got != perHost {
		t.Errorf("max requests in flight at the server = %d, want %d", got, perHost)
	}
	// 18 requests of 50 ms, 2 at a time (plus robots.txt): at least 450 ms.
	if d := time.Since(start); d < 450*time.Millisecond {
		t.Errorf("FetchAll took %v, too fast for %d per host", d, perHost)
	}
}

func TestResolve(t *testing.T) {
	var host atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host.Store(r.Host)
		fmt.Fprint(w, "demo")
	}))
	defer srv.Close()
	cfg := testConfig()
	cfg.Resolve = map[string]string{"News.Example:80": srv.Listener.Addr().String()}
	p, err := New(cfg).Fetch(t.Context(), "http://news.example/story")
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != "demo" || p.FinalURL != "http://news.example/story" {
		t.Errorf("Body = %q, FinalURL = %q", p.Body, p.FinalURL)
	}
	if got := host.Load(); got != "news.example" {
		t.Errorf("Host header = %v, want news.example", got)
	}
}

func BenchmarkFetch(b *testing.B) {
	body := bytes.Repeat([]byte("<p>benchmark paragraph</p>\n"), 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(body)
	}))
	defer srv.Close()
	c := New(Config{AllowPrivate: true})
	ctx := b.Context()
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if _, err := c.Fetch(ctx, srv.URL+"/page"); err != nil {
			b.Fatal(err)
		}
	}
}
