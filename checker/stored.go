package checker

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/provcheck/provcheck/checker/report"
	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/warc"
)

// Groupings and sort keys of a track record (see [Stored.Sources]).
const (
	BySite   = store.BySite
	ByAuthor = store.ByAuthor
)

// SourceSorts are the sort keys of a track record.
var SourceSorts = store.SourceSorts

// CheckSourceQuery reports whether by is BySite or ByAuthor and sortKey one of SourceSorts.
func CheckSourceQuery(by, sortKey string) error {
	if by != BySite && by != ByAuthor {
		return InputError(fmt.Errorf("unknown --by %q (want site or author)", by))
	}
	if !slices.Contains(SourceSorts, sortKey) {
		return InputError(fmt.Errorf("unknown --sort %q (want one of %s)", sortKey, strings.Join(SourceSorts, ", ")))
	}
	return nil
}

// Stored reads back what earlier checks and audits recorded: reports, track records,
// quote lineage and evidence.
type Stored struct {
	db *store.Store
}

// OpenStored opens an existing database for reading: a path where none exists is an
// input error, not a reason to create an empty database.
func OpenStored(ctx context.Context, path string) (*Stored, error) {
	if _, err := os.Stat(path); err != nil && !store.IsURL(path) {
		return nil, InputError(fmt.Errorf("no database at %s (run provcheck check first, or give --db PATH)", path))
	}
	db, err := store.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return &Stored{db: db}, nil
}

// NewStored reads back from db, which the caller keeps open and closes.
func NewStored(db *store.Store) *Stored { return &Stored{db: db} }

// Close closes the database.
func (s *Stored) Close() error { return s.db.Close() }

// Run reads the reports of run id back, each quote with the other articles of the run
// that carry it; id 0 means the latest run that checked an article.
func (s *Stored) Run(ctx context.Context, id int64) (report.Run, error) {
	run, err := s.readRun(ctx, id)
	if err != nil {
		return report.Run{}, err
	}
	return run, s.withLineage(ctx, &run)
}

// readRun reads the reports of run id back, as stored.
func (s *Stored) readRun(ctx context.Context, id int64) (report.Run, error) {
	var (
		meta store.Run
		err  error
	)
	if id == 0 {
		meta, err = s.db.LatestRunWithArticles(ctx)
	} else {
		meta, err = s.db.Run(ctx, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		if id == 0 {
			return report.Run{}, InputError(errors.New("the database holds no checked article yet"))
		}
		return report.Run{}, InputError(fmt.Errorf("no run %d in the database", id))
	}
	if err != nil {
		return report.Run{}, err
	}
	raw, err := s.db.Reports(ctx, meta.ID)
	if err != nil {
		return report.Run{}, err
	}
	run := report.Run{ID: meta.ID, Kind: meta.Kind, Input: meta.Input, StartedAt: meta.StartedAt}
	for i, b := range raw {
		r, err := report.Parse(b)
		if err != nil {
			return report.Run{}, fmt.Errorf("run %d, article %d: %w", meta.ID, i+1, err)
		}
		run.Reports = append(run.Reports, r)
	}
	return run, nil
}

// withLineage lists under each quote of run's reports the other articles of the stored
// run that carry it.
func (s *Stored) withLineage(ctx context.Context, run *report.Run) error {
	if run.ID == 0 {
		return nil
	}
	quotes, err := s.db.Quotes(ctx, run.ID)
	if err != nil {
		return err
	}
	AddLineage(run, quotes)
	return nil
}

// Article reads back the latest check of the article at url (matched on the URL asked for
// or its final URL), or its check in run id when id is not 0.
func (s *Stored) Article(ctx context.Context, url string, id int64) (report.Run, error) {
	if id != 0 {
		run, err := s.readRun(ctx, id)
		if err != nil {
			return report.Run{}, err
		}
		for i := len(run.Reports) - 1; i >= 0; i-- {
			if a := run.Reports[i].Article; a.URL == url || a.FinalURL == url {
				run.Reports = []report.Report{run.Reports[i]}
				return run, s.withLineage(ctx, &run)
			}
		}
		return report.Run{}, InputError(fmt.Errorf("run %d did not check %s", id, url))
	}
	runID, raw, err := s.db.LatestArticle(ctx, url)
	if errors.Is(err, store.ErrNotFound) {
		return report.Run{}, InputError(fmt.Errorf("no check of %s in the database (run provcheck check %s first)", url, url))
	}
	if err != nil {
		return report.Run{}, err
	}
	r, err := report.Parse(raw)
	if err != nil {
		return report.Run{}, fmt.Errorf("stored report of %s: %w", url, err)
	}
	run := report.Run{ID: runID, Reports: []report.Report{r}}
	if meta, err := s.db.Run(ctx, runID); err == nil {
		run.Kind, run.Input, run.StartedAt = meta.Kind, meta.Input, meta.StartedAt
	}
	// The latest check of one article is shown as it was stored; lineage belongs to a
	// run's reports (report --run N, with or without a URL).
	return run, nil
}

// SourceQuery chooses a track record: the articles of one run (0: all), grouped by site
// or author, sorted by one of SourceSorts.
type SourceQuery = store.SourceQuery

// Sources returns the track records of the sites or authors of the stored articles.
func (s *Stored) Sources(ctx context.Context, q SourceQuery) ([]report.TrackRow, error) {
	recs, err := s.db.Sources(ctx, q)
	if err != nil {
		return nil, err
	}
	rows := make([]report.TrackRow, len(recs))
	for i, r := range recs {
		rows[i] = report.TrackRow(r)
	}
	return rows, nil
}

// Lineage returns the articles of run runID (0: all stored) that carry text, earliest
// first, at most limit.
func (s *Stored) Lineage(ctx context.Context, runID int64, text string, limit int) (report.Lineage, error) {
	quotes, err := s.db.Quotes(ctx, runID)
	if err != nil {
		return report.Lineage{}, err
	}
	l := report.Lineage{Text: text, Searched: len(quotes)}
	for _, cr := range NewQuoteIndex(quotes).Lineage(text, limit) {
		l.Carriers = append(l.Carriers, report.LineageCarrier{
			Verdict: string(cr.Verdict), Similarity: cr.Similarity, Published: cr.Quote.Published,
			ArticleURL: cr.Quote.ArticleURL, Text: cr.Quote.Text, Speaker: cr.Quote.Speaker,
		})
	}
	return l, nil
}

// Evidence returns the captures of url rebuilt from the WARC files, fetches first; all
// false returns the first only. The int is how many captures there are.
func (s *Stored) Evidence(ctx context.Context, url string, all bool) ([]report.Evidence, int, error) {
	caps, err := s.db.Captures(ctx, url)
	if err != nil {
		return nil, 0, err
	}
	if len(caps) == 0 {
		return nil, 0, InputError(fmt.Errorf("no evidence captured for %s", url))
	}
	sort.SliceStable(caps, func(i, j int) bool {
		return caps[i].Kind == store.CaptureFetch && caps[j].Kind != store.CaptureFetch
	})
	shown := caps
	if !all {
		shown = caps[:1]
	}
	out := make([]report.Evidence, len(shown))
	for i, sc := range shown {
		if out[i], err = s.evidence(ctx, crawler.Capture(sc)); err != nil {
			return nil, 0, fmt.Errorf("read evidence of %s: %w", url, err)
		}
	}
	return out, len(caps), nil
}

func (s *Stored) evidence(ctx context.Context, c crawler.Capture) (report.Evidence, error) {
	e := report.Evidence{URL: c.URL, File: c.File, Offset: c.Offset, RecordID: c.RecordID}
	if c.Kind == store.CaptureFetch {
		p, resp, err := crawler.Captured(ctx, captureIndex{db: s.db}, c)
		if err != nil {
			return e, err
		}
		e.Page = p
		if resp.RecordID != "" {
			e.Response = &report.Record{File: resp.File, Offset: resp.Offset, Length: resp.Length,
				RecordID: resp.RecordID, PayloadDigest: resp.PayloadDigest}
		}
		return e, nil
	}
	rec, err := warc.ReadAt(c.File, c.Offset)
	if err != nil {
		return e, err
	}
	r := &report.Record{Date: rec.Header.Get("WARC-Date"), Type: rec.Type(), RecordID: rec.ID()}
	e.Record = r
	if c.Kind == store.CaptureError {
		r.Error = append([]byte{}, rec.Block...)
		return e, nil
	}
	hr, err := warc.ParseResponse(rec.Block)
	if err != nil {
		return e, err
	}
	r.Status, r.Header, r.Body = hr.Status, hr.Header, hr.Body
	r.Truncated = rec.Header.Get("WARC-Truncated") != ""
	return e, nil
}

// AuditSummary is the summary of audit run id; stats are what this session's auditor did.
func (s *Session) AuditSummary(ctx context.Context, id int64, stats AuditStats) (report.AuditSummary, error) {
	sum, err := s.db.RunSummary(ctx, id)
	if err != nil {
		return report.AuditSummary{}, err
	}
	out := report.AuditSummary{
		RunID: id, Articles: sum.Articles, Done: stats.Done, Failed: stats.Failed, Items: sum.Items,
		Fetches: sum.Fetches, Pages: sum.Pages, Fetched: stats.Fetches, Reused: stats.CacheHits, Took: stats.Took,
		Severities: sum.Severities, Findings: sum.Findings,
	}
	for _, a := range sum.Worst {
		out.Worst = append(out.Worst, report.Scored{URL: a.URL, Score: a.Score, Grade: a.Grade})
	}
	for _, it := range sum.Failed {
		out.FailedItems = append(out.FailedItems, report.FailedItem{Input: it.Input, Err: it.Err})
	}
	quotes, err := s.db.Quotes(ctx, id)
	if err != nil {
		return report.AuditSummary{}, err
	}
	for _, carriers := range NewQuoteIndex(quotes).Shared(10) {
		var sq []report.SharedQuote
		for _, cr := range carriers {
			sq = append(sq, report.SharedQuote{Text: cr.Quote.Text, Verdict: string(cr.Verdict),
				Published: cr.Quote.Published, ArticleURL: cr.Quote.ArticleURL})
		}
		out.Shared = append(out.Shared, sq)
	}
	return out, nil
}

// RunStatus says how far audit run runID (0: the latest audit) has come, counting the
// items every worker of every machine finished.
func (s *Stored) RunStatus(ctx context.Context, runID int64) (report.RunStatus, error) {
	if runID == 0 {
		r, err := s.db.LatestRun(ctx, store.KindAudit)
		if errors.Is(err, store.ErrNotFound) {
			return report.RunStatus{}, InputError(errors.New("no audit in this database"))
		}
		if err != nil {
			return report.RunStatus{}, err
		}
		runID = r.ID
	}
	r, err := s.db.Run(ctx, runID)
	if errors.Is(err, store.ErrNotFound) {
		return report.RunStatus{}, InputError(fmt.Errorf("no run %d in this database", runID))
	}
	if err != nil {
		return report.RunStatus{}, err
	}
	p, err := s.db.RunProgress(ctx, runID)
	if err != nil {
		return report.RunStatus{}, err
	}
	st := report.RunStatus{RunID: runID, State: r.State, Done: p.Done, Failed: p.Failed, Pending: p.Pending}
	if !p.Last.IsZero() && p.Last.After(p.Started) {
		st.Elapsed = p.Last.Sub(p.Started)
		st.Rate = float64(p.Checked) / st.Elapsed.Seconds()
	}
	return st, nil
}
