package report_test

import (
	"bytes"
	"testing"

	"github.com/provcheck/provcheck/checker/report"
)

func TestForTerminal(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	tests := []struct {
		mode, columns string
		color         bool
		width         int
	}{
		{"always", "", true, 100},
		{"never", "120", false, 120},
		{"auto", "30", false, 100}, // a buffer is no terminal; under 40 columns is ignored
	}
	for _, tc := range tests {
		t.Setenv("COLUMNS", tc.columns)
		o := report.ForTerminal(report.WriteOptions{Org: "kept"}, &bytes.Buffer{}, tc.mode)
		if o.Color != tc.color || o.Width != tc.width || o.Org != "kept" {
			t.Errorf("ForTerminal(%q, COLUMNS=%q) = %+v, want colour %v width %d", tc.mode, tc.columns, o, tc.color, tc.width)
		}
	}
	for _, m := range report.ColorModes {
		if err := report.CheckColor(m); err != nil {
			t.Errorf("CheckColor(%q) = %v", m, err)
		}
	}
	if err := report.CheckColor("rainbow"); err == nil {
		t.Error("CheckColor(rainbow): no error")
	}
}
