package checker

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/rules"
)

// demoSession opens a session on the demo web (served on loopback) recording into a
// fresh database.
func demoSession(t *testing.T) (*Session, string, crawler.Config) {
	t.Helper()
	srv, err := demo.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dbPath := filepath.Join(t.TempDir(), "p.db")
	crawl := crawler.Config{AllowPrivate: true, Resolve: srv.Resolve(), Timeout: 10 * time.Second}
	ss, err := Open(t.Context(), SessionConfig{DBPath: dbPath, Crawl: crawl, Checker: Config{NoArchive: true}, Software: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ss.Close() })
	return ss, dbPath, crawl
}

func TestSessionCheckTargets(t *testing.T) {
	ss, _, crawl := demoSession(t)
	ctx := t.Context()
	res, err := ss.Check(ctx, demo.ArticleURL, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.AtLeast(rules.Info) || res.AtLeast(rules.Severity(99)) {
		t.Errorf("AtLeast: the demo has findings, none above high")
	}
	if err := ss.Save(ctx, "check", demo.ArticleURL, res); err != nil {
		t.Fatal(err)
	}
	p, err := ReadTarget(ctx, crawler.New(crawl), demo.ArticleURL, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "a.html")
	if err := os.WriteFile(path, p.Body, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, target := range []string{path, "file://" + path} {
		local, err := ss.Check(ctx, target, nil, demo.ArticleURL)
		if err != nil {
			t.Fatalf("Check(%q): %v", target, err)
		}
		if len(local.Article.Quotes) != len(res.Article.Quotes) {
			t.Errorf("Check(%q) read %d quotes, want %d as from the URL", target, len(local.Article.Quotes), len(res.Article.Quotes))
		}
	}
	stdin, err := ss.Check(ctx, "-", bytes.NewReader(p.Body), demo.ArticleURL)
	if err != nil || len(stdin.Article.Quotes) != len(res.Article.Quotes) {
		t.Errorf("Check(-) = %v, %v", stdin, err)
	}
	if _, err := ReadTarget(ctx, crawler.New(crawl), path, nil, ""); err != nil {
		t.Errorf("ReadTarget(file) error = %v", err)
	}
	for _, bad := range []string{"ftp://x.example/a", filepath.Join(t.TempDir(), "missing.html")} {
		if _, err := ss.Check(ctx, bad, nil, ""); !errors.Is(err, ErrInput) {
			t.Errorf("Check(%q) error = %v, want ErrInput", bad, err)
		}
		if _, err := ReadTarget(ctx, crawler.New(crawl), bad, nil, ""); !errors.Is(err, ErrInput) {
			t.Errorf("ReadTarget(%q) error = %v, want ErrInput", bad, err)
		}
	}
}

func TestSessionAuditAndStored(t *testing.T) {
	ss, dbPath, _ := demoSession(t)
	ctx := t.Context()
	dir := t.TempDir()
	list := filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(list, []byte(demo.ArticleURL+"\nnot a url\n"+demo.ArticleURL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.PlanAudit(ctx, inputs.Spec{}, "", nil); !errors.Is(err, ErrNoInputs) {
		t.Errorf("PlanAudit of nothing: %v, want ErrNoInputs", err)
	}
	spec := inputs.Spec{URLLists: []string{list}}
	run, err := ss.PlanAudit(ctx, spec, spec.Label(), map[string]any{"workers": 1})
	if err != nil {
		t.Fatal(err)
	}
	if run.Total != 2 || run.Pending != 1 || run.Failed != 1 || !strings.Contains(run.String(), "1 articles to check") {
		t.Errorf("planned run = %+v (%s), want the URL once and the bad line failed", run, run)
	}
	stats, err := ss.Auditor(run, AuditConfig{}).Run(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if state, err := ss.FinishAudit(ctx, run.ID, err); err != nil || state != "done" {
		t.Errorf("FinishAudit = %q, %v", state, err)
	}
	sum, err := ss.AuditSummary(ctx, run.ID, stats)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := report.WriteAuditSummary(&out, sum); err != nil || sum.Articles != 1 || len(sum.FailedItems) != 1 {
		t.Errorf("summary = %+v, %v", sum, err)
	}
	if _, err := ss.ResumeAudit(ctx, 0); !errors.Is(err, ErrInput) {
		t.Errorf("ResumeAudit of a finished database: %v, want ErrInput", err)
	}
	if _, err := ss.ResumeAudit(ctx, run.ID); !errors.Is(err, ErrInput) {
		t.Errorf("ResumeAudit of a done run: %v, want ErrInput", err)
	}
	if _, err := ss.Fetch(ctx, demo.ArticleURL); err != nil {
		t.Fatal(err)
	}
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ss.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	testStored(t, dbPath, run.ID)
}

func testStored(t *testing.T, dbPath string, runID int64) {
	ctx := t.Context()
	if _, err := OpenStored(ctx, filepath.Join(t.TempDir(), "none.db")); !errors.Is(err, ErrInput) {
		t.Errorf("OpenStored(missing) = %v, want ErrInput", err)
	}
	db, err := OpenStored(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, id := range []int64{0, runID} {
		if run, err := db.Run(ctx, id); err != nil || len(run.Reports) != 1 {
			t.Errorf("Run(%d) = %d reports, %v", id, len(run.Reports), err)
		}
	}
	if _, err := db.Run(ctx, 999); !errors.Is(err, ErrInput) {
		t.Errorf("Run(999) = %v, want ErrInput", err)
	}
	for _, id := range []int64{0, runID} {
		if run, err := db.Article(ctx, demo.ArticleURL, id); err != nil || len(run.Reports) != 1 {
			t.Errorf("Article(%d) = %+v, %v", id, run, err)
		}
	}
	for _, id := range []int64{0, runID} {
		if _, err := db.Article(ctx, "http://other.example/", id); !errors.Is(err, ErrInput) {
			t.Errorf("Article(other, %d) = %v, want ErrInput", id, err)
		}
	}
	rows, err := db.Sources(ctx, SourceQuery{By: BySite})
	if err != nil || len(rows) == 0 || rows[0].Articles == 0 {
		t.Errorf("Sources = %+v, %v", rows, err)
	}
	l, err := db.Lineage(ctx, 0, "a multipolar, just, democratic world order", 5)
	if err != nil || l.Searched == 0 {
		t.Errorf("Lineage = %+v, %v", l, err)
	}
	for _, all := range []bool{false, true} {
		caps, total, err := db.Evidence(ctx, demo.ArticleURL, all)
		if err != nil || len(caps) == 0 || caps[0].Page == nil || total < len(caps) {
			t.Errorf("Evidence(all=%v) = %d of %d, %v", all, len(caps), total, err)
		}
		if err := report.WriteEvidence(&bytes.Buffer{}, caps, report.EvidenceOptions{Body: true, Total: total}); err != nil {
			t.Error(err)
		}
	}
	if _, _, err := db.Evidence(ctx, "http://never.example/", false); !errors.Is(err, ErrInput) {
		t.Errorf("Evidence(never) = %v, want ErrInput", err)
	}
}

func TestBench(t *testing.T) {
	web, err := BenchWeb("simple", "", benchweb.Web{N: 4, Sites: 2})
	if err != nil {
		t.Fatal(err)
	}
	started := false
	res, err := Bench(t.Context(), BenchConfig{Web: web, Workers: 2, Evidence: true, Software: "test",
		CPUProfile: filepath.Join(t.TempDir(), "cpu.out"), Started: func(net.Addr) { started = true }})
	if err != nil {
		t.Fatal(err)
	}
	if !started || res.Stats.Done != 4 || res.Requests == 0 || res.DBBytes == 0 || res.WARCBytes <= 0 || len(res.Quotes) != 4 {
		t.Errorf("bench = %+v (started %v)", res, started)
	}
	var out bytes.Buffer
	if err := res.WriteText(&out, web); err != nil || !strings.Contains(out.String(), "quote verdicts against the truth") {
		t.Errorf("WriteText = %q, %v", out.String(), err)
	}
	for _, kind := range []string{"real", "other"} {
		if _, err := BenchWeb(kind, "", web); !errors.Is(err, ErrInput) {
			t.Errorf("BenchWeb(%q) = %v, want ErrInput", kind, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	if err := ServeBench(ctx, web, func(net.Addr) { cancel() }); err != nil {
		t.Errorf("ServeBench = %v", err)
	}
}

func TestConfigHelpers(t *testing.T) {
	t.Setenv("PROVCHECK_DB", "/data/p.db")
	if got := DefaultDBPath(); got != "/data/p.db" {
		t.Errorf("DefaultDBPath() = %q with PROVCHECK_DB set", got)
	}
	t.Setenv("PROVCHECK_DB", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got := DefaultDBPath(); got != filepath.Join("/xdg", "provcheck", "provcheck.db") {
		t.Errorf("DefaultDBPath() = %q with XDG_DATA_HOME set", got)
	}
	e, ratings, err := LoadRules("", "")
	if err != nil || e == nil || ratings == nil {
		t.Fatalf("LoadRules defaults = %v, %v, %v", e, ratings, err)
	}
	for _, paths := range [][2]string{{"missing.yaml", ""}, {"", "missing.csv"}} {
		if _, _, err := LoadRules(paths[0], paths[1]); !errors.Is(err, ErrInput) {
			t.Errorf("LoadRules(%q, %q) = %v, want ErrInput", paths[0], paths[1], err)
		}
	}
}

func TestExtractAndSourceQuery(t *testing.T) {
	_, _, crawl := demoSession(t)
	a, err := Extract(t.Context(), crawl, demo.ArticleURL, nil, "")
	if err != nil || len(a.Quotes) == 0 {
		t.Fatalf("Extract = %v, %v", a, err)
	}
	if _, err := Extract(t.Context(), crawl, "-", strings.NewReader("\x89PNG\r\n"), ""); !errors.Is(err, ErrInput) {
		t.Errorf("Extract of an image = %v, want ErrInput", err)
	}
	tests := []struct {
		by, sort string
		ok       bool
	}{
		{BySite, "articles", true}, {ByAuthor, "name", true}, {"desk", "articles", false}, {BySite, "size", false},
	}
	for _, tc := range tests {
		if err := CheckSourceQuery(tc.by, tc.sort); (err == nil) != tc.ok || (err != nil && !errors.Is(err, ErrInput)) {
			t.Errorf("CheckSourceQuery(%q, %q) = %v, want ok %v", tc.by, tc.sort, err, tc.ok)
		}
	}
}

func TestRecheckRun(t *testing.T) {
	ss, _, _ := demoSession(t)
	if _, err := ss.RecheckRun(t.Context(), 0); !errors.Is(err, ErrInput) {
		t.Errorf("RecheckRun without an audit = %v, want ErrInput", err)
	}
	spec := inputs.Spec{Paths: nil, URLLists: []string{"-"}, Stdin: strings.NewReader(demo.ArticleURL + "\n")}
	run, err := ss.PlanAudit(t.Context(), spec, spec.Label(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Auditor(run, AuditConfig{}).Run(t.Context(), run.ID); err != nil {
		t.Fatal(err)
	}
	rc, err := ss.RecheckRun(t.Context(), 0)
	if err != nil || rc.RunID != run.ID {
		t.Fatalf("RecheckRun = %+v, %v", rc, err)
	}
	var out bytes.Buffer
	if err := report.WriteRecheck(&out, rc); err != nil || !strings.Contains(out.String(), "dead link(s) fetched again") {
		t.Errorf("WriteRecheck = %q, %v", out.String(), err)
	}
}
