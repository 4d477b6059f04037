package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// TestFinishItemTx commits the item, its article and what also wrote in one transaction,
// or none of them when also fails.
func TestFinishItemTx(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	run, err := s.StartRun(ctx, KindAudit, "urls.txt", "{}")
	if err != nil {
		t.Fatal(err)
	}
	items := []Item{{Position: 0, Kind: "url", Input: "https://a.example/1"}, {Position: 1, Kind: "url", Input: "https://a.example/2"}}
	if err := s.AddItems(ctx, run, items); err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("job is gone")
	failing := func(context.Context, *sql.Tx) error { return refuse }
	if _, err := s.FinishItemTx(ctx, run, 0, makeCheck(items[0].Input, "a", t0, small), failing); !errors.Is(err, refuse) {
		t.Fatalf("FinishItemTx with a failing also = %v, want it", err)
	}
	if err := s.FailItemTx(ctx, run, 1, "bad", failing); !errors.Is(err, refuse) {
		t.Fatalf("FailItemTx with a failing also = %v, want it", err)
	}
	if got := rowCounts(t, s); got["articles"] != 0 || got["fetches"] != 0 {
		t.Errorf("rows after rolled back finishes = %v, want no article or fetch", got)
	}
	for i := range items {
		if it, err := s.Item(ctx, run, i); err != nil || it.State != ItemPending {
			t.Errorf("Item(%d) = %+v, %v; want pending", i, it, err)
		}
	}

	// also runs in the transaction: it sees the item done before the commit.
	var seen string
	saw := func(ctx context.Context, tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT state FROM audit_items WHERE run_id = ? AND position = ?`, run, 0).Scan(&seen)
	}
	id, err := s.FinishItemTx(ctx, run, 0, makeCheck(items[0].Input, "a", t0, small), saw)
	if err != nil || seen != ItemDone {
		t.Fatalf("FinishItemTx = %d, %v, also saw %q; want done", id, err, seen)
	}
	if err := s.FailItemTx(ctx, run, 1, "bad input", saw); err != nil {
		t.Fatal(err)
	}
	if it, err := s.Item(ctx, run, 0); err != nil || it.State != ItemDone || it.ArticleID != id {
		t.Errorf("Item(0) = %+v, %v; want done with article %d", it, err, id)
	}
	if it, err := s.Item(ctx, run, 1); err != nil || it.State != ItemFailed || it.Err != "bad input" {
		t.Errorf("Item(1) = %+v, %v; want failed with its reason", it, err)
	}
	if _, err := s.Item(ctx, run, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("Item(2) = %v, want ErrNotFound", err)
	}
	if _, ok := s.PostgresDB(); ok != (testPostgresURL != "") {
		t.Errorf("PostgresDB ok = %v in the %q pass", ok, testPostgresURL)
	}
}
