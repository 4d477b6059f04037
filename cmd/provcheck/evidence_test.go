package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler"
)

func TestEvidenceCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Served-By", "test")
		fmt.Fprint(w, "<p>the original words</p>")
	}))
	defer srv.Close()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "p.db")
	ss, err := checker.Open(t.Context(), checker.SessionConfig{DBPath: dbPath,
		Crawl: crawler.Config{AllowPrivate: true, IgnoreRobots: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Fetch(t.Context(), srv.URL+"/old"); err != nil {
		t.Fatal(err)
	}
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}

	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"provcheck", "evidence", "--db", dbPath, srv.URL + "/old"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("evidence exit %d, stderr %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"URL:        " + srv.URL + "/old", "redirect:   301 " + srv.URL + "/old", "final URL:  " + srv.URL + "/new",
		"status:     200", "X-Served-By: test", "<p>the original words</p>", filepath.Join(dir, "warc"), ".warc.gz:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("evidence output lacks %q:\n%s", want, out)
		}
	}
	// A redirect hop shows its own response.
	stdout.Reset()
	code = run(t.Context(), []string{"provcheck", "evidence", "--db", dbPath, srv.URL + "/new"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK || !strings.Contains(stdout.String(), "the original words") {
		t.Errorf("evidence of the hop: exit %d, output %s", code, stdout.String())
	}
	code = run(t.Context(), []string{"provcheck", "evidence", "--db", dbPath, srv.URL + "/none"}, strings.NewReader(""), &stdout, &stderr)
	if code != exitUsage {
		t.Errorf("evidence of an uncaptured URL: exit %d, want %d", code, exitUsage)
	}
}
