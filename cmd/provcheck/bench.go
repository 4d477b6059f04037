package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/rules"
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
			&cli.StringFlag{Name: "db", Usage: "database `PATH` (default: a temporary file, removed afterwards)"},
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
			if path := c.String("cpuprofile"); path != "" {
				f, err := os.Create(path)
				if err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return fmt.Errorf("bench: %w", err)
				}
				defer pprof.StopCPUProfile()
			}
			web := benchweb.Web{N: n, Sites: max(c.Int("sites"), 1), SharedOriginals: c.Bool("shared-originals")}
			switch c.String("web") {
			case "simple":
			case "real":
				if c.String("pages") == "" {
					return usageError{"--web real needs --pages DIR, a folder of real HTML pages"}
				}
				t, err := benchweb.LoadTemplates(c.String("pages"))
				if err != nil {
					return usageError{err.Error()}
				}
				web.Templates = t
			default:
				return usageError{fmt.Sprintf("--web %q: want simple or real", c.String("web"))}
			}
			if c.Bool("serve") {
				return serveBench(c.Context, env, web)
			}
			return runBench(c.Context, env, web, c.Int("workers"), c.String("db"), c.Bool("evidence"), c.Int("depth"))
		},
	}
}

func runBench(ctx context.Context, env *environment, web benchweb.Web, workers int, dbPath string, evidence bool, depth int) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	srv := &http.Server{Handler: web.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	if dbPath == "" {
		dir, err := os.MkdirTemp("", "provcheck-bench-")
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "bench.db")
	}
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	defer db.Close()

	resolve := map[string]string{}
	for _, h := range web.Hosts() {
		resolve[h+":80"] = ln.Addr().String()
	}
	cfg := crawler.Config{AllowPrivate: true, Resolve: resolve, PerHost: 4, Parallel: 8, Timeout: 10 * time.Second}
	warcDir := ""
	if evidence {
		warcDir = defaultWARCDir(dbPath)
		w, idx, err := openEvidence(db, warcDir)
		if err != nil {
			return err
		}
		defer w.Close()
		cfg.Evidence, cfg.Index = w, idx
	}
	cr := crawler.New(cfg)
	engine, err := rules.New(rules.Config{})
	if err != nil {
		return err
	}
	items := make([]store.Item, web.N)
	for i := range items {
		items[i] = store.Item{Position: i, Kind: checker.ItemURL, Input: web.ArticleURL(i)}
	}
	runID, err := db.StartRun(ctx, store.KindAudit, fmt.Sprintf("bench: %d generated articles", web.N), "{}")
	if err != nil {
		return err
	}
	if err := db.AddItems(ctx, runID, items); err != nil {
		return err
	}
	fmt.Fprintf(env.stderr, "bench: auditing %d generated articles on %s with %d workers\n", web.N, ln.Addr(), workers)
	requests := countRequests(srv)
	ck := checker.New(cr, engine, checker.Config{NoArchive: true, Depth: depth}) // the generated web is offline
	stats, err := ck.Audit(ctx, nil, db, cr, runID, items, checker.AuditConfig{Workers: workers})
	if err != nil {
		// A bench that did not finish measures nothing: say so rather than score half a run.
		_ = db.FinishRun(context.WithoutCancel(ctx), runID, store.StateInterrupted)
		return fmt.Errorf("bench: %w", err)
	}
	if err := db.FinishRun(ctx, runID, store.StateDone); err != nil {
		return err
	}
	verdicts, err := db.RunVerdicts(ctx, runID)
	if err != nil {
		return err
	}
	quotes, cites := map[string][]benchweb.Item{}, map[string][]benchweb.Item{}
	for u, v := range verdicts {
		for k := range v.Quotes {
			quotes[u] = append(quotes[u], benchweb.Item{Key: v.QuoteTexts[k], Verdict: string(v.Quotes[k])})
		}
		for k := range v.Citations {
			cites[u] = append(cites[u], benchweb.Item{Key: v.CitationHrefs[k], Verdict: string(v.Citations[k])})
		}
	}
	if err := db.Close(); err != nil {
		return err
	}
	size := fileSize(dbPath) + fileSize(dbPath+"-wal")
	if warcDir != "" {
		entries, _ := os.ReadDir(warcDir)
		var warcBytes int64
		for _, e := range entries {
			warcBytes += fileSize(filepath.Join(warcDir, e.Name()))
		}
		defer fmt.Fprintf(env.stdout, "evidence       %d bytes of WARC, %d bytes/article\n", warcBytes, warcBytes/int64(max(web.N, 1)))
	}
	secs := stats.Took.Seconds()
	w := env.stdout
	fmt.Fprintf(w, "articles       %d (%d done, %d failed)\n", web.N, stats.Done, stats.Failed)
	fmt.Fprintf(w, "time           %s\n", stats.Took.Round(time.Millisecond))
	fmt.Fprintf(w, "articles/s     %.1f\n", float64(stats.Done+stats.Failed)/secs)
	fmt.Fprintf(w, "requests/s     %.1f (%d requests served, redirect hops and robots.txt included)\n", float64(requests())/secs, requests())
	fmt.Fprintf(w, "originals      %d fetched, %d reused from the run's cache\n", stats.Fetches, stats.CacheHits)
	fmt.Fprintf(w, "peak RSS       %s\n", peakRSS())
	fmt.Fprintf(w, "database       %d bytes, %d bytes/article\n", size, size/int64(max(web.N, 1)))
	fmt.Fprintf(w, "quote verdicts against the truth:\n%s", web.Compare(quotes, true))
	fmt.Fprintf(w, "citation verdicts against the truth:\n%s", web.Compare(cites, false))
	return nil
}

// serveBench serves the web on a loopback port until ctx ends, so that another program (a
// link checker measured side by side with an audit) can walk it from its index page.
func serveBench(ctx context.Context, env *environment, web benchweb.Web) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("bench: listen: %w", err)
	}
	srv := &http.Server{Handler: web.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	fmt.Fprintf(env.stdout, "http://%s/\n", ln.Addr())
	fmt.Fprintf(env.stderr, "bench: serving %d articles; index at http://%s/, article URLs by name with --resolve HOST:80:%s; Ctrl-C stops\n", web.N, ln.Addr(), ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("bench: serve: %w", err)
	}
	return nil
}

// countRequests wraps the server's handler with a counter and returns its reader.
func countRequests(srv *http.Server) func() int64 {
	var n atomic.Int64
	h := srv.Handler
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h.ServeHTTP(w, r)
	})
	return n.Load
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// peakRSS reads the process's high-water resident set size (Linux); elsewhere it says so.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown on this system"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
