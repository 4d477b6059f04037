package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Capture kinds, the values of [Capture.Kind].
const (
	CaptureResponse = "response" // an HTTP response, any status
	CaptureRevisit  = "revisit"  // a 304 that confirmed a stored response
	CaptureFetch    = "fetch"    // the metadata record summing up one fetch: the page
	CaptureError    = "error"    // a request that got no answer
)

// Capture is where one WARC record of the evidence lies.
type Capture struct {
	URL           string // WARC-Target-URI
	Kind          string // CaptureResponse, CaptureRevisit, CaptureFetch or CaptureError
	RecordID      string // WARC-Record-ID
	File          string // WARC file path as written
	Offset        int64
	Length        int64  // compressed bytes of the record
	PayloadDigest string // of a response; "" otherwise
	Status        int    // 0: none
	FetchedAt     time.Time
}

// SaveCaptures records where WARC records were written, in one transaction. A record id
// already known is left as it was.
func (s *Store) SaveCaptures(ctx context.Context, caps []Capture) error {
	if len(caps) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: save captures: %w", err)
	}
	defer tx.Rollback()
	if err := s.saveCaptures(ctx, tx, caps); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: save captures: %w", err)
	}
	return nil
}

// saveCaptures writes caps inside tx: on their own (SaveCaptures) or with a check
// ([Check.Captures]).
func (s *Store) saveCaptures(ctx context.Context, tx *sql.Tx, caps []Capture) error {
	err := s.insertRows(ctx, tx, qInsCaptures, len(caps), func(i int, args []any) ([]any, error) {
		c := caps[i]
		if err := c.Validate(); err != nil {
			return args, err
		}
		var status sql.NullInt64
		if c.Status != 0 {
			status = sql.NullInt64{Int64: int64(c.Status), Valid: true}
		}
		return append(args, c.URL, c.Kind, c.RecordID, c.File, c.Offset, c.Length,
			c.PayloadDigest, status, formatTime(c.FetchedAt)), nil
	})
	if err != nil {
		return fmt.Errorf("store: save captures: %w", err)
	}
	return nil
}

// Validate says whether c can be saved: a known kind and a whole location. The error
// wraps [ErrInvalid]. A caller that holds captures back to save them later checks them
// as they come, so that one bad capture cannot fail the transaction it would join.
func (c Capture) Validate() error {
	switch c.Kind {
	case CaptureResponse, CaptureRevisit, CaptureFetch, CaptureError:
	default:
		return fmt.Errorf("store: save capture %s: kind %q: %w", c.URL, c.Kind, ErrInvalid)
	}
	if c.RecordID == "" || c.File == "" || c.Offset < 0 || c.Length <= 0 {
		return fmt.Errorf("store: save capture %s: incomplete location: %w", c.URL, ErrInvalid)
	}
	return nil
}

const captureColumns = `url, kind, record_id, warc_file, warc_offset, warc_length, payload_digest, status, fetched_at`

func scanCapture(row interface{ Scan(...any) error }) (Capture, error) {
	var (
		c      Capture
		status sql.NullInt64
		at     string
	)
	if err := row.Scan(&c.URL, &c.Kind, &c.RecordID, &c.File, &c.Offset, &c.Length, &c.PayloadDigest, &status, &at); err != nil {
		return Capture{}, err
	}
	c.Status = int(status.Int64)
	t, err := parseTime(at)
	if err != nil {
		return Capture{}, err
	}
	c.FetchedAt = t
	return c, nil
}

// HasCaptures reports whether the database holds any capture.
func (s *Store) HasCaptures(ctx context.Context) (bool, error) {
	var has bool
	if err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM captures)`).Scan(&has); err != nil {
		return false, fmt.Errorf("store: any capture: %w", err)
	}
	return has, nil
}

// LatestCapture returns the newest capture of kind for url, or [ErrNotFound].
func (s *Store) LatestCapture(ctx context.Context, url, kind string) (Capture, error) {
	c, err := scanCapture(s.readRow(ctx, qLatestCapture, url, kind))
	if errors.Is(err, sql.ErrNoRows) {
		return Capture{}, fmt.Errorf("store: capture of %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return Capture{}, fmt.Errorf("store: capture of %s: %w", url, err)
	}
	return c, nil
}

// CaptureByRecordID returns the capture of a WARC record, or [ErrNotFound].
func (s *Store) CaptureByRecordID(ctx context.Context, id string) (Capture, error) {
	c, err := scanCapture(s.r.QueryRowContext(ctx,
		`SELECT `+captureColumns+` FROM captures WHERE record_id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Capture{}, fmt.Errorf("store: capture %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Capture{}, fmt.Errorf("store: capture %s: %w", id, err)
	}
	return c, nil
}

// Captures returns every capture of url, newest first.
func (s *Store) Captures(ctx context.Context, url string) ([]Capture, error) {
	rows, err := s.r.QueryContext(ctx,
		`SELECT `+captureColumns+` FROM captures WHERE url = ? ORDER BY fetched_at DESC, id DESC`, url)
	if err != nil {
		return nil, fmt.Errorf("store: captures of %s: %w", url, err)
	}
	defer rows.Close()
	var out []Capture
	for rows.Next() {
		c, err := scanCapture(rows)
		if err != nil {
			return nil, fmt.Errorf("store: captures of %s: %w", url, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: captures of %s: %w", url, err)
	}
	return out, nil
}
