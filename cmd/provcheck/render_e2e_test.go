package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The article quotes a minister whose words only the original's script writes.
const jsArticle = `<!DOCTYPE html><html><head><title>Talks to resume</title></head><body><article>
<h1>Talks to resume</h1>
<p>The two delegations are to meet again after a pause of three weeks, officials said on Monday.</p>
<p>“The talks will resume in the spring, in the same city,” the minister said in
<a href="/app/statement">a statement</a> published on the ministry's site.</p>
<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
</article></body></html>`

// jsShell is the ministry's page as a plain HTTP client gets it: no text, a bundle.
const jsShell = `<!DOCTYPE html><html><head><title>Ministry</title><script src="/app/bundle.js"></script></head>
<body><div id="root">Loading…</div></body></html>`

const jsBundle = `document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("root");
  root.innerHTML = "<article><h1>Statement</h1><p>The minister spoke to the press on Monday morning at the ministry.</p>" +
    "<p>“The talks will resume in the spring, in the same city,” the minister said. " +
    "The delegations agreed on the date after long consultations with their governments and partners.</p>" +
    "<p>A further statement will follow once the agenda of the meeting has been settled by both sides.</p></article>";
});`

// jsBrief is a short statement served whole, which also loads the bundle: its HTML holds
// the quote, so it needs no browser.
const jsBrief = `<!DOCTYPE html><html><head><title>Statement</title><script src="/app/bundle.js"></script></head>
<body><article><h1>Statement</h1><p>“The talks will resume in the spring, in the same city,” the minister said.</p></article></body></html>`

func jsSite() *httptest.Server {
	mux := http.NewServeMux()
	serve := func(path, ctype, body string) {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ctype)
			_, _ = w.Write([]byte(body))
		})
	}
	serve("/article.html", "text/html; charset=utf-8", jsArticle)
	serve("/app/statement", "text/html; charset=utf-8", jsShell)
	serve("/app/bundle.js", "text/javascript", jsBundle)
	serve("/brief.html", "text/html; charset=utf-8", strings.Replace(jsArticle, "/app/statement", "/app/brief", 1))
	serve("/app/brief", "text/html; charset=utf-8", jsBrief)
	return httptest.NewServer(mux)
}

type jsReport struct {
	Quotes []struct {
		Text, Verdict string
	} `json:"quotes"`
	Findings []struct {
		Rule, Message string
	} `json:"findings"`
}

func checkJS(t *testing.T, url string, flags ...string) jsReport {
	t.Helper()
	r := runBinary(t, nil, jsonCheck(url, flags...)...)
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", r.code, exitOK, r)
	}
	var rep jsReport
	if err := json.Unmarshal(r.stdout, &rep); err != nil {
		t.Fatalf("decode report: %v\n%s", err, r.stdout)
	}
	if len(rep.Quotes) != 1 {
		t.Fatalf("quotes = %+v, want the minister's", rep.Quotes)
	}
	return rep
}

// TestE2ERenderAuto checks an original whose text its script writes: read in headless
// Chromium with --render auto, its quote is verified; without a browser it is
// link.unparsed, saying that rendering is unavailable, and never verified; with --render
// never the shell is read as it is and the quote is not found. A short page with a bundle
// that holds the quote in its HTML is verified without a browser.
func TestE2ERenderAuto(t *testing.T) {
	requireBinary(t)
	srv := jsSite()
	t.Cleanup(srv.Close)
	article := srv.URL + "/article.html"

	if _, err := exec.LookPath("chromium"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; CI must install it")
		}
		t.Log("chromium not installed: only the cases without a browser run")
	} else {
		rep := checkJS(t, article, "--render", "auto")
		if v := rep.Quotes[0].Verdict; v != "verified" {
			t.Errorf("--render auto: quote verdict %q, want verified\n%+v", v, rep.Findings)
		}
	}

	if rep := checkJS(t, article, "--render", "never"); rep.Quotes[0].Verdict == "verified" {
		t.Errorf("--render never: quote verified against a page with no text")
	}

	t.Setenv("PATH", t.TempDir()) // no browser to be found
	rep := checkJS(t, article, "--render", "auto")
	if v := rep.Quotes[0].Verdict; v == "verified" {
		t.Errorf("no browser: quote %q verified, want it unverified", v)
	}
	unparsed := ""
	for _, f := range rep.Findings {
		if f.Rule == "link.unparsed" {
			unparsed = f.Message
		}
	}
	if !strings.Contains(unparsed, "rendering is unavailable") {
		t.Errorf("no browser: link.unparsed = %q, want it to say rendering is unavailable", unparsed)
	}

	// A short page with a bundle whose HTML holds the quote is read as it came.
	rep = checkJS(t, srv.URL+"/brief.html", "--render", "auto")
	if v := rep.Quotes[0].Verdict; v != "verified" {
		t.Errorf("no browser, the quote in the page's HTML: verdict %q, want verified\n%+v", v, rep.Findings)
	}
	for _, f := range rep.Findings {
		if f.Rule == "link.unparsed" {
			t.Errorf("no browser, the quote in the page's HTML: link.unparsed %q", f.Message)
		}
	}
}
