package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// scripted is a page whose article text only its script writes, as single-page apps do.
const scripted = `<!DOCTYPE html><html><head><title>App</title>
<script src="/bundle.js"></script></head><body><div id="root">Loading…</div></body></html>`

const bundle = `document.addEventListener("DOMContentLoaded", function () {
  fetch("/api/story").then(function (r) { return r.json(); }).then(function (s) {
    var p = document.createElement("p");
    p.textContent = s.text;
    document.getElementById("root").replaceChildren(p);
  });
});`

func site() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(scripted))
	})
	mux.HandleFunc("/bundle.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = w.Write([]byte(bundle))
	})
	mux.HandleFunc("/api/story", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"text": "The minister said the talks would resume in spring."}`))
	})
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	return httptest.NewServer(mux)
}

// eachBrowser runs test once with each browser installed (the headless shell and the full
// browser, when both are), so that every build a user may have is held to the same
// behaviour. With none it skips, except under CI, which installs them.
func eachBrowser(t *testing.T, test func(t *testing.T, exec string)) {
	t.Helper()
	found := installed()
	if len(found) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no browser on PATH (CI must install chromium)")
		}
		t.Skip("no browser on PATH")
	}
	for _, exe := range found {
		t.Run(filepath.Base(exe), func(t *testing.T) { test(t, exe) })
	}
}

// renderer returns a renderer of cfg, closed when the test ends.
func renderer(t *testing.T, cfg Config) *Renderer {
	t.Helper()
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestRenderRunsScripts(t *testing.T) {
	eachBrowser(t, func(t *testing.T, exe string) {
		srv := site()
		defer srv.Close()
		dir := t.TempDir()
		ev, err := warc.NewWriter(dir, warc.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := renderer(t, Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Evidence: ev, Timeout: 60 * time.Second})
		ctx := context.Background()

		p, err := r.Render(ctx, srv.URL+"/old")
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		if !bytes.Contains(p.Body, []byte("talks would resume in spring")) {
			t.Errorf("rendered body lacks the text the script wrote:\n%s", p.Body)
		}
		if p.Status != 200 || p.FinalURL != srv.URL+"/story" || !p.OK() {
			t.Errorf("Render: status %d, final %s, OK %v; want 200 at /story", p.Status, p.FinalURL, p.OK())
		}
		if len(p.Redirects) != 1 || p.Redirects[0].Status != 301 || p.Redirects[0].URL != srv.URL+"/old" {
			t.Errorf("Redirects = %+v, want the one 301 from /old", p.Redirects)
		}
		if err := ev.Close(); err != nil {
			t.Fatal(err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
		if len(files) != 1 {
			t.Fatalf("WARC files %v, want 1", files)
		}
		types := map[string]int{}
		var api bool
		f, err := os.Open(files[0])
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for rd := warc.NewReader(f); ; {
			rec, _, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			types[rec.Type()]++
			if rec.Type() == warc.TypeResponse && strings.HasSuffix(rec.TargetURI(), "/api/story") && bytes.Contains(rec.Block, []byte("resume in spring")) {
				api = true
			}
		}
		if types[warc.TypeConversion] != 1 || types[warc.TypeResponse] < 3 || !api {
			t.Errorf("evidence records %v (api response captured: %v); want a conversion and the responses the browser received", types, api)
		}
	})
}

func TestRenderStatusAndGuard(t *testing.T) {
	eachBrowser(t, func(t *testing.T, exe string) {
		srv := site()
		defer srv.Close()
		ctx := context.Background()

		r := renderer(t, Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Timeout: 60 * time.Second})
		p, err := r.Render(ctx, srv.URL+"/gone")
		var se *crawler.StatusError
		if !errors.As(err, &se) || se.Code != 410 || p.ErrClass != page.ErrClassStatus {
			t.Errorf("Render(/gone): err %v, class %q; want a StatusError 410", err, p.ErrClass)
		}

		// Without AllowPrivate the browser reaches no loopback address, not even the page.
		guarded := renderer(t, Config{ExecPath: exe, Timeout: 60 * time.Second})
		p, err = guarded.Render(ctx, srv.URL+"/story")
		if !errors.Is(err, crawler.ErrPrivateAddress) || p.ErrClass != page.ErrClassPrivate || bytes.Contains(p.Body, []byte("resume")) {
			t.Errorf("Render(loopback) without AllowPrivate: err %v, class %q; want ErrPrivateAddress and no text", err, p.ErrClass)
		}

		if _, err := r.Render(ctx, "ftp://example.com/x"); !errors.Is(err, crawler.ErrInvalidURL) {
			t.Errorf("Render(ftp) err = %v, want ErrInvalidURL", err)
		}
	})
}

func TestNewWithoutBrowser(t *testing.T) {
	if _, err := New(Config{ExecPath: filepath.Join(t.TempDir(), "no-such-browser")}); !errors.Is(err, ErrUnavailable) {
		t.Errorf("New(missing browser) err = %v, want ErrUnavailable", err)
	}
}

// TestRenderSettlesOnQuiet: a render waits while the page's requests are in flight (the
// text comes from an answer slower than networkQuiet), and ends once the network has been
// quiet, well before a long Settle.
func TestRenderSettlesOnQuiet(t *testing.T) {
	eachBrowser(t, func(t *testing.T, exe string) {
		mux := http.NewServeMux()
		mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html><body><div id="root">Loading…</div><script>
fetch("/slow").then(function (r) { return r.text(); }).then(function (t) {
  setTimeout(function () { document.getElementById("root").textContent = t; }, 100);
});</script></body></html>`)
		})
		mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(3 * networkQuiet)
			fmt.Fprint(w, "The minister said the talks would resume in spring.")
		})
		srv := httptest.NewServer(mux)
		defer srv.Close()
		const settle = 30 * time.Second
		r := renderer(t, Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Timeout: time.Minute, Settle: settle})
		start := time.Now()
		p, err := r.Render(context.Background(), srv.URL+"/story")
		took := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(p.Body, []byte("resume in spring")) {
			t.Errorf("the render ended before the slow answer was written:\n%s", p.Body)
		}
		if took > settle/2 {
			t.Errorf("the render took %v: it waited for Settle (%v), not for the network to go quiet", took, settle)
		}
	})
}

// TestRenderFetchesNoImages: a render asks for no image, media or font (they hold no text,
// and the load event it waits for would wait for each), while the page's scripts and the
// data they fetch still load.
func TestRenderFetchesNoImages(t *testing.T) {
	eachBrowser(t, func(t *testing.T, exe string) {
		var unwanted, scripts atomic.Int32
		mux := http.NewServeMux()
		mux.HandleFunc("/story", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `<html><head><style>@font-face { font-family: F; src: url(/f.woff2); } body { font-family: F; }</style>
<script src="/app.js"></script></head><body><p>Text</p><img src="/photo.jpg"><video src="/clip.mp4" autoplay></video>
<p id="t"></p></body></html>`)
		})
		mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
			scripts.Add(1)
			w.Header().Set("Content-Type", "text/javascript")
			fmt.Fprint(w, `fetch("/api").then(function (r) { return r.text(); }).then(function (t) { document.getElementById("t").textContent = t; });`)
		})
		mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "The minister said the talks would resume in spring.")
		})
		for _, path := range []string{"/photo.jpg", "/clip.mp4", "/f.woff2"} {
			mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
				unwanted.Add(1)
				time.Sleep(2 * time.Second)
			})
		}
		srv := httptest.NewServer(mux)
		defer srv.Close()
		r := renderer(t, Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Timeout: time.Minute})
		p, err := r.Render(context.Background(), srv.URL+"/story")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(p.Body, []byte("resume in spring")) || scripts.Load() != 1 {
			t.Errorf("the script did not run (%d fetches of it):\n%s", scripts.Load(), p.Body)
		}
		if n := unwanted.Load(); n != 0 {
			t.Errorf("the render asked for %d images, videos or fonts, want none", n)
		}
	})
}

// TestRenderSharesNoState: renders share one browser but no state. A page that sets a
// cookie and storage in one render finds neither in the next; the browser is started
// once, started again when it died, and refused after Close.
func TestRenderSharesNoState(t *testing.T) {
	eachBrowser(t, func(t *testing.T, exe string) {
		mux := http.NewServeMux()
		mux.HandleFunc("/set", func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "seen", Value: "yes", Path: "/", MaxAge: 3600})
			fmt.Fprint(w, `<html><body><p id="t">set</p><script>localStorage.setItem("k", "v");</script></body></html>`)
		})
		mux.HandleFunc("/get", func(w http.ResponseWriter, r *http.Request) {
			c, _ := r.Cookie("seen")
			got := "none"
			if c != nil {
				got = c.Value
			}
			fmt.Fprintf(w, `<html><body><p>cookie %s</p><p id="s"></p><script>document.getElementById("s").textContent = "storage " + (localStorage.getItem("k") || "none");</script></body></html>`, got)
		})
		srv := httptest.NewServer(mux)
		defer srv.Close()
		r := renderer(t, Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Timeout: 60 * time.Second, Settle: 200 * time.Millisecond})
		ctx := context.Background()

		render := func(path string) string {
			t.Helper()
			p, err := r.Render(ctx, srv.URL+path)
			if err != nil {
				t.Fatalf("Render(%s): %v", path, err)
			}
			return string(p.Body)
		}
		render("/set")
		first := r.browser
		if got := render("/get"); !strings.Contains(got, "cookie none") || !strings.Contains(got, "storage none") {
			t.Errorf("the second render saw the first one's state:\n%s", got)
		}
		if r.browser != first {
			t.Error("the second render started another browser")
		}

		first.cancel() // the browser dies
		if got := render("/get"); !strings.Contains(got, "cookie none") {
			t.Errorf("render after the browser died: %s", got)
		}
		if r.browser == first || r.browser == nil {
			t.Error("no new browser after the first one died")
		}

		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.Render(ctx, srv.URL+"/get"); err == nil {
			t.Error("Render after Close succeeded")
		}
	})
}

// BenchmarkRender renders one small page a time with one renderer of each installed
// browser: the browser starts on the first render only.
func BenchmarkRender(b *testing.B) {
	srv := site()
	defer srv.Close()
	found := installed()
	if len(found) == 0 {
		b.Skip("no browser on PATH")
	}
	for _, exe := range found {
		b.Run(filepath.Base(exe), func(b *testing.B) {
			r, err := New(Config{ExecPath: exe, Fetch: crawler.Config{AllowPrivate: true}, Timeout: 60 * time.Second, Settle: 10 * time.Millisecond})
			if err != nil {
				b.Fatal(err)
			}
			defer r.Close()
			for b.Loop() {
				if _, err := r.Render(context.Background(), srv.URL+"/story"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
