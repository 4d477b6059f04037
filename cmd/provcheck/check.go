package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
)

func checkCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "check one article: a URL, a saved .html file (gzip or not), or - for standard input",
		ArgsUsage: "URL|FILE|-",
		Flags: append(checkFlags(),
			&cli.StringFlag{Name: "base-url", Usage: "resolve a local file's relative links against `URL` (default: its <link rel=canonical>)"},
		),
		Action: func(c *cli.Context) error {
			args, err := interspersed(c)
			if err != nil {
				return err
			}
			if len(args) != 1 {
				return usageError{"check takes exactly one URL, FILE or -"}
			}
			s, err := parseSettings(c, env)
			if err != nil {
				return err
			}
			return deliver(c, env, s, "check", args[0], func(ss *checker.Session) (*checker.Result, error) {
				return ss.Check(c.Context, args[0], env.stdin, c.String("base-url"))
			})
		},
	}
}
