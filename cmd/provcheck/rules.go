package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/rules"
)

func rulesCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list the rules or explain one",
		Subcommands: []*cli.Command{
			{
				Name:  "list",
				Usage: "list the rules with their severity and what makes them fire",
				Flags: []cli.Flag{&cli.StringFlag{Name: "config", Usage: "apply a rules configuration `FILE`"}},
				Action: func(c *cli.Context) error {
					list, err := checker.LoadRuleList(c.String("config"))
					if err != nil {
						return err
					}
					return report.WriteRuleList(env.stdout, list)
				},
			},
			{
				Name:      "explain",
				Usage:     "explain what a rule checks and how to read its findings",
				ArgsUsage: "ID",
				Action: func(c *cli.Context) error {
					if c.NArg() != 1 {
						return usageError{"rules explain takes one rule id (see provcheck rules list)"}
					}
					r, ok := rules.Lookup(c.Args().First())
					if !ok {
						return usageError{fmt.Sprintf("no rule %q (see provcheck rules list)", c.Args().First())}
					}
					return report.WriteRuleExplain(env.stdout, r.Describe())
				},
			},
		},
	}
}
