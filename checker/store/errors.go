package store

import "errors"

var (
	// ErrNotFound is returned when the run, report or page asked for does not exist.
	ErrNotFound = errors.New("store: not found")

	// ErrSchemaTooNew is returned by [Open] when the database was written by a newer
	// provcheck whose schema this binary does not know.
	ErrSchemaTooNew = errors.New("store: database schema is newer than this binary")

	// ErrInvalid is returned when a record cannot be stored as given, e.g. an unknown
	// run kind or a fetch index out of range.
	ErrInvalid = errors.New("store: invalid record")
)
