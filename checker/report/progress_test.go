package report

import (
	"strings"
	"testing"
	"time"
)

func TestProgressSetAndRunStatus(t *testing.T) {
	var b strings.Builder
	p := NewProgress(&b, false, false, 10, 0, 0)
	p.Item(3, false)
	p.Set(7, 2) // the whole run's counts, from every worker
	p.Finish()
	if got := b.String(); !strings.HasPrefix(got, "audit: 7/10 articles, ") || !strings.HasSuffix(got, ", 2 failed\n") || strings.Contains(got, "findings") {
		t.Errorf("progress after Set = %q, want the whole run's 7/10 and 2 failed, no findings count", got)
	}
	b.Reset()
	if err := WriteRunStatus(&b, RunStatus{RunID: 4, State: "running", Done: 90, Failed: 10, Pending: 50, Rate: 2.5, Elapsed: 40 * time.Second}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "run 4 (running): 90 done, 10 failed, 50 pending of 150 items; 2.5 articles/s over 40s\n"; got != want {
		t.Errorf("WriteRunStatus = %q, want %q", got, want)
	}
}
