// Package demo serves the bundled demonstration web on loopback: an article built from the
// seed case (Lavrov's "fair" / "just" world order) and the originals it cites, under
// made-up host names of the reserved .example domain. The pages are compiled into the
// binary so `provcheck demo` works offline from any install.
package demo
