package store

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/provcheck/provcheck/checker/store/storetest"
)

// testPostgresURL is the server the whole suite runs against in its second pass; it is
// empty in the first pass, which runs against SQLite.
var testPostgresURL string

// TestMain runs the store's tests twice: against SQLite, then against the PostgreSQL
// server of $PROVCHECK_TEST_POSTGRES, so that both backends pass one suite. Without a
// server the second pass is left out (TestPostgresServer says so), unless $CI is set.
func TestMain(m *testing.M) {
	code := m.Run()
	if u := os.Getenv(storetest.Env); code == 0 && u != "" {
		fmt.Println("store: the same tests against PostgreSQL")
		testPostgresURL = u
		code = m.Run()
	}
	os.Exit(code)
}

// postgresURL returns the test server's URL; it skips the test without one, or fails it
// under CI, which must start one (.ci/postgres).
func postgresURL(t testing.TB) string { return storetest.Server(t) }

// openPostgresTest opens a store in a fresh schema of the server at base, dropped at the
// end of the test.
func openPostgresTest(t testing.TB, base string) *Store {
	t.Helper()
	s, err := Open(t.Context(), storetest.Schema(t, base, "test"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// TestPostgresServer says whether the suite's second pass ran, and checks what only the
// PostgreSQL backend does: its version table, concurrent opens, a newer schema refused.
func TestPostgresServer(t *testing.T) {
	base := postgresURL(t)
	s := openPostgresTest(t, base)
	ctx := t.Context()
	migs, err := loadPostgresMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(migs) != len(embeddedMigrations(t)) {
		t.Errorf("%d PostgreSQL migrations, %d SQLite ones: each number needs its twin", len(migs), len(embeddedMigrations(t)))
	}
	version := func() int {
		t.Helper()
		var v int
		if err := s.w.QueryRowContext(ctx, "SELECT version FROM schema_version").Scan(&v); err != nil {
			t.Fatalf("schema version: %v", err)
		}
		return v
	}
	if got := version(); got != len(migs) {
		t.Errorf("schema version = %d, want %d", got, len(migs))
	}

	// Workers start together: each migrates under the lock, the version moves once.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() { errs[i] = migratePostgres(ctx, s.w, migs) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent migrate: %v", err)
	}
	var rows int
	if err := s.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_version").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("schema_version rows = %d, %v; want 1", rows, err)
	}

	extra := append(migs, migration{version: len(migs) + 1, name: "broken.sql",
		sql: "CREATE TABLE half (x BIGINT); SELECT nope FROM missing;"})
	if err := migratePostgres(ctx, s.w, extra); err == nil {
		t.Fatal("migrate with a broken migration: no error")
	}
	if got := version(); got != len(migs) {
		t.Errorf("schema version after a failed migration = %d, want %d", got, len(migs))
	}
	var half int
	if err := s.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'half'").Scan(&half); err != nil || half != 0 {
		t.Errorf("tables named half = %d, %v; want 0 (rolled back)", half, err)
	}

	if _, err := s.w.ExecContext(ctx, "UPDATE schema_version SET version = ?", len(migs)+1); err != nil {
		t.Fatal(err)
	}
	err = migratePostgres(ctx, s.w, migs)
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("migrate a newer database: %v, want ErrSchemaTooNew", err)
	}
}

func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT ? , ?", "SELECT $1 , $2"},
		{"WHERE a = ? AND b = '?' AND c = ?", "WHERE a = $1 AND b = '?' AND c = $2"},
		{"WHERE a = 'it''s ?' AND b = ?", "WHERE a = 'it''s ?' AND b = $1"},
		{`SELECT "odd?name" FROM t WHERE x = ?`, `SELECT "odd?name" FROM t WHERE x = $1`},
		{"SELECT ? -- one?\n, ?", "SELECT $1 -- one?\n, $2"},
		{"SELECT ? -- trailing?", "SELECT $1 -- trailing?"},
		{"SELECT 'open ?", "SELECT 'open ?"},
		{"SELECT 1 - ?", "SELECT 1 - $1"},
		{"SELECT * FROM j WHERE id = $1 AND metadata ? 'k'", "SELECT * FROM j WHERE id = $1 AND metadata ? 'k'"},
	} {
		if got := rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsURL(t *testing.T) {
	for in, want := range map[string]bool{
		"postgres://u@h/db":      true,
		"postgresql://h:5432/db": true,
		"provcheck.db":           false,
		"./postgres://x":         false,
		"":                       false,
	} {
		if got := IsURL(in); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", in, got, want)
		}
	}
}
