package main

import (
	"os"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/benchweb"
)

func benchCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "audit a generated web served on loopback and report speed, memory and accuracy",
		Description: "Generates N articles (each with a verbatim, an altered and a negated quote, a dead link,\n" +
			"a short link redirecting to another site, and on every tenth a placeholder link) and the\n" +
			"originals they cite, serves them on a loopback port, audits them like `provcheck audit`\n" +
			"and compares every verdict with the known truth. Politeness delays are off.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "articles", Value: 1000, Usage: "how many articles to generate"},
			&cli.IntFlag{Name: "workers", Value: 8, Usage: "articles checked at once"},
			&cli.IntFlag{Name: "sites", Value: 50, Usage: "news sites the articles are spread over"},
			&cli.StringFlag{Name: "db", Usage: "database `PATH` or postgres:// URL (default: a temporary file, removed afterwards)"},
			&cli.IntFlag{Name: "processes", Usage: "with --db postgres://…: check in `N` `provcheck worker` processes of --workers each"},
			&cli.StringFlag{Name: "cpuprofile", Usage: "write a CPU profile of the audit to `FILE` (for go tool pprof)"},
			&cli.BoolFlag{Name: "evidence", Usage: "capture every request and response as WARC, as check and audit do"},
			&cli.IntFlag{Name: "depth", Value: 1, Usage: "follow the originals' own citations to this depth"},
			&cli.StringFlag{Name: "web", Value: "simple", Usage: "`KIND` of generated web: simple (short generated pages) or real (real pages from --pages with the planted text in their main text)"},
			&cli.StringFlag{Name: "pages", Usage: "`DIR` of real HTML pages (*.html, *.html.gz) the real web is made from"},
			&cli.BoolFlag{Name: "shared-originals", Usage: "real web: two articles cite one original (by default every original is distinct)"},
			&cli.StringFlag{Name: "render", Value: "auto", Usage: "read originals in headless Chromium as audit does: auto, never or always"},
			&cli.BoolFlag{Name: "serve", Usage: "only serve the web on loopback until interrupted (for a link checker: start it at the printed address)"},
		},
		Action: func(c *cli.Context) error {
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			return checker.RunBench(c.Context, checker.BenchRequest{
				Kind: c.String("web"), Pages: c.String("pages"), ServeOnly: c.Bool("serve"), Render: c.String("render"),
				Config: checker.BenchConfig{
					Web:       benchweb.Web{N: c.Int("articles"), Sites: c.Int("sites"), SharedOriginals: c.Bool("shared-originals")},
					Processes: c.Int("processes"), Executable: exe, Workers: c.Int("workers"), DBPath: c.String("db"),
					Evidence: c.Bool("evidence"), Depth: c.Int("depth"), Software: "provcheck/" + version, CPUProfile: c.String("cpuprofile"),
				},
			}, env.console())
		},
	}
}
