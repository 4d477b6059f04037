package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

// storedResult is what one in-process run of the CLI gave.
type storedResult struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, args ...string) storedResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), append([]string{"provcheck"}, args...), strings.NewReader(""), &stdout, &stderr)
	return storedResult{code, stdout.String(), stderr.String()}
}

func (r storedResult) ok(t *testing.T, args ...string) string {
	t.Helper()
	if r.code != exitOK || r.stderr != "" {
		t.Fatalf("provcheck %q = %d, stderr %q; want 0 and no stderr", args, r.code, r.stderr)
	}
	return r.stdout
}

// auditURLs are checked as one audit run: the demo article and two originals it cites.
var auditURLs = []string{
	demo.ArticleURL,
	"http://economictimes.example/news/international/world-news/lavrov-in-china-says-world-moving-towards-multipolar-just-democratic-world-order/articleshow/90537641.cms",
	"http://tass.example/politics/1429531",
}

// storedDB makes a database holding run 1, `provcheck demo`, and run 2, an audit of
// auditURLs recorded as the checker records a check, and returns its path.
func storedDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "provcheck.db")
	runCLI(t, "demo", "--db", path, "--format", "json").ok(t, "demo")

	ctx := context.Background()
	srv, err := demo.Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	engine, err := rules.New(rules.Config{})
	if err != nil {
		t.Fatal(err)
	}
	ratings, err := credibility.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ck := checker.New(crawler.New(crawler.Config{AllowPrivate: true, Resolve: srv.Resolve(), Posts: social.New(demo.Social()), Timeout: 10 * time.Second}), engine, checker.Config{Ratings: ratings, Depth: 2}) // as the demo
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	runID, err := db.StartRun(ctx, store.KindAudit, "demo-web.txt", "{}")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range auditURLs {
		res, err := ck.CheckURL(ctx, u)
		if err != nil {
			t.Fatalf("check %s: %v", u, err)
		}
		rec, err := checker.Record(res, res.Report())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SaveCheck(ctx, runID, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.FinishRun(ctx, runID, store.StateDone); err != nil {
		t.Fatal(err)
	}
	return path
}

func reportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	s, err := jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "docs", "report-v1.schema.json"))
	if err != nil {
		t.Fatalf("compile report schema: %v", err)
	}
	return s
}

func validJSON(t *testing.T, s *jsonschema.Schema, what string, b []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", what, err, b)
	}
	if err := s.Validate(v); err != nil {
		t.Errorf("%s does not match docs/report-v1.schema.json: %v", what, err)
	}
}

func TestReportCommand(t *testing.T) {
	db := storedDB(t)
	schema := reportSchema(t)

	text := runCLI(t, "report", demo.ArticleURL, "--db", db).ok(t, "report URL")
	for _, want := range []string{"Provenance score 35/100 (F)", "diff: a multipolar [-just-] {+fair+} {+and+} democratic world order", "Citations (6)"} {
		if !strings.Contains(text, want) {
			t.Errorf("report URL (text) lacks %q:\n%s", want, text)
		}
	}

	// The stored report comes back as it was written: the same JSON as `demo --format json`.
	stored := runCLI(t, "report", demo.ArticleURL, "--db", db, "--format", "json").ok(t, "report --format json")
	validJSON(t, schema, "report --format json", []byte(stored))
	fresh := runDemo(t, "--format", "json")
	if got, want := normalise([]byte(stored)), normalise(fresh); !bytes.Equal(got, want) {
		t.Errorf("stored report differs from a fresh demo report:\n%s", lineDiff(want, got))
	}

	out := filepath.Join(t.TempDir(), "lavrov.html")
	if r := runCLI(t, "report", demo.ArticleURL, "--db", db, "--format", "html", "-o", out); r.code != exitOK || r.stdout != "" {
		t.Fatalf("report --format html -o = %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<del>just</del>", "<ins>fair</ins>", `<span class="value">35</span>`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("HTML report lacks %s", want)
		}
	}

	md := runCLI(t, "report", "--run", "2", "--db", db, "--format", "md").ok(t, "report --run 2 --format md")
	if !strings.HasPrefix(md, "# provcheck run 2: audit of demo-web.txt (3 articles)") || !strings.Contains(md, "| 35 (F) | 1. Lavrov") {
		t.Errorf("report --run 2 --format md: want the run heading and the index, got:\n%.600s", md)
	}

	arr := runCLI(t, "report", "--run", "2", "--db", db, "--format", "json").ok(t, "report --run 2 --format json")
	var reports []json.RawMessage
	if err := json.Unmarshal([]byte(arr), &reports); err != nil || len(reports) != len(auditURLs) {
		t.Fatalf("report --run 2 --format json: %d reports, %v; want a JSON array of %d", len(reports), err, len(auditURLs))
	}
	for i, r := range reports {
		validJSON(t, schema, "report --run 2 --format json ["+auditURLs[i]+"]", r)
	}

	lines := runCLI(t, "report", "--run", "2", "--db", db, "--format", "jsonl").ok(t, "report --format jsonl")
	sc := bufio.NewScanner(strings.NewReader(lines))
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var r jsonReport
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.Article.URL != auditURLs[n] {
			t.Errorf("JSON line %d: %v, article %q; want %s", n+1, err, r.Article.URL, auditURLs[n])
		}
		validJSON(t, schema, "JSON line", sc.Bytes())
		n++
	}
	if n != len(auditURLs) {
		t.Errorf("report --format jsonl wrote %d lines, want %d", n, len(auditURLs))
	}

	// URL and run together: that article's check in that run.
	one := runCLI(t, "report", auditURLs[2], "--run", "2", "--db", db, "--format", "json").ok(t, "report URL --run 2")
	if decodeReport(t, []byte(one)).Article.URL != auditURLs[2] {
		t.Errorf("report URL --run 2 gave another article")
	}
	if txt := runCLI(t, "report", "--run", "2", "--db", db).ok(t, "report --run 2"); strings.Count(txt, "Provenance score") != 3 {
		t.Errorf("report --run 2 (text) shows %d reports, want 3", strings.Count(txt, "Provenance score"))
	}
}

func TestReportCommandErrors(t *testing.T) {
	db := storedDB(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no target", []string{"report", "--db", db}, "report takes one article URL, or --run N"},
		{"two targets", []string{"report", "a", "b", "--db", db}, "report takes one article URL"},
		{"unknown article", []string{"report", "http://nowhere.example/", "--db", db}, "no check of http://nowhere.example/"},
		{"unknown run", []string{"report", "--run", "99", "--db", db}, "no run 99"},
		{"article not in run", []string{"report", "http://tass.example/politics/1429531", "--run", "1", "--db", db}, "run 1 did not check"},
		{"bad format", []string{"report", demo.ArticleURL, "--db", db, "--format", "pdf"}, `unknown --format "pdf"`},
		{"no database", []string{"report", demo.ArticleURL, "--db", filepath.Join(t.TempDir(), "none.db")}, "no database at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runCLI(t, tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("provcheck %q = %d, stderr %q; want %d and %q", tc.args, r.code, r.stderr, exitUsage, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(t.TempDir(), "none.db")); err == nil {
		t.Errorf("report created a database where there was none")
	}
}
