package main

import (
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
)

func demoCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "check the bundled example article, offline: its pages are served on loopback",
		Description: "Serves a small made-up web on a loopback port (an article built from the Lavrov\n" +
			"\"fair\"/\"just\" world order case and the pages it cites, under .example host names) and\n" +
			"runs a normal check of " + demo.ArticleURL + " against it.",
		Flags: checkFlags(),
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return usageError{"demo takes no arguments"}
			}
			s, err := demoSettings(c, env)
			if err != nil {
				return err
			}
			return deliver(c, env, s, "demo", demo.ArticleURL, func(ss *checker.Session) (*checker.Result, error) {
				return ss.CheckDemo(c.Context)
			})
		},
	}
}

// demoSettings are the settings of a command run on the demo web, which shows the chains
// to the wire text unless --depth says otherwise.
func demoSettings(c *cli.Context, env *environment) (*settings, error) {
	if !c.IsSet("depth") {
		if err := c.Set("depth", "2"); err != nil {
			return nil, err
		}
	}
	s, err := parseSettings(c, env)
	if err != nil {
		return nil, err
	}
	s.demo = true
	return s, nil
}
