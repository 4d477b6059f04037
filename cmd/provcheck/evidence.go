package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
)

func evidenceCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "evidence",
		Usage:     "print what was captured for a URL: when, where in which WARC file, headers and body",
		ArgsUsage: "URL",
		Flags: []cli.Flag{
			dbFlag(),
			&cli.BoolFlag{Name: "all", Usage: "show every capture of the URL, not only the latest"},
			&cli.BoolFlag{Name: "no-body", Usage: "leave the body out"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageError{"evidence takes exactly one URL"}
			}
			return withStored(c, func(db *checker.Stored) error {
				caps, total, err := db.Evidence(c.Context, args[0], c.Bool("all"))
				if err != nil {
					return err
				}
				return report.WriteEvidence(env.stdout, caps, report.EvidenceOptions{Body: !c.Bool("no-body"), Total: total})
			})
		},
	}
}
