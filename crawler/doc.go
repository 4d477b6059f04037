// Package crawler fetches article pages and the originals they cite, politely and safely,
// and records what happened to every request: the redirect chain, the final URL, the status,
// the bytes, the time taken and any error.
//
// It is the only package that imports colly. Every [Crawler.Fetch] builds a fresh collector
// bound to the caller's context; state that must outlive one request (the robots.txt cache,
// the per-host limits, the HTTP transport and its guarded dialer) lives in the [Crawler].
package crawler
