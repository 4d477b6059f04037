package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// A link the extractor dropped the href of takes the href of the page's link it stands
// for, not that of an earlier link with the same text.
func TestDroppedHrefTakesItsOwnLink(t *testing.T) {
	page, err := html.Parse(strings.NewReader(`<p>See <a href="https://a.example/1">here</a> and <a href="https://b.example/2">here</a>.</p>`))
	if err != nil {
		t.Fatal(err)
	}
	extracted, err := html.Parse(strings.NewReader(`<p>See <a href="https://a.example/1">here</a> and <a>here</a>.</p>`))
	if err != nil {
		t.Fatal(err)
	}
	w := newTextWriter(nil, linkIndex(page), blockIndex{}, nil, leadFilter{})
	w.walk(extracted)
	var got []string
	for _, c := range w.cits {
		got = append(got, c.Href)
	}
	if strings.Join(got, " ") != "https://a.example/1 https://b.example/2" {
		t.Errorf("citation hrefs = %q, want each link's own", got)
	}
}
