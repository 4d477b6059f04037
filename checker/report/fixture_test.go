package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

var update = flag.Bool("update", false, "rewrite golden files (and docs/demo-report*.png when Chromium is there)")

// checkedAt is the fixed time of the fixture reports, so that golden files are stable.
var checkedAt = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// The pages of the demo web checked as articles of a run: the demo article first, then
// two of the originals it cites, each a real check with its own findings.
var runURLs = []string{
	demo.ArticleURL,
	"http://economictimes.example/news/international/world-news/lavrov-in-china-says-world-moving-towards-multipolar-just-democratic-world-order/articleshow/90537641.cms",
	"http://tass.example/politics/1429531",
}

var fixture struct {
	once    sync.Once
	reports []report.Report
	err     error
}

// fixtureReports checks the pages of runURLs against the demo web, in process, as
// `provcheck demo` does, once per test binary.
func fixtureReports(t *testing.T) []report.Report {
	t.Helper()
	fixture.once.Do(func() {
		ctx := context.Background()
		srv, err := demo.Start(ctx)
		if err != nil {
			fixture.err = err
			return
		}
		defer srv.Close()
		engine, err := rules.New(rules.Config{})
		if err != nil {
			fixture.err = err
			return
		}
		cr := crawler.New(crawler.Config{AllowPrivate: true, Resolve: srv.Resolve(), Posts: social.New(demo.Social()), Timeout: 10 * time.Second})
		ratings, err := credibility.Builtin()
		if err != nil {
			fixture.err = err
			return
		}
		// Depth 2 and the built-in ratings, as `provcheck demo` runs: the reports show chains
		// and every site's rating (unrated, for the .example sites).
		ck := checker.New(cr, engine, checker.Config{Ratings: ratings, Depth: 2})
		for _, u := range runURLs {
			res, err := ck.CheckURL(ctx, u)
			if err != nil {
				fixture.err = err
				return
			}
			res.Finished = checkedAt
			fixture.reports = append(fixture.reports, res.Report())
		}
	})
	if fixture.err != nil {
		t.Fatalf("check the demo web: %v", fixture.err)
	}
	return fixture.reports
}

// demoReport is the report of the demo article.
func demoReport(t *testing.T) report.Report { return fixtureReports(t)[0] }

func demoRun(t *testing.T) report.Run {
	return report.Run{ID: 1, Kind: "demo", Input: demo.ArticleURL, Reports: []report.Report{demoReport(t)}}
}

// fixtureRun is a run of three articles.
func fixtureRun(t *testing.T) report.Run {
	return report.Run{ID: 12, Kind: "audit", Input: "demo-web.txt", StartedAt: checkedAt.Add(-time.Minute), Reports: fixtureReports(t)}
}

var goldenDir = filepath.Join("..", "..", "testdata", "golden")

// checkedAtPattern matches the check time as the text formats print it.
var checkedAtPattern = regexp.MustCompile(`2026-03-02(T09:30:00Z| 09:30 UTC)`)

// golden compares got with testdata/golden/name, or rewrites it with -update. The check
// time is normalised to TIME so that the files do not depend on the fixture's clock.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	got = checkedAtPattern.ReplaceAll(got, []byte("TIME"))
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test ./checker/report -update creates it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (rerun with -update and read the diff):\n%s", name, path, firstDiff(want, got))
	}
}

func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(same lines)"
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// compileSchema compiles a JSON Schema of docs/.
func compileSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path := filepath.Join("..", "..", "docs", name)
	c := jsonschema.NewCompiler()
	s, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return s
}

// validate checks the JSON text b against s.
func validate(t *testing.T, s *jsonschema.Schema, what string, b []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", what, err)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not match its schema: %v", what, err)
	}
}

func jsonschemaValue(b []byte) (any, error) { return jsonschema.UnmarshalJSON(bytes.NewReader(b)) }
