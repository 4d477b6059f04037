package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
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
			ss, err := s.open(c.Context)
			if err != nil {
				return err
			}
			defer ss.Close()
			return ss.RunWorker(c.Context, workerConfig(c), env.console())
		},
	}
}

func workerConfig(c *cli.Context) checker.WorkerConfig {
	return checker.WorkerConfig{Workers: c.Int("workers"), Connections: c.Int("connections"), RescueAfter: c.Duration("rescue-after")}
}
