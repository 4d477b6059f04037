package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// AuditSummary is what an audit run produced, as the end of `provcheck audit` shows it.
type AuditSummary struct {
	RunID    int64
	Articles int            // articles stored by the run, every session
	Done     int            // items checked by this session
	Failed   int            // items that failed in this session
	Items    map[string]int // the run's items per state
	Fetches  int            // fetches stored by the run
	Pages    int            // distinct bodies among them
	Fetched  int            // originals fetched over the network by this session
	Reused   int            // originals answered from the run's cache or another worker's fetch
	Took     time.Duration  // this session's time
	// Severities and Findings count the run's findings per severity and per rule.
	Severities, Findings map[string]int
	Worst                []Scored        // lowest scores first
	FailedItems          []FailedItem    // items that could not be checked
	Shared               [][]SharedQuote // quotes carried by several articles, earliest first
}

// Scored is an article with its score.
type Scored struct {
	URL   string
	Score int
	Grade string
}

// FailedItem is an input that could not be checked, with its reason.
type FailedItem struct{ Input, Err string }

// SharedQuote is one article's printing of a quote several articles carry.
type SharedQuote struct {
	Text string
	// Verdict compares this article's wording with Text ("verified": the same words); it
	// is not the quote's verdict against its source.
	Verdict    string
	Published  *time.Time
	ArticleURL string
}

// WriteAuditSummary writes the summary of an audit run as text.
func WriteAuditSummary(w io.Writer, s AuditSummary) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Audit run %d\n", s.RunID)
	fmt.Fprintf(&b, "  articles checked  %d (this session: %d done, %d failed)\n", s.Articles, s.Done, s.Failed)
	fmt.Fprintf(&b, "  items             %s\n", counts(s.Items))
	fmt.Fprintf(&b, "  fetches           %d (%d distinct bodies kept); originals fetched %d, reused %d\n", s.Fetches, s.Pages, s.Fetched, s.Reused)
	if secs := s.Took.Seconds(); secs > 0 {
		fmt.Fprintf(&b, "  time              %s (%.1f articles/s, %.1f fetches/s)\n", s.Took.Round(time.Millisecond), float64(s.Done+s.Failed)/secs, float64(s.Fetched)/secs)
	}
	fmt.Fprintf(&b, "  findings          %s\n", counts(s.Severities))
	for _, r := range byCountDesc(s.Findings) {
		fmt.Fprintf(&b, "    %-28s %d\n", r, s.Findings[r])
	}
	if len(s.Worst) > 0 {
		b.WriteString("\nLowest scores\n")
		for _, a := range s.Worst {
			fmt.Fprintf(&b, "  %3d %s  %s\n", a.Score, a.Grade, a.URL)
		}
	}
	writeFailedItems(&b, s.FailedItems)
	if len(s.Shared) > 0 {
		b.WriteString("\nQuotes carried by several articles (earliest first; each article's wording against the quote shown)\n")
		wording := func(cr SharedQuote) string {
			if cr.Verdict == "verified" {
				return "same" // the same words, whatever the quote's verdict against its source
			}
			return cr.Verdict
		}
		width := 9 // "misattributed" and "number_changed" widen the column for every list
		for _, carriers := range s.Shared {
			for _, cr := range carriers {
				width = max(width, len(wording(cr)))
			}
		}
		for _, carriers := range s.Shared {
			fmt.Fprintf(&b, "  “%s” — %d articles\n", Clip(carriers[0].Text, 80), len(carriers))
			for _, cr := range carriers {
				fmt.Fprintf(&b, "      %-*s %s  %s\n", width, wording(cr), DateOf(cr.Published), cr.ArticleURL)
			}
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write audit summary: %w", err)
	}
	return nil
}

func writeFailedItems(b *strings.Builder, failed []FailedItem) {
	if len(failed) == 0 {
		return
	}
	fmt.Fprintf(b, "\nFailed items (%d)\n", len(failed))
	for i, it := range failed {
		if i == 20 {
			fmt.Fprintf(b, "  … and %d more\n", len(failed)-20)
			break
		}
		fmt.Fprintf(b, "  %s: %s\n", it.Input, it.Err)
	}
}

// byCountDesc returns the keys of m, the largest count first, ties by key.
func byCountDesc(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// counts writes "2 done, 1 failed" in key order; "none" for no count.
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

// DateOf writes a publication date as YYYY-MM-DD, or "undated" padded to that width.
func DateOf(t *time.Time) string {
	if t == nil {
		return "undated   "
	}
	return t.Format("2006-01-02")
}

// Clip shortens s to n runes, ending it with an ellipsis when cut.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
