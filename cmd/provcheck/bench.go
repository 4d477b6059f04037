package main

import (
	"fmt"
	"net"
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
			&cli.BoolFlag{Name: "serve", Usage: "only serve the web on loopback until interrupted (for a link checker: start it at the printed address)"},
		},
		Action: func(c *cli.Context) error {
			n := c.Int("articles")
			if n <= 0 {
				return usageError{"--articles must be positive"}
			}
			web, err := checker.BenchWeb(c.String("web"), c.String("pages"),
				benchweb.Web{N: n, Sites: max(c.Int("sites"), 1), SharedOriginals: c.Bool("shared-originals")})
			if err != nil {
				return err
			}
			if c.Bool("serve") {
				return checker.ServeBench(c.Context, web, func(addr net.Addr) {
					fmt.Fprintf(env.stdout, "http://%s/\n", addr)
					fmt.Fprintf(env.stderr, "bench: serving %d articles; index at http://%s/, article URLs by name with --resolve HOST:80:%s; Ctrl-C stops\n", web.N, addr, addr)
				})
			}
			return runBench(c, env, web)
		},
	}
}

func runBench(c *cli.Context, env *environment, web benchweb.Web) error {
	workers := c.Int("workers")
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	res, err := checker.Bench(c.Context, checker.BenchConfig{
		Processes: c.Int("processes"), Executable: exe,
		Web: web, Workers: workers, DBPath: c.String("db"), Evidence: c.Bool("evidence"), Depth: c.Int("depth"),
		Software: "provcheck/" + version, CPUProfile: c.String("cpuprofile"),
		Started: func(addr net.Addr) {
			fmt.Fprintf(env.stderr, "bench: auditing %d generated articles on %s with %d workers\n", web.N, addr, workers)
		},
	})
	if err != nil {
		return err
	}
	return res.WriteText(env.stdout, web)
}
