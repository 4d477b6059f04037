package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
)

// HashOf returns the content hash under which a body is stored: hex sha256.
func HashOf(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// SaveCheck stores c as part of run runID and returns the id of its article row.
//
// Everything is written in one transaction: the captures of c.Captures, bodies (once
// per content hash), fetches and their redirects, the article, its citations, quotes and
// findings. If anything fails, nothing is written. Indexes into c.Fetches (c.Fetch and
// Citation.Fetch) must be in range or -1 for none; otherwise the error wraps
// [ErrInvalid].
func (s *Store) SaveCheck(ctx context.Context, runID int64, c *Check) (int64, error) {
	if c == nil {
		return 0, fmt.Errorf("store: save check: nil check: %w", ErrInvalid)
	}
	id, err := s.saveCheck(ctx, runID, c)
	if err != nil {
		return 0, fmt.Errorf("store: save check %s: %w", c.URL, err)
	}
	return id, nil
}

func (s *Store) saveCheck(ctx context.Context, runID int64, c *Check) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() // a no-op once committed
	defer s.pages.drop(tx)
	articleID, err := s.saveCheckTx(ctx, tx, runID, c)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	s.pages.commit(tx)
	return articleID, nil
}

// saveCheckTx writes a check inside tx, so that callers can add to the same transaction.
func (s *Store) saveCheckTx(ctx context.Context, tx *sql.Tx, runID int64, c *Check) (int64, error) {
	if err := s.saveCaptures(ctx, tx, c.Captures); err != nil {
		return 0, err
	}
	fetchIDs, err := s.saveFetches(ctx, tx, runID, c.Fetches, DroppedBody(c))
	if err != nil {
		return 0, err
	}
	ownFetch, err := fetchRef(fetchIDs, c.Fetch)
	if err != nil {
		return 0, fmt.Errorf("article: %w", err)
	}
	var published sql.NullString
	if c.Published != nil {
		published = sql.NullString{String: formatTime(*c.Published), Valid: true}
	}
	var articleID int64
	insArticle, err := s.txStmt(ctx, tx, qInsArticle)
	if err != nil {
		return 0, fmt.Errorf("article: %w", err)
	}
	packed, reportBytes := s.bodies.packRecord(c.Report, c.Findings, c.Citations)
	err = insArticle.QueryRowContext(ctx, runID, c.URL, c.FinalURL, c.Title, c.Byline, c.SiteName, published,
		ownFetch, c.Score, c.Grade, packed, reportBytes, formatTime(c.CheckedAt)).Scan(&articleID)
	if err != nil {
		return 0, fmt.Errorf("article: %w", err)
	}
	if err := s.saveCitations(ctx, tx, articleID, fetchIDs, c.Citations); err != nil {
		return 0, err
	}
	if err := s.saveQuotes(ctx, tx, articleID, c.Quotes); err != nil {
		return 0, err
	}
	if err := s.saveFindings(ctx, tx, articleID, c.Findings); err != nil {
		return 0, err
	}
	if err := s.saveChains(ctx, tx, articleID, fetchIDs, c.Chains); err != nil {
		return 0, err
	}
	return articleID, nil
}

// fetchRef turns an index into the fetches of a check into the id of its row.
func fetchRef(ids []int64, i int) (sql.NullInt64, error) {
	switch {
	case i == -1:
		return sql.NullInt64{}, nil
	case i < 0 || i >= len(ids):
		return sql.NullInt64{}, fmt.Errorf("fetch index %d out of range [-1, %d): %w", i, len(ids), ErrInvalid)
	}
	return sql.NullInt64{Int64: ids[i], Valid: true}, nil
}

// DroppedBody is the index into c.Fetches of the article's own fetch when its body
// need not be kept, else -1. A body is kept to be read back as an original (RunFetch on
// resume, RecentFetch by a later run); the article's own page is read back so only when
// the article cites itself or a chain passes through it (reports, exports and evidence
// read the report and the WARC). It is most of a page's share of the database: a real
// news page is 50-400 KB of HTML.
func DroppedBody(c *Check) int {
	if c.Fetch < 0 {
		return -1
	}
	for _, ci := range c.Citations {
		if ci.Fetch == c.Fetch {
			return -1
		}
	}
	for _, ch := range c.Chains {
		for _, h := range ch.Hops {
			if h.Fetch == c.Fetch {
				return -1
			}
		}
	}
	return c.Fetch
}

// saveFetches stores fetches, their bodies (but that of fetches[dropBody], when it is
// not -1) and redirects, and returns the row ids in the order of fetches. Statements
// prepared on tx are closed with it.
// storedPages holds the row ids of pages the store has stored or found stored, up to
// storedPagesMax (then it starts again), so that a body met again (an original that
// several articles cite) is neither compressed again nor looked up: on the simple bench
// web, seven fetches in eight were of a body stored before, and the look-up of its id was
// a query each. An id is kept once its transaction commits (pages are never deleted); until
// then it is pending, kept for that transaction only.
type storedPages struct {
	mu      sync.Mutex
	ids     map[string]int64
	pending map[*sql.Tx]map[string]int64
}

const storedPagesMax = 1 << 16

// id returns the id of the page of hash, stored or pending in tx.
func (p *storedPages) id(tx *sql.Tx, hash string) (int64, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if id, ok := p.ids[hash]; ok {
		return id, true
	}
	id, ok := p.pending[tx][hash]
	return id, ok
}

// pend records the id of a page stored or found within tx.
func (p *storedPages) pend(tx *sql.Tx, hash string, id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pending == nil {
		p.pending = map[*sql.Tx]map[string]int64{}
	}
	if p.pending[tx] == nil {
		p.pending[tx] = map[string]int64{}
	}
	p.pending[tx][hash] = id
}

// commit keeps the ids pending in tx, which has committed.
func (p *storedPages) commit(tx *sql.Tx) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for hash, id := range p.pending[tx] {
		if p.ids == nil || len(p.ids) >= storedPagesMax {
			p.ids = make(map[string]int64)
		}
		p.ids[hash] = id
	}
	delete(p.pending, tx)
}

// drop forgets the ids pending in tx (rolled back; after commit, nothing is left).
func (p *storedPages) drop(tx *sql.Tx) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.pending, tx)
}

func (s *Store) saveFetches(ctx context.Context, tx *sql.Tx, runID int64, fetches []Fetch, dropBody int) ([]int64, error) {
	if len(fetches) == 0 {
		return nil, nil
	}
	insPage, err := s.txStmt(ctx, tx, qInsPage)
	if err != nil {
		return nil, err
	}
	selPage, err := s.txStmt(ctx, tx, qSelPage)
	if err != nil {
		return nil, err
	}
	insFetch, err := s.txStmt(ctx, tx, qInsFetch)
	if err != nil {
		return nil, err
	}
	var insHop *sql.Stmt // most fetches have no redirect

	ids := make([]int64, len(fetches))
	for i, f := range fetches {
		var pageID sql.NullInt64
		if len(f.Body) > 0 && i != dropBody {
			hash := HashOf(f.Body)
			id, ok := s.pages.id(tx, hash)
			if !ok {
				// Stored by another process, or new: the insert does nothing for the first.
				stored, encoding := s.bodies.encode(f.Body)
				_, err := insPage.ExecContext(ctx, hash, len(f.Body), stored, encoding)
				if err == nil {
					err = selPage.QueryRowContext(ctx, hash).Scan(&id)
				}
				if err != nil {
					return nil, fmt.Errorf("fetch %d %s: page: %w", i, f.RequestURL, err)
				}
				s.pages.pend(tx, hash, id)
			}
			pageID = sql.NullInt64{Int64: id, Valid: true}
		}
		var status sql.NullInt64
		if f.Status != 0 {
			status = sql.NullInt64{Int64: int64(f.Status), Valid: true}
		}
		err := insFetch.QueryRowContext(ctx,
			runID, f.RequestURL, f.FinalURL, status, f.ContentType, pageID,
			flag(f.Truncated), formatTime(f.FetchedAt), f.Duration.Milliseconds(), f.Err, f.ErrClass,
		).Scan(&ids[i])
		if err != nil {
			return nil, fmt.Errorf("fetch %d %s: %w", i, f.RequestURL, err)
		}
		for pos, h := range f.Redirects {
			if insHop == nil {
				insHop, err = s.txStmt(ctx, tx, qInsRedirect)
				if err != nil {
					return nil, err
				}
			}
			if _, err := insHop.ExecContext(ctx, ids[i], pos, h.URL, h.Status); err != nil {
				return nil, fmt.Errorf("fetch %d %s: redirect %d: %w", i, f.RequestURL, pos, err)
			}
		}
	}
	return ids, nil
}

// saveCitations stores the rows of cs; their anchors and sentences are stored in the
// article's record ([bodyCodec.packRecord]).
func (s *Store) saveCitations(ctx context.Context, tx *sql.Tx, articleID int64, fetchIDs []int64, cs []Citation) error {
	err := s.insertRows(ctx, tx, qInsCitations, len(cs), func(i int, args []any) ([]any, error) {
		c := cs[i]
		ref, err := fetchRef(fetchIDs, c.Fetch)
		if err != nil {
			return args, fmt.Errorf("citation %d: %w", c.Index, err)
		}
		return append(args, articleID, c.Index, c.Href, c.URL, ref, c.Verdict), nil
	})
	if err != nil {
		return fmt.Errorf("citations: %w", err)
	}
	return nil
}

func (s *Store) saveQuotes(ctx context.Context, tx *sql.Tx, articleID int64, qs []Quote) error {
	err := s.insertRows(ctx, tx, qInsQuotes, len(qs), func(i int, args []any) ([]any, error) {
		q := qs[i]
		return append(args, articleID, q.Index, q.Text, q.Speaker, q.Start, q.End, q.Verdict, q.SourceURL, q.Similarity), nil
	})
	if err != nil {
		return fmt.Errorf("quotes: %w", err)
	}
	return nil
}

// saveFindings stores the rows of fs: what they are and what they are about. Their
// messages and evidence are stored in the article's record ([bodyCodec.packRecord]).
func (s *Store) saveFindings(ctx context.Context, tx *sql.Tx, articleID int64, fs []Finding) error {
	err := s.insertRows(ctx, tx, qInsFindings, len(fs), func(i int, args []any) ([]any, error) {
		f := fs[i]
		return append(args, articleID, f.Rule, f.Severity, f.SubjectKind, f.SubjectIndex), nil
	})
	if err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// LatestReport returns the report of the most recent check of the article at url,
// matched against both the URL asked for and the final URL after redirects, or
// [ErrNotFound].
func (s *Store) LatestReport(ctx context.Context, url string) ([]byte, error) {
	_, report, err := s.LatestArticle(ctx, url)
	return report, err
}

// Counts returns the number of findings per rule in run runID. A run without
// findings, or no such run, gives an empty map.
func (s *Store) Counts(ctx context.Context, runID int64) (map[string]int, error) {
	counts := map[string]int{}
	if err := s.groupCount(ctx, counts, countsByRule, runID); err != nil {
		return nil, fmt.Errorf("store: counts of run %d: %w", runID, err)
	}
	return counts, nil
}

// countsByRule counts a run's findings per rule.
const countsByRule = `SELECT f.rule, COUNT(*) FROM findings f JOIN articles a ON a.id = f.article_id
	WHERE a.run_id = ? GROUP BY f.rule`

// FindingsOf returns the findings of article articleID in the order they were saved.
// An article without findings, or no such article, gives none.
func (s *Store) FindingsOf(ctx context.Context, articleID int64) ([]Finding, error) {
	out, err := s.findingsOf(ctx, articleID)
	if err != nil {
		return nil, fmt.Errorf("store: findings of article %d: %w", articleID, err)
	}
	return out, nil
}

func (s *Store) findingsOf(ctx context.Context, articleID int64) ([]Finding, error) {
	var r storedReport
	err := s.r.QueryRowContext(ctx, `SELECT report, report_zstd, report_bytes FROM articles WHERE id = ?`, articleID).
		Scan(&r.plain, &r.packed, &r.reportBytes)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx,
		`SELECT rule, severity, subject_kind, subject_index, message, evidence
		 FROM findings WHERE article_id = ? ORDER BY id`, articleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Rule, &f.Severity, &f.SubjectKind, &f.SubjectIndex,
			&f.Message, &f.Evidence); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !r.isRecord() {
		return out, nil // a row written before records: the findings' rows hold their texts
	}
	_, texts, err := s.bodies.unpack(r)
	if err != nil {
		return nil, err
	}
	if len(texts.findings) != len(out) {
		return nil, fmt.Errorf("the record holds the texts of %d findings, the article has %d: %w",
			len(texts.findings), len(out), ErrInvalid)
	}
	for i, t := range texts.findings {
		out[i].Message = string(t[0])
		if len(t[1]) > 0 {
			out[i].Evidence = t[1]
		}
	}
	return out, nil
}

// PageBody returns the body stored under hash (see [HashOf]), or [ErrNotFound].
func (s *Store) PageBody(ctx context.Context, hash string) ([]byte, error) {
	var (
		stored   []byte
		encoding string
	)
	err := s.r.QueryRowContext(ctx, `SELECT body, encoding FROM pages WHERE hash = ?`, hash).Scan(&stored, &encoding)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: page %s: %w", hash, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: page %s: %w", hash, err)
	}
	body, err := s.bodies.decode(stored, encoding)
	if err != nil {
		return nil, fmt.Errorf("store: page %s: %w", hash, err)
	}
	return body, nil
}
