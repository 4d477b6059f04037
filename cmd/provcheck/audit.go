package main

import (
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
		return withStored(c, func(db *checker.Stored) error {
			st, err := db.RunStatus(c.Context, c.Int64("run"))
			if err != nil {
				return err
			}
			return report.WriteRunStatus(env.stdout, st)
		})
	}
	req := checker.AuditRequest{
		Spec:   inputs.Spec{URLLists: c.StringSlice("urls"), Sitemaps: c.StringSlice("sitemap"), Feeds: c.StringSlice("feed"), Paths: args, Stdin: env.stdin},
		Resume: c.Bool("resume"), Recheck: c.Bool("recheck"), RunID: c.Int64("run"),
		EnqueueOnly: c.Bool("enqueue-only"), Quiet: c.Bool("quiet"), Work: workerConfig(c),
	}
	s, err := parseSettings(c, env)
	if err != nil {
		return err
	}
	if err := req.Check(s.session.DBPath); err != nil {
		return err
	}
	ss, err := s.open(c.Context)
	if err != nil {
		return err
	}
	defer ss.Close()
	return ss.RunAudit(c.Context, req, env.console())
}
