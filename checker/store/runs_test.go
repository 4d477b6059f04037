package store

import (
	"errors"
	"testing"
	"time"
)

func TestRuns(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	before := time.Now().Add(-time.Second)

	first, err := s.StartRun(ctx, KindAudit, "archive-1.warc", `{"workers":4}`)
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	second, err := s.StartRun(ctx, KindAudit, "archive-2.warc", `{}`)
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	if _, err := s.StartRun(ctx, KindCheck, "https://example.test/", `{}`); err != nil {
		t.Fatalf("StartRun: %v", err)
	}

	r, err := s.Run(ctx, first)
	if err != nil {
		t.Fatalf("Run(%d): %v", first, err)
	}
	if r.ID != first || r.Kind != KindAudit || r.Input != "archive-1.warc" ||
		r.Options != `{"workers":4}` || r.State != StateRunning || !r.FinishedAt.IsZero() {
		t.Errorf("Run(%d) = %+v, want the running audit of archive-1.warc", first, r)
	}
	if r.StartedAt.Before(before) || r.StartedAt.After(time.Now()) || r.StartedAt.Location() != time.UTC {
		t.Errorf("Run(%d).StartedAt = %v, want now in UTC", first, r.StartedAt)
	}

	if err := s.FinishRun(ctx, first, StateInterrupted); err != nil {
		t.Fatalf("FinishRun: %v", err)
	}
	r, err = s.Run(ctx, first)
	if err != nil {
		t.Fatalf("Run(%d): %v", first, err)
	}
	if r.State != StateInterrupted || r.FinishedAt.Before(r.StartedAt) {
		t.Errorf("Run(%d) after FinishRun = %+v, want interrupted with a finish time", first, r)
	}

	latest, err := s.LatestRun(ctx, KindAudit)
	if err != nil {
		t.Fatalf("LatestRun: %v", err)
	}
	if latest.ID != second {
		t.Errorf("LatestRun(audit).ID = %d, want %d", latest.ID, second)
	}
}

func TestRunErrors(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	id, err := s.StartRun(ctx, KindDemo, "", "{}")
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	tests := []struct {
		name string
		call func() error
		want error
	}{
		{"unknown kind", func() error { _, err := s.StartRun(ctx, "crawl", "", "{}"); return err }, ErrInvalid},
		{"finish as running", func() error { return s.FinishRun(ctx, id, StateRunning) }, ErrInvalid},
		{"unknown state", func() error { return s.FinishRun(ctx, id, "ok") }, ErrInvalid},
		{"finish missing run", func() error { return s.FinishRun(ctx, id+100, StateDone) }, ErrNotFound},
		{"missing run", func() error { _, err := s.Run(ctx, id+100); return err }, ErrNotFound},
		{"no run of kind", func() error { _, err := s.LatestRun(ctx, KindAudit); return err }, ErrNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(); !errors.Is(err, tc.want) {
				t.Errorf("error = %v, want %v", err, tc.want)
			}
		})
	}
}
