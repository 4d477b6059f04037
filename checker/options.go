package checker

import (
	"cmp"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/render"
	"github.com/provcheck/provcheck/crawler/social"
)

// Options are the settings of a command that fetches and judges (check, demo, audit,
// worker, serve) as a user gives them: plain values, checked and turned into a
// [SessionConfig] by [Options.Session]. The CLI fills them from its flags, one field a
// flag of the same name.
type Options struct {
	DB   string // SQLite path or postgres:// URL ("": DefaultDBPath)
	NoDB bool   // record nothing

	Config  string // rules configuration file (.yaml, .yml or .toml)
	Ratings string // site ratings CSV, added to and overriding the built-in list
	Depth   int    // levels of citations a quote is followed through (1 or more)

	Timeout         time.Duration // per request
	AllowPrivate    bool          // fetch loopback and private addresses
	Resolve         []string      // HOST:PORT:ADDR, as curl --resolve
	Replay          []string      // fetch nothing: answer from these WARC files or folders
	WARCDir         string        // evidence folder ("": warc/ beside the database)
	MaxAge          time.Duration // reuse a capture younger than this; 0 always asks again
	NoArchive       bool          // look up no archived copies of dead originals
	ArchiveEndpoint string        // availability API, Wayback Machine format
	Contact         string        // added to the User-Agent
	Delay           time.Duration // between requests to one host
	UserAgent       string
	DNS             string // host:port of a DNS server ("": the system's resolver)

	XOEmbed, BlueskyAppView, TelegramEmbed string // where social posts are read

	Render  string // auto, never or always ("": auto)
	Verbose bool   // log each fetch

	// RescueAfter, with a PostgreSQL database, holds the per-host limits across every
	// process of the database, a killed process's slots free again after this at most
	// (0: the limits are this process's own).
	RescueAfter time.Duration

	Software string    // names the program in the evidence
	Log      io.Writer // where logs go (nil: nowhere)
}

// renderMode reads a --render value, "" being auto; a bad one is an input error.
func renderMode(s string) (render.Mode, error) {
	mode, ok := render.ParseMode(cmp.Or(s, "auto"))
	if !ok {
		return "", InputError(fmt.Errorf("--render %q: want auto, never or always", s))
	}
	return mode, nil
}

// Session checks the options and makes the configuration of a session.
func (o Options) Session() (SessionConfig, error) {
	if o.Depth < 1 {
		return SessionConfig{}, InputError(fmt.Errorf("--depth %d: want 1 or more", o.Depth))
	}
	mode, err := renderMode(o.Render)
	if err != nil {
		return SessionConfig{}, err
	}
	engine, ratings, err := LoadRules(o.Config, o.Ratings)
	if err != nil {
		return SessionConfig{}, err
	}
	logger := o.logger()
	crawl, err := o.crawl(logger)
	if err != nil {
		return SessionConfig{}, err
	}
	cfg := SessionConfig{
		Replay: o.Replay, WARCDir: o.WARCDir, Crawl: crawl, Engine: engine,
		Software: o.Software, PDFCacheDir: DefaultPDFCacheDir(), Render: mode,
		Checker: Config{Logger: logger, NoArchive: o.NoArchive, Ratings: ratings, Depth: o.Depth},
	}
	if !o.NoDB {
		cfg.DBPath = cmp.Or(o.DB, DefaultDBPath())
	}
	if o.RescueAfter > 0 && IsPostgres(cfg.DBPath) {
		cfg.SharedHostLimits, cfg.HostLeaseMax = true, o.RescueAfter
	}
	return cfg, nil
}

func (o Options) logger() *slog.Logger {
	if o.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	level := slog.LevelWarn
	if o.Verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: level}))
}

// crawl is the crawler's part of the options.
func (o Options) crawl(logger *slog.Logger) (crawler.Config, error) {
	cfg := crawler.Config{
		Timeout: o.Timeout, AllowPrivate: o.AllowPrivate, UserAgent: o.UserAgent, Logger: logger,
		MaxAge: o.MaxAge, ArchiveEndpoint: o.ArchiveEndpoint, Contact: o.Contact, Delay: o.Delay, DNS: o.DNS,
		Posts: social.New(social.Config{
			XOEmbed: o.XOEmbed, BlueskyAppView: o.BlueskyAppView, TelegramEmbed: o.TelegramEmbed, Logger: logger,
		}),
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = -1 // always revalidate
	}
	var err error
	if cfg.Resolve, err = crawler.ParseResolves(o.Resolve); err != nil {
		return cfg, InputError(err)
	}
	return cfg, nil
}
