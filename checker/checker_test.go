package checker

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
)

// fakeWeb answers fetches from a map of URL to page body; unknown URLs are 404.
type fakeWeb struct {
	mu    sync.Mutex
	pages map[string]string
	asked []string
}

func (f *fakeWeb) Fetch(_ context.Context, u string) (*page.Page, error) {
	f.mu.Lock()
	f.asked = append(f.asked, u)
	f.mu.Unlock()
	body, ok := f.pages[u]
	if !ok {
		err := &crawler.StatusError{URL: u, Code: 404}
		return &page.Page{RequestURL: u, FinalURL: u, Status: 404, Err: err.Error(), ErrClass: page.ErrClassStatus}, err
	}
	return &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: []byte(body)}, nil
}

func (f *fakeWeb) FetchAll(ctx context.Context, urls []string) []*page.Page {
	out := make([]*page.Page, len(urls))
	for i, u := range urls {
		out[i], _ = f.Fetch(ctx, u)
	}
	return out
}

const filler = `<p>This paragraph is filler so that the extractor sees enough running text to treat the article as the main content of the page and keep it.</p>
<p>Another paragraph of filler with nothing to quote, written plainly, in order to pass the extractor's minimum size for a main text.</p>`

func TestCheckURL(t *testing.T) {
	web := &fakeWeb{pages: map[string]string{
		"https://news.example/a": `<html><head><title>A</title></head><body><article><h1>A</h1>
<p>“We will move towards a multipolar, fair world order,” Lavrov said, according to <a href="https://wire.example/w">the wire</a> and <a href="https://wire.example/w#p2">again</a>.</p>
<p>See also <a href="#">this</a> and <a href="https://gone.example/x">a dead page</a>.</p>` + filler + `</article></body></html>`,
		"https://wire.example/w": `<html><head><title>W</title></head><body><article><h1>W</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said on Wednesday in Tunxi.</p>` + filler + `</article></body></html>`,
	}}
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := New(web, e, Config{}).CheckURL(context.Background(), "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	// The same original cited twice (with another fragment) is fetched once; "#" never.
	for _, u := range web.asked {
		if strings.Contains(u, "#") {
			t.Errorf("fetched %q", u)
		}
	}
	if len(web.asked) != 3 {
		t.Errorf("fetched %v, want the article, the wire once and the dead page", web.asked)
	}
	if len(res.Originals) != len(res.Article.Citations) || res.Originals[0] != res.Originals[1] || res.Originals[2] != nil {
		t.Errorf("originals not aligned with citations: %+v", res.Originals)
	}
	got := map[string]int{}
	for _, f := range res.Findings {
		got[f.Rule]++
	}
	want := map[string]int{"quote.altered": 1, "link.placeholder": 1, "link.dead": 1}
	for rule, n := range want {
		if got[rule] != n {
			t.Errorf("%s findings = %d, want %d (all: %v)", rule, got[rule], n, got)
		}
	}
	rep := res.Report()
	rec, err := Record(res, rep)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Fetches) != 3 || rec.Fetch != 0 || rec.Citations[0].Fetch != rec.Citations[1].Fetch || rec.Citations[2].Fetch != -1 {
		t.Errorf("record fetches = %d, article %d, citations %+v", len(rec.Fetches), rec.Fetch, rec.Citations)
	}
}

// TestRecordStoresReadingCopies: an original's HTML goes to the store as its reading copy
// (no inline script, style or comment) and still reads the same once stored.
func TestRecordStoresReadingCopies(t *testing.T) {
	const noise = `<style>p{color:red}</style><!-- build 42 --><script>window.track = 1;</script>`
	web := &fakeWeb{pages: map[string]string{
		"https://news.example/a": `<html><head><title>A</title></head><body><article><h1>A</h1>
<p>“We will move towards a multipolar, fair world order,” Lavrov said, according to <a href="https://wire.example/w">the wire</a>.</p>` + filler + `</article></body></html>`,
		"https://wire.example/w": `<html><head><title>W</title>` + noise + `</head><body><article><h1>W</h1>
<p>“We will move towards a multipolar, just world order,” Lavrov said on Wednesday.</p>` + noise + filler + `</article></body></html>`,
	}}
	e, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ck := New(web, e, Config{})
	res, err := ck.CheckURL(context.Background(), "https://news.example/a")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Record(res, res.Report())
	if err != nil {
		t.Fatal(err)
	}
	stored := rec.Fetches[rec.Citations[0].Fetch]
	if body := string(stored.Body); strings.Contains(body, "track") || strings.Contains(body, "color:red") ||
		strings.Contains(body, "build 42") || !strings.Contains(body, "just world order") {
		t.Fatalf("stored original body = %q, want the reading copy", body)
	}
	orig := res.Originals[0]
	again := ck.readOriginal(orig.URL, pageOfFetch(stored))
	if !reflect.DeepEqual(again.Article, orig.Article) {
		t.Errorf("the stored copy reads as %+v, the page as %+v", again.Article, orig.Article)
	}
}

func TestCheckInputErrors(t *testing.T) {
	web := &fakeWeb{pages: map[string]string{"https://news.example/img": "\x89PNG\r\n\x1a\n"}}
	e, _ := rules.New(rules.Config{})
	c := New(web, e, Config{})
	for _, u := range []string{"ftp://x.example/a", "news.example/a", "https://news.example/missing", "https://news.example/img"} {
		if _, err := c.CheckURL(context.Background(), u); !errors.Is(err, ErrInput) {
			t.Errorf("CheckURL(%q) error = %v, want ErrInput", u, err)
		}
	}
}
