// Command provcheck checks that an article's quotes and citations say what the article says
// they do: it follows every citation to the original, compares each quote and claim with
// what the original says, records every mismatch in SQLite and reports the article's
// provenance.
//
// # Usage
//
//	provcheck check URL|FILE|-            check one article (text or --format json)
//	provcheck demo                        check the bundled example, offline
//	provcheck extract URL|FILE|-          print what provcheck reads in a page, as JSON
//	provcheck rules list | explain ID     the rules and what they check
//	provcheck audit [--urls F] [--sitemap U] [--feed U] [FOLDER|WARC ...] [--resume]
//	provcheck audit --status [--run N]    how far an audit has come, on every machine
//	provcheck worker --db postgres://…    check the articles audits enqueued, until stopped
//	provcheck quote "TEXT"                which audited articles carry a quote
//	provcheck report URL | --run N        a stored check or run again, in any format
//	provcheck export --format csv|jsonl|claimreview|prov|dot|md|html
//	provcheck evidence URL                what was captured for a URL
//	provcheck sources                     track record of sites and bylines
//	provcheck bench --articles N          audit a generated web and measure it
//
// Flags may come before or after the arguments; `provcheck COMMAND --help` lists them.
//
// # Exit codes
//
//	0  done
//	1  a finding at or above --fail-on (never without it)
//	2  a usage or input error, with a one-line message on standard error
//
// Reports go to standard output, logs and progress to standard error. The first Ctrl-C
// stops a check at once and lets an audit finish the articles in flight; the second stops
// an audit at once.
package main
