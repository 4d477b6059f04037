package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/checker/web"
	"github.com/provcheck/provcheck/crawler/social"
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
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return usageError{"serve takes no arguments"}
			}
			addr, token := c.String("addr"), c.String("token")
			if err := web.CheckBind(addr, token); err != nil {
				return usageError{err.Error()}
			}
			if c.Int("max-checks") < 1 {
				return usageError{"--max-checks: want 1 or more"}
			}
			s, err := parseSettings(c, env)
			if err != nil {
				return err
			}
			if c.Bool("demo") {
				srv, err := demo.Start(c.Context)
				if err != nil {
					return err
				}
				defer srv.Close()
				s.session.Crawl.AllowPrivate = true // the demo web is on loopback
				s.session.Crawl.Resolve = srv.Resolve()
				s.session.Crawl.Posts = social.New(demo.Social())
				s.session.Checker.NoArchive = true
				if !c.IsSet("depth") {
					s.session.Checker.Depth = 2
				}
				if !c.IsSet("db") {
					dir, err := os.MkdirTemp("", "provcheck-demo-")
					if err != nil {
						return fmt.Errorf("demo database: %w", err)
					}
					defer os.RemoveAll(dir)
					s.session.DBPath = filepath.Join(dir, "demo.db")
				}
			}
			ss, err := checker.Open(c.Context, s.session)
			if err != nil {
				return err
			}
			defer ss.Close()
			if c.Bool("demo") {
				res, err := ss.Checker("").CheckURL(c.Context, demo.ArticleURL)
				if err != nil {
					return fmt.Errorf("demo: %w", err)
				}
				if err := ss.Save(c.Context, "demo", demo.ArticleURL, res); err != nil {
					return err
				}
			}
			// The page records its checks itself, as Session.Save does, so that a run
			// shows as running while its check runs; the session fetches and judges.
			app, err := web.New(c.Context, web.Config{
				DBPath: s.session.DBPath, Token: token, MaxChecks: c.Int("max-checks"), Logger: s.session.Checker.Logger,
				Check: func(ctx context.Context, u string) (*checker.Result, error) {
					return ss.Checker("").CheckURL(ctx, u)
				},
			})
			if err != nil {
				return err
			}
			defer app.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("serve: %w", err)
			}
			base := "http://" + ln.Addr().String()
			start := base + "/"
			if c.Bool("demo") {
				start = base + "/article?url=" + url.QueryEscape(demo.ArticleURL)
			}
			if token != "" {
				sep := "?"
				if c.Bool("demo") {
					sep = "&"
				}
				start += sep + "token=" + url.QueryEscape(token)
			}
			fmt.Fprintf(env.stdout, "provcheck serves %s on %s\nopen %s\n", s.session.DBPath, base, start)
			hs := &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second, ErrorLog: nil}
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				return fmt.Errorf("serve: %w", err)
			case <-c.Context.Done():
			}
			ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Context), 5*time.Second)
			defer cancel()
			if err := hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return fmt.Errorf("serve: shut down: %w", err)
			}
			return nil
		},
	}
}
