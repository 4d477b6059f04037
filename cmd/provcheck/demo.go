package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/crawler/social"
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
			s, err := parseSettings(c, env)
			if err != nil {
				return err
			}
			srv, err := demo.Start(c.Context)
			if err != nil {
				return err
			}
			defer srv.Close()
			s.crawl.AllowPrivate = true // the demo web is on loopback
			s.crawl.Resolve = srv.Resolve()
			s.crawl.Posts = social.New(demo.Social()) // the demo's X posts, through its oEmbed endpoint
			s.noArchive = true                        // the demo is offline
			if !c.IsSet("depth") {
				s.depth = 2 // the demo shows the chains to the wire text
			}
			ss, err := openSession(c.Context, s)
			if err != nil {
				return err
			}
			defer ss.Close()
			res, err := ss.checker(s, "").CheckURL(c.Context, demo.ArticleURL)
			if err != nil {
				return fmt.Errorf("demo: %w", err)
			}
			return deliver(c.Context, env, s, ss.db, "demo", demo.ArticleURL, res)
		},
	}
}
