package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/web"
)

func serveCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:  "serve",
		Usage: "serve the newsroom's page: check a link, browse runs and articles, search quotes",
		Description: "Serves a web page over the database on --addr (loopback by default). An address\n" +
			"reachable from other machines needs --token; every request must then carry it (open\n" +
			"the printed address once: the token is kept in a cookie). --demo serves the bundled\n" +
			"demo web and its checked article, with a throwaway database unless --db is given.",
		Flags: append(fetchFlags(),
			&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8080", Usage: "listen on `HOST:PORT`"},
			&cli.StringFlag{Name: "token", Usage: "require `TOKEN` on every request (needed off loopback)"},
			&cli.IntFlag{Name: "max-checks", Value: 2, Usage: "run at most `N` checks at once; more are answered busy"},
			&cli.BoolFlag{Name: "demo", Usage: "serve the bundled demo web and check its article at start"},
		),
		Action: func(c *cli.Context) error { return serve(c, env) },
	}
}

func serve(c *cli.Context, env *environment) error {
	addr, token := c.String("addr"), c.String("token")
	switch {
	case c.NArg() != 0:
		return usageError{"serve takes no arguments"}
	case c.Int("max-checks") < 1:
		return usageError{"--max-checks: want 1 or more"}
	}
	if err := web.CheckBind(addr, token); err != nil {
		return usageError{err.Error()}
	}
	s, err := parseSettings(c, env)
	if err != nil {
		return err
	}
	start := "/"
	if c.Bool("demo") {
		stop, err := useDemo(c, s)
		if err != nil {
			return err
		}
		defer stop()
		if !c.IsSet("db") {
			dir, err := os.MkdirTemp("", "provcheck-demo-")
			if err != nil {
				return fmt.Errorf("demo database: %w", err)
			}
			defer os.RemoveAll(dir)
			s.session.DBPath = filepath.Join(dir, "demo.db")
		}
		start = "/article?url=" + url.QueryEscape(demo.ArticleURL)
	}
	ss, err := checker.Open(c.Context, s.session)
	if err != nil {
		return err
	}
	defer ss.Close()
	if c.Bool("demo") {
		if err := checkDemo(c.Context, ss); err != nil {
			return err
		}
	}
	// The page records its checks itself, as Session.Save does, so that a run shows as
	// running while its check runs; the session fetches and judges.
	app, err := web.New(c.Context, web.Config{
		DB: ss.DB(), DBPath: s.session.DBPath, Token: token, MaxChecks: c.Int("max-checks"), Logger: s.session.Checker.Logger,
		Check: func(ctx context.Context, u string) (*checker.Result, error) { return ss.Checker("").CheckURL(ctx, u) },
	})
	if err != nil {
		return err
	}
	defer app.Close()
	return web.Serve(c.Context, addr, app, func(base string) {
		fmt.Fprintf(env.stdout, "provcheck serves %s on %s\nopen %s\n", s.session.DBPath, base, web.StartURL(base, start, token))
	})
}

// checkDemo checks the demo article and records it, so the page opens on its report.
func checkDemo(ctx context.Context, ss *checker.Session) error {
	res, err := ss.Checker("").CheckURL(ctx, demo.ArticleURL)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return ss.Save(ctx, "demo", demo.ArticleURL, res)
}
