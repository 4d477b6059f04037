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
		Action: storedAction("evidence takes exactly one URL", func(c *cli.Context, db *checker.Stored, u string) error {
			caps, total, err := db.Evidence(c.Context, u, c.Bool("all"))
			if err != nil {
				return err
			}
			return report.WriteEvidence(env.stdout, caps, report.EvidenceOptions{Body: !c.Bool("no-body"), Total: total})
		}),
	}
}
