package store

import "testing"

func TestRunList(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	check, err := s.StartRun(ctx, KindCheck, "http://a.example/", "{}")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, check, StateDone); err != nil {
		t.Fatal(err)
	}
	audit, err := s.StartRun(ctx, KindAudit, "urls.txt", "{}")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddItems(ctx, audit, []Item{
		{Position: 0, Kind: "url", Input: "http://a.example/1"},
		{Position: 1, Kind: "url", Input: "http://a.example/2", State: ItemFailed, Err: "bad"},
	}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].ID != audit || runs[1].ID != check {
		t.Fatalf("Runs = %+v, want the audit then the check", runs)
	}
	if a := runs[0]; a.State != StateRunning || a.Items != 2 || a.Pending != 1 || a.Articles != 0 || !a.FinishedAt.IsZero() {
		t.Errorf("audit row %+v", a)
	}
	if c := runs[1]; c.State != StateDone || c.Items != 0 || c.Input != "http://a.example/" || c.FinishedAt.IsZero() {
		t.Errorf("check row %+v", c)
	}
	if one, err := s.Runs(ctx, 1); err != nil || len(one) != 1 || one[0].ID != audit {
		t.Errorf("Runs(1) = %+v, %v", one, err)
	}
}
