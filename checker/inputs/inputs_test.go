package inputs

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

func TestURLList(t *testing.T) {
	in := "\ufeff# a comment\nhttps://a.example/1\n\nhttps://a.example/1#frag\n  http://b.example/2  # trailing note\nftp://c.example/\nnot a url\nhttps://a.example/3\n"
	urls, problems, err := URLList(strings.NewReader(in), "urls.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://a.example/1", "http://b.example/2", "https://a.example/3"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("urls = %q, want %q", urls, want)
	}
	if len(problems) != 2 || problems[0].Where != "urls.txt:6" || problems[1].Where != "urls.txt:7" {
		t.Errorf("problems = %v, want lines 6 and 7", problems)
	}
}

func FuzzURLList(f *testing.F) {
	f.Add("https://a.example/1\n# c\nhttp://b/ #x\n")
	f.Add("\ufeff\x00http://[::1]:80/\n%zz\n")
	f.Fuzz(func(t *testing.T, in string) {
		urls, _, err := URLList(strings.NewReader(in), "f")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, u := range urls {
			if seen[u] {
				t.Fatalf("duplicate %q", u)
			}
			seen[u] = true
			if _, err := CleanURL(u); err != nil {
				t.Fatalf("returned unusable URL %q: %v", u, err)
			}
		}
	})
}

func TestFolder(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.html", "a/c.htm", "a/d.html.gz", "a/e.txt", ".hidden/f.html", "a/.g.html"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	files, _, err := Folder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, f := range files {
		r, _ := filepath.Rel(dir, f)
		rel = append(rel, filepath.ToSlash(r))
	}
	if got, want := strings.Join(rel, " "), "a/c.htm a/d.html.gz b.html"; got != want {
		t.Errorf("files = %q, want %q", got, want)
	}
	if _, _, err := Folder(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing folder: no error")
	}
}

// sharedData is the folder of real data sets beside the project, when present.
func sharedData(t *testing.T, parts ...string) string {
	p := filepath.Join(append([]string{"..", "..", "..", "shared", "data"}, parts...)...)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present", p)
	}
	return p
}

func TestWARCPagesOnRealFiles(t *testing.T) {
	tests := []struct {
		file      string
		pages     int
		problems  bool
		firstURL  string
		wantInDoc string
	}{
		{"warcio/example.warc", 1, false, "http://example.com/", "Example Domain"},
		{"warcio/example.warc.gz", 1, false, "http://example.com/", "Example Domain"},
		{"warcio/example-iana.org-chunked.warc", 1, false, "http://www.iana.org/", "Internet Assigned Numbers Authority"},
		{"warcio/example-resource.warc.gz", 1, false, "", ""},
		{"jwarc/cc.warc.gz", 1, false, "http://commoncrawl.org/", ""},
		{"webarchive-commons/link-extraction-test.warc", 7, false, "", ""},
		{"warcio/example-trunc.warc", 0, true, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			path := sharedData(t, "warc-samples", tc.file)
			recs, problems, err := WARCPages(path)
			if err != nil {
				t.Fatal(err)
			}
			if tc.problems != (len(problems) > 0) {
				t.Errorf("problems = %v, want some: %v", problems, tc.problems)
			}
			if len(recs) != tc.pages {
				t.Fatalf("pages = %+v, want %d", recs, tc.pages)
			}
			if tc.firstURL != "" && recs[0].URL != tc.firstURL {
				t.Errorf("first URL = %q, want %q", recs[0].URL, tc.firstURL)
			}
			for _, r := range recs {
				p, err := ReadWARCPage(path, r.Offset, r.Index)
				if err != nil {
					t.Fatalf("ReadWARCPage(%d, %d): %v", r.Offset, r.Index, err)
				}
				if len(p.Body) == 0 || p.RequestURL != r.URL {
					t.Errorf("page at %d: %d bytes, url %q", r.Offset, len(p.Body), p.RequestURL)
				}
				if tc.wantInDoc != "" && !strings.Contains(string(p.Body), tc.wantInDoc) {
					t.Errorf("body at %d lacks %q: %.200q", r.Offset, tc.wantInDoc, p.Body)
				}
			}
		})
	}
}

type pageServer struct{ srv *httptest.Server }

func (s pageServer) Fetch(ctx context.Context, u string) (*page.Page, error) {
	res, err := s.srv.Client().Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return nil, errors.New(res.Status)
	}
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return &page.Page{RequestURL: u, Status: 200, Body: []byte(b.String())}, nil
}

func TestSitemapAndFeed(t *testing.T) {
	mux := http.NewServeMux()
	var srv *httptest.Server
	mux.HandleFunc("/index.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>` + srv.URL + `/a.xml</loc></sitemap><sitemap><loc>` + srv.URL + `/missing.xml</loc></sitemap><sitemap><loc>` + srv.URL + `/a.xml</loc></sitemap></sitemapindex>`))
	})
	mux.HandleFunc("/a.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/1</loc></url><url><loc> https://n.example/2 </loc></url><url><loc>mailto:x@y</loc></url><url><loc>https://n.example/1</loc></url></urlset>`))
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<rss version="2.0"><channel><title>t</title><item><title>a</title><link>https://n.example/a</link></item><item><title>b</title><link>https://n.example/b#c</link></item><item><title>no link</title></item></channel></rss>`))
	})
	mux.HandleFunc("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><title>a</title><link href="https://n.example/x"/></entry></feed>`))
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()
	f := pageServer{srv}
	ctx := context.Background()
	urls, problems, err := Sitemap(ctx, f, srv.URL+"/index.xml")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(urls, " ") != "https://n.example/1 https://n.example/2" || len(problems) != 2 {
		t.Errorf("sitemap urls = %q problems = %v", urls, problems)
	}
	urls, problems, err = Feed(ctx, f, srv.URL+"/rss.xml")
	if err != nil || strings.Join(urls, " ") != "https://n.example/a https://n.example/b" || len(problems) != 1 {
		t.Errorf("rss urls = %q problems = %v err = %v", urls, problems, err)
	}
	urls, _, err = Feed(ctx, f, srv.URL+"/atom.xml")
	if err != nil || strings.Join(urls, " ") != "https://n.example/x" {
		t.Errorf("atom urls = %q err = %v", urls, err)
	}
	if _, _, err := Sitemap(ctx, f, srv.URL+"/rss.xml"); err == nil {
		t.Error("an RSS feed read as a sitemap: no error")
	}
}
