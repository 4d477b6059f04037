package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrSchema is returned by [Parse] for a JSON report of another schema than [Schema].
var ErrSchema = errors.New("report: unknown report schema")

// Run is what the exports take: the reports of one run of provcheck (a check, an audit
// or the demo), or of one article read back on its own.
type Run struct {
	ID        int64     // 0: the reports were not read from a stored run
	Kind      string    // "check", "audit", "demo"; "" when unknown
	Input     string    // what the run was given
	StartedAt time.Time // zero when unknown
	Reports   []Report  // in the order the articles were checked
}

// Parse reads a JSON report (schema provcheck/report/v1) back into a [Report], as the
// store keeps it. Fields it does not know are ignored, so that a report written by a later
// v1 still reads.
func Parse(b []byte) (Report, error) {
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return Report{}, fmt.Errorf("read json report: %w", err)
	}
	if r.Schema != Schema {
		return Report{}, fmt.Errorf("read json report: %w: %q, want %q", ErrSchema, r.Schema, Schema)
	}
	return r, nil
}

// WriteJSONLines writes each report as one line of compact JSON (JSON Lines, each line
// a provcheck/report/v1 object), in order.
func WriteJSONLines(w io.Writer, reports []Report) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range reports {
		if err := enc.Encode(r); err != nil { // Encode ends each value with '\n'
			return fmt.Errorf("write json lines: %w", err)
		}
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("write json lines: %w", err)
	}
	return nil
}
