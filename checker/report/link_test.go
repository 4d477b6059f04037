package report

import "testing"

func TestPageLink(t *testing.T) {
	tests := []struct {
		pdf  string
		page int
		want string
	}{
		{"https://gov.example/plan.pdf", 3, "https://gov.example/plan.pdf#page=3"},
		{"https://gov.example/plan.pdf#page=1", 12, "https://gov.example/plan.pdf#page=12"},
		{"https://gov.example/plan.pdf?v=2", 1, "https://gov.example/plan.pdf?v=2#page=1"},
		{"https://gov.example/plan.pdf", 0, "https://gov.example/plan.pdf"},
		{"", 2, ""},
	}
	for _, tc := range tests {
		if got := PageLink(tc.pdf, tc.page); got != tc.want {
			t.Errorf("PageLink(%q, %d) = %q, want %q", tc.pdf, tc.page, got, tc.want)
		}
	}
}
