package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is a provcheck database. Its methods are safe for concurrent use.
type Store struct {
	w      *sql.DB // the one writer connection
	r      *sql.DB // readers; with WAL they never wait for the writer
	bodies *bodyCodec
	stmts  statements // the hot statements, prepared on w and r when the store opens
	pages  storedPages
	// postgres says w and r are one pool on a PostgreSQL server.
	postgres bool
}

// pragmas are applied by the driver to every new connection. busy_timeout matters
// even with one writer: readers, another process or a WAL checkpoint can hold a lock.
// temp_store keeps statement journals in memory: a multi-row INSERT within an article's
// transaction journals the pages it changes, so that it alone can be undone, and in a
// temporary file that was a write system call per page.
const pragmas = "_pragma=busy_timeout(5000)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=temp_store(MEMORY)"

// walCheckpointPages is how many pages the write-ahead log grows to before the writer
// copies them into the database (SQLite's default is 1,000). An audit rewrites the same
// pages (the ends of its tables and indexes) in commit after commit; a longer log copies
// each of them once per checkpoint rather than once per thousand pages written, at the
// cost of a log of up to 40 MB while the database is open (SQLite removes it at close).
const walCheckpointPages = 10000

// Open opens the database at path (a SQLite file), creating it and its parent directory
// if needed, or on the PostgreSQL server of a postgres:// URL ([IsURL]), and brings its
// schema up to date. A database whose schema is newer than this binary
// knows is refused with [ErrSchemaTooNew].
func Open(ctx context.Context, path string) (*Store, error) {
	if IsURL(path) {
		return openPostgres(ctx, path)
	}
	if path == "" {
		return nil, errors.New("store: open: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	migs, err := loadMigrations(migrationFiles)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}

	// The writer takes the write lock at BEGIN (_txlock=immediate), so a transaction
	// never has to upgrade a read lock, which is where SQLITE_BUSY comes from.
	w, err := sql.Open("sqlite", dsn(abs, pragmas+"&_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint("+strconv.Itoa(walCheckpointPages)+")&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w, migs); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}

	// Opened after the migrations, so readers only ever see a current schema.
	// journal_mode is persistent in the file and needs no setting here.
	r, err := sql.Open("sqlite", dsn(abs, pragmas+"&_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	stmts := statements{}
	if err := errors.Join(prepare(ctx, stmts, w, writeQueries), prepare(ctx, stmts, r, readQueries)); err != nil {
		stmts.close()
		r.Close()
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	codec, err := newBodyCodec()
	if err != nil {
		stmts.close()
		r.Close()
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return &Store{w: w, r: r, bodies: codec, stmts: stmts}, nil
}

// dsn makes a SQLite URI of an absolute file path, escaping what a URI would
// otherwise take for a query or fragment ('?', '#', '%').
func dsn(abs, query string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") { // a Windows drive letter
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: query}
	return u.String()
}

// Checkpoint copies the pages of SQLite's write-ahead log into the database without
// waiting for readers, so that Close, which does it too, has little left to copy; an audit
// does it while it reads its summary. It does nothing on PostgreSQL.
func (s *Store) Checkpoint(ctx context.Context) error {
	if s.postgres {
		return nil
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
		return fmt.Errorf("store: checkpoint: %w", err)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.bodies.close()
	serr := s.stmts.close()
	if s.r == s.w {
		return errors.Join(serr, s.w.Close())
	}
	return errors.Join(serr, s.r.Close(), s.w.Close())
}

// migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads migrations/NNNN_name.sql from fsys, ordered by number. The
// numbers must run 1, 2, 3, ... without gaps or duplicates.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var migs []migration
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name is not NNNN_name.sql", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", name, err)
		}
		migs = append(migs, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	for i, m := range migs {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: version %d, want %d", m.name, m.version, i+1)
		}
	}
	return migs, nil
}

// migrate applies the migrations the database has not seen yet, each in its own
// transaction together with the new user_version, so that a failed migration leaves
// the database as it was before it.
func migrate(ctx context.Context, db *sql.DB, migs []migration) error {
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(migs) {
		return fmt.Errorf("%w: database has version %d, this binary knows up to %d",
			ErrSchemaTooNew, current, len(migs))
	}
	for _, m := range migs[current:] {
		if err := applyMigration(ctx, db, m); err != nil {
			return err
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer tx.Rollback()

	// Read the version again under the write lock: another process may have
	// migrated the file since we looked.
	var current int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if current >= m.version {
		return nil
	}
	if current != m.version-1 {
		return fmt.Errorf("migration %s: database has version %d", m.name, current)
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	// PRAGMA takes no parameters; the version is an integer we made.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(m.version)); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	return nil
}

// timeLayout is RFC 3339 in UTC with fixed-width nanoseconds: unlike
// time.RFC3339Nano, which drops trailing zeros, it sorts correctly as text.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// flag is how a bool is stored: 0 or 1 (SQLite has no boolean type).
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

func parseNullTime(s sql.NullString) (time.Time, error) {
	if !s.Valid {
		return time.Time{}, nil
	}
	return parseTime(s.String)
}
