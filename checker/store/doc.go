// Package store keeps runs, fetches, checked articles and their findings in SQLite, or in
// PostgreSQL when opened with a postgres:// URL.
//
// It is the only package of provcheck that imports database/sql. It imports no other
// provcheck package either: it takes and returns the plain records defined here
// ([Run], [Check], [Fetch], ...) and the orchestrator converts to and from them, which
// keeps the store portable.
//
// The database is opened with the pure-Go driver modernc.org/sqlite in WAL mode with
// foreign keys on. All writes go through one connection, so concurrent writers queue
// in database/sql instead of failing with SQLITE_BUSY; reads use a separate pool and,
// thanks to WAL, never wait for the writer. The schema is created and upgraded by
// numbered migrations embedded in the binary (migrations/0001_init.sql, ...), and
// tracked with PRAGMA user_version.
//
// The PostgreSQL backend (postgres.go) runs the same SQL through pgx's database/sql
// driver: its connections rewrite the ? placeholders to $1, $2, ... and store a bool as
// 0 or 1, as the SQLite schema does. Its migrations (postgres/migrations/NNNN_name.sql)
// are twins of the SQLite ones, number for number, applied under an advisory lock and
// tracked in the table schema_version. The tests run twice, once per backend.
//
// A fetched body is stored once per sha256 content hash ([HashOf]), however many
// fetches returned it; the checker hands in an HTML page as its reading copy
// (crawler/readcopy), which parses as the page does. [Store.SaveCheck] writes a whole check in one transaction, so a
// run killed at any point leaves either the whole check or nothing of it.
//
// An article's report is stored compressed as the head of its record (record.go), which
// also holds the texts of its findings and citations that the report carries: stored
// once, with the report, they cost a few bytes each, and their rows keep what the store
// queries.
//
// Times are stored as RFC 3339 UTC text with fixed-width nanoseconds, which sorts
// correctly as text.
package store
