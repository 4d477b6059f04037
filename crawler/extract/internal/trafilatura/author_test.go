package trafilatura

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura/internal/selector"
	"golang.org/x/net/html"
)

// extractDomAuthorUpstream is upstream's DOM author search: the page copied, the copy
// pruned, the author rules run over it.
func extractDomAuthorUpstream(doc *html.Node) string {
	clone := pruneUnwantedNodes(doc, selector.MetaAuthorDiscard)
	if author := extractDomMetaSelectors(clone, 120, selector.MetaAuthor); author != "" {
		return normalizeAuthors("", author)
	}
	return ""
}

// The DOM author search on the page itself must find what upstream's finds on its pruned
// copy, and leave the page as it was.
func TestDomAuthorSameAsUpstream(t *testing.T) {
	for name, body := range pages(t) {
		doc := parse(t, body)
		before := render(t, doc)
		if got, want := extractDomAuthor(doc), extractDomAuthorUpstream(doc); got != want {
			t.Errorf("%s: extractDomAuthor = %q, upstream %q", filepath.Base(name), got, want)
		}
		if render(t, doc) != before {
			t.Errorf("%s: extractDomAuthor changed the page", filepath.Base(name))
		}
	}
}

func FuzzDomAuthor(f *testing.F) {
	for _, s := range []string{
		`<div class="author">By <a href="/x">Jane Doe</a></div>`,
		`<div class="byline">By <time>today</time> Jane Doe, <span class="date">May 1</span> tail</div>`,
		`<p class="author-name"><figure>x</figure>Jane<figure>y</figure> Doe<time>z</time>after</p>`,
		`<div class="sidebar"><span class="author">Jane Doe</span></div><span class="author">John Roe</span>`,
		`<div class="author"><div class="author"><time>t</time>ab</div>tail text<time>u</time>more</div>`,
		`<span class="byline">ab</span><span class="writer">A <span class="title">B</span> C<i>d</i></span>`,
		`<div id="comments"><a rel="author">x y z</a></div><a rel="me"><figure>f</figure><figure>g</figure>h i</a>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		if got, want := extractDomAuthor(doc), extractDomAuthorUpstream(doc); got != want {
			t.Fatalf("extractDomAuthor(%q) = %q, upstream %q", s, got, want)
		}
	})
}
