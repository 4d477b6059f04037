package store

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestReports(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

	empty, err := s.StartRun(ctx, KindCheck, "https://news.example/none", "{}")
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	run := startRun(t, s)
	urls := []string{"https://news.example/b", "https://news.example/a", "https://news.example/c"}
	for i, u := range urls {
		c := makeCheck(u, fmt.Sprint(i), at.Add(-time.Duration(i)*time.Hour), shape{})
		c.Fetch = -1
		if _, err := s.SaveCheck(ctx, run, c); err != nil {
			t.Fatalf("SaveCheck(%s): %v", u, err)
		}
	}
	later, err := s.StartRun(ctx, KindCheck, "https://news.example/a", "{}")
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	again := makeCheck(urls[1], "again", at.Add(time.Hour), shape{})
	again.Fetch = -1
	if _, err := s.SaveCheck(ctx, later, again); err != nil {
		t.Fatalf("SaveCheck: %v", err)
	}
	if _, err := s.StartRun(ctx, KindCheck, "https://news.example/failed", "{}"); err != nil {
		t.Fatalf("StartRun: %v", err)
	}

	got, err := s.Reports(ctx, run)
	if err != nil {
		t.Fatalf("Reports(%d): %v", run, err)
	}
	if len(got) != len(urls) {
		t.Fatalf("Reports(%d) = %d reports, want %d", run, len(got), len(urls))
	}
	for i, u := range urls {
		want := fmt.Sprintf(`{"url":%q,"seed":%q,"grade":"B"}`, u, fmt.Sprint(i))
		if string(got[i]) != want {
			t.Errorf("Reports(%d)[%d] = %s, want %s (in the order checked)", run, i, got[i], want)
		}
	}
	if got, err := s.Reports(ctx, empty); err != nil || len(got) != 0 {
		t.Errorf("Reports(empty run) = %d reports, %v; want none, nil", len(got), err)
	}
	if _, err := s.Reports(ctx, 999); !errors.Is(err, ErrNotFound) {
		t.Errorf("Reports(999) error = %v, want ErrNotFound", err)
	}

	latest, err := s.LatestRunWithArticles(ctx)
	if err != nil {
		t.Fatalf("LatestRunWithArticles: %v", err)
	}
	if latest.ID != later {
		t.Errorf("LatestRunWithArticles().ID = %d, want %d (the last run without articles is skipped)", latest.ID, later)
	}

	runID, rep, err := s.LatestArticle(ctx, urls[1])
	if err != nil {
		t.Fatalf("LatestArticle: %v", err)
	}
	if runID != later || string(rep) != fmt.Sprintf(`{"url":%q,"seed":"again","grade":"B"}`, urls[1]) {
		t.Errorf("LatestArticle(%s) = %d, %s; want run %d and the later check", urls[1], runID, rep, later)
	}
	if runID, _, err := s.LatestArticle(ctx, urls[0]+"?amp=0"); err != nil || runID != run {
		t.Errorf("LatestArticle(final URL) = %d, %v; want run %d", runID, err, run)
	}
	if _, _, err := s.LatestArticle(ctx, "https://news.example/never"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestArticle(unknown) error = %v, want ErrNotFound", err)
	}

	for _, tc := range []struct {
		url string
		run int64
		n   int
	}{
		{urls[1], later, 1},          // checked again in a later run: that one
		{urls[2], run, 3},            // the third article of the first run
		{urls[0] + "?amp=0", run, 1}, // by its final URL
	} {
		gotRun, gotN, err := s.LatestArticlePlace(ctx, tc.url)
		if err != nil || gotRun != tc.run || gotN != tc.n {
			t.Errorf("LatestArticlePlace(%s) = run %d, article %d, %v; want run %d, article %d", tc.url, gotRun, gotN, err, tc.run, tc.n)
		}
	}
	if _, _, err := s.LatestArticlePlace(ctx, "https://news.example/never"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestArticlePlace(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestLatestRunWithArticlesEmpty(t *testing.T) {
	s := openTest(t)
	if _, err := s.StartRun(t.Context(), KindCheck, "x", "{}"); err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	if _, err := s.LatestRunWithArticles(t.Context()); !errors.Is(err, ErrNotFound) {
		t.Errorf("LatestRunWithArticles() error = %v, want ErrNotFound", err)
	}
}
