package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// postgresDB returns the URL of a fresh schema on the server of $PROVCHECK_TEST_POSTGRES,
// dropped at the end of the test; without a server it skips, or fails under CI.
func postgresDB(t *testing.T) string {
	t.Helper()
	base := os.Getenv("PROVCHECK_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("PROVCHECK_TEST_POSTGRES is unset: CI must start PostgreSQL (.ci/postgres start DIR)")
		}
		t.Skip("PROVCHECK_TEST_POSTGRES is unset: no PostgreSQL server to test --db postgres://")
	}
	ctx := context.Background()
	schema := fmt.Sprintf("cmd_%d_%s", os.Getpid(), strings.ToLower(strings.ReplaceAll(t.Name(), "/", "_")))
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("connect: %v", err)
			return
		}
		defer admin.Close(ctx)
		if _, err := admin.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// TestPostgresMatchesSQLite runs the demo into a PostgreSQL database and into a SQLite
// file, and reads both back: the reports and the track records are the same.
func TestPostgresMatchesSQLite(t *testing.T) {
	pg := postgresDB(t)
	dir := t.TempDir()
	sqlite := filepath.Join(dir, "provcheck.db")
	runOK := func(args ...string) []byte {
		t.Helper()
		var stdout, stderr bytes.Buffer
		args = append([]string{"provcheck"}, args...)
		if code := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
			t.Fatalf("run(%q) = %d, want %d\nstderr: %s", args, code, exitOK, stderr.Bytes())
		}
		return normalise(stdout.Bytes())
	}
	for _, cmd := range [][]string{
		{"demo", "--format", "json"},
		{"sources"},
		{"sources", "--by", "author"},
		{"report", "--run", "1", "--format", "json"},
	} {
		with := func(db, warcDir string) []string {
			args := append([]string{}, cmd...)
			if cmd[0] == "demo" {
				args = append(args, "--warc-dir", filepath.Join(dir, warcDir))
			}
			return append(args, "--db", db)
		}
		want, got := runOK(with(sqlite, "warc-sqlite")...), runOK(with(pg, "warc-postgres")...)
		if len(want) == 0 {
			t.Fatalf("%s: no output", strings.Join(cmd, " "))
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: PostgreSQL and SQLite differ:\n%s", strings.Join(cmd, " "), lineDiff(want, got))
		}
	}
}
