package web

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/rules"
)

// hostileArticle carries script and markup in its title, byline, quotes, link text and
// link targets.
const hostileArticle = `<!DOCTYPE html><html><head>
<title>&lt;script&gt;alert("title")&lt;/script&gt; Minister speaks</title>
<meta name="author" content="&lt;img src=x onerror=alert(1)&gt;">
</head><body><article>
<h1>&lt;script&gt;alert("h1")&lt;/script&gt; Minister speaks</h1>
<p>The minister said "&lt;script&gt;alert('quote')&lt;/script&gt; we will build the bridge this year" at the opening, according to <a href="http://hostile.example/orig">&lt;img src=x onerror=alert(3)&gt;</a>.</p>
<p>He added: "the budget is balanced and the bridge is paid for", in <a href="javascript:alert(4)">a statement</a>.</p>
<p>Officials said "<b>nothing</b> was decided" on <a href="http://hostile.example/%3Cscript%3E">the record</a>.</p>
</article></body></html>`

// Article text is hostile input: no page shows any of it as markup.
func TestHostileArticle(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/orig" {
			_, _ = io.WriteString(w, `<html><head><title>&lt;script&gt;x&lt;/script&gt;</title></head><body><article><p>The minister said we will build the bridge next year.</p></article></body></html>`)
			return
		}
		_, _ = io.WriteString(w, hostileArticle)
	}))
	defer site.Close()
	cr := crawler.New(crawler.Config{
		AllowPrivate: true, IgnoreRobots: true, Timeout: 5 * time.Second, RetryLater: -1,
		Resolve: map[string]string{"hostile.example:80": site.Listener.Addr().String()},
	})
	engine, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Config{Check: checker.New(cr, engine, checker.Config{NoArchive: true}).CheckURL})
	id := f.submit(t, "http://hostile.example/story?<script>=1")
	meta, err := f.db.Run(t.Context(), id)
	if err != nil || meta.State != store.StateDone {
		t.Fatalf("run %d: %+v %v (%s)", id, meta, err, f.srv.failure(id))
	}
	run := fmt.Sprintf("/runs/%d", id)
	for _, target := range []string{
		"/", "/runs", run, run + "/articles/1", "/quotes?q=" + url.QueryEscape("we will build the bridge"),
		"/sources", "/sources?by=author", fmt.Sprintf("/checks/%d", id), run + "/export/html", run + "/articles/1/export/html",
	} {
		res := f.do(t, "GET", target, nil)
		body := readBody(t, res)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %d", target, res.StatusCode)
		}
		for _, bad := range []string{"<script", "<img", `href="javascript`, `src="javascript`, "<b>nothing"} {
			if strings.Contains(strings.ToLower(body), bad) {
				i := strings.Index(strings.ToLower(body), bad)
				t.Errorf("%s carries %q: …%s…", target, bad, body[max(0, i-80):min(len(body), i+80)])
			}
		}
	}
	if body := readBody(t, f.do(t, "GET", run+"/articles/1", nil)); !strings.Contains(body, "Minister speaks") {
		t.Error("the hostile article's report is not shown")
	}
}
