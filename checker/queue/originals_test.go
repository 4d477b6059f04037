package queue

import (
	"bytes"
	"testing"
	"time"

	"github.com/provcheck/provcheck/checker/store"
	"github.com/provcheck/provcheck/checker/store/storetest"
	"github.com/provcheck/provcheck/crawler/page"
)

func TestOriginals(t *testing.T) {
	st := openStore(t)
	ctx := t.Context()
	o, err := NewOriginals(ctx, st, 300*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://wire.example/story"
	take := func(run int64) (*page.Page, bool) {
		t.Helper()
		p, claimed, err := o.Take(ctx, run, u)
		if err != nil {
			t.Fatal(err)
		}
		return p, claimed
	}
	if p, claimed := take(1); p != nil || !claimed {
		t.Fatalf("first Take = %v, %v; want a claim", p, claimed)
	}
	if p, claimed := take(1); p != nil || claimed {
		t.Fatalf("Take while claimed = %v, %v; want to wait", p, claimed)
	}
	if _, claimed := take(2); !claimed {
		t.Fatal("Take of another run: no claim; runs share nothing")
	}
	want := &page.Page{RequestURL: u, FinalURL: u + "/", Status: 200, ContentType: "text/html", Body: []byte("<p>story</p>"),
		Redirects: []page.Hop{{URL: u, Status: 301}}, FetchedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if err := o.Publish(ctx, 1, u, want); err != nil {
		t.Fatal(err)
	}
	got, claimed := take(1)
	if claimed || got == nil || got.FinalURL != want.FinalURL || got.Status != 200 || !bytes.Equal(got.Body, want.Body) ||
		len(got.Redirects) != 1 || !got.FetchedAt.Equal(want.FetchedAt) {
		t.Fatalf("Take after Publish = %+v, %v; want %+v", got, claimed, want)
	}

	// A released claim is free at once; an abandoned one after its TTL.
	o.Release(2, u)
	if _, claimed := take(2); !claimed {
		t.Error("Take after Release: no claim")
	}
	if _, claimed := take(2); claimed {
		t.Error("a live claim was taken twice")
	}
	time.Sleep(400 * time.Millisecond)
	if _, claimed := take(2); !claimed {
		t.Error("Take after the claim's TTL: no claim")
	}
	if err := o.Forget(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if _, claimed := take(1); !claimed {
		t.Error("Take after Forget: no claim")
	}
}

// TestTablesMadeConcurrently starts four processes' worth of setup at once on a fresh
// schema, as workers started together do: none fails on the others' CREATE TABLE.
func TestTablesMadeConcurrently(t *testing.T) {
	u := storetest.Schema(t, storetest.Server(t), "queue")
	var stores []*store.Store
	for range 4 {
		st, err := store.Open(t.Context(), u)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	errs := make(chan error, len(stores))
	for _, st := range stores {
		go func() {
			if err := Migrate(t.Context(), st); err != nil {
				errs <- err
				return
			}
			if _, err := NewHostLimiter(t.Context(), st, HostLimits{}); err != nil {
				errs <- err
				return
			}
			_, err := NewOriginals(t.Context(), st, 0)
			errs <- err
		}()
	}
	for range stores {
		if err := <-errs; err != nil {
			t.Errorf("setup of one of four workers: %v", err)
		}
	}
}
