package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/checker/store/storetest"
)

// postgresDB returns the URL of a fresh schema on the server of $PROVCHECK_TEST_POSTGRES,
// dropped at the end of the test; without a server it skips, or fails under CI.
func postgresDB(t *testing.T) string {
	t.Helper()
	return storetest.Schema(t, storetest.Server(t), "cmd")
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
