// Package checker runs an article through the pipeline: fetch it, extract what it says,
// fetch every cited original, apply the rules, and hand the result to storage and reports.
// It is the only orchestrator; the stages it calls know nothing of each other.
//
// [Checker] checks one article. [Session] is what a fetching command opens (the database,
// the evidence writer, the fetcher) and records checks and audit runs with. [Auditor]
// checks the pending items of a stored audit run; its context is the one way to stop it,
// and [Auditor.Drain] the gentle stop in front of it. [Stored] reads reports, track
// records, quote lineage and evidence back.
package checker
