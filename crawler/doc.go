// Package crawler fetches article pages and the originals they cite, politely and safely,
// and records what happened to every request: the redirect chain, the final URL, the status,
// the bytes, the time taken and any error.
//
// It is the only package that imports colly. Every [Crawler.Fetch] builds a fresh collector
// bound to the caller's context; state that must outlive one request (the robots.txt cache,
// the per-host limits, the HTTP transport and its guarded dialer) lives in the [Crawler].
// Config.HostGate extends the per-host limits beyond one Crawler: every request it sends
// waits for the gate's turn too.
//
// With Config.Posts (crawler/social), a fetch that lands on a social post is answered with
// the post read through its platform's public endpoint, fetched by this same crawler.
// [Crawler.FetchAll] tells "we could not check" from "gone": when most hosts of a batch
// fail at the network level the failures are [page.ErrClassUnreachable], and otherwise a
// transient failure (timeout, reset, 5xx) is fetched once more after the batch.
package crawler
