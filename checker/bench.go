package checker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/render"
)

// BenchConfig is a benchmark audit of a generated web.
type BenchConfig struct {
	Web      benchweb.Web
	Workers  int
	DBPath   string // "": a temporary file, removed afterwards
	Evidence bool   // capture every request and response as WARC
	Depth    int
	// Render says when originals are read again in headless Chromium, as audit's --render
	// does ("": never).
	Render   render.Mode
	Software string // names the program in the WARC files
	// CPUProfile, when set, is the file a CPU profile of the bench is written to.
	CPUProfile string
	// Started, when set, is called once the web is served, before the audit starts.
	Started func(addr net.Addr)
	// Processes, with a PostgreSQL DBPath, checks the articles in that many worker
	// processes of Executable (`provcheck worker`, Workers articles at once each) rather
	// than in this one.
	Processes  int
	Executable string
}

// BenchResult is what a benchmark audit measured.
type BenchResult struct {
	Stats     AuditStats
	Requests  int64 // served, redirect hops and robots.txt included
	DBBytes   int64 // the database with its write-ahead log
	WARCBytes int64 // -1 without evidence
	// Quotes and Citations are the verdicts given, per article URL, to compare with the
	// web's truth.
	Quotes, Citations map[string][]benchweb.Item
	PeakRSS           string // the process's high-water resident set size
	Renders           int64  // originals rendered in Chromium by this process
	Processes         int    // worker processes that checked the articles; 0: this one
}

// WriteText writes what the bench measured, with the verdicts compared with web's truth.
func (r BenchResult) WriteText(w io.Writer, web benchweb.Web) error {
	stats, secs, n := r.Stats, r.Stats.Took.Seconds(), int64(max(web.N, 1))
	var b strings.Builder
	fmt.Fprintf(&b, "articles       %d (%d done, %d failed)\n", web.N, stats.Done, stats.Failed)
	fmt.Fprintf(&b, "time           %s\n", stats.Took.Round(time.Millisecond))
	fmt.Fprintf(&b, "articles/s     %.1f\n", float64(stats.Done+stats.Failed)/secs)
	fmt.Fprintf(&b, "requests/s     %.1f (%d requests served, redirect hops and robots.txt included)\n", float64(r.Requests)/secs, r.Requests)
	if r.Processes > 0 {
		fmt.Fprintf(&b, "processes      %d worker processes (their fetches are their own)\n", r.Processes)
	} else {
		fmt.Fprintf(&b, "originals      %d fetched, %d reused from the run's cache, %d rendered in Chromium\n", stats.Fetches, stats.CacheHits, r.Renders)
	}
	fmt.Fprintf(&b, "peak RSS       %s\n", r.PeakRSS)
	fmt.Fprintf(&b, "database       %d bytes, %d bytes/article\n", r.DBBytes, r.DBBytes/n)
	fmt.Fprintf(&b, "quote verdicts against the truth:\n%s", web.Compare(r.Quotes, true))
	fmt.Fprintf(&b, "citation verdicts against the truth:\n%s", web.Compare(r.Citations, false))
	if r.WARCBytes >= 0 {
		fmt.Fprintf(&b, "evidence       %d bytes of WARC, %d bytes/article\n", r.WARCBytes, r.WARCBytes/n)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write bench: %w", err)
	}
	return nil
}

// ServeBench serves web on a loopback port until ctx ends, so that another program (a
// link checker measured side by side with an audit) can walk it from its index page.
// listening is called with the address once the web is served.
func ServeBench(ctx context.Context, web benchweb.Web, listening func(net.Addr)) error {
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
	listening(ln.Addr())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("bench: serve: %w", err)
	}
	return nil
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

// Bench serves cfg.Web on a loopback port and audits it as `provcheck audit` would,
// politeness delays off and the archive fallback off (the generated web is offline).
func Bench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
	stop, err := startProfile(cfg.CPUProfile)
	if err != nil {
		return BenchResult{}, err
	}
	defer stop()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return BenchResult{}, fmt.Errorf("bench: listen: %w", err)
	}
	var requests atomic.Int64
	h := cfg.Web.Handler()
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		h.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	if cfg.DBPath == "" {
		dir, err := os.MkdirTemp("", "provcheck-bench-")
		if err != nil {
			return BenchResult{}, fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
		cfg.DBPath = filepath.Join(dir, "bench.db")
	}
	resolve := map[string]string{}
	for _, host := range cfg.Web.Hosts() {
		resolve[host+":80"] = ln.Addr().String()
	}
	ss, err := Open(ctx, SessionConfig{
		DBPath: cfg.DBPath, NoEvidence: !cfg.Evidence, Software: cfg.Software, Render: cfg.Render,
		Crawl:   crawler.Config{AllowPrivate: true, Resolve: resolve, PerHost: 4, Parallel: 8, Timeout: 10 * time.Second},
		Checker: Config{NoArchive: true, Depth: cfg.Depth},
	})
	if err != nil {
		return BenchResult{}, fmt.Errorf("bench: %w", err)
	}
	defer ss.Close()
	res, err := ss.bench(ctx, cfg, ln.Addr())
	if err != nil {
		return res, err
	}
	res.Processes = cfg.Processes
	res.Requests, res.PeakRSS, res.Renders = requests.Load(), peakRSS(), ss.browser.Renders()
	if err := ss.Close(); err != nil {
		return res, err
	}
	res.DBBytes = fileSize(cfg.DBPath) + fileSize(cfg.DBPath+"-wal")
	res.WARCBytes = -1
	if cfg.Evidence {
		res.WARCBytes = dirSize(defaultWARCDir(cfg.DBPath))
	}
	return res, nil
}

func (s *Session) bench(ctx context.Context, cfg BenchConfig, addr net.Addr) (BenchResult, error) {
	items := make([]inputs.Item, cfg.Web.N)
	for i := range items {
		items[i] = inputs.Item{Kind: ItemURL, Input: cfg.Web.ArticleURL(i)}
	}
	run, err := s.StartAudit(ctx, fmt.Sprintf("bench: %d generated articles", cfg.Web.N), struct{}{}, items, nil)
	if err != nil {
		return BenchResult{}, err
	}
	if cfg.Started != nil {
		cfg.Started(addr)
	}
	var stats AuditStats
	if cfg.Processes > 0 {
		stats, err = s.benchProcesses(ctx, cfg, run, addr)
	} else {
		stats, err = s.Auditor(run, AuditConfig{Workers: cfg.Workers}).Run(ctx, run.ID)
	}
	if _, ferr := s.FinishAudit(ctx, run.ID, err); err == nil {
		err = ferr
	}
	if err != nil {
		// A bench that did not finish measures nothing: say so rather than score half a run.
		return BenchResult{}, fmt.Errorf("bench: %w", err)
	}
	verdicts, err := s.db.RunVerdicts(ctx, run.ID)
	if err != nil {
		return BenchResult{}, err
	}
	res := BenchResult{Stats: stats, Quotes: map[string][]benchweb.Item{}, Citations: map[string][]benchweb.Item{}}
	for u, v := range verdicts {
		for k := range v.Quotes {
			res.Quotes[u] = append(res.Quotes[u], benchweb.Item{Key: v.QuoteTexts[k], Verdict: string(v.Quotes[k])})
		}
		for k := range v.Citations {
			res.Citations[u] = append(res.Citations[u], benchweb.Item{Key: v.CitationHrefs[k], Verdict: string(v.Citations[k])})
		}
	}
	return res, nil
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

func dirSize(dir string) int64 {
	entries, _ := os.ReadDir(dir)
	var n int64
	for _, e := range entries {
		n += fileSize(filepath.Join(dir, e.Name()))
	}
	return n
}

// BenchWeb makes the web of a bench: kind "simple" (short generated pages) or "real" (the
// real pages of the pagesDir folder with the planted text in their main text).
func BenchWeb(kind, pagesDir string, web benchweb.Web) (benchweb.Web, error) {
	switch kind {
	case "simple":
		return web, nil
	case "real":
		if pagesDir == "" {
			return web, InputError(errors.New("--web real needs --pages DIR, a folder of real HTML pages"))
		}
		t, err := benchweb.LoadTemplates(pagesDir)
		if err != nil {
			return web, InputError(err)
		}
		web.Templates = t
		return web, nil
	}
	return web, InputError(fmt.Errorf("--web %q: want simple or real", kind))
}

// startProfile writes a CPU profile to path until the returned stop is called.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
