package trafilatura

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"github.com/provcheck/provcheck/crawler/extract/internal/trafilatura/internal/selector"
	"golang.org/x/net/html"
)

// pruneWithBackupUpstream is upstream's pruneUnwantedNodes with a backup: the tree copied,
// the copy copied again as the backup, and the backup returned when pruning leaves a
// seventh of the text or less.
func pruneWithBackupUpstream(tree *html.Node, queries []selector.Rule) *html.Node {
	work := dom.Clone(tree, true)
	backup := dom.Clone(work, true)
	oldLen := utf8.RuneCountInString(dom.TextContent(work))
	work = pruneNodes(work, queries)
	if utf8.RuneCountInString(dom.TextContent(work)) <= oldLen/7 {
		return backup
	}
	return work
}

func renderNode(t *testing.T, n *html.Node) string {
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func FuzzPruneWithBackup(f *testing.F) {
	for _, s := range []string{
		"", "<div>text</div>", `<div class="sidebar">all of it</div>`, `<p>a</p><div class="share">b</div>tail`,
		`<div>x<div class="comments">long long long long long text</div>y</div>`, "<p>\xe2<b>\x80\x99</b></p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		before := renderNode(t, doc)
		want := renderNode(t, pruneWithBackupUpstream(doc, selector.OverallDiscardedContent))
		if got := renderNode(t, pruneUnwantedNodes(doc, selector.OverallDiscardedContent, true)); got != want {
			t.Fatalf("pruneUnwantedNodes(%q) = %q, upstream %q", s, got, want)
		}
		if renderNode(t, doc) != before {
			t.Fatalf("pruneUnwantedNodes(%q) changed the tree it was given", s)
		}
		if got, want := textRuneCount(doc), utf8.RuneCountInString(dom.TextContent(doc)); got != want {
			t.Fatalf("textRuneCount(%q) = %d, want %d", s, got, want)
		}
	})
}
