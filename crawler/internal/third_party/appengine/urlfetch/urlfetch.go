// Package urlfetch is the part of google.golang.org/appengine/urlfetch that colly links:
// Client, for colly's Collector.Appengine. See the README one directory up.
package urlfetch

import (
	"context"
	"net/http"
)

// Client returns an HTTP client for requests made on behalf of ctx: a plain net/http
// client with the default transport, which is what App Engine's second-generation runtimes
// make outbound requests with. The caller (colly) sets its jar, redirect policy and
// timeout.
func Client(ctx context.Context) *http.Client {
	return &http.Client{Transport: http.DefaultTransport}
}
