// Package checker runs an article through the pipeline: fetch it, extract what it says,
// fetch every cited original, apply the rules, and hand the result to storage and reports.
// It is the only orchestrator; the stages it calls know nothing of each other.
package checker
