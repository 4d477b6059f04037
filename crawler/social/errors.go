package social

import "errors"

var (
	// ErrGone means the platform answered, in a 2xx body, that the post does not exist
	// (deleted, or never there): the link is dead, not unreadable.
	ErrGone = errors.New("social: the platform says the post does not exist")
	// ErrShape means the endpoint's answer does not have the shape the platform documents.
	ErrShape = errors.New("social: unexpected endpoint answer")
)
