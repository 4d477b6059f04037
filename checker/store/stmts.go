package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	qInsChain    = `INSERT INTO chains (article_id, quote_idx, text, speaker, stop, reason) VALUES (?, ?, ?, ?, ?, ?)`
	qInsChainHop = `INSERT INTO chain_hops (article_id, quote_idx, position, url, final_url, fetch_id, verdict,
	                         similarity, passage, class)
	 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qSetItem = `UPDATE audit_items SET state = ?, error = ?, article_id = ?, finished_at = ?
	 WHERE run_id = ? AND position = ? AND state = ?`
	qLatestCapture = `SELECT ` + captureColumns + ` FROM captures WHERE url = ? AND kind = ?
	 ORDER BY fetched_at DESC, id DESC LIMIT 1`
)

// The tables an article adds many rows to at once. Run one row a statement, their rows
// were most of the cost of storing an article: database/sql and the driver spend more on
// each statement than SQLite spends inserting its row.
var (
	qInsCitations = manyRows(`INSERT INTO citations (article_id, idx, href, url, anchor, sentence, fetch_id, verdict)`,
		`(?, ?, ?, ?, '', '', ?, ?)`, ``)
	qInsQuotes = manyRows(`INSERT INTO quotes (article_id, idx, text, speaker, start_offset, end_offset,
	                     verdict, source_url, similarity)`, `(?, ?, ?, ?, ?, ?, ?, ?, ?)`, ``)
	qInsFindings = manyRows(`INSERT INTO findings (article_id, rule, severity, subject_kind, subject_index, message, evidence)`,
		`(?, ?, ?, ?, ?, '', NULL)`, ``)
	qInsCaptures = manyRows(`INSERT INTO captures (url, kind, record_id, warc_file, warc_offset, warc_length,
	                       payload_digest, status, fetched_at)`, `(?, ?, ?, ?, ?, ?, ?, ?, ?)`, ` ON CONFLICT (record_id) DO NOTHING`)
)

// writeQueries are prepared on the writer, readQueries on the readers.
var (
	writeQueries = slices.Concat([]string{qInsPage, qSelPage, qInsFetch, qInsRedirect, qInsArticle,
		qInsChain, qInsChainHop, qSetItem}, qInsCitations[:], qInsQuotes[:], qInsFindings[:], qInsCaptures[:])
	readQueries = []string{qLatestCapture}
)

// maxRowsShift bounds a multi-row INSERT: it is prepared for 1, 2, 4, ... 1<<maxRowsShift
// rows, so that n rows take a statement per 32 and one per set bit of what is left, and
// the longest (32 rows of 9 columns) stays far under either database's limit on parameters.
const maxRowsShift = 5

// rowsInsert is an INSERT prepared for several row counts: element i takes 1<<i rows.
type rowsInsert [maxRowsShift + 1]string

// manyRows makes the INSERT head VALUES tuple, tuple, ... tail for each row count.
func manyRows(head, tuple, tail string) rowsInsert {
	var r rowsInsert
	for i := range r {
		r[i] = head + "\n VALUES " + strings.Repeat(tuple+", ", 1<<i-1) + tuple + tail
	}
	return r
}

// insertRows inserts n rows on tx, row i's values (in the order of the INSERT's columns)
// appended by row(i, args), in as few statements as q's row counts allow.
func (s *Store) insertRows(ctx context.Context, tx *sql.Tx, q rowsInsert, n int, row func(i int, args []any) ([]any, error)) error {
	var args []any
	for i := 0; i < n; {
		shift := maxRowsShift
		for 1<<shift > n-i {
			shift--
		}
		st, err := s.txStmt(ctx, tx, q[shift])
		if err != nil {
			return err
		}
		args = args[:0]
		for j := i; j < i+1<<shift; j++ {
			if args, err = row(j, args); err != nil {
				return err
			}
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("rows %d to %d: %w", i, i+1<<shift-1, err)
		}
		i += 1 << shift
	}
	return nil
}

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
