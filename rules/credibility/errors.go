package credibility

import (
	"errors"
	"fmt"
)

// Errors of a ratings file, wrapped in a [*LineError] that says where.
var (
	ErrHeader    = errors.New("credibility: want the header domain,score,label,origin")
	ErrDomain    = errors.New("credibility: bad domain")
	ErrScore     = errors.New("credibility: score must be a number from 0 to 1")
	ErrLabel     = errors.New("credibility: empty label")
	ErrDuplicate = errors.New("credibility: domain listed twice")
)

// LineError is a bad row of a ratings file.
type LineError struct {
	Path string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err) }

// Unwrap returns the reason, one of the Err* sentinels or a CSV syntax error.
func (e *LineError) Unwrap() error { return e.Err }
