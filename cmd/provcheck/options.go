package main

import (
	"cmp"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/render"
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
		&cli.IntFlag{Name: "workers", Value: 4, Usage: "articles checked at once"},
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
	// Checked here rather than in a flag Action: flags set after the arguments (see
	// interspersed) run no Action.
	if n := c.Int("depth"); n < 1 {
		return nil, usageError{fmt.Sprintf("--depth %d: want 1 or more", n)}
	}
	mode, ok := render.ParseMode(c.String("render"))
	if !ok {
		return nil, usageError{fmt.Sprintf("--render %q: want auto, never or always", c.String("render"))}
	}
	engine, ratings, err := checker.LoadRules(c.String("config"), c.String("ratings"))
	if err != nil {
		return nil, err
	}
	level := slog.LevelWarn
	if c.Bool("verbose") {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: level}))
	crawl, err := crawlConfig(c, logger)
	if err != nil {
		return nil, err
	}
	s.session = checker.SessionConfig{
		Replay: c.StringSlice("replay"), WARCDir: c.String("warc-dir"), Crawl: crawl, Engine: engine,
		Software: "provcheck/" + version, PDFCacheDir: checker.DefaultPDFCacheDir(), Render: mode,
		Checker: checker.Config{Logger: logger, NoArchive: c.Bool("no-archive"), Ratings: ratings, Depth: c.Int("depth")},
	}
	if !c.Bool("no-db") {
		s.session.DBPath = cmp.Or(c.String("db"), checker.DefaultDBPath())
	}
	return s, nil
}

// crawlConfig reads the crawler's flags.
func crawlConfig(c *cli.Context, logger *slog.Logger) (crawler.Config, error) {
	cfg := crawler.Config{
		Timeout: c.Duration("timeout"), AllowPrivate: c.Bool("allow-private"),
		UserAgent: c.String("user-agent"), Logger: logger,
		MaxAge: c.Duration("max-age"), ArchiveEndpoint: c.String("archive-endpoint"),
		Contact: c.String("contact"), Delay: c.Duration("delay"), DNS: c.String("dns"),
		Posts: social.New(social.Config{
			XOEmbed: c.String("x-oembed"), BlueskyAppView: c.String("bluesky-appview"),
			TelegramEmbed: c.String("telegram-embed"), Logger: logger,
		}),
	}
	if cfg.MaxAge == 0 && c.IsSet("max-age") {
		cfg.MaxAge = -1 // always revalidate
	}
	var err error
	if cfg.Resolve, err = crawler.ParseResolves(c.StringSlice("resolve")); err != nil {
		return cfg, usageError{err.Error()}
	}
	return cfg, nil
}

// deliver opens the session, checks with it, records the check, writes the report and
// decides the exit status.
func deliver(c *cli.Context, env *environment, s *settings, kind, input string, check func(*checker.Session) (*checker.Result, error)) error {
	ss, err := checker.Open(c.Context, s.session)
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
	if err := writeRun(env, s.output, s.format, run, report.WriteOptions{}, s.color); err != nil {
		return err
	}
	if s.hasFailOn && res.AtLeast(s.failOn) {
		return errFindings
	}
	return nil
}

// writeRun writes run in format f to the output path, colouring text for a terminal.
func writeRun(env *environment, path string, f report.Format, run report.Run, o report.WriteOptions, color string) error {
	return writeOutput(env, path, func(w io.Writer) error {
		return f.Run(w, run, report.ForTerminal(o, w, color))
	})
}

// writeOutput runs write on standard output, or on the file at path ("" or "-": standard
// output), closing it and reporting the first error.
func writeOutput(env *environment, path string, write func(io.Writer) error) error {
	if path == "" || path == "-" {
		return write(env.stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("write output: %w", cerr)
	}
	return err
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
