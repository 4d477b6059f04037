package checker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/provcheck/provcheck/checker/demo"
	"github.com/provcheck/provcheck/crawler/social"
)

// OpenDemo opens a session on the bundled demo web: it starts the web on loopback
// (Close stops it) and fetches through it alone, offline. With tempDB the session
// records in a throwaway database, which Close removes, instead of cfg.DBPath.
func OpenDemo(ctx context.Context, cfg SessionConfig, tempDB bool) (*Session, error) {
	srv, err := demo.Start(ctx)
	if err != nil {
		return nil, err
	}
	closers := []func() error{srv.Close}
	undo := func() { _ = runClosers(closers) }
	cfg.Crawl.AllowPrivate = true // the demo web is on loopback
	cfg.Crawl.Resolve = srv.Resolve()
	cfg.Crawl.Posts = social.New(demo.Social()) // the demo's X posts, through its oEmbed endpoint
	cfg.Checker.NoArchive = true                // the demo is offline
	if tempDB {
		dir, err := os.MkdirTemp("", "provcheck-demo-")
		if err != nil {
			undo()
			return nil, fmt.Errorf("demo database: %w", err)
		}
		closers = append(closers, func() error { return os.RemoveAll(dir) })
		cfg.DBPath = filepath.Join(dir, "demo.db")
	}
	s, err := Open(ctx, cfg)
	if err != nil {
		undo()
		return nil, err
	}
	s.closers = closers
	return s, nil
}

// CheckDemo checks the demo's article ([demo.ArticleURL]) in a session of [OpenDemo].
func (s *Session) CheckDemo(ctx context.Context) (*Result, error) {
	res, err := s.Checker("").CheckURL(ctx, demo.ArticleURL)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	return res, nil
}

// runClosers runs every closer, latest first, and joins their errors.
func runClosers(closers []func() error) error {
	var errs []error
	for i := len(closers) - 1; i >= 0; i-- {
		errs = append(errs, closers[i]())
	}
	return errors.Join(errs...)
}
