package main

import (
	"cmp"
	"context"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/rules"
)

// Flags shared by check and demo.
func checkFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "report format: text or json"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the report to `FILE` instead of standard output"},
		&cli.BoolFlag{Name: "no-db", Usage: "do not record the check in a database"},
		&cli.StringFlag{Name: "fail-on", Usage: "exit 1 when a finding is at or above `SEVERITY` (info, low, medium, high)"},
		&cli.StringFlag{Name: "color", Value: "auto", Usage: "colour the text report: auto, always or never (NO_COLOR is honoured)"},
	}, fetchFlags()...)
}

// Flags of every command that fetches and judges: check, demo, audit.
func fetchFlags() []cli.Flag {
	return []cli.Flag{
		dbFlag(),
		&cli.StringFlag{Name: "config", Usage: "rules configuration `FILE` (.yaml, .yml or .toml)"},
		&cli.StringFlag{Name: "ratings", Usage: "site ratings `FILE` (CSV: domain,score,label,origin) added to and overriding the built-in list"},
		&cli.IntFlag{Name: "depth", Value: 1, Usage: "follow each quote through `N` levels of citations towards its first carrier (1: the cited originals only)"},
		&cli.DurationFlag{Name: "timeout", Value: 20 * time.Second, Usage: "per-request timeout"},
		&cli.BoolFlag{Name: "allow-private", Usage: "allow fetching loopback and private addresses (refused by default)"},
		&cli.StringSliceFlag{Name: "resolve", Usage: "connect to `HOST:PORT:ADDR` instead of resolving HOST:PORT (as curl --resolve; the address guard still applies)"},
		&cli.StringSliceFlag{Name: "replay", Usage: "fetch nothing: answer every request from these WARC `FILE`s or folders (captured evidence)"},
		&cli.StringFlag{Name: "warc-dir", Usage: "write the evidence (WARC) to `DIR` (default: warc/ beside the database; none with --no-db)"},
		&cli.DurationFlag{Name: "max-age", Value: 24 * time.Hour, Usage: "reuse a page captured less than this long ago without asking again; 0 always asks (conditionally)"},
		&cli.BoolFlag{Name: "no-archive", Usage: "do not look up archived copies of dead originals"},
		&cli.StringFlag{Name: "archive-endpoint", Value: crawler.DefaultArchiveEndpoint, Usage: "the archive's availability API `URL` (Wayback Machine format)"},
		&cli.StringFlag{Name: "contact", Usage: "a `URL` or address for site owners, added to the User-Agent"},
		&cli.DurationFlag{Name: "delay", Usage: "wait this long between requests to one host"},
		&cli.StringFlag{Name: "user-agent", Usage: "User-Agent to send (default names provcheck)"},
		&cli.StringFlag{Name: "x-oembed", Value: social.DefaultXOEmbed, Usage: "X/Twitter posts are read through this oEmbed `URL`"},
		&cli.StringFlag{Name: "bluesky-appview", Value: social.DefaultBlueskyAppView, Usage: "Bluesky posts are read through this AppView `URL`"},
		&cli.StringFlag{Name: "telegram-embed", Usage: "Telegram posts are read through the embed widget at this base `URL` (default: t.me itself)"},
		&cli.StringFlag{Name: "render", Value: "auto", Usage: "read originals in headless Chromium: auto (a page whose text scripts write), never or always"},
		&cli.StringFlag{Name: "dns", Usage: "resolve host names with the DNS server at `ADDR` (host:port) instead of the system's"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "log each fetch to standard error"},
	}
}

// Flags of the commands that check many articles: audit and worker.
func workFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "workers", Value: 8, Usage: "articles checked at once"},
		&cli.IntFlag{Name: "connections", Value: 16, Usage: "requests in flight at once across all workers (each host also has its own limit)"},
		&cli.DurationFlag{Name: "rescue-after", Value: 5 * time.Minute, Usage: "PostgreSQL: how long one article may take; a job running longer, or left by a killed worker, is retried (its originals after at most 1m)"},
	}
}

func dbFlag() cli.Flag {
	return &cli.StringFlag{Name: "db", Usage: "SQLite database `PATH`, or a postgres:// URL (default: $PROVCHECK_DB, else provcheck.db in the user's data directory)"}
}

// settings are the parsed shared flags.
type settings struct {
	format    report.Format
	output    string
	failOn    rules.Severity
	hasFailOn bool
	color     string
	session   checker.SessionConfig
	demo      bool // open the session on the demo web (checker.OpenDemo)
	tempDB    bool // with demo: record in a throwaway database
}

func parseSettings(c *cli.Context, env *environment) (*settings, error) {
	s := &settings{output: c.String("output"), color: cmp.Or(c.String("color"), "auto")}
	var err error
	if s.format, err = report.Lookup(report.CheckFormats, cmp.Or(c.String("format"), "text")); err != nil {
		return nil, usageError{err.Error()}
	}
	if err := report.CheckColor(s.color); err != nil {
		return nil, usageError{err.Error()}
	}
	if v := c.String("fail-on"); v != "" {
		if s.failOn, err = rules.ParseSeverity(v); err != nil {
			return nil, usageError{"--fail-on: " + err.Error()}
		}
		s.hasFailOn = true
	}
	s.session, err = options(c, env).Session()
	return s, err
}

// options reads the flags of fetchFlags and workFlags.
func options(c *cli.Context, env *environment) checker.Options {
	return checker.Options{
		DB: c.String("db"), NoDB: c.Bool("no-db"), Config: c.String("config"), Ratings: c.String("ratings"),
		Depth: c.Int("depth"), Timeout: c.Duration("timeout"), AllowPrivate: c.Bool("allow-private"),
		Resolve: c.StringSlice("resolve"), Replay: c.StringSlice("replay"), WARCDir: c.String("warc-dir"),
		MaxAge: c.Duration("max-age"), NoArchive: c.Bool("no-archive"), ArchiveEndpoint: c.String("archive-endpoint"),
		Contact: c.String("contact"), Delay: c.Duration("delay"), UserAgent: c.String("user-agent"), DNS: c.String("dns"),
		XOEmbed: c.String("x-oembed"), BlueskyAppView: c.String("bluesky-appview"), TelegramEmbed: c.String("telegram-embed"),
		Render: c.String("render"), Verbose: c.Bool("verbose"), RescueAfter: c.Duration("rescue-after"),
		Software: "provcheck/" + version, Log: env.stderr,
	}
}

// open opens the session the settings describe.
func (s *settings) open(ctx context.Context) (*checker.Session, error) {
	if s.demo {
		return checker.OpenDemo(ctx, s.session, s.tempDB)
	}
	return checker.Open(ctx, s.session)
}

// deliver opens the session, checks with it, records the check, writes the report and
// decides the exit status.
func deliver(c *cli.Context, env *environment, s *settings, kind, input string, check func(*checker.Session) (*checker.Result, error)) error {
	ss, err := s.open(c.Context)
	if err != nil {
		return err
	}
	defer ss.Close()
	res, err := check(ss)
	if err != nil {
		return err
	}
	if err := ss.Save(c.Context, kind, input, res); err != nil {
		return err
	}
	run := report.Run{Reports: []report.Report{res.Report()}}
	if err := s.format.WriteRunTo(s.output, env.stdout, run, report.WriteOptions{}, s.color); err != nil {
		return err
	}
	if s.hasFailOn && res.AtLeast(s.failOn) {
		return errFindings
	}
	return nil
}

// withStored runs fn on the database of --db (default: the default database), read back.
func withStored(c *cli.Context, fn func(*checker.Stored) error) error {
	db, err := checker.OpenStored(c.Context, cmp.Or(c.String("db"), checker.DefaultDBPath()))
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

// storedAction is the Action of a command that reads the database back: it refuses
// positional arguments other than one (usage says what it takes) and runs fn on the
// database with that argument.
func storedAction(usage string, fn func(c *cli.Context, db *checker.Stored, arg string) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		args, err := interspersed(c)
		if err != nil {
			return err
		}
		if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
			return usageError{usage}
		}
		return withStored(c, func(db *checker.Stored) error { return fn(c, db, args[0]) })
	}
}
