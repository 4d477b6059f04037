package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAuditWARCWrittenThreeWays audits WARC files that warcio.js wrote one gzip member
// per record, as one gzip stream, and uncompressed (one of them named as a crawl in
// progress names it): every HTML response of each is an audit item, checked.
func TestAuditWARCWrittenThreeWays(t *testing.T) {
	requireBinary(t)
	src := filepath.Join("..", "..", "checker", "inputs", "testdata", "warcio")
	b, err := os.ReadFile(filepath.Join(src, "pages.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pages []struct{ URL string }
	if err := json.Unmarshal(b, &pages); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"per-record.warc.gz": "per-record.warc.gz",
		"one-stream.warc.gz": "crawl-00001.warc.gz.open",
		"plain.warc":         "plain.warc",
	}
	for from, to := range files {
		b, err := os.ReadFile(filepath.Join(src, from))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, to), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "p.db")
	r := runBinary(t, nil, "audit", "--db", db, "--no-archive", "--quiet", dir)
	if r.code != exitOK {
		t.Fatalf("audit: %s", r)
	}
	conn := openDB(t, db)
	rows, err := conn.Query(`SELECT input, state FROM audit_items ORDER BY position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	done := map[string]int{}
	var all []string
	for rows.Next() {
		var input, state string
		if err := rows.Scan(&input, &state); err != nil {
			t.Fatal(err)
		}
		all = append(all, input+" "+state)
		if state == "done" {
			done[filepath.Base(input[:strings.LastIndexByte(input, '@')])]++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if done[name] != len(pages) {
			t.Errorf("%s: %d items done, want %d (one per HTML response):\n%s", name, done[name], len(pages), strings.Join(all, "\n"))
		}
	}
	var urls int
	if err := conn.QueryRow(`SELECT count(DISTINCT url) FROM articles`).Scan(&urls); err != nil {
		t.Fatal(err)
	}
	if urls != len(pages) {
		t.Errorf("%d distinct article URLs stored, want %d", urls, len(pages))
	}
}
