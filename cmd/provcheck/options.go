package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/social"
	"github.com/provcheck/provcheck/crawler/warc"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
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
		&cli.StringFlag{Name: "dns", Usage: "resolve host names with the DNS server at `ADDR` (host:port) instead of the system's"},
		&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "log each fetch to standard error"},
	}
}

func dbFlag() cli.Flag {
	return &cli.StringFlag{Name: "db", Usage: "SQLite database `PATH` (default: provcheck.db in the user's data directory, or $PROVCHECK_DB)"}
}

// settings are the parsed shared flags.
type settings struct {
	format    string
	output    string
	dbPath    string
	failOn    rules.Severity
	hasFailOn bool
	engine    *rules.Engine
	crawl     crawler.Config
	color     string
	logger    *slog.Logger
	replay    []string // WARC files to answer from, instead of the network
	warcDir   string
	noArchive bool
	ratings   *credibility.Ratings
	depth     int
}

// session is what a fetching command opens before it fetches: the database (when there is
// one), the evidence writer, and the fetcher (the crawler, or a replay of captured
// evidence).
type session struct {
	db      *store.Store
	warc    *warc.Writer
	crawler *crawler.Crawler // also reads local files
	fetch   interface {
		Fetch(ctx context.Context, url string) (*page.Page, error)
		FetchAll(ctx context.Context, urls []string) []*page.Page
	}
	pdf *pdftext.Reader // reads PDF originals; starts PDFium on the first PDF only
}

func openSession(ctx context.Context, s *settings) (*session, error) {
	ss := &session{pdf: pdftext.New(pdftext.Config{CacheDir: pdfCacheDir()})}
	ok := false
	defer func() {
		if !ok {
			_ = ss.Close()
		}
	}()
	cfg := s.crawl
	if s.dbPath != "" {
		db, err := store.Open(ctx, s.dbPath)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		ss.db = db
	}
	dir := s.warcDir
	if dir == "" && s.dbPath != "" {
		dir = defaultWARCDir(s.dbPath)
	}
	if dir != "" && len(s.replay) == 0 {
		if ss.db != nil {
			w, idx, err := openEvidence(ss.db, dir)
			if err != nil {
				return nil, err
			}
			ss.warc, cfg.Evidence, cfg.Index = w, w, idx
		} else {
			w, err := warc.NewWriter(dir, warc.Options{MaxFileSize: 1 << 30, Software: "provcheck/" + version})
			if err != nil {
				return nil, fmt.Errorf("warc directory: %w", err)
			}
			ss.warc, cfg.Evidence = w, w
		}
	}
	ss.crawler = crawler.New(cfg)
	ss.fetch = ss.crawler
	if len(s.replay) > 0 {
		r, err := crawler.NewReplay(s.replay...)
		if err != nil {
			return nil, checker.InputError(fmt.Errorf("replay: %w", err))
		}
		r.ArchiveEndpoint, r.Posts = cfg.ArchiveEndpoint, cfg.Posts
		ss.fetch = r
	}
	ok = true
	return ss, nil
}

// Close closes the evidence writer and the database.
func (ss *session) Close() error {
	var errs []error
	if ss.warc != nil {
		errs = append(errs, ss.warc.Close())
	}
	if ss.db != nil {
		errs = append(errs, ss.db.Close())
	}
	if ss.pdf != nil {
		errs = append(errs, ss.pdf.Close())
	}
	return errors.Join(errs...)
}

// pdfCacheDir is where PDFium's compiled code is kept between runs (it takes seconds to
// compile): provcheck/pdfium under the user's cache directory, "" (compile every run)
// when there is none.
func pdfCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "provcheck", "pdfium")
}

// checker makes the checker of a session.
func (ss *session) checker(s *settings, baseURL string) *checker.Checker {
	return checker.New(ss.fetch, s.engine, checker.Config{BaseURL: baseURL, Logger: s.logger, NoArchive: s.noArchive,
		Ratings: s.ratings, Depth: s.depth, PDF: ss.pdf})
}

func parseSettings(c *cli.Context, env *environment) (*settings, error) {
	s := &settings{format: c.String("format"), output: c.String("output"), color: c.String("color")}
	if s.format == "" {
		s.format = "text"
	}
	if s.color == "" {
		s.color = "auto"
	}
	switch s.format {
	case "text", "json":
	default:
		return nil, usageError{fmt.Sprintf("unknown --format %q (want text or json)", s.format)}
	}
	switch s.color {
	case "auto", "always", "never":
	default:
		return nil, usageError{fmt.Sprintf("unknown --color %q (want auto, always or never)", s.color)}
	}
	if v := c.String("fail-on"); v != "" {
		sev, err := rules.ParseSeverity(v)
		if err != nil {
			return nil, usageError{"--fail-on: " + err.Error()}
		}
		s.failOn, s.hasFailOn = sev, true
	}
	var cfg rules.Config
	var err error
	if path := c.String("config"); path != "" {
		if cfg, err = rules.LoadConfig(path); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	if cfg.Ratings, err = loadRatings(c.String("ratings")); err != nil {
		return nil, err
	}
	s.ratings, s.depth = cfg.Ratings, c.Int("depth")
	// Checked here rather than in a flag Action: flags set after the arguments (see
	// interspersed) run no Action.
	if err := checkDepth(s.depth); err != nil {
		return nil, err
	}
	engine, err := rules.New(cfg)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	s.engine = engine
	level := slog.LevelWarn
	if c.Bool("verbose") {
		level = slog.LevelDebug
	}
	s.logger = slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: level}))
	s.crawl = crawler.Config{
		Timeout: c.Duration("timeout"), AllowPrivate: c.Bool("allow-private"),
		UserAgent: c.String("user-agent"), Logger: s.logger,
		MaxAge: c.Duration("max-age"), ArchiveEndpoint: c.String("archive-endpoint"),
		Contact: c.String("contact"), Delay: c.Duration("delay"), DNS: c.String("dns"),
		Posts: social.New(social.Config{
			XOEmbed: c.String("x-oembed"), BlueskyAppView: c.String("bluesky-appview"),
			TelegramEmbed: c.String("telegram-embed"), Logger: s.logger,
		}),
	}
	if s.crawl.MaxAge == 0 && c.IsSet("max-age") {
		s.crawl.MaxAge = -1 // always revalidate
	}
	s.replay = c.StringSlice("replay")
	s.warcDir = c.String("warc-dir")
	s.noArchive = c.Bool("no-archive")
	for _, r := range c.StringSlice("resolve") {
		hostPort, addr, err := parseResolve(r)
		if err != nil {
			return nil, usageError{err.Error()}
		}
		if s.crawl.Resolve == nil {
			s.crawl.Resolve = map[string]string{}
		}
		s.crawl.Resolve[hostPort] = addr
	}
	if !c.Bool("no-db") {
		s.dbPath = c.String("db")
		if s.dbPath == "" {
			s.dbPath = defaultDBPath()
		}
	}
	return s, nil
}

// defaultDBPath is $PROVCHECK_DB, else provcheck.db in the user's data directory.
func defaultDBPath() string {
	if p := os.Getenv("PROVCHECK_DB"); p != "" {
		return p
	}
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		switch runtime.GOOS {
		case "darwin", "windows":
			dir, _ = os.UserConfigDir()
		default:
			if home, err := os.UserHomeDir(); err == nil {
				dir = filepath.Join(home, ".local", "share")
			}
		}
	}
	if dir == "" {
		return "provcheck.db"
	}
	return filepath.Join(dir, "provcheck", "provcheck.db")
}

// deliver records the check, writes the report and decides the exit status.
func deliver(ctx context.Context, env *environment, s *settings, db *store.Store, kind, input string, res *checker.Result) error {
	rep := res.Report()
	if db != nil {
		if err := save(ctx, db, kind, input, res, rep); err != nil {
			return err
		}
	}
	err := writeOutput(env, s.output, func(w io.Writer) error {
		if s.format == "json" {
			return report.WriteJSON(w, rep)
		}
		return report.WriteText(w, rep, report.TextOptions{Color: useColor(s.color, w), Width: termWidth()})
	})
	if err != nil {
		return err
	}
	if s.hasFailOn {
		for _, fd := range res.Findings {
			if fd.Severity >= s.failOn {
				return errFindings
			}
		}
	}
	return nil
}

func save(ctx context.Context, db *store.Store, kind, input string, res *checker.Result, rep report.Report) error {
	rec, err := checker.Record(res, rep)
	if err != nil {
		return err
	}
	runID, err := db.StartRun(ctx, kind, input, "{}")
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	if _, err := db.SaveCheck(ctx, runID, rec); err != nil {
		_ = db.FinishRun(ctx, runID, store.StateFailed)
		return fmt.Errorf("record check: %w", err)
	}
	if err := db.FinishRun(ctx, runID, store.StateDone); err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	return nil
}

func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}

func termWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n >= 40 {
		return n
	}
	return 100
}

// loadRatings returns the built-in site ratings, with the entries of path (if any)
// added and overriding them.
func loadRatings(path string) (*credibility.Ratings, error) {
	r, err := credibility.Builtin()
	if err != nil {
		return nil, fmt.Errorf("built-in ratings: %w", err)
	}
	if path == "" {
		return r, nil
	}
	o, err := credibility.Load(path)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	r.Merge(o)
	return r, nil
}

// parseResolve reads HOST:PORT:ADDR (ADDR is ip:port or an IPv6 [ip]:port).
func parseResolve(s string) (hostPort, addr string, err error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", fmt.Errorf("--resolve %q: want HOST:PORT:ADDR, e.g. news.example:80:127.0.0.1:8080", s)
	}
	if _, err := strconv.Atoi(parts[1]); err != nil {
		return "", "", fmt.Errorf("--resolve %q: port %q is not a number", s, parts[1])
	}
	addr = parts[2]
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(strings.Trim(addr, "[]"), parts[1])
	}
	return parts[0] + ":" + parts[1], addr, nil
}
