package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/provcheck/provcheck/rules"
)

// Item states, the values of [Item.State].
const (
	ItemPending = "pending"
	ItemDone    = "done"
	ItemFailed  = "failed"
)

// Item is one unit of work of an audit: an article to check.
type Item struct {
	Position  int
	Kind      string // "url", "file" or "warc"
	Input     string // the URL, the path, or "path@offset" of a WARC record
	State     string
	Err       string
	ArticleID int64
}

// AddItems records the plan of an audit run, in one transaction: items in their State
// (pending when empty) with their Err. Positions must be distinct; items already recorded
// are left as they are.
func (s *Store) AddItems(ctx context.Context, runID int64, items []Item) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: add items: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx,
		`INSERT INTO audit_items (run_id, position, kind, input, state, error)
		 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, position) DO NOTHING`)
	if err != nil {
		return fmt.Errorf("store: add items: %w", err)
	}
	for _, it := range items {
		state := it.State
		if state == "" {
			state = ItemPending
		}
		if _, err := st.ExecContext(ctx, runID, it.Position, it.Kind, it.Input, state, it.Err); err != nil {
			return fmt.Errorf("store: add item %d: %w", it.Position, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: add items: %w", err)
	}
	return nil
}

// Items returns the items of a run in a given state ("" for all), by position.
func (s *Store) Items(ctx context.Context, runID int64, state string) ([]Item, error) {
	rows, err := s.r.QueryContext(ctx,
		`SELECT position, kind, input, state, error, article_id FROM audit_items
		 WHERE run_id = ? AND (? = '' OR state = ?) ORDER BY position`, runID, state, state)
	if err != nil {
		return nil, fmt.Errorf("store: items of run %d: %w", runID, err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		var it Item
		var art sql.NullInt64
		if err := rows.Scan(&it.Position, &it.Kind, &it.Input, &it.State, &it.Err, &art); err != nil {
			return nil, fmt.Errorf("store: items of run %d: %w", runID, err)
		}
		it.ArticleID = art.Int64
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: items of run %d: %w", runID, err)
	}
	return out, nil
}

// FinishItem stores the check of an item and marks the item done, in one transaction:
// after a crash the item is either done with its article stored, or still pending.
func (s *Store) FinishItem(ctx context.Context, runID int64, position int, c *Check) (int64, error) {
	return s.finishItem(ctx, runID, position, c, nil)
}

// Finished is one item's check, for [Store.FinishItems].
type Finished struct {
	Position int
	Check    *Check
}

// FinishItems is [Store.FinishItem] for several items of a run, in one transaction: one
// commit for all of them, which is most of what storing a small article costs. Either
// every one is stored and done, or none is (the error names the item that failed).
// The ids are the articles', in the order of items.
func (s *Store) FinishItems(ctx context.Context, runID int64, items []Finished) ([]int64, error) {
	if len(items) == 0 {
		return nil, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: finish items: %w", err)
	}
	defer tx.Rollback()
	defer s.pages.drop(tx)
	ids := make([]int64, len(items))
	for i, it := range items {
		if ids[i], err = s.finishItemTx(ctx, tx, runID, it.Position, it.Check); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: finish items %d to %d: %w", items[0].Position, items[len(items)-1].Position, err)
	}
	s.pages.commit(tx)
	return ids, nil
}

// finishItemTx stores an item's check and marks the item done within tx.
func (s *Store) finishItemTx(ctx context.Context, tx *sql.Tx, runID int64, position int, c *Check) (int64, error) {
	id, err := s.saveCheckTx(ctx, tx, runID, c)
	if err != nil {
		return 0, fmt.Errorf("store: finish item %d: %w", position, err)
	}
	if err := s.setItem(ctx, tx, runID, position, ItemDone, "", sql.NullInt64{Int64: id, Valid: true}); err != nil {
		return 0, err
	}
	return id, nil
}

func (s *Store) finishItem(ctx context.Context, runID int64, position int, c *Check, also func(context.Context, *sql.Tx) error) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: finish item %d: %w", position, err)
	}
	defer tx.Rollback()
	defer s.pages.drop(tx)
	id, err := s.finishItemTx(ctx, tx, runID, position, c)
	if err != nil {
		return 0, err
	}
	if also != nil {
		if err := also(ctx, tx); err != nil {
			return 0, fmt.Errorf("store: finish item %d: %w", position, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: finish item %d: %w", position, err)
	}
	s.pages.commit(tx)
	return id, nil
}

// FailItem marks an item failed with its reason.
func (s *Store) FailItem(ctx context.Context, runID int64, position int, reason string) error {
	return s.failItem(ctx, runID, position, reason, nil)
}

func (s *Store) failItem(ctx context.Context, runID int64, position int, reason string, also func(context.Context, *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: fail item %d: %w", position, err)
	}
	defer tx.Rollback()
	if err := s.setItem(ctx, tx, runID, position, ItemFailed, reason, sql.NullInt64{}); err != nil {
		return err
	}
	if also != nil {
		if err := also(ctx, tx); err != nil {
			return fmt.Errorf("store: fail item %d: %w", position, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: fail item %d: %w", position, err)
	}
	return nil
}

func (s *Store) setItem(ctx context.Context, tx *sql.Tx, runID int64, position int, state, reason string, article sql.NullInt64) error {
	upd, err := s.txStmt(ctx, tx, qSetItem)
	if err != nil {
		return fmt.Errorf("store: item %d: %w", position, err)
	}
	res, err := upd.ExecContext(ctx, state, reason, article, formatTime(time.Now()), runID, position, ItemPending)
	if err != nil {
		return fmt.Errorf("store: item %d: %w", position, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: item %d: %w", position, err)
	}
	if n != 1 {
		return fmt.Errorf("store: item %d of run %d is not pending: %w", position, runID, ErrInvalid)
	}
	return nil
}

// ResumeRun marks a run running again and returns it; it refuses a run that is done.
func (s *Store) ResumeRun(ctx context.Context, id int64) (Run, error) {
	res, err := s.w.ExecContext(ctx,
		`UPDATE runs SET state = ?, finished_at = NULL WHERE id = ? AND state <> ?`, StateRunning, id, StateDone)
	if err != nil {
		return Run{}, fmt.Errorf("store: resume run %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return Run{}, fmt.Errorf("store: resume run %d: no unfinished run with that id: %w", id, ErrNotFound)
	}
	return s.Run(ctx, id)
}

// LatestUnfinishedRun returns the newest run of kind that is not done, or [ErrNotFound].
func (s *Store) LatestUnfinishedRun(ctx context.Context, kind string) (Run, error) {
	row := s.r.QueryRowContext(ctx,
		`SELECT `+runColumns+` FROM runs WHERE kind = ? AND state <> ? ORDER BY id DESC LIMIT 1`, kind, StateDone)
	r, err := scanRun(row)
	if err != nil {
		return Run{}, fmt.Errorf("store: unfinished %s run: %w", kind, err)
	}
	return r, nil
}

// Summary counts what a run produced.
type Summary struct {
	Items      map[string]int // per item state
	Articles   int
	Fetches    int
	Pages      int            // distinct bodies fetched by the run
	Findings   map[string]int // per rule
	Severities map[string]int
	Worst      []Scored // lowest scores first, at most 10
	Failed     []Item
}

// Scored is an article with its score.
type Scored struct {
	URL, Title string
	Score      int
	Grade      string
}

// RunSummary counts the items, articles, fetches and findings of a run.
func (s *Store) RunSummary(ctx context.Context, runID int64) (Summary, error) {
	sum := Summary{Items: map[string]int{}, Findings: map[string]int{}, Severities: map[string]int{}}
	wrap := func(err error) (Summary, error) {
		return Summary{}, fmt.Errorf("store: summary of run %d: %w", runID, err)
	}
	if err := s.groupCount(ctx, sum.Items, `SELECT state, COUNT(*) FROM audit_items WHERE run_id = ? GROUP BY state`, runID); err != nil {
		return wrap(err)
	}
	if err := s.groupCount(ctx, sum.Findings, countsByRule, runID); err != nil {
		return wrap(err)
	}
	if err := s.groupCount(ctx, sum.Severities, `SELECT f.severity, COUNT(*) FROM findings f JOIN articles a ON a.id = f.article_id WHERE a.run_id = ? GROUP BY f.severity`, runID); err != nil {
		return wrap(err)
	}
	row := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM articles WHERE run_id = ?),
		(SELECT COUNT(*) FROM fetches WHERE run_id = ?),
		(SELECT COUNT(DISTINCT page_id) FROM fetches WHERE run_id = ? AND page_id IS NOT NULL)`, runID, runID, runID)
	if err := row.Scan(&sum.Articles, &sum.Fetches, &sum.Pages); err != nil {
		return wrap(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT url, title, score, grade FROM articles WHERE run_id = ? ORDER BY score, id LIMIT 10`, runID)
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var w Scored
		if err := rows.Scan(&w.URL, &w.Title, &w.Score, &w.Grade); err != nil {
			return wrap(err)
		}
		sum.Worst = append(sum.Worst, w)
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	if sum.Failed, err = s.Items(ctx, runID, ItemFailed); err != nil {
		return wrap(err)
	}
	return sum, nil
}

func (s *Store) groupCount(ctx context.Context, into map[string]int, query string, args ...any) error {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		into[k] = n
	}
	return rows.Err()
}

// QuoteRow is a stored quotation with the article that printed it.
type QuoteRow struct {
	ArticleID  int64
	ArticleURL string
	Title      string
	Published  *time.Time
	Index      int
	Text       string
	Speaker    string
	Verdict    rules.Verdict
}

// Quotes returns the quotations of a run's articles (runID 0: of every article stored).
func (s *Store) Quotes(ctx context.Context, runID int64) ([]QuoteRow, error) {
	rows, err := s.r.QueryContext(ctx,
		`SELECT a.id, a.url, a.title, a.published, q.idx, q.text, q.speaker, q.verdict
		 FROM quotes q JOIN articles a ON a.id = q.article_id
		 WHERE ? = 0 OR a.run_id = ? ORDER BY a.id, q.idx`, runID, runID)
	if err != nil {
		return nil, fmt.Errorf("store: quotes: %w", err)
	}
	defer rows.Close()
	var out []QuoteRow
	for rows.Next() {
		var q QuoteRow
		var pub sql.NullString
		if err := rows.Scan(&q.ArticleID, &q.ArticleURL, &q.Title, &pub, &q.Index, &q.Text, &q.Speaker, &q.Verdict); err != nil {
			return nil, fmt.Errorf("store: quotes: %w", err)
		}
		if pub.Valid {
			t, err := parseTime(pub.String)
			if err != nil {
				return nil, fmt.Errorf("store: quotes: %w", err)
			}
			q.Published = &t
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: quotes: %w", err)
	}
	return out, nil
}

// RunFetch returns the latest fetch of url (as requested) made by run runID, with its
// body and redirect chain; ok is false when the run has none. A page got whole (2xx)
// whose body was not kept (an article's own page) is not one.
func (s *Store) RunFetch(ctx context.Context, runID int64, url string) (f Fetch, ok bool, err error) {
	f, ok, err = s.oneFetch(ctx, qRunFetch, runID, url)
	if err != nil {
		return Fetch{}, false, fmt.Errorf("store: fetch of %s in run %d: %w", url, runID, err)
	}
	return f, ok, nil
}

// The look-ups of an original fetched before, by its URL (fetches_url_run serves both).
const (
	qRunFetch = `SELECT id, request_url, final_url, status, content_type, page_id, truncated, fetched_at,
	        duration_ms, error, error_class
	 FROM fetches WHERE run_id = ? AND request_url = ?
	   AND NOT (page_id IS NULL AND status >= 200 AND status < 300 AND error = '')
	 ORDER BY id DESC LIMIT 1`
	qRecentFetch = `SELECT id, request_url, final_url, status, content_type, page_id, truncated, fetched_at,
	        duration_ms, error, error_class
	 FROM fetches
	 WHERE request_url = ? AND fetched_at >= ? AND status >= 200 AND status < 300
	   AND error = '' AND error_class = '' AND page_id IS NOT NULL
	 ORDER BY fetched_at DESC, id DESC LIMIT 1`
)

// RecentFetch returns the latest fetch of url (as requested), made by any run at since
// or later, that got the page whole (a 2xx status and no error) and kept its body, with its body and
// redirect chain; ok is false when there is none. It is how a run reuses an original
// that another run, on any machine, fetched within the cache's age.
func (s *Store) RecentFetch(ctx context.Context, url string, since time.Time) (f Fetch, ok bool, err error) {
	f, ok, err = s.oneFetch(ctx, qRecentFetch, url, formatTime(since))
	if err != nil {
		return Fetch{}, false, fmt.Errorf("store: recent fetch of %s: %w", url, err)
	}
	return f, ok, nil
}

// oneFetch reads the fetch that query (selecting the columns of RunFetch) finds, if any,
// with its body and redirects.
func (s *Store) oneFetch(ctx context.Context, query string, args ...any) (f Fetch, ok bool, err error) {
	var (
		id        int64
		status    sql.NullInt64
		pageID    sql.NullInt64
		truncated int
		fetchedAt string
		ms        int64
	)
	err = s.r.QueryRowContext(ctx, query, args...).
		Scan(&id, &f.RequestURL, &f.FinalURL, &status, &f.ContentType, &pageID, &truncated, &fetchedAt,
			&ms, &f.Err, &f.ErrClass)
	if errors.Is(err, sql.ErrNoRows) {
		return Fetch{}, false, nil
	}
	if err != nil {
		return Fetch{}, false, err
	}
	f.Status = int(status.Int64)
	f.Truncated = truncated == 1
	f.Duration = time.Duration(ms) * time.Millisecond
	if f.FetchedAt, err = parseTime(fetchedAt); err != nil {
		return Fetch{}, false, fmt.Errorf("fetched at: %w", err)
	}
	if pageID.Valid {
		var (
			stored   []byte
			encoding string
		)
		if err := s.r.QueryRowContext(ctx, `SELECT body, encoding FROM pages WHERE id = ?`, pageID.Int64).Scan(&stored, &encoding); err != nil {
			return Fetch{}, false, fmt.Errorf("body: %w", err)
		}
		if f.Body, err = s.bodies.decode(stored, encoding); err != nil {
			return Fetch{}, false, fmt.Errorf("body: %w", err)
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT url, status FROM redirects WHERE fetch_id = ? ORDER BY position`, id)
	if err != nil {
		return Fetch{}, false, fmt.Errorf("redirects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h Hop
		if err := rows.Scan(&h.URL, &h.Status); err != nil {
			return Fetch{}, false, fmt.Errorf("redirects: %w", err)
		}
		f.Redirects = append(f.Redirects, h)
	}
	if err := rows.Err(); err != nil {
		return Fetch{}, false, fmt.Errorf("redirects: %w", err)
	}
	return f, true, nil
}

// Verdicts are the quote and citation verdicts of one stored article, in text order.
type Verdicts struct {
	Quotes    []rules.Verdict
	Citations []rules.Fate
	// QuoteTexts and CitationHrefs are the quotes' text and the citations' hrefs as
	// written, index-aligned with Quotes and Citations.
	QuoteTexts    []string
	CitationHrefs []string
}

// RunVerdicts returns the verdicts of every article of a run, by article URL.
func (s *Store) RunVerdicts(ctx context.Context, runID int64) (map[string]Verdicts, error) {
	out := map[string]Verdicts{}
	for _, q := range []struct {
		sql   string
		quote bool
	}{
		{`SELECT a.url, q.text, q.verdict FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.run_id = ? ORDER BY a.id, q.idx`, true},
		{`SELECT a.url, c.href, c.verdict FROM citations c JOIN articles a ON a.id = c.article_id WHERE a.run_id = ? ORDER BY a.id, c.idx`, false},
	} {
		rows, err := s.r.QueryContext(ctx, q.sql, runID)
		if err != nil {
			return nil, fmt.Errorf("store: verdicts of run %d: %w", runID, err)
		}
		for rows.Next() {
			var url, key, verdict string
			if err := rows.Scan(&url, &key, &verdict); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store: verdicts of run %d: %w", runID, err)
			}
			v := out[url]
			if q.quote {
				v.Quotes, v.QuoteTexts = append(v.Quotes, rules.Verdict(verdict)), append(v.QuoteTexts, key)
			} else {
				v.Citations, v.CitationHrefs = append(v.Citations, rules.Fate(verdict)), append(v.CitationHrefs, key)
			}
			out[url] = v
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("store: verdicts of run %d: %w", runID, err)
		}
	}
	return out, nil
}
