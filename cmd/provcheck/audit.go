package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/inputs"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler/page"
)

func auditCommand(env *environment) *cli.Command {
	return &cli.Command{
		Name:      "audit",
		Usage:     "check a whole archive: URL lists, folders of saved pages, WARC files, sitemaps, feeds",
		ArgsUsage: "[FOLDER|FILE.warc[.gz]|FILE.html ...]",
		Description: "Every article is one unit of work stored atomically, so an audit can be interrupted\n" +
			"(Ctrl-C lets the articles in flight finish; a second Ctrl-C stops at once) or killed,\n" +
			"and resumed with --resume: nothing finished is lost, nothing is done twice.",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "urls", Usage: "a `FILE` of URLs, one a line ('#' comments; - for standard input)"},
			&cli.StringSliceFlag{Name: "sitemap", Usage: "a sitemap or sitemap index `URL`"},
			&cli.StringSliceFlag{Name: "feed", Usage: "an RSS or Atom feed `URL`"},
			&cli.BoolFlag{Name: "resume", Usage: "carry on the last unfinished audit (or --run N)"},
			&cli.BoolFlag{Name: "recheck", Usage: "fetch again the links the last audit (or --run N) found dead, and say which answer now"},
			&cli.Int64Flag{Name: "run", Usage: "with --resume or --recheck: the `RUN`"},
			&cli.IntFlag{Name: "workers", Value: 4, Usage: "articles checked at once"},
			&cli.IntFlag{Name: "connections", Value: 16, Usage: "requests in flight at once across all workers (each host also has its own limit)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress on standard error"},
		}, fetchFlags()...),
		Action: func(c *cli.Context) error { return runAudit(c, env) },
	}
}

func runAudit(c *cli.Context, env *environment) error {
	args, err := interspersed(c)
	if err != nil {
		return err
	}
	s, err := parseSettings(c, env)
	if err != nil {
		return err
	}
	// The audit works under the graceful context: the first Ctrl-C only stops new work.
	ctx := env.graceful
	ss, err := openSession(ctx, s)
	if err != nil {
		return err
	}
	defer ss.Close()
	db, cr := ss.db, ss.crawler
	if c.Bool("recheck") {
		return recheckRun(ctx, env.stdout, ss, c.Int64("run"))
	}

	var run store.Run
	var problems []inputs.Problem
	if c.Bool("resume") {
		if len(args) > 0 || len(c.StringSlice("urls")) > 0 || len(c.StringSlice("sitemap")) > 0 || len(c.StringSlice("feed")) > 0 {
			return usageError{"--resume takes no new inputs: it carries on the inputs of the run"}
		}
		if run, err = resumeRun(ctx, db, c.Int64("run")); err != nil {
			return err
		}
	} else {
		var items []store.Item
		items, problems, err = collectItems(ctx, env, ss.fetch, c, args)
		if err != nil {
			return err
		}
		if len(items) == 0 && len(problems) == 0 {
			return usageError{"audit needs inputs: --urls FILE, --sitemap URL, --feed URL, or folders and WARC files"}
		}
		opts, _ := json.Marshal(map[string]any{"workers": c.Int("workers"), "args": args, "urls": c.StringSlice("urls"), "sitemap": c.StringSlice("sitemap"), "feed": c.StringSlice("feed")})
		id, err := db.StartRun(ctx, store.KindAudit, auditInputLabel(c, args), string(opts))
		if err != nil {
			return fmt.Errorf("record run: %w", err)
		}
		// Inputs that could not be read are items too, failed with their reason: the plan,
		// good and bad, is written in one transaction.
		for _, p := range problems {
			items = append(items, store.Item{Position: len(items), Kind: "input", Input: p.Where, State: store.ItemFailed, Err: p.Reason})
		}
		if err := db.AddItems(ctx, id, items); err != nil {
			return err
		}
		if run, err = db.Run(ctx, id); err != nil {
			return err
		}
	}
	pending, err := db.Items(ctx, run.ID, store.ItemPending)
	if err != nil {
		return err
	}
	all, err := db.Items(ctx, run.ID, "")
	if err != nil {
		return err
	}
	finished := len(all) - len(pending)
	switch {
	case c.Bool("resume"):
		fmt.Fprintf(env.stderr, "audit: resuming run %d: %d articles to check, %d of %d items already finished; database %s\n",
			run.ID, len(pending), finished, len(all), s.dbPath)
	case finished > 0:
		fmt.Fprintf(env.stderr, "audit: run %d: %d articles to check, %d input items could not be read; database %s\n",
			run.ID, len(pending), finished, s.dbPath)
	default:
		fmt.Fprintf(env.stderr, "audit: run %d: %d articles to check; database %s\n", run.ID, len(pending), s.dbPath)
	}

	prog := newProgress(env.stderr, c.Bool("quiet"), len(all), len(all)-len(pending))
	for _, it := range all {
		if it.State == store.ItemFailed {
			prog.failed++
		}
	}
	ck := ss.checker(s, "")
	stats, auditErr := ck.Audit(ctx, env.interrupted, db, cr, run.ID, pending, checker.AuditConfig{
		Workers: c.Int("workers"), Connections: c.Int("connections"), Resumed: c.Bool("resume"), Progress: prog.item,
	})
	prog.finish()

	state := store.StateDone
	switch {
	case errors.Is(auditErr, checker.ErrInterrupted):
		state = store.StateInterrupted
	case auditErr != nil:
		state = store.StateFailed
	}
	// The run's state is written even after a second Ctrl-C.
	if err := db.FinishRun(context.WithoutCancel(ctx), run.ID, state); err != nil {
		return err
	}
	if err := printSummary(context.WithoutCancel(ctx), env.stdout, db, run.ID, stats); err != nil {
		return err
	}
	if state != store.StateDone {
		fmt.Fprintf(env.stderr, "audit: %s; carry on with: provcheck audit --resume --run %d --db %s\n", state, run.ID, s.dbPath)
	}
	if auditErr != nil && !errors.Is(auditErr, checker.ErrInterrupted) {
		return auditErr
	}
	return nil
}

func resumeRun(ctx context.Context, db *store.Store, id int64) (store.Run, error) {
	if id == 0 {
		r, err := db.LatestUnfinishedRun(ctx, store.KindAudit)
		if errors.Is(err, store.ErrNotFound) {
			return store.Run{}, usageError{"no unfinished audit to resume in this database"}
		}
		if err != nil {
			return store.Run{}, err
		}
		id = r.ID
	}
	r, err := db.ResumeRun(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Run{}, usageError{fmt.Sprintf("run %d is not an unfinished audit", id)}
	}
	return r, err
}

func auditInputLabel(c *cli.Context, args []string) string {
	var parts []string
	for _, u := range c.StringSlice("urls") {
		parts = append(parts, "--urls "+u)
	}
	for _, u := range c.StringSlice("sitemap") {
		parts = append(parts, "--sitemap "+u)
	}
	for _, u := range c.StringSlice("feed") {
		parts = append(parts, "--feed "+u)
	}
	return strings.Join(append(parts, args...), " ")
}

// collectItems lists the articles of every input, in the order given; duplicates (the
// same URL, file or record twice) are checked once.
func collectItems(ctx context.Context, env *environment, cr fetcher, c *cli.Context, args []string) ([]store.Item, []inputs.Problem, error) {
	var items []store.Item
	var problems []inputs.Problem
	seen := map[string]bool{}
	add := func(kind, input string) {
		if seen[kind+" "+input] {
			return
		}
		seen[kind+" "+input] = true
		items = append(items, store.Item{Position: len(items), Kind: kind, Input: input})
	}
	for _, name := range c.StringSlice("urls") {
		var r io.Reader = env.stdin
		if name != "-" {
			f, err := os.Open(name)
			if err != nil {
				return nil, nil, checker.InputError(err)
			}
			defer f.Close()
			r = f
		}
		urls, probs, err := inputs.URLList(r, name)
		if err != nil {
			return nil, nil, checker.InputError(err)
		}
		problems = append(problems, probs...)
		for _, u := range urls {
			add(checker.ItemURL, u)
		}
	}
	for _, sm := range c.StringSlice("sitemap") {
		urls, probs, err := inputs.Sitemap(ctx, cr, sm)
		if err != nil {
			return nil, nil, checker.InputError(fmt.Errorf("sitemap %s: %w", sm, err))
		}
		problems = append(problems, probs...)
		for _, u := range urls {
			add(checker.ItemURL, u)
		}
	}
	for _, fd := range c.StringSlice("feed") {
		urls, probs, err := inputs.Feed(ctx, cr, fd)
		if err != nil {
			return nil, nil, checker.InputError(fmt.Errorf("feed %s: %w", fd, err))
		}
		problems = append(problems, probs...)
		for _, u := range urls {
			add(checker.ItemURL, u)
		}
	}
	addFile := func(path string) error {
		switch {
		case inputs.IsWARC(path):
			recs, probs, err := inputs.WARCPages(path)
			if err != nil {
				problems = append(problems, inputs.Problem{Where: path, Reason: err.Error()})
				return nil
			}
			problems = append(problems, probs...)
			for _, r := range recs {
				add(checker.ItemWARC, checker.WARCInput(path, r.Offset, r.Index))
			}
		case inputs.IsPage(path):
			add(checker.ItemFile, path)
		default:
			return usageError{fmt.Sprintf("%s: not a folder, a WARC file or a saved .html page", path)}
		}
		return nil
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, nil, checker.InputError(err)
		}
		if !st.IsDir() {
			if err := addFile(arg); err != nil {
				return nil, nil, err
			}
			continue
		}
		files, probs, err := inputs.Folder(arg)
		if err != nil {
			return nil, nil, checker.InputError(err)
		}
		if len(files) == 0 {
			return nil, nil, checker.InputError(fmt.Errorf("%s holds no saved pages (.html, .htm) or WARC files", arg))
		}
		problems = append(problems, probs...)
		for _, f := range files {
			if err := addFile(f); err != nil {
				return nil, nil, err
			}
		}
	}
	return items, problems, nil
}

// progress shows how an audit goes: a bar on a terminal, a line every few seconds
// otherwise, nothing with --quiet.
type progress struct {
	mu       sync.Mutex
	w        io.Writer
	bar      *progressbar.ProgressBar
	total    int
	done     int
	failed   int
	findings int
	start    time.Time
	last     time.Time
	quiet    bool
}

func newProgress(w io.Writer, quiet bool, total, done int) *progress {
	p := &progress{w: w, total: total, done: done, start: time.Now(), last: time.Now(), quiet: quiet}
	if !quiet && isTerminal(w) {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("checking"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("articles"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		_ = p.bar.Set(done)
	}
	return p
}

func (p *progress) item(d checker.ItemDone) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.findings += d.Findings
	if d.Err != nil {
		p.failed++
	}
	switch {
	case p.quiet:
	case p.bar != nil:
		p.bar.Describe(fmt.Sprintf("checking (%d findings, %d failed)", p.findings, p.failed))
		_ = p.bar.Add(1)
	case time.Since(p.last) >= 5*time.Second:
		p.last = time.Now()
		fmt.Fprintf(p.w, "audit: %s\n", p.line())
	}
}

func (p *progress) line() string {
	el := time.Since(p.start)
	rate := 0.0
	if el > 0 {
		rate = float64(p.done) / el.Seconds()
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%d/%d articles, %.1f/s, ETA %s, %d findings, %d failed", p.done, p.total, rate, eta, p.findings, p.failed)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
	if !p.quiet {
		fmt.Fprintf(p.w, "audit: %s\n", p.line())
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// printSummary writes what the run produced: counts, findings per rule and severity, the
// worst articles, failed items, speed, and the quotes shared across articles.
func printSummary(ctx context.Context, w io.Writer, db *store.Store, runID int64, stats checker.AuditStats) error {
	sum, err := db.RunSummary(ctx, runID)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Audit run %d\n", runID)
	fmt.Fprintf(&b, "  articles checked  %d (this session: %d done, %d failed)\n", sum.Articles, stats.Done, stats.Failed)
	fmt.Fprintf(&b, "  items             %s\n", counts(sum.Items))
	fmt.Fprintf(&b, "  fetches           %d (%d distinct bodies); originals fetched %d, reused %d\n", sum.Fetches, sum.Pages, stats.Fetches, stats.CacheHits)
	if secs := stats.Took.Seconds(); secs > 0 {
		fmt.Fprintf(&b, "  time              %s (%.1f articles/s, %.1f fetches/s)\n", stats.Took.Round(time.Millisecond), float64(stats.Done+stats.Failed)/secs, float64(stats.Fetches)/secs)
	}
	fmt.Fprintf(&b, "  findings          %s\n", counts(sum.Severities))
	rules := make([]string, 0, len(sum.Findings))
	for r := range sum.Findings {
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool {
		if sum.Findings[rules[i]] != sum.Findings[rules[j]] {
			return sum.Findings[rules[i]] > sum.Findings[rules[j]]
		}
		return rules[i] < rules[j]
	})
	for _, r := range rules {
		fmt.Fprintf(&b, "    %-28s %d\n", r, sum.Findings[r])
	}
	if len(sum.Worst) > 0 {
		b.WriteString("\nLowest scores\n")
		for _, a := range sum.Worst {
			fmt.Fprintf(&b, "  %3d %s  %s\n", a.Score, a.Grade, a.URL)
		}
	}
	if len(sum.Failed) > 0 {
		fmt.Fprintf(&b, "\nFailed items (%d)\n", len(sum.Failed))
		for i, it := range sum.Failed {
			if i == 20 {
				fmt.Fprintf(&b, "  … and %d more\n", len(sum.Failed)-20)
				break
			}
			fmt.Fprintf(&b, "  %s: %s\n", it.Input, it.Err)
		}
	}
	quotes, err := db.Quotes(ctx, runID)
	if err != nil {
		return err
	}
	shared := checker.NewQuoteIndex(quotes).Shared(10)
	if len(shared) > 0 {
		b.WriteString("\nQuotes carried by several articles (earliest first)\n")
		for _, carriers := range shared {
			fmt.Fprintf(&b, "  “%s” — %d articles\n", clipText(carriers[0].Quote.Text, 80), len(carriers))
			for _, cr := range carriers {
				fmt.Fprintf(&b, "      %-9s %s  %s\n", cr.Verdict, dateOf(cr.Quote.Published), cr.Quote.ArticleURL)
			}
		}
	}
	_, err = io.WriteString(w, b.String())
	return err
}

func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func dateOf(t *time.Time) string {
	if t == nil {
		return "undated   "
	}
	return t.Format("2006-01-02")
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// fetcher is what reading sitemaps and feeds needs.
type fetcher interface {
	Fetch(ctx context.Context, url string) (*page.Page, error)
}
