package rules

import (
	"net/url"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules/textmatch"
)

// Input is what the rules look at for one article.
type Input struct {
	// Article is what the checked page says; Page is how it was fetched (or read).
	Article *extract.Article
	Page    *page.Page
	// Originals is index-aligned with Article.Citations: Originals[i] is what became of
	// citation i's target. Citations to the same URL share one *Original. An entry is nil
	// for a citation that was not fetched (a placeholder, an unresolvable link).
	Originals []*Original
}

// Original is one cited page: how the fetch went and, when it could be read, what it says.
type Original struct {
	URL     string
	Page    *page.Page
	Article *extract.Article
	// ParseErr says why a fetched page could not be read as text.
	ParseErr string
	// Why, when set, says it for a reader (link.unparsed prints it): for example that the
	// page's text is written by scripts and no browser could render it.
	Why string
	// Archived is set when the page is an archived copy standing in for a dead original.
	Archived string

	doc     *textmatch.Doc
	scanned *pageScan // what the page's HTML says of itself, read once (soft404.go)
}

// pageScan returns the scan of the original's page, made once; withText asks for its
// visible text too, which only a page without extracted text needs.
func (o *Original) pageScan(withText bool) pageScan {
	if o.scanned == nil || withText && !o.scanned.withText {
		var s pageScan
		if !withText && o.Archived == "" && o.Page != nil && o.Article != nil && o.Article.Marks != nil {
			s = scanMarks(o.Page, o.Article.Marks) // the page's own article read them
		} else {
			s = scan(o.Page, withText)
		}
		o.scanned = &s
	}
	return *o.scanned
}

// SetArticle gives the original another reading of its text (the page as a browser
// rendered it, an archived copy) and forgets what was read from the one before.
func (o *Original) SetArticle(a *extract.Article) {
	o.Article, o.doc, o.scanned = a, nil, nil
}

// Doc returns the original's main text, indexed for matching once.
func (o *Original) Doc() *textmatch.Doc {
	if o == nil || o.Article == nil {
		return nil
	}
	if o.doc == nil {
		o.doc = textmatch.NewDoc(o.Article.Text)
	}
	return o.doc
}

// Context is what a rule sees: the input, the configuration, and results that several
// rules share (each quote is compared with the originals once).
type Context struct {
	Input
	engine     *Engine
	quotes     []quoteMatch
	claims     []claimCheck // claimChecks' results, computed once for the three claim rules
	claimsDone bool
	// fates holds each original's Engine.Fate, asked for by every quote and link rule:
	// computed once per evaluation (the threshold is the engine's, so not on the Original).
	fates map[*Original]Fate
}

func newContext(in Input, e *Engine) *Context {
	if in.Article == nil {
		in.Article = &extract.Article{}
	}
	return &Context{Input: in, engine: e}
}

// Threshold returns a rule's threshold with the configuration applied.
func (c *Context) Threshold(t Threshold) float64 { return c.engine.threshold(t) }

// Fate is [Engine.Fate] of o, computed once per evaluation.
func (c *Context) Fate(o *Original) Fate {
	if o == nil {
		return ""
	}
	f, ok := c.fates[o]
	if !ok {
		if c.fates == nil {
			c.fates = map[*Original]Fate{}
		}
		f = c.engine.Fate(o)
		c.fates[o] = f
	}
	return f
}

// Readable is [Engine.Readable] with the context's configuration.
func (c *Context) Readable(o *Original) bool { return readable(o, c.Fate(o)) }

// partial reports whether a readable original may show only part of its text: a page
// behind a paywall. Words not found in it may be in the part we were not shown.
func (c *Context) partial(o *Original) bool {
	return o != nil && o.Archived == "" && c.Fate(o) == FateBlocked && c.Readable(o)
}

// articleURLs are the URLs the article lives at, without fragments: a citation to them
// points back at the article itself.
func (c *Context) articleURLs() map[string]bool {
	return SelfURLs(c.Page, c.Article)
}

// SelfURLs is the set of URLs a page lives at, without fragments: the URL asked for, the
// final URL, and the article's own (canonical) ones. A link to any of them points back at
// the page itself. Either argument may be nil.
func SelfURLs(p *page.Page, a *extract.Article) map[string]bool {
	m := map[string]bool{}
	var urls []string
	if p != nil {
		urls = append(urls, p.RequestURL, p.FinalURL)
	}
	if a != nil {
		urls = append(urls, a.URL, a.FinalURL)
	}
	for _, u := range urls {
		if u != "" {
			m[StripFragment(u)] = true
		}
	}
	return m
}

// StripFragment returns a URL without its #fragment (unchanged when it does not parse).
func StripFragment(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.Fragment = ""
	u.RawFragment = ""
	return u.String()
}

// readable returns the distinct readable originals of the article, in citation order.
func (c *Context) readable() []*Original {
	seen := map[*Original]bool{}
	var out []*Original
	for _, o := range c.Originals {
		if c.Readable(o) && !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out
}

func host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Hostname()
}
