// Package page holds what one fetch saw: [Page], its redirect chain of [Hop]s and the
// storable [ErrClass] of a failure. It imports only the standard library, so packages that
// read fetched bytes (extract, rules, report) depend on it and never on the crawler.
package page
