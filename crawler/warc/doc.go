// Package warc writes and reads WARC 1.1 files, the web archive format of ISO 28500, in
// which the crawler keeps every request and response it makes as evidence.
//
// Files are written one gzip member per record (".warc.gz"), so that any record can be
// read alone from its file offset, and rotate at a size limit. The reader takes what other
// writers make too: uncompressed files, one gzip member per record, and several records
// (or a whole file) in one gzip member, where a record is addressed by the member's offset
// and its index in the member. It bounds every length it reads and never panics on
// malformed input: a WARC file handed to Replay or to an audit is untrusted.
package warc
