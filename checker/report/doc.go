// Package report turns a checked article into what a person reads (a terminal report) and
// what other tools take (JSON, schema provcheck/report/v1). It computes the provenance
// score. It writes to an io.Writer and never imports the checker.
package report
