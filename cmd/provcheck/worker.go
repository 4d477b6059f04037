package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
)

func workerCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "worker",
		Usage: "check the articles of audits planned in a PostgreSQL database, as one of any number of workers",
		Description: "Takes the jobs `provcheck audit --db postgres://…` enqueued, on this machine alongside any\n" +
			"other, until stopped: Ctrl-C (or SIGTERM) stops taking jobs and lets those in flight finish;\n" +
			"a second one stops at once. A killed worker's jobs are retried by the others.",
		Flags: append(workFlags(), fetchFlags()...),
		Action: func(c *cli.Context) error {
			s, err := parseSettings(c, env)
			if err != nil {
				return err
			}
			shareHosts(c, s)
			ss, err := checker.Open(c.Context, s.session)
			if err != nil {
				return err
			}
			defer ss.Close()
			w, err := ss.Worker(c.Context, workerConfig(c))
			if err != nil {
				return err
			}
			drain := w.Drain
			env.interrupts.drain.Store(&drain)
			fmt.Fprintf(env.stderr, "worker: taking jobs with %d workers; Ctrl-C stops taking them, a second Ctrl-C stops at once\n", c.Int("workers"))
			if err := w.Run(c.Context); err != nil && !errors.Is(err, checker.ErrInterrupted) {
				return err
			}
			return nil
		},
	}
}

// shareHosts holds the per-host limit across every process of a PostgreSQL database,
// a killed one's slots free again after --rescue-after at most.
func shareHosts(c *cli.Context, s *settings) {
	if checker.IsPostgres(s.session.DBPath) {
		s.session.SharedHostLimits, s.session.HostLeaseMax = true, c.Duration("rescue-after")
	}
}

func workerConfig(c *cli.Context) checker.WorkerConfig {
	return checker.WorkerConfig{Workers: c.Int("workers"), Connections: c.Int("connections"), RescueAfter: c.Duration("rescue-after")}
}

// enqueue enqueues the jobs of run; done is true with --enqueue-only, when the workers
// of other processes are left to check them.
func enqueue(c *cli.Context, env *environment, ss *checker.Session, run checker.AuditRun) (done bool, err error) {
	n, err := ss.Enqueue(c.Context, run)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(env.stderr, "audit: run %d: %d jobs enqueued\n", run.ID, n)
	if !c.Bool("enqueue-only") {
		return false, nil
	}
	fmt.Fprintf(env.stdout, "%d\n", run.ID)
	fmt.Fprintf(env.stderr, "audit: check them with `provcheck worker` on each machine; follow them with `provcheck audit --status --run %d`\n", run.ID)
	return true, nil
}

// writeStatus writes the status of the run --run names (default: the latest audit).
func writeStatus(c *cli.Context, env *environment, db *checker.Stored) error {
	st, err := db.RunStatus(c.Context, c.Int64("run"))
	if err != nil {
		return err
	}
	return report.WriteRunStatus(env.stdout, st)
}
