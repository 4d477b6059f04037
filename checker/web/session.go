package web

import (
	"context"
	"fmt"
	"io"
	"net/url"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/demo"
)

// Site is what `provcheck serve` asks for.
type Site struct {
	Addr, Token string
	MaxChecks   int  // checks at once (0: 2)
	Demo        bool // the session is checker.OpenDemo's: check its article first and open on it
}

// ServeSession serves the page over the session's database on site.Addr until ctx ends:
// a check asked for on the page is fetched and judged by the session. Once listening, it
// writes to out where to open the page.
func ServeSession(ctx context.Context, ss *checker.Session, site Site, out io.Writer) error {
	if err := CheckBind(site.Addr, site.Token); err != nil {
		return checker.InputError(err)
	}
	start := "/"
	if site.Demo {
		res, err := ss.CheckDemo(ctx)
		if err != nil {
			return err
		}
		if err := ss.Save(ctx, "demo", demo.ArticleURL, res); err != nil {
			return err
		}
		start = "/article?url=" + url.QueryEscape(demo.ArticleURL)
	}
	// The page records its checks itself, as Session.Save does, so that a run shows as
	// running while its check runs; the session fetches and judges.
	app, err := New(ctx, Config{
		DB: ss.DB(), DBPath: ss.DBPath(), Token: site.Token, MaxChecks: site.MaxChecks, Logger: ss.Logger(),
		Check: func(ctx context.Context, u string) (*checker.Result, error) {
			res, err := ss.Checker("").CheckURL(ctx, u)
			if err != nil {
				return nil, err
			}
			// The page stores the check itself: the evidence it refers to goes first.
			if err := ss.SyncEvidence(ctx); err != nil {
				return nil, err
			}
			return res, nil
		},
	})
	if err != nil {
		return err
	}
	defer app.Close()
	return Serve(ctx, site.Addr, app, func(base string) {
		fmt.Fprintf(out, "provcheck serves %s on %s\nopen %s\n", ss.DBPath(), base, StartURL(base, start, site.Token))
	})
}
