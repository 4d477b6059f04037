package store

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"testing/fstest"
)

var tables = []string{"runs", "pages", "fetches", "redirects", "articles", "citations", "quotes", "findings"}

// openTest opens a fresh store and closes it at the end of the test: a SQLite file under
// t.TempDir, or a schema of its own on the PostgreSQL server of the suite's second pass
// (TestMain).
func openTest(t testing.TB) *Store {
	t.Helper()
	if testPostgresURL != "" {
		return openPostgresTest(t, testPostgresURL)
	}
	return openSQLiteTest(t)
}

// openSQLiteTest opens a fresh SQLite store under t.TempDir, whatever the pass.
func openSQLiteTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "provcheck.db"))
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

// rowCounts returns the number of rows of every table.
func rowCounts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	counts := make(map[string]int, len(tables))
	for _, tbl := range tables {
		var n int
		if err := s.r.QueryRowContext(t.Context(), "SELECT COUNT(*) FROM "+tbl).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", tbl, err)
		}
		counts[tbl] = n
	}
	return counts
}

func userVersion(t testing.TB, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRowContext(t.Context(), "PRAGMA user_version").Scan(&v); err != nil {
		t.Fatalf("PRAGMA user_version: %v", err)
	}
	return v
}

func embeddedMigrations(t testing.TB) []migration {
	t.Helper()
	migs, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatalf("loadMigrations: %v", err)
	}
	return migs
}

func TestOpenCreatesSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b c?#%", "provcheck.db") // parent made, odd names escaped
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	defer s.Close()

	if got, want := userVersion(t, s.w), len(embeddedMigrations(t)); got != want {
		t.Errorf("user_version = %d, want %d", got, want)
	}
	for _, tbl := range tables {
		var name string
		err := s.r.QueryRowContext(t.Context(),
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name = ?", tbl).Scan(&name)
		if err != nil {
			t.Errorf("table %s: %v", tbl, err)
		}
	}
	for _, pool := range []struct {
		name string
		db   *sql.DB
	}{{"writer", s.w}, {"reader", s.r}} {
		for pragma, want := range map[string]string{
			"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "5000",
		} {
			var got string
			if err := pool.db.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", pool.name, pragma, err)
			}
			if got != want {
				t.Errorf("%s: PRAGMA %s = %q, want %q", pool.name, pragma, got, want)
			}
		}
	}
	if _, err := s.r.ExecContext(t.Context(), "DELETE FROM runs"); err == nil {
		t.Errorf("reader pool accepted a write, want query_only")
	}
}

func TestReopenIsNoop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "provcheck.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	id, err := s.StartRun(t.Context(), KindCheck, "https://example.test/a", "{}")
	if err != nil {
		t.Fatalf("StartRun: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open again: %v", err)
	}
	defer s.Close()
	if got, want := userVersion(t, s.w), len(embeddedMigrations(t)); got != want {
		t.Errorf("user_version after reopen = %d, want %d", got, want)
	}
	if r, err := s.Run(t.Context(), id); err != nil || r.Input != "https://example.test/a" {
		t.Errorf("Run(%d) after reopen = %+v, %v; want the run saved before", id, r, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "provcheck.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	newer := len(embeddedMigrations(t)) + 1
	if _, err := s.w.ExecContext(t.Context(), fmt.Sprintf("PRAGMA user_version = %d", newer)); err != nil {
		t.Fatalf("set user_version: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s, err = Open(t.Context(), path)
	if err == nil {
		s.Close()
		t.Fatalf("Open of a version %d database: no error, want ErrSchemaTooNew", newer)
	}
	if !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("Open of a version %d database: %v, want ErrSchemaTooNew", newer, err)
	}
}

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ten := fstest.MapFS{}
	for i := 1; i <= 10; i++ {
		ten[fmt.Sprintf("migrations/%d_m.sql", i)] = file(fmt.Sprint(i))
	}
	tests := []struct {
		name         string
		fsys         fstest.MapFS
		want         []int // versions in order
		sqlIsVersion bool  // each file holds its own number
		wantErr      bool
	}{
		{name: "none", fsys: fstest.MapFS{}, want: nil},
		{name: "numeric order, not lexical", fsys: ten, want: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, sqlIsVersion: true},
		{name: "gap", fsys: fstest.MapFS{
			"migrations/0001_a.sql": file("a"), "migrations/0003_c.sql": file("c"),
		}, wantErr: true},
		{name: "duplicate", fsys: fstest.MapFS{
			"migrations/0001_a.sql": file("a"), "migrations/0001_b.sql": file("b"),
		}, wantErr: true},
		{name: "no number", fsys: fstest.MapFS{"migrations/init.sql": file("a")}, wantErr: true},
		{name: "zero", fsys: fstest.MapFS{"migrations/0000_a.sql": file("a")}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			migs, err := loadMigrations(tc.fsys)
			if (err != nil) != tc.wantErr {
				t.Fatalf("loadMigrations() error = %v, want error %v", err, tc.wantErr)
			}
			var got []int
			for _, m := range migs {
				got = append(got, m.version)
				if want := fmt.Sprint(m.version); tc.sqlIsVersion && m.sql != want {
					t.Errorf("migration %s has sql %q, want %q", m.name, m.sql, want)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("loadMigrations() versions = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestMigrate applies a later migration once, and leaves the database untouched when
// a migration fails halfway.
func TestMigrate(t *testing.T) {
	s := openSQLiteTest(t)
	ctx := t.Context()
	migs := embeddedMigrations(t)
	base := len(migs)

	migs = append(migs, migration{version: base + 1, name: "extra.sql",
		sql: "CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO extra (x) VALUES (1);"})
	for range 2 { // the second time is a no-op
		if err := migrate(ctx, s.w, migs); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	}
	if got := userVersion(t, s.w); got != base+1 {
		t.Errorf("user_version = %d, want %d", got, base+1)
	}
	var n int
	if err := s.w.QueryRowContext(ctx, "SELECT COUNT(*) FROM extra").Scan(&n); err != nil || n != 1 {
		t.Errorf("rows in extra = %d, %v; want 1, nil (applied exactly once)", n, err)
	}

	migs = append(migs, migration{version: base + 2, name: "broken.sql",
		sql: "CREATE TABLE half (x INTEGER); SELECT nope FROM missing;"})
	if err := migrate(ctx, s.w, migs); err == nil {
		t.Fatalf("migrate with a broken migration: no error")
	}
	if got := userVersion(t, s.w); got != base+1 {
		t.Errorf("user_version after a failed migration = %d, want %d", got, base+1)
	}
	err := s.w.QueryRowContext(ctx, "SELECT name FROM sqlite_schema WHERE name = 'half'").Scan(new(string))
	if !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("table of the failed migration: %v, want it rolled back", err)
	}
}

// TestCheckpoint: after Checkpoint, what was committed is in the database file itself,
// not only in its write-ahead log (read here with the log ignored).
func TestCheckpoint(t *testing.T) {
	path := filepath.Join(t.TempDir(), "provcheck.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runs := func() int {
		db, err := sql.Open("sqlite", dsn(path, "mode=ro&immutable=1"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM runs`).Scan(&n); err != nil {
			return 0 // no table yet: the schema is in the log too
		}
		return n
	}
	if _, err := s.StartRun(t.Context(), "audit", "urls.txt", ""); err != nil {
		t.Fatal(err)
	}
	if n := runs(); n != 0 {
		t.Fatalf("the run is in the database file before a checkpoint (%d): the test proves nothing", n)
	}
	if err := s.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := runs(); n != 1 {
		t.Errorf("after Checkpoint the database file holds %d runs, want 1", n)
	}
}
