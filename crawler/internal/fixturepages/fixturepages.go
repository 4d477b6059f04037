// Package fixturepages loads the HTML pages the crawler's tests hold readers to: the demo
// site's pages, the end-to-end and rules fixtures and, when the shared data sets are beside
// the repository, the 90 real news pages of the extraction benchmark (gunzipped).
package fixturepages

import (
	"bytes"
	"compress/gzip"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// globs are the pages, relative to the repository's root.
var globs = []string{
	"checker/demo/site/*/*.html",
	"testdata/e2e/*/*.html",
	"testdata/e2e/site/*/*.html",
	"rules/testdata/*.html",
	"../shared/data/article-extraction-benchmark/html/*.html.gz",
}

// Load returns the pages by path; root is the repository's root as seen from the test's
// directory ("../.." from a package two levels down).
func Load(t testing.TB, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, g := range globs {
		files, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(g)))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.HasSuffix(f, ".gz") {
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatalf("%s: %v", f, err)
				}
			}
			out[f] = b
		}
	}
	return out
}

// WithoutSrc adds to pages each page also without its src attributes, as the bench web
// serves it (no external script is left), under its name and " (no src)".
func WithoutSrc(pages map[string][]byte) {
	for _, name := range slices.Collect(maps.Keys(pages)) {
		pages[name+" (no src)"] = bytes.ReplaceAll(pages[name], []byte(" src="), []byte(" data-gone="))
	}
}
