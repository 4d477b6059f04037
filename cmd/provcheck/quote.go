package main

import (
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
		Action: storedAction(`quote takes the quoted words as one argument: provcheck quote "…"`, func(c *cli.Context, db *checker.Stored, q string) error {
			l, err := db.Lineage(c.Context, c.Int64("run"), q, c.Int("limit"))
			if err != nil {
				return err
			}
			return report.WriteLineage(env.stdout, l)
		}),
	}
}
