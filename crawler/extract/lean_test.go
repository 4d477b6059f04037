package extract

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/provcheck/provcheck/crawler/internal/fixturepages"
	"github.com/provcheck/provcheck/crawler/page"
)

// TestLeanParsesAsWhole holds extraction of a page's lean copy to the whole Article the
// page itself gives (marks, dates, bylines, citations and all), on the demo pages, the
// test fixtures and, when they are beside the repository, the extraction benchmark's real
// news pages; each also without its src attributes, as the bench web serves it.
func TestLeanParsesAsWhole(t *testing.T) {
	pages := fixturepages.Load(t, filepath.Join("..", ".."))
	fixturepages.WithoutSrc(pages)
	if len(pages) < 10 {
		t.Fatalf("only %d pages found", len(pages))
	}
	leaner := 0
	for _, ct := range []string{"text/html; charset=utf-8", "text/html"} {
		for name, body := range pages {
			if len(lean(ct, body)) < len(body) {
				leaner++
			}
			u := "https://news.example/" + filepath.Base(name)
			p := &page.Page{RequestURL: u, FinalURL: u, Status: 200, ContentType: ct, Body: body}
			want, werr := Options{whole: true}.Parse(p)
			got, gerr := Options{}.Parse(p)
			if (werr == nil) != (gerr == nil) {
				t.Errorf("%s (%s): parse error %v whole, %v lean", name, ct, werr, gerr)
				continue
			}
			if !reflect.DeepEqual(want, got) {
				t.Errorf("%s (%s): the lean copy parses differently:\nwhole %+v\nlean  %+v", name, ct, want, got)
			}
		}
	}
	if leaner == 0 {
		t.Fatal("no page had anything to leave out")
	}
	t.Logf("%d pages, %d parsed from a leaner copy", 2*len(pages), leaner)
}
