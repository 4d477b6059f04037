package checker

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/provcheck/provcheck/checker/benchweb"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/crawler"
)

// BenchConfig is a benchmark audit of a generated web.
type BenchConfig struct {
	Web      benchweb.Web
	Workers  int
	DBPath   string // "": a temporary file, removed afterwards
	Evidence bool   // capture every request and response as WARC
	Depth    int
	Software string // names the program in the WARC files
	// Started, when set, is called once the web is served, before the audit starts.
	Started func(addr net.Addr)
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
}

// Bench serves cfg.Web on a loopback port and audits it as `provcheck audit` would,
// politeness delays off and the archive fallback off (the generated web is offline).
func Bench(ctx context.Context, cfg BenchConfig) (BenchResult, error) {
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
		DBPath: cfg.DBPath, NoEvidence: !cfg.Evidence, Software: cfg.Software,
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
	res.Requests = requests.Load()
	if err := ss.Close(); err != nil {
		return res, err
	}
	res.DBBytes = fileSize(cfg.DBPath) + fileSize(cfg.DBPath+"-wal")
	res.WARCBytes = -1
	if cfg.Evidence {
		res.WARCBytes = dirSize(filepath.Join(filepath.Dir(cfg.DBPath), "warc"))
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
	stats, err := s.Auditor(run, AuditConfig{Workers: cfg.Workers}).Run(ctx, run.ID)
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
			res.Quotes[u] = append(res.Quotes[u], benchweb.Item{Key: v.QuoteTexts[k], Verdict: v.Quotes[k]})
		}
		for k := range v.Citations {
			res.Citations[u] = append(res.Citations[u], benchweb.Item{Key: v.CitationHrefs[k], Verdict: v.Citations[k]})
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
