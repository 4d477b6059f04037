// Package render loads pages in headless Chromium, for originals whose text only scripts
// write. The browser's every connection goes through a proxy on loopback that dials with the
// crawler's address guard, and what it received can be kept as WARC evidence. Nothing is
// downloaded: the browser must be installed.
package render
