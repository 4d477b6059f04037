package warc

import "errors"

var (
	// ErrMalformed means the input is not a WARC record as this reader understands it.
	ErrMalformed = errors.New("warc: malformed record")
	// ErrTooLarge means a header or block is longer than the reader accepts.
	ErrTooLarge = errors.New("warc: record too large")
	// ErrClosed means the writer was closed.
	ErrClosed = errors.New("warc: writer closed")
)
