package crawler

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/provcheck/provcheck/crawler/page"
)

// Errors a fetch can wrap. Test for them with errors.Is; [page.Page.ErrClass] carries the same
// information in a form that survives storage.
var (
	// ErrDisallowed means robots.txt of the host disallows our user agent for the URL
	// (the first URL or a redirect target).
	ErrDisallowed = errors.New("crawler: blocked by robots.txt")
	// ErrPrivateAddress means the host resolved to a loopback, private, link-local,
	// metadata or otherwise non-public address and Config.AllowPrivate is false.
	ErrPrivateAddress = errors.New("crawler: refused non-public address")
	// ErrTooManyRedirects means the redirect chain is longer than Config.MaxRedirects.
	ErrTooManyRedirects = errors.New("crawler: too many redirects")
	// ErrRedirectLoop means a redirect points to a URL already in the chain.
	ErrRedirectLoop = errors.New("crawler: redirect loop")
	// ErrUnsupportedScheme means the URL (or a redirect target) is not http or https.
	ErrUnsupportedScheme = errors.New("crawler: unsupported URL scheme")
	// ErrInvalidURL means the URL cannot be parsed, has no host, or its host is a
	// malformed numeric address.
	ErrInvalidURL = errors.New("crawler: invalid URL")
	// ErrTimeout means no complete answer arrived within Config.Timeout or the caller's
	// deadline. It wraps the underlying error.
	ErrTimeout = errors.New("crawler: timeout")
	// ErrNotCaptured means a [Replay] has no capture of the URL asked for.
	ErrNotCaptured = errors.New("crawler: not in the captured evidence")
	// ErrNotArchived means the web archive has no copy of the URL.
	ErrNotArchived = errors.New("crawler: no archived copy")
	// ErrHostGate means Config.HostGate failed to give a request its turn: nothing was
	// asked of the host, so the link could not be checked.
	ErrHostGate = errors.New("crawler: host gate")
)

// StatusError reports a final response that is not 2xx (in practice 4xx or 5xx).
type StatusError struct {
	URL  string
	Code int
}

func (e *StatusError) Error() string { return fmt.Sprintf("GET %s: status %d", e.URL, e.Code) }

// wrapTimeout marks timeouts of any origin (client timeout, caller deadline, dial or DNS
// timeout) with ErrTimeout, keeping the underlying error in the chain.
func wrapTimeout(err error) error {
	if err == nil || errors.Is(err, ErrTimeout) {
		return err
	}
	var te interface{ Timeout() bool }
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &te) && te.Timeout()) {
		return fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	return err
}

// classify maps an error of a fetch to the class stored with the page. Order matters:
// our own sentinels first (a refused redirect is wrapped in a *url.Error), then the
// standard library's error types.
func classify(err error) page.ErrClass {
	var (
		statusErr *StatusError
		dnsErr    *net.DNSError
		opErr     *net.OpError
	)
	switch {
	case err == nil:
		return page.ErrClassNone
	case errors.Is(err, ErrPrivateAddress):
		return page.ErrClassPrivate
	case errors.Is(err, ErrDisallowed):
		return page.ErrClassRobots
	case errors.Is(err, ErrRedirectLoop), errors.Is(err, ErrTooManyRedirects):
		return page.ErrClassRedirects
	case errors.Is(err, ErrUnsupportedScheme), errors.Is(err, ErrInvalidURL):
		return page.ErrClassUnsupported
	case errors.As(err, &statusErr):
		return page.ErrClassStatus
	case errors.Is(err, context.Canceled):
		return page.ErrClassCanceled
	case errors.Is(err, ErrTimeout), errors.Is(err, context.DeadlineExceeded):
		return page.ErrClassTimeout
	case errors.Is(err, ErrHostGate):
		return page.ErrClassUnreachable
	case errors.As(err, &dnsErr):
		switch {
		case dnsErr.IsTimeout:
			return page.ErrClassTimeout
		case dnsErr.IsNotFound:
			// NXDOMAIN (or no address) from a resolver that answered: the name is gone.
			return page.ErrClassDNS
		}
		// The resolver did not answer (refused, unreachable, SERVFAIL): we could not check.
		return page.ErrClassUnreachable
	case isTLSError(err):
		return page.ErrClassTLS
	case errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, syscall.ENETDOWN):
		// No route: nothing was asked, so nothing was answered.
		return page.ErrClassUnreachable
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF), errors.As(err, &opErr):
		return page.ErrClassConnection
	}
	return page.ErrClassOther
}

func isTLSError(err error) bool {
	var (
		verifyErr    *tls.CertificateVerificationError
		recordErr    tls.RecordHeaderError
		alertErr     tls.AlertError
		unknownAuth  x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		systemRoots  x509.SystemRootsError
		constraintEr x509.ConstraintViolationError
	)
	return errors.As(err, &verifyErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		errors.As(err, &unknownAuth) || errors.As(err, &hostnameErr) || errors.As(err, &invalidCert) ||
		errors.As(err, &systemRoots) || errors.As(err, &constraintEr)
}
