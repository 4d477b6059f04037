package checker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/provcheck/provcheck/crawler/extract"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/rules"
	"github.com/provcheck/provcheck/rules/credibility"
)

// fetcher is what the checker needs of a crawler.
type fetcher interface {
	Fetch(ctx context.Context, url string) (*page.Page, error)
	FetchAll(ctx context.Context, urls []string) []*page.Page
}

// Config tunes a Checker. The zero value works.
type Config struct {
	// BaseURL resolves the relative links of a local file (wins over its canonical link).
	BaseURL string
	// NoArchive turns off the archive fallback: by default a dead or soft-404 original is
	// replaced by its archived copy closest to the article's date, when the fetcher can
	// look one up.
	NoArchive bool
	Logger    *slog.Logger
	// Ratings rate the sites in reports (nil: every site unrated); Depth is how many
	// citations deep quotes are followed (0 and 1: the cited originals only). See chains.go.
	Ratings *credibility.Ratings
	Depth   int
	// PDF reads originals that are PDFs (a *pdftext.Reader); nil leaves them unread
	// (link.unparsed).
	PDF extract.PDFReader
	// Browser reads the originals whose text scripts write (--render); nil renders none.
	Browser *Browser
}

// archiver finds the archived copy of a page closest to a date; the crawler (through the
// Wayback Machine's availability API) and a WARC replay are archivers.
type archiver interface {
	Archived(ctx context.Context, url string, near time.Time) (*page.Page, time.Time, error)
}

// batchFetcher fetches many URLs at once, in order.
type batchFetcher interface {
	FetchAll(ctx context.Context, urls []string) []*page.Page
}

// Checker checks articles. It is safe for concurrent use when its fetcher is.
type Checker struct {
	fetch fetcher
	// originals fetches cited pages: the fetcher itself, or a run-wide cache in an audit.
	originals batchFetcher
	engine    *rules.Engine
	archive   archiver // nil: no archive fallback
	extract   extract.Options
	log       *slog.Logger
	ratings   *credibility.Ratings
	depth     int
	browser   *Browser // nil: originals are read as fetched
}

// New makes a Checker that fetches with f and judges with e.
func New(f fetcher, e *rules.Engine, cfg Config) *Checker {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ck := &Checker{fetch: f, originals: f, engine: e, extract: extract.Options{BaseURL: cfg.BaseURL, PDF: cfg.PDF}, log: log,
		ratings: cfg.Ratings, depth: cfg.Depth, browser: cfg.Browser}
	if a, ok := f.(archiver); ok && !cfg.NoArchive {
		ck.archive = a
	}
	return ck
}

// Result is one checked article: what was fetched, what it says, what the rules found.
type Result struct {
	Page      *page.Page
	Article   *extract.Article
	Originals []*rules.Original // index-aligned with Article.Citations; nil where not fetched
	// Evaluation holds the findings and each quote's verdict and citation's fate.
	rules.Evaluation
	Chains   []Chain              // one per quote followed beyond its original (Depth >= 2)
	Ratings  *credibility.Ratings // what the report rates sites with
	Started  time.Time
	Finished time.Time
}

// CheckURL fetches the article at rawURL and checks it.
func (c *Checker) CheckURL(ctx context.Context, rawURL string) (*Result, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, InputError(fmt.Errorf("%q is not an http(s) URL", rawURL))
	}
	started := time.Now()
	pg, err := c.fetch.Fetch(ctx, u.String())
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("fetch article %s: %w", rawURL, ctx.Err())
		}
		return nil, InputError(fmt.Errorf("cannot fetch the article: %w", err))
	}
	return c.check(ctx, pg, started)
}

// CheckPage checks an article page already in hand (a local file, standard input).
func (c *Checker) CheckPage(ctx context.Context, pg *page.Page) (*Result, error) {
	return c.check(ctx, pg, time.Now())
}

func (c *Checker) check(ctx context.Context, pg *page.Page, started time.Time) (*Result, error) {
	art, err := c.extract.Parse(pg)
	if err != nil {
		if errors.Is(err, extract.ErrNotHTML) || errors.Is(err, extract.ErrEmpty) {
			return nil, InputError(err)
		}
		return nil, fmt.Errorf("extract article: %w", err)
	}
	originals, err := c.fetchOriginals(ctx, pg, art)
	if err != nil {
		return nil, err
	}
	ev := c.engine.Evaluate(rules.Input{Article: art, Page: pg, Originals: originals})
	chains, err := c.chains(ctx, pg, art, originals, ev)
	if err != nil {
		return nil, err
	}
	return &Result{
		Page: pg, Article: art, Originals: originals, Evaluation: ev, Chains: chains, Ratings: c.ratings,
		Started: started, Finished: time.Now(),
	}, nil
}

// originals fetches every distinct cited URL once and reads each fetched page as text.
func (c *Checker) fetchOriginals(ctx context.Context, pg *page.Page, art *extract.Article) ([]*rules.Original, error) {
	self := rules.SelfURLs(pg, art)
	var urls []string
	index := map[string]int{}
	for _, cit := range art.Citations {
		if !fetchable(cit, self) {
			continue
		}
		key := rules.StripFragment(cit.URL)
		if _, ok := index[key]; !ok {
			index[key] = len(urls)
			urls = append(urls, key)
		}
	}
	pages := c.originals.FetchAll(ctx, urls)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("fetch originals: %w", err)
	}
	byURL := make([]*rules.Original, len(urls))
	// The dead originals are looked up in the archive at once, not one after the other, and
	// the ones only a browser can read are rendered meanwhile.
	for i, u := range urls {
		byURL[i] = c.readOriginal(u, pages[i])
	}
	out := make([]*rules.Original, len(art.Citations))
	for i, cit := range art.Citations {
		if fetchable(cit, self) {
			out[i] = byURL[index[rules.StripFragment(cit.URL)]]
		}
	}
	quoted := quotedFrom(art, out)
	var g errgroup.Group
	for _, o := range byURL {
		g.Go(func() error {
			c.browser.read(ctx, c, o, quoted[renderTarget(o)])
			c.archivedCopy(ctx, o, art.Published)
			return nil
		})
	}
	_ = g.Wait()
	return out, nil
}

// quotedFrom lists, by the page each original's fetch ended on, the quotes the article
// takes from it: those whose citations lead there, directly or through a redirect.
// originals is index-aligned with art.Citations (nil: not fetched).
func quotedFrom(art *extract.Article, originals []*rules.Original) map[string][]string {
	out := map[string][]string{}
	for _, q := range art.Quotes {
		var seen []string
		for _, ci := range q.Citations {
			if ci < 0 || ci >= len(originals) {
				continue
			}
			o := originals[ci]
			if o == nil || !o.Page.OK() {
				continue
			}
			if t := renderTarget(o); !slices.Contains(seen, t) {
				seen = append(seen, t)
				out[t] = append(out[t], q.Text)
			}
		}
	}
	return out
}

// parsedPages remembers what pages parsed to; the run cache of an audit is one, so that
// an original cited by many articles is read as text once.
type parsedPages interface {
	parsed(p *page.Page) (*extract.Article, error, bool)
	keepParsed(p *page.Page, a *extract.Article, err error)
}

// readOriginal makes the original of a fetched page: its text when the page was fetched
// whole and reads as an article, its parse error when it does not.
func (c *Checker) readOriginal(u string, p *page.Page) *rules.Original {
	o := &rules.Original{URL: u, Page: p}
	if !p.OK() {
		return o
	}
	memo, _ := c.originals.(parsedPages)
	a, err, ok := (*extract.Article)(nil), error(nil), false
	if memo != nil {
		a, err, ok = memo.parsed(p)
	}
	if !ok {
		a, err = c.extract.Parse(p)
		if memo != nil {
			memo.keepParsed(p, a, err)
		}
	}
	if err != nil {
		o.ParseErr = err.Error()
		if pe, ok := errors.AsType[*extract.PDFError](err); ok {
			o.ParseErr = pe.Error() // the reason alone: "pdf: image-only (a scan ...)"
		}
		c.log.Info("original not readable", "url", u, "err", err)
	} else {
		o.Article = a
	}
	return o
}

// fetchable reports whether a citation leads somewhere worth fetching: an absolute http(s)
// URL that is not a placeholder or the article itself.
func fetchable(cit extract.Citation, self map[string]bool) bool {
	if rules.Placeholder(cit.Href, cit.URL, self) || cit.URL == "" {
		return false
	}
	u, err := url.Parse(cit.URL)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// archivedCopy replaces the text of a dead or soft-404 original with its archived copy
// closest to the article's date. The dead page stays the original's Page, so the link is
// still reported dead, with a note that the copy was used.
func (c *Checker) archivedCopy(ctx context.Context, o *rules.Original, published *time.Time) {
	if c.archive == nil {
		return
	}
	if fate := c.engine.Fate(o); fate != rules.FateDead && fate != rules.FateSoft404 {
		return
	}
	var near time.Time
	if published != nil {
		near = *published
	}
	pg, at, err := c.archive.Archived(ctx, o.URL, near)
	if err != nil || !pg.OK() {
		c.log.Info("no archived copy", "url", o.URL, "err", err)
		return
	}
	a, err := c.extract.Parse(pg)
	if err != nil {
		c.log.Info("archived copy not readable", "url", o.URL, "err", err)
		return
	}
	o.SetArticle(a)
	o.Archived = at.UTC().Format("2006-01-02")
}
