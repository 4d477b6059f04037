package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
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
			target := args[0]
			ss, err := openSession(c.Context, s)
			if err != nil {
				return err
			}
			defer ss.Close()
			ck := ss.checker(s, c.String("base-url"))
			res, err := checkTarget(c.Context, env, ss.crawler, ck, target, c.String("base-url"))
			if err != nil {
				return err
			}
			return deliver(c.Context, env, s, ss.db, "check", target, res)
		},
	}
}

// checkTarget checks a URL, a local file or standard input.
func checkTarget(ctx context.Context, env *environment, cr *crawler.Crawler, ck *checker.Checker, target, baseURL string) (*checker.Result, error) {
	page, isURL, err := readTarget(env, cr, target, baseURL)
	if err != nil {
		return nil, err
	}
	if isURL {
		return ck.CheckURL(ctx, target)
	}
	return ck.CheckPage(ctx, page)
}

// readTarget reads a local file or standard input as a page; for an http(s) URL it
// returns isURL and leaves fetching to the checker.
func readTarget(env *environment, cr *crawler.Crawler, target, baseURL string) (page *page.Page, isURL bool, err error) {
	if target == "-" {
		b, err := io.ReadAll(env.stdin)
		if err != nil {
			return nil, false, fmt.Errorf("read standard input: %w", err)
		}
		p, err := cr.Local("-", b, baseURL)
		return p, false, err
	}
	path := target
	if u, err := url.Parse(target); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			return nil, true, nil
		case "file":
			path = u.Path
		default:
			return nil, false, checker.InputError(fmt.Errorf("%q is not an http(s) URL or a file", target))
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, false, checker.InputError(err)
	}
	p, err := cr.Local(path, b, baseURL)
	return p, false, err
}
