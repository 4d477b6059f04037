package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/report"
)

func auditCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "audit",
		Usage:     "check a whole archive: URL lists, folders of saved pages, WARC files, sitemaps, feeds",
		ArgsUsage: "[FOLDER|FILE.warc[.gz]|FILE.html ...]",
		Description: "Every article is one unit of work stored atomically, so an audit can be interrupted\n" +
			"(Ctrl-C lets the articles in flight finish; a second Ctrl-C stops at once) or killed,\n" +
			"and resumed with --resume: nothing finished is lost, nothing is done twice.",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "urls", Usage: "a `FILE` of URLs, one a line ('#' comments; - for standard input)"},
			&cli.StringSliceFlag{Name: "sitemap", Usage: "a sitemap or sitemap index `URL`"},
			&cli.StringSliceFlag{Name: "feed", Usage: "an RSS or Atom feed `URL`"},
			&cli.BoolFlag{Name: "resume", Usage: "carry on the last unfinished audit (or --run N)"},
			&cli.BoolFlag{Name: "recheck", Usage: "fetch again the links the last audit (or --run N) found dead, and say which answer now"},
			&cli.Int64Flag{Name: "run", Usage: "with --resume, --recheck or --status: the `RUN`"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress on standard error"},
			&cli.BoolFlag{Name: "enqueue-only", Usage: "PostgreSQL: plan the audit and enqueue its articles for `provcheck worker`; check none here"},
			&cli.BoolFlag{Name: "status", Usage: "say how far the last audit (or --run N) has come on every machine: done, failed, pending, rate"},
		}, append(workFlags(), fetchFlags()...)...),
		Action: func(c *cli.Context) error { return runAudit(c, env) },
	}
}

func runAudit(c *cli.Context, env *environment) error {
	args, err := interspersed(c)
	if err != nil {
		return err
	}
	if c.Bool("status") {
		return withStored(c, func(db *checker.Stored) error { return writeStatus(c, env, db) })
	}
	s, err := parseSettings(c, env)
	if err != nil {
		return err
	}
	shareHosts(c, s)
	spec := inputs.Spec{URLLists: c.StringSlice("urls"), Sitemaps: c.StringSlice("sitemap"), Feeds: c.StringSlice("feed"), Paths: args, Stdin: env.stdin}
	if c.Bool("resume") && !spec.Empty() {
		return usageError{"--resume takes no new inputs: it carries on the inputs of the run"}
	}
	ss, err := checker.Open(c.Context, s.session)
	if err != nil {
		return err
	}
	defer ss.Close()
	if c.Bool("enqueue-only") && !ss.Queued() {
		return usageError{"--enqueue-only needs a PostgreSQL database (--db postgres://…)"}
	}
	if c.Bool("recheck") {
		rc, err := ss.RecheckRun(c.Context, c.Int64("run"))
		if err != nil {
			return err
		}
		return report.WriteRecheck(env.stdout, rc)
	}
	run, err := openRun(c, ss, spec)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "audit: %s; database %s\n", run, s.session.DBPath)
	if ss.Queued() {
		if done, err := enqueue(c, env, ss, run); done || err != nil {
			return err
		}
	}
	prog := report.NewProgress(env.stderr, c.Bool("quiet"), report.IsTerminal(env.stderr), run.Total, run.Total-run.Pending, run.Failed)
	stats, auditErr := auditItems(c, env, ss, run, prog)
	prog.Finish()
	state, err := ss.FinishAudit(c.Context, run.ID, auditErr)
	if err != nil {
		return err
	}
	sum, err := ss.AuditSummary(context.WithoutCancel(c.Context), run.ID, stats)
	if err != nil {
		return err
	}
	if err := report.WriteAuditSummary(env.stdout, sum); err != nil {
		return err
	}
	if auditErr != nil {
		fmt.Fprintf(env.stderr, "audit: %s; carry on with: provcheck audit --resume --run %d --db %s\n", state, run.ID, s.session.DBPath)
	}
	if auditErr != nil && !errors.Is(auditErr, checker.ErrInterrupted) {
		return auditErr
	}
	return nil
}

// auditItems checks the pending items of run: in a pool of this process with SQLite,
// as jobs worked here (and by any other worker) with PostgreSQL.
func auditItems(c *cli.Context, env *environment, ss *checker.Session, run checker.AuditRun, prog *report.Progress) (checker.AuditStats, error) {
	if ss.Queued() {
		w, err := ss.Worker(c.Context, workerConfig(c))
		if err != nil {
			return checker.AuditStats{}, err
		}
		drain := w.Drain
		env.interrupts.drain.Store(&drain)
		return w.Audit(c.Context, run.ID, prog.Set)
	}
	auditor := ss.Auditor(run, checker.AuditConfig{Workers: c.Int("workers"), Connections: c.Int("connections"),
		Progress: func(d checker.ItemDone) { prog.Item(d.Findings, d.Err != nil) }})
	drain := auditor.Drain
	env.interrupts.drain.Store(&drain)
	return auditor.Run(c.Context, run.ID)
}

// openRun resumes the run --resume names, or plans a new one of spec.
func openRun(c *cli.Context, ss *checker.Session, spec inputs.Spec) (checker.AuditRun, error) {
	if c.Bool("resume") {
		return ss.ResumeAudit(c.Context, c.Int64("run"))
	}
	opts := map[string]any{"workers": c.Int("workers"), "args": spec.Paths, "urls": spec.URLLists, "sitemap": spec.Sitemaps, "feed": spec.Feeds}
	return ss.PlanAudit(c.Context, spec, spec.Label(), opts)
}
