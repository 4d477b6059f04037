package checker

import "errors"

// ErrInput marks a problem with what the user asked to check (a URL that is not http(s),
// a missing file, a page that is not an article). The CLI maps it to exit code 2.
var ErrInput = errors.New("bad input")
