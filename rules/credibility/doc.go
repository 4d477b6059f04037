// Package credibility rates the sites an article cites (and the article's own site) and
// sorts citations into classes: social posts, wire agencies, official bodies, press
// releases, news and the rest. It does no network: it reads URLs and tables.
//
// # Ratings
//
// [Builtin] parses Wikipedia's perennial sources list, embedded from
// data/perennial-sources.csv (Wikipedia contributors, CC BY-SA 3.0; see data/NOTICE.md).
// A status there is Wikipedia's editorial consensus for citing a source in Wikipedia, not
// a verdict on every page of a site. Each status maps to a score and a label:
//
//	status                score  label
//	Generally reliable    0.9    generally reliable
//	No consensus          0.5    no consensus
//	Generally unreliable  0.2    generally unreliable
//	Deprecated            0.05   deprecated
//	Blacklisted           0.0    blacklisted
//
// A row may carry several statuses (Breitbart is "Blacklisted" and "Deprecated"), and
// several rows may list the same site for different topics or periods (Fox News: news,
// politics and science, talk shows). A site then gets the lowest score of all its
// statuses, with that status's label and row name; [Rating.Best] keeps the highest and
// [Rating.Note] lists every row with its statuses as the list gives them, so a reader can
// see that the rating depends on the topic. Rows whose status is none of the five (one
// row says "Wikipedia:Reliable sources/Noticeboard") are left out: the site stays unrated.
//
// The list's urls column mixes a source's own domains ("www.rt.com") with links its row
// happened to carry: library catalogues, Wikidata items, edit pages of Wikipedia. An
// entry with a query string or a fragment is always one of the latter and is skipped. An
// entry with a path ("www.youtube.com/user/telesurtv", "www.dailymail.co.uk/mailonsunday")
// is kept as a path-prefixed entry that rates only URLs under that path. Some rows list
// only a page about the whole site (Breitbart News lists "www.breitbart.com/masthead");
// an about page, masthead, contributors list, index page or English-edition root
// ("/en", "/english") then also rates its host, unless another row lists that host
// itself. A leading "www." is dropped: "www.rt.com" rates rt.com and its subdomains.
//
// [Load] reads an override file for --ratings (CSV: domain,score,label,origin) and
// [Ratings.Merge] lays it over the built-in list.
//
// # Matching
//
// [Ratings.Lookup] walks the URL's host up to its registrable domain (by the public suffix
// list): for https://news.bbc.co.uk/x it tries news.bbc.co.uk, then bbc.co.uk, and never
// co.uk. At each host a path-prefixed entry that the URL's path falls under wins over the
// host's own entry, the longest prefix first; a host wins over its parents. For the same
// domain an override wins over the built-in list. A URL that matches nothing is unrated:
// Lookup says so and callers must show it as unrated, neither good nor bad.
package credibility
