package checker

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/queue"
	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/extract/pdftext"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/render"
	"github.com/provcheck/provcheck/crawler/warc"
	"github.com/provcheck/provcheck/rules"
)

// SessionConfig is what a fetching command opens: where to record, where to write the
// evidence, what to fetch with and how to judge. The zero value checks without a
// database, fetching with the default crawler and the default rules.
type SessionConfig struct {
	DBPath  string   // "" records nothing
	WARCDir string   // "": warc/ beside the database; none without a database
	Replay  []string // WARC files or folders to answer every request from
	// NoEvidence writes no WARC files, even beside a database.
	NoEvidence bool
	Crawl      crawler.Config // Evidence and Index are set by the session
	Engine     *rules.Engine  // nil: the default rules
	Checker    Config         // BaseURL is given per check
	// Software names the program in the WARC files' warcinfo records.
	Software string
	// PDFCacheDir keeps PDFium's compiled code between runs ("": compile every run).
	PDFCacheDir string
	// Render says when originals are read again in headless Chromium ("" is never; a
	// replay renders nothing, having no network to render from).
	Render render.Mode
	// SharedHostLimits holds the crawler's per-host limit (Crawl.PerHost, Crawl.Delay)
	// across every process that shares the PostgreSQL database at DBPath, as workers on
	// many machines do: a queue.HostLimiter in that database becomes Crawl.HostGate,
	// which must then be nil. With SQLite or no database, Open fails.
	SharedHostLimits bool
	// HostLeaseMax, when set, shortens how long a shared host slot stays leased to a
	// request whose process died (by default longer than any request may last): a
	// killed worker's hosts are free again sooner, at the price of a request slower than
	// it losing its slot.
	HostLeaseMax time.Duration
}

// Session is an open database (when there is one), evidence writer and fetcher (the
// crawler, or a replay of captured evidence): what check, demo and audit share.
type Session struct {
	cfg     SessionConfig
	db      *store.Store
	warc    *warc.Writer
	crawler *crawler.Crawler // also reads local files
	fetch   fetcher
	pdf     *pdftext.Reader // reads PDF originals; starts PDFium on the first PDF only
	browser *Browser        // nil: no rendering
	closers []func() error  // run by Close, after the rest, latest first
	// index holds the crawler's captures to write them in batches (nil without evidence
	// or database); Close writes what it still holds.
	index *captureBatch
}

// Open opens a session. The caller closes it.
func Open(ctx context.Context, cfg SessionConfig) (*Session, error) {
	if cfg.Engine == nil {
		e, err := rules.New(rules.Config{})
		if err != nil {
			return nil, err
		}
		cfg.Engine = e
	}
	s := &Session{cfg: cfg, pdf: pdftext.New(pdftext.Config{CacheDir: cfg.PDFCacheDir})}
	ok := false
	defer func() {
		if !ok {
			_ = s.Close()
		}
	}()
	crawl := cfg.Crawl
	if cfg.DBPath != "" {
		db, err := store.Open(ctx, cfg.DBPath)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		s.db = db
	}
	if cfg.SharedHostLimits {
		gate, err := sharedHostLimits(ctx, s.db, crawl, cfg.HostLeaseMax)
		if err != nil {
			return nil, err
		}
		crawl.HostGate = gate
	}
	dir := cfg.WARCDir
	if dir == "" && cfg.DBPath != "" {
		dir = defaultWARCDir(cfg.DBPath)
	}
	if dir != "" && len(cfg.Replay) == 0 && !cfg.NoEvidence {
		w, err := openWARC(dir, cfg.Software)
		if err != nil {
			return nil, err
		}
		s.warc, crawl.Evidence = w, w
		if s.db != nil {
			if s.index, err = newCaptureBatch(ctx, s.db, w); err != nil {
				return nil, err
			}
			crawl.Index = s.index
		}
	}
	s.crawler = crawler.New(crawl)
	s.fetch = s.crawler
	if len(cfg.Replay) == 0 {
		b, err := newSessionBrowser(cfg.Render, crawl, s.warc, cfg.Checker.Logger)
		if err != nil {
			return nil, err
		}
		s.browser = b
	}
	if len(cfg.Replay) > 0 {
		r, err := crawler.NewReplay(cfg.Replay...)
		if err != nil {
			return nil, InputError(fmt.Errorf("replay: %w", err))
		}
		r.ArchiveEndpoint, r.Posts = crawl.ArchiveEndpoint, crawl.Posts
		s.fetch = r
	}
	ok = true
	return s, nil
}

// sharedHostLimits is the gate of SessionConfig.SharedHostLimits: the crawler's limits,
// held in the PostgreSQL database of db.
func sharedHostLimits(ctx context.Context, db *store.Store, crawl crawler.Config, leaseMax time.Duration) (*queue.HostLimiter, error) {
	if crawl.HostGate != nil {
		return nil, errors.New("shared host limits: the crawler has a host gate already")
	}
	if db == nil {
		return nil, InputError(errors.New("shared host limits need a PostgreSQL database (--db postgres://…)"))
	}
	if _, ok := db.PostgresDB(); !ok {
		return nil, InputError(errors.New("shared host limits need a PostgreSQL database (--db postgres://…), not SQLite"))
	}
	ttl := leaseTTL(crawl.Timeout)
	if leaseMax > 0 {
		ttl = min(ttl, leaseMax)
	}
	h, err := queue.NewHostLimiter(ctx, db, queue.HostLimits{InFlight: crawl.PerHost, Delay: crawl.Delay, TTL: ttl})
	if err != nil {
		return nil, fmt.Errorf("shared host limits: %w", err)
	}
	return h, nil
}

// leaseTTL is how long a host's slot stays leased to a request whose process died
// before releasing it: longer than any request may last (Timeout bounds one, body
// included), so that a live request never loses its slot.
func leaseTTL(timeout time.Duration) time.Duration {
	if timeout <= 0 {
		timeout = 20 * time.Second // crawler.Config's default
	}
	return max(2*time.Minute, timeout+time.Minute)
}

// newSessionBrowser finds Chromium for a render mode. Without one, auto goes on and says
// so where a page needed it; always, asked for explicitly, is an input error.
func newSessionBrowser(mode render.Mode, crawl crawler.Config, evidence *warc.Writer, log *slog.Logger) (*Browser, error) {
	if mode == "" || mode == render.ModeNever {
		return nil, nil
	}
	r, err := render.New(render.Config{Fetch: crawl, Evidence: evidence, Logger: log})
	switch {
	case err == nil:
		return NewBrowser(mode, r, "", log), nil
	case mode == render.ModeAlways:
		return nil, InputError(fmt.Errorf("--render always: %w", err))
	}
	return NewBrowser(mode, nil, err.Error(), log), nil
}

// warcBuffer is how many bytes of evidence a session holds before writing them to the
// WARC file. Writing each record on its own was three system calls a fetch, 2% of an
// audit's CPU on the simple bench web.
const warcBuffer = 1 << 20

func openWARC(dir, software string) (*warc.Writer, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("warc directory: %w", err)
	}
	// Records are buffered (warcBuffer) and flushed before their locations are stored:
	// the index flushes before each commit, the crawler before it reads a record back.
	w, err := warc.NewWriter(abs, warc.Options{MaxFileSize: 1 << 30, Software: software, Buffer: warcBuffer})
	if err != nil {
		return nil, fmt.Errorf("warc directory: %w", err)
	}
	return w, nil
}

// Close stops the browser and closes the evidence writer and the database; closing twice
// does nothing.
func (s *Session) Close() error {
	var errs []error
	if s.browser != nil { // first: a render in flight writes evidence
		errs = append(errs, s.browser.Close())
		s.browser = nil
	}
	if s.index != nil {
		// Close has no context of its own: the captures must be written whatever
		// stopped the caller.
		if err := s.index.sync(context.Background()); err != nil {
			s.Logger().Error("index evidence", "err", err)
			errs = append(errs, fmt.Errorf("index evidence: %w", err))
		}
		s.index = nil
	}
	if s.warc != nil {
		errs = append(errs, s.warc.Close())
		s.warc = nil
	}
	if s.db != nil {
		errs = append(errs, s.db.Close())
		s.db = nil
	}
	if s.pdf != nil {
		errs = append(errs, s.pdf.Close())
		s.pdf = nil
	}
	errs = append(errs, runClosers(s.closers))
	s.closers = nil
	return errors.Join(errs...)
}

// DB is the session's database (nil without one), for a caller that serves it as well:
// one store per file keeps SQLite's writes on one connection.
func (s *Session) DB() *store.Store { return s.db }

// DBPath is where the session records ("": nowhere).
func (s *Session) DBPath() string { return s.cfg.DBPath }

// Logger is the session's log.
func (s *Session) Logger() *slog.Logger {
	return cmp.Or(s.cfg.Checker.Logger, slog.New(slog.DiscardHandler))
}

// Checker makes the checker of the session; baseURL resolves a local file's links.
func (s *Session) Checker(baseURL string) *Checker {
	cfg := s.cfg.Checker
	cfg.BaseURL = baseURL
	if s.pdf != nil {
		cfg.PDF = s.pdf
	}
	if s.browser != nil {
		cfg.Browser = s.browser
	}
	return New(s.fetch, s.cfg.Engine, cfg)
}

// Check checks one target: an http(s) URL, a saved page (a path or a file: URL), or "-"
// for stdin.
func (s *Session) Check(ctx context.Context, target string, stdin io.Reader, baseURL string) (*Result, error) {
	ck := s.Checker(baseURL)
	if target == "-" {
		p, err := readStdin(s.crawler, stdin, baseURL)
		if err != nil {
			return nil, err
		}
		return ck.CheckPage(ctx, p)
	}
	kind, input, err := targetKind(target)
	if err != nil {
		return nil, err
	}
	return ck.checkItem(ctx, s.crawler, kind, input, baseURL)
}

// ReadTarget reads a target as Check does, without checking it: the page of a URL, a
// saved page or stdin.
func ReadTarget(ctx context.Context, cr *crawler.Crawler, target string, stdin io.Reader, baseURL string) (*page.Page, error) {
	if target == "-" {
		return readStdin(cr, stdin, baseURL)
	}
	kind, input, err := targetKind(target)
	if err != nil {
		return nil, err
	}
	if kind == ItemURL {
		p, err := cr.Fetch(ctx, input)
		if err != nil {
			return nil, InputError(err)
		}
		return p, nil
	}
	b, err := os.ReadFile(input)
	if err != nil {
		return nil, InputError(err)
	}
	return cr.Local(input, b, baseURL)
}

func readStdin(cr localReader, stdin io.Reader, baseURL string) (*page.Page, error) {
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	b, err := io.ReadAll(stdin)
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	return cr.Local("-", b, baseURL)
}

// targetKind tells a URL from a file: an http(s) URL is a URL, a file: URL or a path is a
// file, any other scheme is refused.
func targetKind(target string) (kind, input string, err error) {
	if u, err := url.Parse(target); err == nil && u.Scheme != "" && len(u.Scheme) > 1 {
		switch strings.ToLower(u.Scheme) {
		case "http", "https":
			return ItemURL, target, nil
		case "file":
			return ItemFile, u.Path, nil
		default:
			return "", "", InputError(fmt.Errorf("%q is not an http(s) URL or a file", target))
		}
	}
	return ItemFile, target, nil
}

// Save records a checked article as a run of its own (kind "check" or "demo"); without a
// database it does nothing.
func (s *Session) Save(ctx context.Context, kind, input string, res *Result) error {
	if s.db == nil {
		return nil
	}
	rec, err := Record(res, res.Report())
	if err != nil {
		return err
	}
	runID, err := s.db.StartRun(ctx, kind, input, "{}")
	if err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	if err := s.index.with(rec, func() error {
		_, err := s.db.SaveCheck(ctx, runID, rec)
		return err
	}); err != nil {
		_ = s.db.FinishRun(ctx, runID, store.StateFailed)
		return fmt.Errorf("record check: %w", err)
	}
	if err := s.db.FinishRun(ctx, runID, store.StateDone); err != nil {
		return fmt.Errorf("record run: %w", err)
	}
	return nil
}

// AuditRun is an audit run ready to go: its id and how much of it is left.
type AuditRun struct {
	ID      int64
	Resumed bool
	Total   int // items of the run
	Pending int // items still to check
	Failed  int // items that failed (inputs that could not be read, for a new run)
}

// ErrNoInputs means an audit was given nothing to read.
var ErrNoInputs = errors.New("audit needs inputs: --urls FILE, --sitemap URL, --feed URL, or folders and WARC files")

// PlanAudit reads the inputs of spec and records them as a new audit run, with label and
// options as the run's description. Inputs that could not be read are items too, failed
// with their reason: the plan, good and bad, is written in one transaction.
func (s *Session) PlanAudit(ctx context.Context, spec inputs.Spec, label string, options any) (AuditRun, error) {
	if s.db == nil {
		return AuditRun{}, InputError(errors.New("an audit needs a database"))
	}
	planned, problems, err := inputs.Plan(ctx, s.fetch, spec)
	if err != nil {
		return AuditRun{}, InputError(err)
	}
	if len(planned) == 0 && len(problems) == 0 {
		return AuditRun{}, InputError(ErrNoInputs)
	}
	return s.StartAudit(ctx, label, options, planned, problems)
}

// StartAudit records planned items (and inputs that could not be read, as failed items)
// as a new audit run.
func (s *Session) StartAudit(ctx context.Context, label string, options any, planned []inputs.Item, problems []inputs.Problem) (AuditRun, error) {
	items := make([]store.Item, 0, len(planned)+len(problems))
	for i, it := range planned {
		items = append(items, store.Item{Position: i, Kind: it.Kind, Input: it.Input})
	}
	for _, p := range problems {
		items = append(items, store.Item{Position: len(items), Kind: "input", Input: p.Where, State: store.ItemFailed, Err: p.Reason})
	}
	opts, err := json.Marshal(options)
	if err != nil {
		return AuditRun{}, fmt.Errorf("record run: %w", err)
	}
	id, err := s.db.StartRun(ctx, store.KindAudit, label, string(opts))
	if err != nil {
		return AuditRun{}, fmt.Errorf("record run: %w", err)
	}
	if err := s.db.AddItems(ctx, id, items); err != nil {
		return AuditRun{}, err
	}
	return s.auditRun(ctx, id, false)
}

// ResumeAudit reopens run id (0: the latest unfinished audit) to carry it on.
func (s *Session) ResumeAudit(ctx context.Context, id int64) (AuditRun, error) {
	if s.db == nil {
		return AuditRun{}, InputError(errors.New("an audit needs a database"))
	}
	if id == 0 {
		r, err := s.db.LatestUnfinishedRun(ctx, store.KindAudit)
		if errors.Is(err, store.ErrNotFound) {
			return AuditRun{}, InputError(errors.New("no unfinished audit to resume in this database"))
		}
		if err != nil {
			return AuditRun{}, err
		}
		id = r.ID
	}
	if _, err := s.db.ResumeRun(ctx, id); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return AuditRun{}, InputError(fmt.Errorf("run %d is not an unfinished audit", id))
		}
		return AuditRun{}, err
	}
	return s.auditRun(ctx, id, true)
}

func (s *Session) auditRun(ctx context.Context, id int64, resumed bool) (AuditRun, error) {
	all, err := s.db.Items(ctx, id, "")
	if err != nil {
		return AuditRun{}, err
	}
	r := AuditRun{ID: id, Resumed: resumed, Total: len(all)}
	for _, it := range all {
		switch it.State {
		case store.ItemPending:
			r.Pending++
		case store.ItemFailed:
			r.Failed++
		}
	}
	return r, nil
}

// Auditor makes the auditor of run r.
func (s *Session) Auditor(r AuditRun, cfg AuditConfig) *Auditor {
	cfg.Resumed = r.Resumed
	cfg = cfg.withDefaults()
	return s.Checker("").Auditor(newIndexedStore(s.db, s.index, cfg.Workers), s.crawler, cfg)
}

// FinishAudit records how run id ended, given what the auditor returned: done,
// interrupted or failed, with the evidence index of the articles abandoned. It is written
// even when ctx is canceled. It returns the state.
func (s *Session) FinishAudit(ctx context.Context, id int64, auditErr error) (string, error) {
	if err := s.index.sync(context.WithoutCancel(ctx)); err != nil {
		s.Logger().Error("index evidence", "err", err)
	}
	state := store.StateDone
	switch {
	case errors.Is(auditErr, ErrInterrupted):
		state = store.StateInterrupted
	case auditErr != nil:
		state = store.StateFailed
	}
	return state, s.db.FinishRun(context.WithoutCancel(ctx), id, state)
}

// SyncEvidence writes the index of the evidence captured so far to the database, for a
// caller that stores a check itself; Save and the audits write it in the transaction that
// stores the article.
func (s *Session) SyncEvidence(ctx context.Context) error {
	if err := s.index.sync(ctx); err != nil {
		return fmt.Errorf("index evidence: %w", err)
	}
	return nil
}

// captureIndex lets the crawler record its WARC captures in the database and find them
// again (crawler.Index over store.Store).
type captureIndex struct{ db *store.Store }

func (i captureIndex) AddCaptures(ctx context.Context, caps []crawler.Capture) error {
	out := make([]store.Capture, len(caps))
	for j, c := range caps {
		out[j] = store.Capture(c)
	}
	return i.db.SaveCaptures(ctx, out)
}

func (i captureIndex) LatestCapture(ctx context.Context, url, kind string) (crawler.Capture, bool, error) {
	return found(i.db.LatestCapture(ctx, url, kind))
}

func (i captureIndex) CaptureByRecordID(ctx context.Context, id string) (crawler.Capture, bool, error) {
	return found(i.db.CaptureByRecordID(ctx, id))
}

func found(c store.Capture, err error) (crawler.Capture, bool, error) {
	if errors.Is(err, store.ErrNotFound) {
		return crawler.Capture{}, false, nil
	}
	if err != nil {
		return crawler.Capture{}, false, err
	}
	return crawler.Capture(c), true, nil
}

// Fetch fetches url with the session's fetcher, recording its evidence.
func (s *Session) Fetch(ctx context.Context, url string) (*page.Page, error) {
	return s.fetch.Fetch(ctx, url)
}

// String says what the audit is about to do.
func (r AuditRun) String() string {
	finished := r.Total - r.Pending
	switch {
	case r.Resumed:
		return fmt.Sprintf("resuming run %d: %d articles to check, %d of %d items already finished", r.ID, r.Pending, finished, r.Total)
	case finished > 0:
		return fmt.Sprintf("run %d: %d articles to check, %d input items could not be read", r.ID, r.Pending, finished)
	}
	return fmt.Sprintf("run %d: %d articles to check", r.ID, r.Pending)
}

// Extract reads a target as Check does (fetching a URL with a crawler made of cfg) and
// returns what the extractor reads in it, without checking anything.
func Extract(ctx context.Context, cfg crawler.Config, target string, stdin io.Reader, baseURL string) (*extract.Article, error) {
	p, err := ReadTarget(ctx, crawler.New(cfg), target, stdin, baseURL)
	if err != nil {
		return nil, err
	}
	a, err := extract.Options{BaseURL: baseURL}.Parse(p)
	if err != nil {
		return nil, InputError(err)
	}
	return a, nil
}

// RecheckRun fetches again the links audit run runID (0: the latest audit) found dead and
// says what became of each. The run's stored verdicts are left as they were: a recheck is
// a report on today, not a rewrite of the run.
func (s *Session) RecheckRun(ctx context.Context, runID int64) (report.Recheck, error) {
	if s.db == nil {
		return report.Recheck{}, InputError(errors.New("--recheck needs the database of the run (not --no-db)"))
	}
	if runID == 0 {
		r, err := s.db.LatestRun(ctx, store.KindAudit)
		if errors.Is(err, store.ErrNotFound) {
			return report.Recheck{}, InputError(errors.New("no audit to recheck in this database"))
		}
		if err != nil {
			return report.Recheck{}, err
		}
		runID = r.ID
	}
	urls, err := s.db.DeadLinks(ctx, runID)
	if err != nil {
		return report.Recheck{}, err
	}
	res, err := Recheck(ctx, s.fetch, urls)
	if err != nil {
		return report.Recheck{}, err
	}
	out := report.Recheck{RunID: runID}
	for _, r := range res {
		out.Links = append(out.Links, report.RecheckedLink{URL: r.URL, Fate: r.Fate, Status: r.Status, Err: r.Err})
	}
	return out, nil
}
