package checker

import "errors"

// ErrInput marks a problem with what the user asked to check (a URL that is not http(s),
// a missing file, a page that is not an article, an article that cannot be fetched). The
// CLI maps it to exit code 2. Test for it with errors.Is.
var ErrInput = errors.New("bad input")

// inputError wraps err so that errors.Is(e, ErrInput) holds, without adding words to the
// message the user reads.
type inputError struct{ err error }

func (e inputError) Error() string        { return e.err.Error() }
func (e inputError) Unwrap() []error      { return []error{ErrInput, e.err} }
func (e inputError) Is(target error) bool { return target == ErrInput }

// InputError marks err as a problem with the user's input.
func InputError(err error) error {
	if err == nil {
		return nil
	}
	return inputError{err}
}
