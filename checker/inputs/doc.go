// Package inputs turns what a user gives a batch audit into the list of articles to
// check: a file of URLs, a folder of saved pages, the HTML responses of a WARC file, a
// sitemap (or sitemap index), an RSS or Atom feed. Each reader reports the entries it
// cannot use with their reason instead of stopping.
package inputs
