package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed postgres/migrations/*.sql
var postgresMigrationFiles embed.FS

// IsURL reports whether dsn names a PostgreSQL server (postgres:// or postgresql://)
// rather than a SQLite file.
func IsURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// postgresConns is the size of the pool of one process. Every query of the store is
// short; the pool bounds what one worker asks of the server.
const postgresConns = 16

// openPostgres opens the database at a postgres:// URL and brings its schema up to date.
// The store's SQL is written once, with ? placeholders: the connections of this pool
// rewrite them to PostgreSQL's $1, $2, ...; SQL written for PostgreSQL, with $1, $2, ...
// (a job queue's in the same database), passes through unchanged.
func openPostgres(ctx context.Context, url string) (*Store, error) {
	wrap := func(err error) error { return fmt.Errorf("store: open %s: %w", redact(url), err) }
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, wrap(err)
	}
	migs, err := loadPostgresMigrations()
	if err != nil {
		return nil, wrap(err)
	}
	db := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(postgresConns)
	db.SetMaxIdleConns(postgresConns)
	if err := migratePostgres(ctx, db, migs); err != nil {
		db.Close()
		return nil, wrap(err)
	}
	stmts := statements{}
	if err := prepare(ctx, stmts, db, append(writeQueries[:len(writeQueries):len(writeQueries)], readQueries...)); err != nil {
		stmts.close()
		db.Close()
		return nil, wrap(err)
	}
	codec, err := newBodyCodec()
	if err != nil {
		stmts.close()
		db.Close()
		return nil, wrap(err)
	}
	// One pool serves both roles: PostgreSQL has no single-writer lock to queue for.
	return &Store{w: db, r: db, bodies: codec, stmts: stmts, postgres: true}, nil
}

// loadPostgresMigrations reads the PostgreSQL twins of the SQLite migrations.
func loadPostgresMigrations() ([]migration, error) {
	sub, err := fs.Sub(postgresMigrationFiles, "postgres")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return loadMigrations(sub)
}

// redact drops the password of a URL for messages.
func redact(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "postgres://…"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}

// migrationLock is the key of the advisory lock under which processes migrate, so that
// workers started together apply each migration once.
const migrationLock = 0x70726f76 // "prov"

// migratePostgres applies the migrations the database has not seen yet, in one
// transaction (PostgreSQL's DDL is transactional) under an advisory lock. The version is
// kept in the table schema_version.
func migratePostgres(ctx context.Context, db *sql.DB, migs []migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(?)", migrationLock); err != nil {
		return fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)"); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	var current int
	err = tx.QueryRowContext(ctx, "SELECT version FROM schema_version").Scan(&current)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := tx.ExecContext(ctx, "INSERT INTO schema_version (version) VALUES (0)"); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(migs) {
		return fmt.Errorf("%w: database has version %d, this binary knows up to %d",
			ErrSchemaTooNew, current, len(migs))
	}
	for _, m := range migs[current:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE schema_version SET version = ?", m.version); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// nativePlaceholder finds a PostgreSQL placeholder ($1), the mark of SQL written for
// PostgreSQL, where a ? is an operator (jsonb ? key).
var nativePlaceholder = regexp.MustCompile(`\$[0-9]`)

// rebind rewrites the ? placeholders of query to $1, $2, ..., leaving alone a ? inside
// a string literal, a quoted identifier or a comment, and a query that already has
// PostgreSQL placeholders.
func rebind(query string) string {
	if !strings.Contains(query, "?") || nativePlaceholder.MatchString(query) {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) {
				if query[j] == c {
					if j+1 < len(query) && query[j+1] == c { // doubled quote
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(query))
			b.WriteString(query[i:end])
			i = end - 1
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// rebindConnector makes the connections of a pool that speak the store's SQL.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(*stdlib.Conn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("pgx connector made a %T", conn)
	}
	return rebindConn{pc}, nil
}

// rebindConn is a pgx connection that rewrites placeholders.
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}
