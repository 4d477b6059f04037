package store

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestPageBodiesStoredCompressed(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	c := makeCheck("https://news.example/a", "zip", t0, shape{fetches: 2, bodySize: 64 << 10})
	c.Fetch = -1 // fetch 0 as an original's, whose body is kept
	run := startRun(t, s)
	if _, err := s.SaveCheck(ctx, run, c); err != nil {
		t.Fatal(err)
	}
	want := c.Fetches[0].Body
	var stored, encoding int
	var enc string
	if err := s.r.QueryRowContext(ctx, `SELECT length(body), bytes, encoding FROM pages WHERE hash = ?`, HashOf(want)).Scan(&stored, &encoding, &enc); err != nil {
		t.Fatal(err)
	}
	if enc != encodingZstd || encoding != len(want) || stored*4 > len(want) {
		t.Errorf("page row: %d bytes stored for %d (encoding %q); want zstd, at most a quarter of the body", stored, encoding, enc)
	}
	got, err := s.PageBody(ctx, HashOf(want))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("PageBody = %d bytes, %v; want the body as fetched (%d bytes)", len(got), err, len(want))
	}
	f, ok, err := s.RunFetch(ctx, run, c.Fetches[1].RequestURL)
	if err != nil || !ok || !bytes.Equal(f.Body, c.Fetches[1].Body) {
		t.Errorf("RunFetch = %d bytes, %v, %v; want the body as fetched (%d bytes)", len(f.Body), ok, err, len(c.Fetches[1].Body))
	}
}

func TestPageBodyOfOlderRows(t *testing.T) {
	// Rows written before bodies were compressed have encoding '' and read as they are.
	ctx := context.Background()
	s := openTest(t)
	raw := body("old", 4<<10)
	if _, err := s.w.ExecContext(ctx, `INSERT INTO pages (hash, bytes, body) VALUES (?, ?, ?)`, HashOf(raw), len(raw), raw); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PageBody(ctx, HashOf(raw)); err != nil || !bytes.Equal(got, raw) {
		t.Errorf("PageBody(uncompressed row) = %d bytes, %v; want it as stored", len(got), err)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE pages SET body = ?, encoding = 'zstd' WHERE hash = ?`, []byte{0x00, 0x11, 0x22, 0x33}, HashOf(raw)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PageBody(ctx, HashOf(raw)); err == nil {
		t.Error("PageBody(damaged zstd row) = nil error, want an error")
	}
	if _, err := s.PageBody(ctx, HashOf([]byte("never stored"))); !errors.Is(err, ErrNotFound) {
		t.Errorf("PageBody(unknown hash) err = %v, want ErrNotFound", err)
	}
}

func TestReportsStoredCompressed(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	run := startRun(t, s)
	c := makeCheck("https://news.example/r", "zip", t0, shape{fetches: 1})
	c.Report = bytes.Repeat([]byte(`{"rule":"quote.verified","severity":"info","message":"found"},`), 200)
	if _, err := s.SaveCheck(ctx, run, c); err != nil {
		t.Fatal(err)
	}
	var plain string
	var packed []byte
	if err := s.r.QueryRowContext(ctx, `SELECT report, report_zstd FROM articles WHERE url = ?`, c.URL).Scan(&plain, &packed); err != nil {
		t.Fatal(err)
	}
	if plain != "" || len(packed) == 0 || len(packed)*4 > len(c.Report) {
		t.Errorf("article row: report %d bytes, report_zstd %d bytes for a %d-byte report; want '' and at most a quarter", len(plain), len(packed), len(c.Report))
	}
	_, got, err := s.LatestArticle(ctx, c.URL)
	if err != nil || !bytes.Equal(got, c.Report) {
		t.Errorf("LatestArticle = %d bytes, %v; want the report as saved (%d bytes)", len(got), err, len(c.Report))
	}
	all, err := s.Reports(ctx, run)
	if err != nil || len(all) != 1 || !bytes.Equal(all[0], c.Report) {
		t.Errorf("Reports = %d reports, %v; want the one saved", len(all), err)
	}
}

func TestReportsOfOlderRows(t *testing.T) {
	// Rows written before reports were compressed hold the JSON in report, report_zstd NULL.
	ctx := context.Background()
	s := openTest(t)
	run := startRun(t, s)
	c := makeCheck("https://news.example/old", "zip", t0, shape{fetches: 1})
	if _, err := s.SaveCheck(ctx, run, c); err != nil {
		t.Fatal(err)
	}
	old := []byte(`{"schema":"old"}`)
	if _, err := s.w.ExecContext(ctx, `UPDATE articles SET report = ?, report_zstd = NULL WHERE url = ?`, string(old), c.URL); err != nil {
		t.Fatal(err)
	}
	if _, got, err := s.LatestArticle(ctx, c.URL); err != nil || !bytes.Equal(got, old) {
		t.Errorf("LatestArticle(uncompressed row) = %q, %v; want %q", got, err, old)
	}
	if _, err := s.w.ExecContext(ctx, `UPDATE articles SET report_zstd = ? WHERE url = ?`, []byte{0x00, 0x11, 0x22}, c.URL); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Reports(ctx, run); err == nil {
		t.Error("Reports(damaged report_zstd) = nil error, want an error")
	}
}
