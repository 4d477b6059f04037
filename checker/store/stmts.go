package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// The statements every checked article runs, prepared once when the store opens. SQLite
// spends longer parsing one of these INSERTs than running it, and a transaction that
// prepared its own would parse each of them again for every article.
const (
	qInsPage  = `INSERT INTO pages (hash, bytes, body, encoding) VALUES (?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING`
	qSelPage  = `SELECT id FROM pages WHERE hash = ?`
	qInsFetch = `INSERT INTO fetches (run_id, request_url, final_url, status, content_type, page_id,
	                      truncated, fetched_at, duration_ms, error, error_class)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	qInsRedirect = `INSERT INTO redirects (fetch_id, position, url, status) VALUES (?, ?, ?, ?)`
	qInsArticle  = `INSERT INTO articles (run_id, url, final_url, title, byline, site_name, published,
	                       fetch_id, score, grade, report, report_zstd, report_bytes, checked_at)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) RETURNING id`
	qInsCitation = `INSERT INTO citations (article_id, idx, href, url, anchor, sentence, fetch_id, verdict)
	 VALUES (?, ?, ?, ?, '', '', ?, ?)`
	qInsQuote = `INSERT INTO quotes (article_id, idx, text, speaker, start_offset, end_offset,
	                     verdict, source_url, similarity)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsFinding = `INSERT INTO findings (article_id, rule, severity, subject_kind, subject_index, message, evidence)
	 VALUES (?, ?, ?, ?, ?, '', NULL)`
	qInsChain    = `INSERT INTO chains (article_id, quote_idx, text, speaker, stop, reason) VALUES (?, ?, ?, ?, ?, ?)`
	qInsChainHop = `INSERT INTO chain_hops (article_id, quote_idx, position, url, final_url, fetch_id, verdict,
	                         similarity, passage, class)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsCapture = `INSERT INTO captures (url, kind, record_id, warc_file, warc_offset, warc_length,
	                       payload_digest, status, fetched_at)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO NOTHING`
	qSetItem = `UPDATE audit_items SET state = ?, error = ?, article_id = ?, finished_at = ?
	 WHERE run_id = ? AND position = ? AND state = ?`
	qLatestCapture = `SELECT ` + captureColumns + ` FROM captures WHERE url = ? AND kind = ?
	 ORDER BY fetched_at DESC, id DESC LIMIT 1`
)

// writeQueries are prepared on the writer, readQueries on the readers.
var (
	writeQueries = []string{qInsPage, qSelPage, qInsFetch, qInsRedirect, qInsArticle, qInsCitation,
		qInsQuote, qInsFinding, qInsChain, qInsChainHop, qInsCapture, qSetItem}
	readQueries = []string{qLatestCapture}
)

// statements holds prepared statements by query text. It is filled when the store opens
// and only read afterwards. A statement is prepared on the pool before any transaction
// holds the writer's one connection (preparing later would wait for that connection), and
// database/sql then reuses it on that connection in every transaction.
type statements map[string]*sql.Stmt

func prepare(ctx context.Context, into statements, db *sql.DB, queries []string) error {
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		into[q] = st
	}
	return nil
}

func (st statements) close() error {
	var errs []error
	for _, s := range st {
		errs = append(errs, s.Close())
	}
	return errors.Join(errs...)
}

// txStmt returns query as a statement of tx: the prepared one when there is one, closed
// with tx either way.
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if st := s.stmts[query]; st != nil {
		return tx.StmtContext(ctx, st), nil
	}
	return tx.PrepareContext(ctx, query)
}

// readRow runs a one-row query on the readers, through its prepared statement when there
// is one.
func (s *Store) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := s.stmts[query]; st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.r.QueryRowContext(ctx, query, args...)
}
