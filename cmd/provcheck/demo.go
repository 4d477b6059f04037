package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"

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
			stop, err := useDemo(c, s)
			if err != nil {
				return err
			}
			defer stop()
			return deliver(c, env, s, "demo", demo.ArticleURL, func(ss *checker.Session) (*checker.Result, error) {
				res, err := ss.Checker("").CheckURL(c.Context, demo.ArticleURL)
				if err != nil {
					return nil, fmt.Errorf("demo: %w", err)
				}
				return res, nil
			})
		},
	}
}

// useDemo starts the demo web on loopback and points the session at it; stop ends it.
func useDemo(c *cli.Context, s *settings) (stop func(), err error) {
	srv, err := demo.Start(c.Context)
	if err != nil {
		return nil, err
	}
	s.session.Crawl.AllowPrivate = true // the demo web is on loopback
	s.session.Crawl.Resolve = srv.Resolve()
	s.session.Crawl.Posts = social.New(demo.Social()) // the demo's X posts, through its oEmbed endpoint
	s.session.Checker.NoArchive = true                // the demo is offline
	if !c.IsSet("depth") {
		s.session.Checker.Depth = 2 // the demo shows the chains to the wire text
	}
	return func() { _ = srv.Close() }, nil
}
