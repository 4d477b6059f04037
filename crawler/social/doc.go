// Package social reads posts of social platforms (X/Twitter, Bluesky, Mastodon, Telegram)
// through their public, key-less endpoints, because the pages of those platforms give a plain
// HTTP client a JavaScript shell with no post text. Each platform has a small adapter that
// recognises its post URLs, names the endpoint to ask and parses the endpoint's answer into a
// [Post]; a [Reader] holds the adapters and turns a post into a page the extractor reads like
// any other. The package never opens a connection itself: every request goes through the
// fetch function its caller (the crawler) hands in, so the address guard, robots.txt, limits
// and evidence capture apply to every endpoint.
package social
