package report

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Progress shows how an audit goes: a bar on a terminal, a line every few seconds
// otherwise, nothing when quiet. It is safe for concurrent use.
type Progress struct {
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
	whole    bool // counts are the whole run's (Set), findings unknown
}

// NewProgress shows the progress of total items on w, done of them (failed among them)
// finished before; terminal draws a bar.
func NewProgress(w io.Writer, quiet, terminal bool, total, done, failed int) *Progress {
	p := &Progress{w: w, total: total, done: done, failed: failed, start: time.Now(), last: time.Now(), quiet: quiet}
	if !quiet && terminal {
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

// Item counts one finished item with its findings.
func (p *Progress) Item(findings int, failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.findings += findings
	if failed {
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

func (p *Progress) line() string {
	el := time.Since(p.start)
	rate := 0.0
	if el > 0 {
		rate = float64(p.done) / el.Seconds()
	}
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-p.done)/rate) * time.Second).Round(time.Second).String()
	}
	if p.whole {
		return fmt.Sprintf("%d/%d articles, %.1f/s, ETA %s, %d failed", p.done, p.total, rate, eta, p.failed)
	}
	return fmt.Sprintf("%d/%d articles, %.1f/s, ETA %s, %d findings, %d failed", p.done, p.total, rate, eta, p.findings, p.failed)
}

// Finish ends the bar and writes the last line.
func (p *Progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
	if !p.quiet {
		fmt.Fprintf(p.w, "audit: %s\n", p.line())
	}
}

// Lineage is the articles that carry a quote, earliest first, as `provcheck quote` shows.
type Lineage struct {
	Text     string // the words searched for
	Searched int    // quotations searched
	Carriers []LineageCarrier
}

// LineageCarrier is one article carrying the quote, in its own wording.
type LineageCarrier struct {
	Verdict    string
	Similarity float64
	Published  *time.Time
	ArticleURL string
	Text       string // the article's wording
	Speaker    string
}

// WriteLineage writes the lineage of a quote as text.
func WriteLineage(w io.Writer, l Lineage) error {
	if len(l.Carriers) == 0 {
		_, err := fmt.Fprintf(w, "No article among %d quotations carries “%s”.\n", l.Searched, l.Text)
		return err
	}
	fmt.Fprintf(w, "“%s” is carried by %d article(s), earliest first:\n", l.Text, len(l.Carriers))
	for i, cr := range l.Carriers {
		first := ""
		if i == 0 && cr.Published != nil {
			first = "  (first published)"
		}
		fmt.Fprintf(w, "  %-9s %.2f  %s  %s%s\n", cr.Verdict, cr.Similarity, DateOf(cr.Published), cr.ArticleURL, first)
		if cr.Text != l.Text {
			fmt.Fprintf(w, "            as “%s”", Clip(cr.Text, 100))
			if cr.Speaker != "" {
				fmt.Fprintf(w, " — %s", cr.Speaker)
			}
			if _, err := fmt.Fprintln(w); err != nil {
				return fmt.Errorf("write lineage: %w", err)
			}
		}
	}
	return nil
}

// Set shows the whole run's counts, done of its items finished (failed among them) by
// every worker of every machine, as NewProgress counts them; the findings of other machines are not counted, so the
// line no longer shows findings.
func (p *Progress) Set(done, failed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.failed, p.whole = done, failed, true
	switch {
	case p.quiet:
	case p.bar != nil:
		p.bar.Describe(fmt.Sprintf("checking (%d failed)", p.failed))
		_ = p.bar.Set(done)
	case time.Since(p.last) >= 5*time.Second:
		p.last = time.Now()
		fmt.Fprintf(p.w, "audit: %s\n", p.line())
	}
}

// RunStatus is how far an audit run has come, across every machine working it.
type RunStatus struct {
	RunID                 int64
	State                 string // the run's state: running, done, interrupted, failed
	Done, Failed, Pending int
	// Rate is items checked per second from the run's start to its latest finished item
	// (0 before any).
	Rate    float64
	Elapsed time.Duration // from the run's start to its latest finished item
}

// WriteRunStatus writes a run's status in one line.
func WriteRunStatus(w io.Writer, s RunStatus) error {
	total := s.Done + s.Failed + s.Pending
	_, err := fmt.Fprintf(w, "run %d (%s): %d done, %d failed, %d pending of %d items; %.1f articles/s over %s\n",
		s.RunID, s.State, s.Done, s.Failed, s.Pending, total, s.Rate, s.Elapsed.Round(time.Second))
	if err != nil {
		return fmt.Errorf("write status: %w", err)
	}
	return nil
}
