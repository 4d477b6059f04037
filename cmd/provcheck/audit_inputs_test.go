package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/benchweb"
)

// TestAuditInputs audits every kind of input end to end and checks the items the run
// recorded: URL lists (with a bad line), folders, real WARC files (one truncated),
// sitemaps (an index and a urlset) and feeds.
func TestAuditInputs(t *testing.T) {
	requireBinary(t)
	web := benchweb.Web{N: 6, Sites: 2}
	gen := web.Handler()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Host, "127.0.0.1") {
			gen.ServeHTTP(w, r)
			return
		}
		switch r.URL.Path {
		case "/sitemap-index.xml":
			fmt.Fprintf(w, `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/sitemap-1.xml</loc></sitemap></sitemapindex>`, srv.URL)
		case "/sitemap-1.xml":
			fmt.Fprintf(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s</loc></url><url><loc>%s</loc></url></urlset>`, web.ArticleURL(0), web.ArticleURL(1))
		case "/feed.xml":
			fmt.Fprintf(w, `<rss version="2.0"><channel><title>t</title><item><title>a</title><link>%s</link></item><item><title>b</title><link>%s</link></item></channel></rss>`, web.ArticleURL(2), web.ArticleURL(1))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	flags := []string{"--allow-private", "--no-archive", "--quiet"}
	for _, host := range web.Hosts() {
		flags = append(flags, "--resolve", host+":80:"+addr)
	}

	dir := t.TempDir()
	urls := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(urls, []byte(web.ArticleURL(3)+"\nnot a url\n"+web.ArticleURL(3)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "saved")
	if err := os.MkdirAll(filepath.Join(folder, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ name, body string }{
		{"a.html", string(renderArticle(t, srv.URL+"/orig/speech.html"))},
		{"sub/b.htm", "<html><body></body></html>"},
		{"notes.txt", "not a page"},
	} {
		if err := os.WriteFile(filepath.Join(folder, f.name), []byte(f.body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"audit", "--db", filepath.Join(dir, "p.db"), "--urls", urls,
		"--sitemap", srv.URL + "/sitemap-index.xml", "--feed", srv.URL + "/feed.xml", folder}
	warcs, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", "warc-samples"))
	if err != nil {
		t.Fatal(err)
	}
	haveWARC := false
	if _, err := os.Stat(warcs); err == nil {
		haveWARC = true
		args = append(args, filepath.Join(warcs, "warcio", "example.warc.gz"), filepath.Join(warcs, "warcio", "example-trunc.warc"))
	}
	r := runBinary(t, nil, append(args, flags...)...)
	if r.code != exitOK {
		t.Fatalf("audit: %s", r)
	}
	conn := openDB(t, filepath.Join(dir, "p.db"))
	rows, err := conn.Query(`SELECT kind, input, state, error FROM audit_items ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var items []string
	for rows.Next() {
		var kind, input, state, reason string
		if err := rows.Scan(&kind, &input, &state, &reason); err != nil {
			t.Fatal(err)
		}
		items = append(items, fmt.Sprintf("%s %s %s %s", kind, filepath.Base(input), state, reason))
	}
	all := strings.Join(items, "\n")
	want := []string{
		"url 3 done",               // the URL list, its duplicate dropped
		"url 0 done", "url 1 done", // the sitemap index and its urlset
		"url 2 done",       // the feed (its second link is the sitemap's: checked once)
		"file a.html done", // the folder, recursively
		"file b.htm failed",
		"input urls.txt:2 failed",
	}
	if haveWARC {
		want = append(want, "warc example.warc.gz@", "example-trunc.warc@")
	}
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("items lack %q:\n%s", w, all)
		}
	}
	if strings.Contains(all, "notes.txt") {
		t.Errorf("a .txt file was audited:\n%s", all)
	}
	if n := strings.Count(all, "url 1 "); n != 1 {
		t.Errorf("article 1 listed %d times, want once:\n%s", n, all)
	}
	if !strings.Contains(string(r.stdout), "Failed items") || !strings.Contains(string(r.stdout), "not a URL") && !strings.Contains(string(r.stdout), "is not an http(s) URL") {
		t.Errorf("summary does not report the failed items:\n%s", r.stdout)
	}
}
