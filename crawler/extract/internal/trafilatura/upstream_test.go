package trafilatura

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/RadhiFadlillah/whatlanggo"

	upstream "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// whatlang is upstream's language classifier, which provcheck's binary does not link.
func whatlang(text string) string { return whatlanggo.DetectLang(text).Iso6391() }

// The copy must extract exactly what the released library does: the same text, the same
// content tree and the same metadata, with the changes switched off and on (on, only the
// fields they skip may differ).

// pages returns the HTML pages the comparison runs on: the demo articles in the
// repository, and the extraction benchmark's real pages when the shared data sets lie
// beside the project.
func pages(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	root := filepath.Join("..", "..", "..", "..")
	demo, err := filepath.Glob(filepath.Join(root, "checker", "demo", "site", "*", "*.html"))
	if err != nil || len(demo) == 0 {
		t.Fatalf("demo pages: %v (%d found)", err, len(demo))
	}
	for _, f := range demo {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	bench, _ := filepath.Glob(filepath.Join(root, "..", "shared", "data", "article-extraction-benchmark", "html", "*.html.gz"))
	for _, f := range bench {
		gz, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = b
	}
	if len(bench) == 0 {
		t.Log("article-extraction-benchmark not available: the demo pages only")
	}
	return out
}

func render(t *testing.T, n *html.Node) string {
	t.Helper()
	if n == nil {
		return ""
	}
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func parse(t *testing.T, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSameAsUpstream(t *testing.T) {
	all := pages(t)
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	slices.Sort(names)
	cases := []struct {
		name string
		up   upstream.Options
		ours Options
		// full compares the fields the changes skip too.
		full bool
	}{
		{"defaults, language detected", upstream.Options{}, Options{DetectLanguage: whatlang}, true},
		{"links, no comments, language detected", upstream.Options{IncludeLinks: true, ExcludeComments: true},
			Options{IncludeLinks: true, ExcludeComments: true, DetectLanguage: whatlang}, true},
		{"links, no comments, no detection, basic metadata", upstream.Options{IncludeLinks: true, ExcludeComments: true},
			Options{IncludeLinks: true, ExcludeComments: true, BasicMetadata: true}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range names {
				body := all[name]
				want, wantErr := upstream.ExtractDocument(parse(t, body), tc.up)
				doc := parse(t, body)
				before := render(t, doc)
				got, gotErr := ExtractDocument(doc, tc.ours)
				if after := render(t, doc); after != before {
					t.Errorf("%s: ExtractDocument changed the document it was given", filepath.Base(name))
				}
				if (wantErr == nil) != (gotErr == nil) {
					t.Errorf("%s: error %v, upstream %v", filepath.Base(name), gotErr, wantErr)
					continue
				}
				if wantErr != nil {
					continue
				}
				if got.ContentText != want.ContentText {
					t.Errorf("%s: ContentText differs from upstream:\n got %q\nwant %q", filepath.Base(name), clip(got.ContentText), clip(want.ContentText))
				}
				if g, w := render(t, got.ContentNode), render(t, want.ContentNode); g != w {
					t.Errorf("%s: ContentNode differs from upstream", filepath.Base(name))
				}
				g, w := got.Metadata, want.Metadata
				if !tc.full {
					if g.Language != "" || len(g.Categories) != 0 && !sameStrings(g.Categories, w.Categories) ||
						len(g.Tags) != 0 && !sameStrings(g.Tags, w.Tags) || g.License != "" {
						t.Errorf("%s: skipped fields set: language %q, categories %q, tags %q, licence %q",
							filepath.Base(name), g.Language, g.Categories, g.Tags, g.License)
					}
					g.Language, g.Categories, g.Tags, g.License = w.Language, w.Categories, w.Tags, w.License
				}
				if g.Title != w.Title || g.Author != w.Author || g.URL != w.URL || g.Hostname != w.Hostname ||
					g.Description != w.Description || g.Sitename != w.Sitename || !g.Date.Equal(w.Date) ||
					!sameStrings(g.Categories, w.Categories) || !sameStrings(g.Tags, w.Tags) ||
					g.ID != w.ID || g.Fingerprint != w.Fingerprint || g.License != w.License ||
					g.Language != w.Language || g.Image != w.Image || g.PageType != w.PageType {
					t.Errorf("%s: metadata differs from upstream:\n got %+v\nwant %+v", filepath.Base(name), g, w)
				}
			}
		})
	}
}

func sameStrings(a, b []string) bool { return slices.Equal(a, b) }

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return strings.TrimSpace(s)
}
