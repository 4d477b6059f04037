package benchweb

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

var realish = `<!DOCTYPE html><html><head><title>A real story</title>
<link rel="canonical" href="https://news.test/story"><meta property="og:url" content="https://news.test/story">
<script src="https://cdn.test/app.js"></script></head><body>
<nav><a href="https://news.test/">Home</a> <a href="/world">World</a></nav>
<aside><p>Short caption.</p></aside>
<article><div class="body">
<p>` + prose + `</p><p>` + prose + `</p><p>` + prose + `</p><p>` + prose + `</p>
<img src="https://cdn.test/a.jpg" srcset="https://cdn.test/a2.jpg 2x">
</div></article>
<footer><p>` + strings.Repeat("Footer words. ", 5) + `</p><a href="https://other.test/privacy">Privacy</a></footer>
</body></html>`

var prose = strings.Repeat("The council met on Tuesday and talked about the budget for the coming year. ", 3)

func TestPrepare(t *testing.T) {
	tp, ok := Prepare("real.html", []byte(realish))
	if !ok {
		t.Fatal("Prepare: not usable, want a template")
	}
	page := tp.fill([3]string{"<p>ONE</p>", "<p>TWO</p>", "<p>THREE</p>"})
	for _, gone := range []string{"canonical", "og:url", "cdn.test", "news.test", "other.test"} {
		if strings.Contains(page, gone) {
			t.Errorf("filled page still names %q", gone)
		}
	}
	if n := strings.Count(page, `href="/more/`); n != 3 {
		t.Errorf("page has %d links to section pages, want 3 (every link of the page)", n)
	}
	one, two, three := strings.Index(page, "ONE"), strings.Index(page, "TWO"), strings.Index(page, "THREE")
	body, end := strings.Index(page, `<div class="body">`), strings.Index(page, "</article>")
	if !(body < one && one < two && two < three && three < end) {
		t.Errorf("planted paragraphs at %d, %d, %d; want in order inside the article body (%d..%d)", one, two, three, body, end)
	}
	if _, ok := Prepare("menu.html", []byte(`<html><body><p>Too short.</p></body></html>`)); ok {
		t.Error("Prepare(page without prose) ok, want not usable")
	}
	// A post of one paragraph under a long comment thread: the thread is not its article,
	// so nothing is planted in it (the page has too little prose to be a template).
	thread := `<html><body class="single comments-open"><article><div class="entry-content"><p>` + prose + `</p></div></article>
<div id="comments" class="comments-area"><ol class="comment-list"><li class="comment"><div class="comment-body">
<p>` + prose + `</p><p>` + prose + `</p><p>` + prose + `</p><p>` + prose + `</p></div></li></ol></div></body></html>`
	if tp, ok := Prepare("thread.html", []byte(thread)); ok {
		t.Errorf("Prepare(post with a comment thread) cut it at %d, %d, %d; want not usable", len(tp.parts[0]), len(tp.parts[1]), len(tp.parts[2]))
	}
	withThread := strings.Replace(realish, "</article>", "</article>\n"+thread[strings.Index(thread, `<div id="comments"`):strings.Index(thread, "</body>")], 1)
	if tp, ok := Prepare("real+thread.html", []byte(withThread)); !ok {
		t.Error("Prepare(story with a comment thread) not usable")
	} else if page := tp.fill([3]string{"<p>ONE</p>", "<p>TWO</p>", "<p>THREE</p>"}); strings.Index(page, "THREE") > strings.Index(page, `id="comments"`) {
		t.Error("planted a paragraph in the comment thread, want every one in the article")
	}
	// A blog's front page: a short first story, then longer ones. Its main text is the
	// first story, not the one with the most prose, so it is no template; a story followed
	// by cards of related stories is one.
	front := `<html><body><article><p>` + prose + `</p></article><article><p>` + prose + `</p><p>` + prose + `</p><p>` + prose + `</p></article></body></html>`
	if _, ok := Prepare("front.html", []byte(front)); ok {
		t.Error("Prepare(front page of several stories) ok, want not usable")
	}
	// A long caption is no paragraph of the article: nothing is planted after it.
	captioned := `<html><body><article><div class="body"><p>` + prose + `</p><p>` + prose + `</p>
<div class="wp-caption"><p class="wp-caption-text">` + prose + `</p></div><p>` + prose + `</p><p>` + prose + `</p></div></article></body></html>`
	if tp, ok := Prepare("captioned.html", []byte(captioned)); !ok {
		t.Error("Prepare(story with a caption) not usable")
	} else if page := tp.fill([3]string{"<p>ONE</p>", "<p>TWO</p>", "<p>THREE</p>"}); strings.Contains(page, "<p>TWO</p></div>") {
		t.Errorf("planted a paragraph in the caption:\n%s", page)
	}
	withCards := strings.Replace(realish, "</article>", "</article><article class=\"card\"><p>"+prose+"</p></article>", 1)
	if _, ok := Prepare("real+cards.html", []byte(withCards)); !ok {
		t.Error("Prepare(story with related cards) not usable")
	}
}

func TestHandlerServesBothWays(t *testing.T) {
	tp, _ := Prepare("real.html", []byte(realish))
	for _, w := range []Web{{N: 12, Sites: 3}, {N: 12, Sites: 3, Templates: []Template{tp}}} {
		srv := httptest.NewServer(w.Handler())
		get := func(host, path string) (int, string) {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			if host != "" {
				req.Host = host
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		code, byName := get("site1.example", "/news/4")
		if code != 200 || !strings.Contains(byName, `href="http://wire`) {
			t.Errorf("templates=%d: article by host name: status %d, want 200 with absolute links to the wire", len(w.Templates), code)
		}
		code, byPath := get("", "/h/site1.example/news/4")
		if code != 200 || strings.ReplaceAll(byName, "http://", "/h/") != byPath {
			t.Errorf("templates=%d: article by path: status %d, want the same page with /h/ links", len(w.Templates), code)
		}
		if code, _ := get("site2.example", "/news/4"); code != 404 {
			t.Errorf("article on the wrong site: status %d, want 404", code)
		}
		_, index := get("", "/")
		if n := strings.Count(index, "<a href="); n != w.N {
			t.Errorf("index lists %d articles, want %d", n, w.N)
		}
		srv.Close()
	}
}

func TestCompareByKey(t *testing.T) {
	w := Web{N: 1, Sites: 1}
	tr := w.Truth(0)
	var quotes, cites []Item
	// Stored in another order, with a quote of the page's own and a trailing comma.
	quotes = append(quotes, Item{Key: "“Not ours”", Verdict: "not_found"})
	for k := len(tr.Quotes) - 1; k >= 0; k-- {
		quotes = append(quotes, Item{Key: tr.QuoteTexts[k] + ",", Verdict: tr.Quotes[k]})
	}
	for k := range tr.Citations {
		cites = append(cites, Item{Key: tr.CitationURLs[k], Verdict: tr.Citations[k]})
	}
	cites[0].Verdict = "dead" // one of the three citations of the wire is wrong
	q := w.Compare(map[string][]Item{tr.URL: quotes}, true)
	if q.Unplanted != 1 || q.Confusion["verified"]["verified"] != 1 || q.Confusion["negation"]["negation"] != 1 {
		t.Errorf("quotes: %+v, want every planted quote paired and one unplanted", q)
	}
	c := w.Compare(map[string][]Item{tr.URL: cites}, false)
	if c.Confusion["ok"]["dead"] != 1 || c.Confusion["ok"]["ok"] != 2 {
		t.Errorf("citations: %+v, want the wrong verdict counted as ok→dead", c)
	}
	if p, r := c.PrecisionRecall("ok"); p != 1 || r < 0.66 || r > 0.67 {
		t.Errorf("ok precision %.3f recall %.3f, want 1 and 2/3", p, r)
	}
}
