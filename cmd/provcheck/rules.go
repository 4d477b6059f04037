package main

import (
	"fmt"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"

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
					e, err := engineFrom(c.String("config"))
					if err != nil {
						return err
					}
					for _, d := range e.Rules() {
						fmt.Fprintf(env.stdout, "%-28s %-7s %s\n", d.ID, d.Severity, d.Summary)
					}
					return nil
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
					d := r.Describe()
					fmt.Fprintf(env.stdout, "%s (default severity %s)\n\n%s\n\n%s\n", d.ID, d.Severity, d.Summary, wrapText(d.Explain, 80))
					if len(d.Thresholds) > 0 {
						keys := make([]string, 0, len(d.Thresholds))
						for k := range d.Thresholds {
							keys = append(keys, k)
						}
						sort.Strings(keys)
						fmt.Fprintln(env.stdout, "\nThresholds (set them under rules."+d.ID+".thresholds in --config):")
						for _, k := range keys {
							fmt.Fprintf(env.stdout, "  %s = %g\n", k, d.Thresholds[k])
						}
					}
					return nil
				},
			},
		},
	}
}

func engineFrom(path string) (*rules.Engine, error) {
	var cfg rules.Config
	if path != "" {
		var err error
		if cfg, err = rules.LoadConfig(path); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	e, err := rules.New(cfg)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return e, nil
}

func wrapText(s string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(s) {
		if n > 0 && n+1+len(w) > width {
			b.WriteByte('\n')
			n = 0
		} else if n > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}
