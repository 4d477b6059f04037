// Package rules compares what an article says with what its cited originals say and turns
// every disagreement (and every confirmation) into a [Finding]. It holds the [Rule]
// interface, the registry of built-in rules, their configuration and the [Engine] that
// runs them. It does no network and no storage: it works on values made by crawler and
// extract.
package rules
