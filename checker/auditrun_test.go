package checker

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store/storetest"
)

// TestRunAuditSQLite runs an audit from plan to summary, then a recheck and a resume of
// the finished run.
func TestRunAuditSQLite(t *testing.T) {
	ss, _, _ := demoSession(t)
	list := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(list, []byte(demo.ArticleURL+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	con := Console{Out: &out, Err: &errs}
	req := AuditRequest{Spec: inputs.Spec{URLLists: []string{list}}, Quiet: true, Work: WorkerConfig{Workers: 2}}
	if err := ss.RunAudit(t.Context(), req, con); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.String(), "1 articles to check") || !strings.Contains(out.String(), "articles checked  1 ") {
		t.Errorf("audit said:\n%s\nand wrote:\n%s", errs.String(), out.String())
	}
	out.Reset()
	if err := ss.RunAudit(t.Context(), AuditRequest{Recheck: true}, con); err != nil {
		t.Fatal(err)
	}
	if out.Len() == 0 {
		t.Error("a recheck wrote nothing")
	}
	if err := ss.RunAudit(t.Context(), AuditRequest{Resume: true, RunID: 1}, con); !errors.Is(err, ErrInput) {
		t.Errorf("resume of a done run = %v, want an input error", err)
	}
	if err := ss.RunAudit(t.Context(), AuditRequest{EnqueueOnly: true}, con); !errors.Is(err, ErrInput) {
		t.Errorf("--enqueue-only on SQLite = %v, want an input error", err)
	}
}

// TestRunAuditQueued enqueues a run on PostgreSQL, once only enqueued and once worked
// here, and drains a worker.
func TestRunAuditQueued(t *testing.T) {
	url := storetest.Schema(t, storetest.Server(t), "auditrun")
	web, urls := auditWeb(4)
	ss := workerSession(t, url, web)
	ss.cfg.DBPath = url
	list := filepath.Join(t.TempDir(), "urls.txt")
	if err := os.WriteFile(list, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	con := Console{Out: &out, Err: &errs}
	spec := inputs.Spec{URLLists: []string{list}}
	if err := ss.RunAudit(t.Context(), AuditRequest{Spec: spec, EnqueueOnly: true, Quiet: true}, con); err != nil {
		t.Fatal(err)
	}
	if out.String() != "1\n" || !strings.Contains(errs.String(), "4 jobs enqueued") {
		t.Errorf("enqueue-only wrote %q and said %q", out.String(), errs.String())
	}
	out.Reset()
	req := AuditRequest{Spec: spec, Quiet: true, Work: WorkerConfig{Workers: 2, PollInterval: 20 * time.Millisecond}}
	if err := ss.RunAudit(t.Context(), req, con); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "articles checked  4 ") {
		t.Errorf("summary of the queued audit:\n%s", out.String())
	}
	drained := make(chan func(), 1)
	con.OnDrain = func(d func()) { drained <- d }
	done := make(chan error, 1)
	go func() { done <- ss.RunWorker(t.Context(), WorkerConfig{PollInterval: 20 * time.Millisecond}, con) }()
	select {
	case d := <-drained:
		d()
	case err := <-done:
		t.Fatalf("worker ended before it could be drained: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("a drained worker = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("a drained worker did not stop")
	}
}
