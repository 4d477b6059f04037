package report

import "testing"

func TestCSVCellsAreInert(t *testing.T) {
	tests := map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1 234":                   "'+1 234",
		"-Economic Times":          "'-Economic Times",
		"@SUM(A1)":                 "'@SUM(A1)",
		"plain text":               "plain text",
		"":                         "",
	}
	for in, want := range tests {
		if got := inert(in); got != want {
			t.Errorf("inert(%q) = %q, want %q", in, got, want)
		}
	}
}
