// Package benchweb generates a deterministic web of articles and the originals they cite,
// with known faults (altered and negated quotes, dead links, redirects, placeholders) and
// the verdicts a correct audit must reach. It serves it on loopback for benchmarks and
// end-to-end tests of batch audits; pages are made on request, so the web costs no memory.
package benchweb
