package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/provcheck/provcheck/rules"
)

// CSVColumns are the columns of [WriteCSV], in order; docs/export-formats.md says what each
// holds. Columns are only ever added at the end.
var CSVColumns = []string{
	"run_id", "article_url", "article_title", "rule", "severity", "subject_kind", "subject_index",
	"subject_text", "message", "source_url", "passage", "similarity", "status", "final_url", "checked_at",
}

// CSVOptions tune the CSV export.
type CSVOptions struct {
	// MinSeverity leaves out findings below it; the zero value keeps them all.
	MinSeverity rules.Severity
}

// WriteCSV writes one finding a row (RFC 4180, UTF-8, a header row first) for every
// report of the run, in the order of the reports and of their findings.
func WriteCSV(w io.Writer, run Run, o CSVOptions) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVColumns); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	runID := ""
	if run.ID != 0 {
		runID = strconv.FormatInt(run.ID, 10)
	}
	for _, r := range run.Reports {
		for _, f := range r.Findings {
			if f.Severity < o.MinSeverity {
				continue
			}
			if err := cw.Write(csvRow(runID, r, f)); err != nil {
				return fmt.Errorf("write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

func csvRow(runID string, r Report, f rules.Finding) []string {
	ev := f.Evidence
	source := ev.SourceURL
	if source == "" {
		source = ev.URL
	}
	similarity, status := "", ""
	if ev.Similarity != nil {
		similarity = strconv.FormatFloat(*ev.Similarity, 'f', -1, 64)
	}
	if ev.Status != 0 {
		status = strconv.Itoa(ev.Status)
	}
	return []string{
		runID, r.Article.URL, inert(r.Article.Title), f.Rule, f.Severity.String(), string(f.Subject.Kind),
		strconv.Itoa(f.Subject.Index), inert(f.Subject.Text), inert(f.Message), source, inert(ev.Passage), similarity,
		status, ev.FinalURL, r.CheckedAt.UTC().Format(time.RFC3339),
	}
}

// inert keeps a spreadsheet from running text taken from an article: a cell that starts
// with = + - @ (or a tab or carriage return) is read as a formula by Excel, LibreOffice and
// Google Sheets, so it gets a leading apostrophe, which they show as text. Only the
// columns that hold words from the article or the originals need it.
func inert(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
