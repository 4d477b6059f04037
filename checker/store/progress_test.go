package store

import (
	"testing"
	"time"
)

func TestRunProgress(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run := plan(t, s) // two pending, one failed at planning
	for _, tc := range []struct {
		name                  string
		step                  func() error
		pending, done, failed int
		checked               int
		hasPending            bool
	}{
		{"planned", func() error { return nil }, 2, 0, 1, 0, true}, // failed at planning: no finish time
		{"one done", func() error {
			_, err := s.FinishItem(ctx, run, 0, makeCheck("https://a.example/1", "one", t0, small))
			return err
		}, 1, 1, 1, 1, true},
		{"all finished", func() error { return s.FailItem(ctx, run, 1, "unreadable") }, 0, 1, 2, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := time.Now()
			if err := tc.step(); err != nil {
				t.Fatal(err)
			}
			p, err := s.RunProgress(ctx, run)
			if err != nil {
				t.Fatal(err)
			}
			if p.Pending != tc.pending || p.Done != tc.done || p.Failed != tc.failed {
				t.Errorf("RunProgress = %d pending, %d done, %d failed; want %d, %d, %d", p.Pending, p.Done, p.Failed, tc.pending, tc.done, tc.failed)
			}
			if p.Checked != tc.checked {
				t.Errorf("RunProgress checked = %d, want %d", p.Checked, tc.checked)
			}
			if tc.done == 0 && !p.Last.IsZero() {
				t.Errorf("RunProgress last = %v before any item was checked, want zero", p.Last)
			}
			if p.Started.IsZero() || (tc.done > 0 && p.Last.Before(before.Add(-time.Second))) {
				t.Errorf("RunProgress times: started %v, last %v; want the latest finish after %v", p.Started, p.Last, before)
			}
			has, err := s.HasPending(ctx, run)
			if err != nil || has != tc.hasPending {
				t.Errorf("HasPending = %v, %v; want %v", has, err, tc.hasPending)
			}
		})
	}
	if _, err := s.RunProgress(ctx, 999); err == nil {
		t.Error("RunProgress of a missing run: no error")
	}
}
