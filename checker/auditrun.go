package checker

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/report"
)

// AuditRequest is what one audit command asks for: a new run of Spec, or an earlier run
// to resume or to recheck.
type AuditRequest struct {
	Spec        inputs.Spec
	Resume      bool  // carry on run RunID (0: the last unfinished audit)
	Recheck     bool  // fetch again the links run RunID (0: the last audit) found dead
	RunID       int64 // with Resume or Recheck
	EnqueueOnly bool  // PostgreSQL: plan the run and enqueue its articles; check none here
	Quiet       bool  // no progress
	Work        WorkerConfig
}

// Console is where a command speaks to its user: results on Out, progress and notes on
// Err.
type Console struct {
	Out, Err io.Writer
	// OnDrain, when set, is handed the function the user's first interrupt should call:
	// it lets the articles in flight finish and takes no more.
	OnDrain func(drain func())
}

func (c Console) draining(drain func()) {
	if c.OnDrain != nil {
		c.OnDrain(drain)
	}
}

// Check refuses a request that cannot be carried out, before anything is opened; dbPath
// is the database the session will record in.
func (r AuditRequest) Check(dbPath string) error {
	if r.Resume && !r.Spec.Empty() {
		return InputError(errors.New("--resume takes no new inputs: it carries on the inputs of the run"))
	}
	if r.EnqueueOnly && !IsPostgres(dbPath) {
		return InputError(fmt.Errorf("--enqueue-only %w", errNotQueued))
	}
	return nil
}

// RunAudit carries out an audit from start to summary: it plans (or resumes) the run,
// checks its pending articles (in a pool of this process with SQLite, as jobs worked here
// and by any other worker with PostgreSQL), records how it ended and writes the summary.
// An interrupted audit says how to carry it on and is no error.
func (s *Session) RunAudit(ctx context.Context, req AuditRequest, con Console) error {
	if err := req.Check(s.cfg.DBPath); err != nil {
		return err
	}
	if req.Recheck {
		rc, err := s.RecheckRun(ctx, req.RunID)
		if err != nil {
			return err
		}
		return report.WriteRecheck(con.Out, rc)
	}
	run, err := s.openRun(ctx, req)
	if err != nil {
		return err
	}
	fmt.Fprintf(con.Err, "audit: %s; database %s\n", run, s.cfg.DBPath)
	if s.Queued() {
		if done, err := s.enqueue(ctx, req, run, con); done || err != nil {
			return err
		}
	}
	prog := report.NewProgress(con.Err, req.Quiet, report.IsTerminal(con.Err), run.Total, run.Total-run.Pending, run.Failed)
	stats, auditErr := s.auditItems(ctx, req, run, prog, con)
	prog.Finish()
	state, err := s.FinishAudit(ctx, run.ID, auditErr)
	if err != nil {
		return err
	}
	// The log is checkpointed while the summary is read, rather than at Close, after it.
	checkpointed := make(chan error, 1)
	go func() { checkpointed <- s.db.Checkpoint(context.WithoutCancel(ctx)) }()
	sum, err := s.AuditSummary(context.WithoutCancel(ctx), run.ID, stats)
	if cerr := <-checkpointed; cerr != nil {
		s.Logger().Warn("checkpoint after the audit", "err", cerr)
	}
	if err != nil {
		return err
	}
	if err := report.WriteAuditSummary(con.Out, sum); err != nil {
		return err
	}
	if auditErr != nil {
		fmt.Fprintf(con.Err, "audit: %s; carry on with: provcheck audit --resume --run %d --db %s\n", state, run.ID, s.cfg.DBPath)
	}
	if errors.Is(auditErr, ErrInterrupted) {
		return nil
	}
	return auditErr
}

// openRun resumes the run req names, or plans a new one of its inputs.
func (s *Session) openRun(ctx context.Context, req AuditRequest) (AuditRun, error) {
	if req.Resume {
		return s.ResumeAudit(ctx, req.RunID)
	}
	sp := req.Spec
	opts := map[string]any{"workers": req.Work.Workers, "args": sp.Paths, "urls": sp.URLLists, "sitemap": sp.Sitemaps, "feed": sp.Feeds}
	return s.PlanAudit(ctx, sp, sp.Label(), opts)
}

// enqueue enqueues the jobs of run; done is true with EnqueueOnly, when the workers of
// other processes are left to check them.
func (s *Session) enqueue(ctx context.Context, req AuditRequest, run AuditRun, con Console) (done bool, err error) {
	n, err := s.Enqueue(ctx, run)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(con.Err, "audit: run %d: %d jobs enqueued\n", run.ID, n)
	if !req.EnqueueOnly {
		return false, nil
	}
	fmt.Fprintf(con.Out, "%d\n", run.ID)
	fmt.Fprintf(con.Err, "audit: check them with `provcheck worker` on each machine; follow them with `provcheck audit --status --run %d`\n", run.ID)
	return true, nil
}

// auditItems checks the pending items of run.
func (s *Session) auditItems(ctx context.Context, req AuditRequest, run AuditRun, prog *report.Progress, con Console) (AuditStats, error) {
	if s.Queued() {
		w, err := s.Worker(ctx, req.Work)
		if err != nil {
			return AuditStats{}, err
		}
		con.draining(w.Drain)
		return w.Audit(ctx, run.ID, prog.Set)
	}
	auditor := s.Auditor(run, AuditConfig{Workers: req.Work.Workers, Connections: req.Work.Connections,
		Progress: func(d ItemDone) { prog.Item(d.Findings, d.Err != nil) }})
	con.draining(auditor.Drain)
	return auditor.Run(ctx, run.ID)
}

// RunWorker takes the jobs of every audit enqueued in the session's PostgreSQL database
// until ctx ends or the user drains it; a drained worker is no error.
func (s *Session) RunWorker(ctx context.Context, cfg WorkerConfig, con Console) error {
	w, err := s.Worker(ctx, cfg)
	if err != nil {
		return err
	}
	con.draining(w.Drain)
	fmt.Fprintf(con.Err, "worker: taking jobs with %d workers; Ctrl-C stops taking them, a second Ctrl-C stops at once\n", cfg.Workers)
	if err := w.Run(ctx); err != nil && !errors.Is(err, ErrInterrupted) {
		return err
	}
	return nil
}
