package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
)

func quoteCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "quote",
		Usage:     "search the audited archive for a quote and print its lineage",
		ArgsUsage: `"TEXT"`,
		Flags: []cli.Flag{
			dbFlag(),
			&cli.Int64Flag{Name: "run", Usage: "search only the articles of `RUN` (default: every article stored)"},
			&cli.IntFlag{Name: "limit", Value: 20, Usage: "at most `N` articles"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageError{`quote takes the quoted words as one argument: provcheck quote "…"`}
			}
			return withStored(c, func(db *checker.Stored) error {
				l, err := db.Lineage(c.Context, c.Int64("run"), args[0], c.Int("limit"))
				if err != nil {
					return err
				}
				return report.WriteLineage(env.stdout, l)
			})
		},
	}
}
