package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/provcheck/provcheck/rules"
)

// WriteRuleList writes one line per rule: its id, default severity and summary.
func WriteRuleList(w io.Writer, descs []rules.Description) error {
	var b strings.Builder
	for _, d := range descs {
		fmt.Fprintf(&b, "%-28s %-7s %s\n", d.ID, d.Severity, d.Summary)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write rules: %w", err)
	}
	return nil
}

// WriteRuleExplain writes what a rule checks, how to read its findings and its thresholds.
func WriteRuleExplain(w io.Writer, d rules.Description) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (default severity %s)\n\n%s\n\n%s\n", d.ID, d.Severity, d.Summary, wrap(d.Explain, 80, 0))
	if len(d.Thresholds) > 0 {
		keys := make([]string, 0, len(d.Thresholds))
		for k := range d.Thresholds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("\nThresholds (set them under rules." + d.ID + ".thresholds in --config):\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "  %s = %g\n", k, d.Thresholds[k])
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write rule: %w", err)
	}
	return nil
}
