package inputs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPlan(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"urls.txt":        "https://a.example/1\n# a comment\nnot a url\nhttps://a.example/1\nhttps://a.example/2\n",
		"site/one.html":   "<p>one</p>",
		"site/two.htm":    "<p>two</p>",
		"broken.warc":     "this is not a WARC file",
		"notes.txt":       "not a page",
		"empty/README.md": "no pages here",
	})
	in := func(name string) string { return filepath.Join(dir, name) }
	tests := []struct {
		name     string
		spec     Spec
		items    string // kind:input, space-separated; dir replaced by D
		problems int
		err      error
		errText  string
	}{
		{name: "url list, duplicates once", spec: Spec{URLLists: []string{in("urls.txt"), in("urls.txt")}},
			items: "url:https://a.example/1 url:https://a.example/2", problems: 2},
		{name: "stdin", spec: Spec{URLLists: []string{"-"}, Stdin: strings.NewReader("https://b.example/\n")},
			items: "url:https://b.example/"},
		{name: "folder and file", spec: Spec{Paths: []string{in("site"), in("site/one.html")}},
			items: "file:D/site/one.html file:D/site/two.htm"},
		{name: "unreadable WARC is a problem", spec: Spec{Paths: []string{in("broken.warc")}}, problems: 1},
		{name: "not a page", spec: Spec{Paths: []string{in("notes.txt")}}, err: ErrNotInput},
		{name: "folder without pages", spec: Spec{Paths: []string{in("empty")}}, errText: "holds no saved pages"},
		{name: "missing path", spec: Spec{Paths: []string{in("missing")}}, err: os.ErrNotExist},
		{name: "missing list", spec: Spec{URLLists: []string{in("missing.txt")}}, err: os.ErrNotExist},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items, problems, err := Plan(t.Context(), nil, tc.spec)
			switch {
			case tc.err != nil || tc.errText != "":
				if err == nil || (tc.err != nil && !errors.Is(err, tc.err)) || !strings.Contains(err.Error(), tc.errText) {
					t.Fatalf("Plan error = %v, want %v %q", err, tc.err, tc.errText)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.Kind+":"+strings.ReplaceAll(it.Input, dir, "D"))
			}
			if strings.Join(got, " ") != tc.items || len(problems) != tc.problems {
				t.Errorf("Plan = %v with %d problems (%v), want %q with %d", got, len(problems), problems, tc.items, tc.problems)
			}
		})
	}
}

func TestSpecLabel(t *testing.T) {
	s := Spec{URLLists: []string{"u.txt"}, Sitemaps: []string{"https://s.example/sitemap.xml"}, Feeds: []string{"https://s.example/feed"}, Paths: []string{"dir"}}
	if got, want := s.Label(), "--urls u.txt --sitemap https://s.example/sitemap.xml --feed https://s.example/feed dir"; got != want {
		t.Errorf("Label() = %q, want %q", got, want)
	}
	if s.Empty() || !(Spec{}).Empty() {
		t.Error("Empty() is wrong")
	}
	for _, tc := range []struct {
		off  int64
		idx  int
		want string
	}{{42, 0, "a@b.warc.gz@42"}, {42, 3, "a@b.warc.gz@42#3"}} {
		got := WARCInput("a@b.warc.gz", tc.off, tc.idx)
		path, off, idx, err := ParseWARCInput(got)
		if got != tc.want || err != nil || path != "a@b.warc.gz" || off != tc.off || idx != tc.idx {
			t.Errorf("WARCInput = %q, parsed back %q %d %d %v; want %q", got, path, off, idx, err, tc.want)
		}
	}
	for _, bad := range []string{"a.warc", "a.warc@x", "a.warc@1#", "a.warc@-1", "a.warc@1#-2"} {
		if _, _, _, err := ParseWARCInput(bad); err == nil {
			t.Errorf("ParseWARCInput(%q) succeeded", bad)
		}
	}
}
