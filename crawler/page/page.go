package page

import (
	"net/http"
	"time"
)

// Hop is one step of a redirect chain: the URL that was requested and the status it
// answered with.
type Hop struct {
	URL    string `json:"url"`
	Status int    `json:"status"`
}

// ErrClass names the kind of failure of a fetch in a form that survives storage and JSON
// (an error value does not). Rules read it to tell a dead link from a blocked one.
type ErrClass string

// The failure classes a [Page] can carry. An empty class means the page was fetched.
const (
	ErrClassNone        ErrClass = ""
	ErrClassStatus      ErrClass = "status"      // the server answered 4xx or 5xx
	ErrClassTimeout     ErrClass = "timeout"     // no complete answer within the timeout
	ErrClassDNS         ErrClass = "dns"         // the host name does not resolve
	ErrClassConnection  ErrClass = "connection"  // refused, reset, unreachable
	ErrClassTLS         ErrClass = "tls"         // certificate or handshake failure
	ErrClassRedirects   ErrClass = "redirects"   // loop or more hops than the cap
	ErrClassRobots      ErrClass = "robots"      // robots.txt disallows our user agent
	ErrClassPrivate     ErrClass = "private"     // refused: the address is loopback/private/metadata
	ErrClassUnsupported ErrClass = "unsupported" // not an http(s) URL, or not a valid URL
	ErrClassCanceled    ErrClass = "canceled"    // the caller cancelled the fetch: says nothing about the link
	ErrClassGone        ErrClass = "gone"        // a 2xx answer that says the thing is gone (a deleted post)
	// ErrClassUnreachable: we could not check. No route to the host, the resolver did not
	// answer, or the network seemed down for most hosts of a batch (the crawler's FetchAll).
	ErrClassUnreachable ErrClass = "unreachable"
	ErrClassOther       ErrClass = "other" // anything else; see Page.Err
)

// Page is what one fetch saw. It is filled in as far as the fetch got, so a failed fetch
// still carries its redirect chain and error for the report.
type Page struct {
	// RequestURL is the URL we were asked to fetch.
	RequestURL string `json:"request_url"`
	// FinalURL is the URL the last response came from (after redirects). When the fetch
	// stopped on the way (a refused or failed redirect, a refused address), it is the URL
	// the fetch stopped at, and Status is 0 if that URL gave no response.
	FinalURL string `json:"final_url"`
	// Redirects lists every hop that answered with a redirect, in order; the final
	// response is not a hop. A redirect that was refused (loop, cap, robots.txt, scheme)
	// still appears: its target is then FinalURL.
	Redirects []Hop `json:"redirects,omitempty"`
	// Status is the final HTTP status, 0 when no response was received.
	Status      int         `json:"status"`
	ContentType string      `json:"content_type,omitempty"`
	Header      http.Header `json:"-"`
	// Body is the response body, decompressed, at most Config.MaxBodyBytes long.
	Body []byte `json:"-"`
	// Truncated is true when the body was longer than the cap and was cut.
	Truncated bool          `json:"truncated,omitempty"`
	FetchedAt time.Time     `json:"fetched_at"`
	Duration  time.Duration `json:"duration_ns"`
	// Err is the error text when the fetch failed, ErrClass its kind.
	Err      string   `json:"error,omitempty"`
	ErrClass ErrClass `json:"error_class,omitempty"`
	// Local is true for a page read from disk or standard input rather than fetched.
	Local bool `json:"local,omitempty"`
	// Retries is how many times a 429 or 503 answer was retried.
	Retries int `json:"retries,omitempty"`
	// Cached is true for a page served from an earlier capture (the cache or a replay)
	// rather than fetched now; Revalidated when a conditional request confirmed it (304).
	Cached      bool `json:"-"`
	Revalidated bool `json:"-"`
	// Via is the endpoint the body was read from when it is not FinalURL's own answer:
	// a social post read through its platform's public API (the body is then the post
	// rendered as a small page).
	Via string `json:"via,omitempty"`
}

// OK reports whether the page was fetched with a 2xx status.
func (p *Page) OK() bool {
	return p != nil && p.ErrClass == ErrClassNone && p.Status >= 200 && p.Status < 300
}
