package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler"
)

func extractCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "extract",
		Usage:     "print what provcheck reads in a page as JSON: text, citations, quotes, attributions",
		ArgsUsage: "URL|FILE|-",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "base-url", Usage: "resolve a local file's relative links against `URL`"},
			&cli.BoolFlag{Name: "allow-private", Usage: "allow fetching loopback and private addresses"},
			&cli.DurationFlag{Name: "timeout", Usage: "per-request timeout (default 20s)"},
		},
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageError{"extract takes exactly one URL, FILE or -"}
			}
			a, err := checker.Extract(c.Context, crawler.Config{AllowPrivate: c.Bool("allow-private"), Timeout: c.Duration("timeout")},
				args[0], env.stdin, c.String("base-url"))
			if err != nil {
				return err
			}
			return report.WriteIndentedJSON(env.stdout, a, "extract")
		},
	}
}
