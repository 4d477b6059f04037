package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/sync/errgroup"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// DefaultUserAgent is sent when Config.UserAgent is empty.
const DefaultUserAgent = "provcheck/0.1 (+https://github.com/provcheck/provcheck)"

// Config configures a [Crawler]. The zero value is ready to use and safe.
type Config struct {
	Timeout      time.Duration     // whole request incl. redirects and body; 0 = 20s
	MaxBodyBytes int64             // body bytes kept; 0 = 10 MiB; longer bodies are cut and Page.Truncated set
	MaxRedirects int               // redirects followed; 0 = 10, negative = none
	UserAgent    string            // "" = DefaultUserAgent; sent with every request, robots.txt included
	PerHost      int               // parallel requests per host; 0 = 2
	Parallel     int               // FetchAll overall parallelism; 0 = 8
	AllowPrivate bool              // lift the address guard (tests and the demo)
	IgnoreRobots bool              // default false: robots.txt honoured
	Resolve      map[string]string // optional "host:port" -> "ip:port" dial override (like curl --resolve)
	DNS          string            // "host:port" of the DNS server to ask; "" = the system's resolver
	// DNSCanary is a name that resolves wherever the resolver reaches the internet; ""
	// means example.com. When a name does not resolve and the canary does not either,
	// the resolver knows nothing at all (a machine without network whose resolver
	// answers "no such name" to everything): the link is unchecked, not dead.
	DNSCanary string
	Logger    *slog.Logger // nil = discard

	// Contact is a URL or address where site owners can reach whoever runs the crawl. It
	// makes the User-Agent "provcheck/0.1 (+Contact)"; an explicit UserAgent wins.
	Contact string
	// Delay is the least time between the end of one request to a host and the start of the next (robots.txt
	// and redirect hops included); 0 = none.
	Delay time.Duration
	// Retries is how often a 429 or 503 answer is retried; 0 = 2, negative = never.
	Retries int
	// RetryLater is how long FetchAll waits, once the batch is done, before it fetches
	// again every URL that failed in a way that may pass (timeout, connection reset or
	// refused, 5xx): one failure is not a dead link. 0 = 2s; negative = no second try.
	RetryLater time.Duration
	// RetryWait is the first wait before a retry, doubled each time, unless Retry-After
	// asks for longer; 0 = 1s.
	RetryWait time.Duration
	// MaxRetryWait caps every wait; a Retry-After beyond it is not waited for: the fetch
	// ends with the 429/503. 0 = 30s.
	MaxRetryWait time.Duration
	// MaxHeaderBytes caps a response's header block; 0 = 256 KiB.
	MaxHeaderBytes int64

	// Evidence receives every request and response as WARC records (robots.txt and
	// redirect hops included), with a metadata record summing up each fetch; nil = none.
	Evidence *warc.Writer
	// Index records where each capture was written, and finds captures for the cache;
	// nil = no index, no cache.
	Index Index
	// MaxAge: with Evidence and Index, a URL fetched less than MaxAge ago is served from
	// its WARC capture without a request; an older capture with an ETag or Last-Modified
	// is revalidated with a conditional request. 0 = 24h; negative = always revalidate.
	MaxAge time.Duration
	// ArchiveEndpoint is the Wayback Machine availability API that [Crawler.Archived]
	// asks; "" = DefaultArchiveEndpoint.
	ArchiveEndpoint string
	// Posts reads social posts through their platforms' public endpoints (social.Reader):
	// a fetch that lands on a post is answered with the post; nil = pages only.
	Posts PostReader
	// HostGate, when set, is asked for every request this crawler sends (pages, redirect
	// hops, robots.txt, archive look-ups, retries), after the crawler's own per-host
	// limit, and holds the request from its start to the end of its body: a limit shared
	// with other crawlers, in other processes or on other machines. nil = none.
	HostGate HostGate
}

// HostGate holds a per-host limit beyond one crawler. Acquire waits for host's turn
// (host[:port] as in the URL, lower case) and returns the release of its slot, called once
// when the request is over; its error fails the request, wrapped in [ErrHostGate].
type HostGate interface {
	Acquire(ctx context.Context, host string) (release func(), err error)
}

// PostReader reads the social post a fetched page landed on, asking its platform's
// endpoint with fetch (which goes through this crawler: guard, robots.txt, limits and
// evidence apply). It returns p itself and false when p is not a post.
type PostReader interface {
	ReadPost(ctx context.Context, fetch func(context.Context, string) (*page.Page, error), p *page.Page) (*page.Page, bool)
}

func (cfg Config) withDefaults() Config {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 20 * time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 10 << 20
	}
	switch {
	case cfg.MaxRedirects == 0:
		cfg.MaxRedirects = 10
	case cfg.MaxRedirects < 0:
		cfg.MaxRedirects = 0
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
		if cfg.Contact != "" {
			cfg.UserAgent = "provcheck/0.1 (+" + cfg.Contact + ")"
		}
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = 2
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.RetryLater == 0 {
		cfg.RetryLater = 2 * time.Second
	}
	if cfg.RetryWait <= 0 {
		cfg.RetryWait = time.Second
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = 30 * time.Second
	}
	if cfg.MaxHeaderBytes <= 0 {
		cfg.MaxHeaderBytes = 256 << 10
	}
	if cfg.MaxAge == 0 {
		cfg.MaxAge = 24 * time.Hour
	}
	if cfg.ArchiveEndpoint == "" {
		cfg.ArchiveEndpoint = DefaultArchiveEndpoint
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = 2
	}
	if cfg.Parallel <= 0 {
		cfg.Parallel = 8
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg
}

// Crawler fetches pages. It is safe for concurrent use; what outlives a single fetch (the
// HTTP transport and its connections, the guarded dialer, the robots.txt cache, the
// per-host limits) lives here, and each fetch gets its own colly collector.
type Crawler struct {
	cfg      Config
	saidDown atomic.Bool // "the network seems unreachable" was logged
	// dnsCheck serialises the canary lookups (see resolverBlind); dnsCheckedAt is when the
	// last one answered.
	dnsCheck     sync.Mutex
	dnsCheckedAt time.Time
	// blindUntil is when the canary's "resolves nothing" stops holding (Unix nanoseconds;
	// 0: the canary resolved). Until then no name is asked of the resolver (unasked).
	blindUntil atomic.Int64
	probing    atomic.Bool // a canary lookup started by lookupStalled is under way
	log        *slog.Logger
	guard      *guard
	transport  *http.Transport
	limits     *hostLimiter
	robots     robotsCache
	payloads   payloadIndex // the pages' responses written, by URL and payload digest
}

// New returns a Crawler for cfg.
func New(cfg Config) *Crawler {
	cfg = cfg.withDefaults()
	g := newGuard(cfg)
	c := &Crawler{
		cfg:   cfg,
		log:   cfg.Logger,
		guard: g,
		transport: &http.Transport{
			// Never a proxy: the guard judges the address it dials, and a proxy
			// address would hide the real target from it.
			Proxy:                 nil,
			DialContext:           g.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConns:          100,
			MaxIdleConnsPerHost:   cfg.PerHost,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			// A hostile server can send an endless header block; the default is 10 MiB.
			MaxResponseHeaderBytes: cfg.MaxHeaderBytes,
		},
		limits: newHostLimiter(cfg.PerHost, cfg.Delay, cfg.HostGate),
		robots: robotsCache{entries: make(map[string]*robotsEntry)},
	}
	g.unasked, g.stalled = c.unasked, c.lookupStalled
	return c
}

// MaxAge is how long a fetched page stays fresh enough to reuse without asking again
// (Config.MaxAge with its default); 0 or less means never.
func (c *Crawler) MaxAge() time.Duration { return c.cfg.MaxAge }

// Fetch fetches one URL. The returned *page.Page is never nil: it is filled as far as the fetch
// got. The error is non-nil when no 2xx page was obtained; it wraps one of the sentinels
// of this package or a *[StatusError], and Page.ErrClass says the same in storable form.
//
// A 429 or 503 answer is retried (Config.Retries) after the wait its Retry-After asks
// for, or an exponential backoff. With Config.Evidence every request and response is
// written as WARC records; with Config.Index too, recent captures are served without a
// request (Config.MaxAge) and older ones revalidated.
//
// With Config.Posts, a fetch that lands on a social post (directly or through a short
// link) is answered with the post read through its platform's endpoint (Page.Via).
func (c *Crawler) Fetch(ctx context.Context, rawURL string) (*page.Page, error) {
	p, err := c.fetchPage(ctx, rawURL)
	if c.cfg.Posts == nil {
		return p, err
	}
	post, ok := c.cfg.Posts.ReadPost(ctx, c.fetchPage, p)
	if !ok || post == p {
		return p, err
	}
	c.log.Debug("post read", "url", rawURL, "post", post.FinalURL, "via", post.Via, "status", post.Status, "class", post.ErrClass)
	return post, errorOf(post)
}

// fetchPage is Fetch without the reading of social posts.
func (c *Crawler) fetchPage(ctx context.Context, rawURL string) (*page.Page, error) {
	cached, cond := c.lookupCache(ctx, rawURL)
	if cached != nil {
		c.log.Debug("fetch from cache", "url", rawURL, "fetched_at", cached.FetchedAt)
		return cached, errorOf(cached)
	}
	start := time.Now()
	var (
		p     *page.Page
		err   error
		trips []*trip
	)
	for attempt := 0; ; attempt++ {
		p = &page.Page{RequestURL: rawURL, FetchedAt: start, Retries: attempt}
		var got []*trip
		got, err = c.fetch(ctx, p, rawURL, cond)
		err = wrapTimeout(err)
		trips = append(trips, got...)
		wait, again := c.retryWait(ctx, p, attempt)
		if !again {
			break
		}
		c.log.Debug("retry", "url", rawURL, "status", p.Status, "wait", wait, "attempt", attempt+1)
		if serr := sleep(ctx, wait); serr != nil {
			break // keep the 429/503 page: the caller gave up, not the site
		}
	}
	var revisit *Capture
	if cond != nil && p.Status == http.StatusNotModified && len(p.Redirects) == 0 {
		reuse(p, cond)
		revisit, err = &cond.prev, nil
	}
	p.Duration = time.Since(start)
	if err != nil {
		p.Err = err.Error()
		p.ErrClass = classify(err)
		if (p.ErrClass == page.ErrClassDNS || dnsTimeout(err)) && c.resolverBlind(ctx) {
			p.ErrClass = page.ErrClassUnreachable
			p.Err += " (the resolver resolves no name at all, not even " + c.canary() + ": no network?)"
		}
	}
	c.record(ctx, p, trips, revisit)
	c.log.Debug("fetch", "url", rawURL, "final", p.FinalURL, "status", p.Status,
		"redirects", len(p.Redirects), "bytes", len(p.Body), "truncated", p.Truncated,
		"duration", p.Duration, "class", p.ErrClass, "err", err)
	if err != nil {
		return p, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	return p, nil
}

// fetch does the work of one attempt of Fetch, fills p as it goes and returns the round
// trips it made.
func (c *Crawler) fetch(ctx context.Context, p *page.Page, rawURL string, cond *conditional) ([]*trip, error) {
	u, err := parseTarget(rawURL)
	if err != nil {
		return nil, err
	}
	p.FinalURL = urlWithoutFragment(u)
	if !c.cfg.IgnoreRobots {
		if err := c.checkRobots(ctx, u); err != nil {
			return nil, err
		}
	}
	host := strings.ToLower(u.Host)
	release, err := c.limits.acquire(ctx, host)
	if err != nil {
		return nil, err
	}
	defer release()

	tr := &fetchTransport{
		base:   c.transport,
		limits: c.limits,
		keep:   c.cfg.MaxBodyBytes + 1,
		first:  &heldSlot{host: host, release: release},
		drain:  true,
	}
	if cond != nil {
		tr.conditional = cond.header
	}
	var refused string // redirect target the handler refused to follow
	col := c.collector(ctx, tr, func(req *http.Request, via []*http.Request) error {
		if err := c.checkRedirect(req, via); err != nil {
			refused = urlWithoutFragment(req.URL)
			return err
		}
		return nil
	})
	visitErr := col.Visit(u.String())
	trips := tr.recorded()
	return trips, c.fill(p, trips, refused, visitErr)
}

// collector builds the colly collector of one fetch.
func (c *Crawler) collector(ctx context.Context, tr http.RoundTripper, redirect func(*http.Request, []*http.Request) error) *colly.Collector {
	// Init instead of NewCollector: NewCollector lets COLLY_* environment variables
	// override settings after our options (cache dir, robots, body size, redirects).
	col := &colly.Collector{}
	col.Init()
	colly.StdlibContext(ctx)(col)
	col.UserAgent = c.cfg.UserAgent
	// We check robots.txt ourselves (checkRobots): colly's check fetches robots.txt
	// without the caller's context, the per-host limit or a body cap, and never checks
	// redirect targets.
	col.IgnoreRobotsTxt = true
	// A redirect back to a URL seen earlier in this collector would otherwise end in
	// AlreadyVisitedError with no chain; we detect loops ourselves.
	col.AllowURLRevisit = true
	// 4xx/5xx bodies are evidence (and soft-404 material): read them.
	col.ParseHTTPErrorResponse = true
	// One byte over our cap, so that a cut body shows (colly truncates silently).
	col.MaxBodySize = int(c.cfg.MaxBodyBytes + 1)
	col.WithTransport(tr)
	col.SetRequestTimeout(c.cfg.Timeout)
	// A custom handler replaces colly's 10-redirect cap: checkRedirect has ours.
	col.SetRedirectHandler(redirect)
	return col
}

// checkRedirect decides whether the client may follow a redirect to req.URL.
func (c *Crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > c.cfg.MaxRedirects {
		return fmt.Errorf("%w: more than %d", ErrTooManyRedirects, c.cfg.MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to %q: %w", req.URL.Scheme, ErrUnsupportedScheme)
	}
	target := urlWithoutFragment(req.URL)
	for _, v := range via {
		if urlWithoutFragment(v.URL) == target {
			return fmt.Errorf("%w: back to %s", ErrRedirectLoop, target)
		}
	}
	if !c.cfg.IgnoreRobots {
		if err := c.checkRobots(req.Context(), req.URL); err != nil {
			return err
		}
	}
	return nil
}

// fill completes p from the recorded round trips and returns the fetch's error.
func (c *Crawler) fill(p *page.Page, trips []*trip, refused string, visitErr error) error {
	if refused != "" {
		// Every response was a redirect; the last one was not followed.
		for _, t := range trips {
			p.Redirects = append(p.Redirects, page.Hop{URL: t.url, Status: t.status})
		}
		p.FinalURL = refused
		return visitErr
	}
	if len(trips) == 0 {
		return visitErr
	}
	last := trips[len(trips)-1]
	for _, t := range trips[:len(trips)-1] {
		p.Redirects = append(p.Redirects, page.Hop{URL: t.url, Status: t.status})
	}
	p.FinalURL = last.url
	if last.status != 0 {
		p.Status = last.status
		p.Header = last.header
		p.ContentType = last.header.Get("Content-Type")
		if last.body != nil {
			p.Body, p.Truncated = last.body.kept(c.cfg.MaxBodyBytes)
		}
		if p.ContentType == "" && len(p.Body) > 0 {
			p.ContentType = http.DetectContentType(p.Body)
		}
	}
	if visitErr != nil {
		return visitErr
	}
	if p.Status < 200 || p.Status > 299 {
		return &StatusError{URL: p.FinalURL, Code: p.Status}
	}
	return nil
}

// FetchAll fetches urls concurrently (at most Config.Parallel at once, Config.PerHost per
// host) and returns their pages in input order. A URL listed twice is fetched once and
// the same *page.Page is returned at each of its indexes. Failures are in the pages.
func (c *Crawler) FetchAll(ctx context.Context, urls []string) []*page.Page {
	pages := make([]*page.Page, len(urls))
	first := make(map[string]int, len(urls))
	var g errgroup.Group
	g.SetLimit(c.cfg.Parallel)
	for i, u := range urls {
		if _, dup := first[u]; dup {
			continue
		}
		first[u] = i
		g.Go(func() error {
			pages[i], _ = c.Fetch(ctx, u) // the error is in the page
			return nil
		})
	}
	_ = g.Wait() // workers never fail
	if !c.networkDown(pages) {
		c.retryLater(ctx, pages)
	}
	for i, u := range urls {
		pages[i] = pages[first[u]]
	}
	return pages
}

// parseTarget accepts absolute http and https URLs with a host.
func parseTarget(rawURL string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidURL, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q: %w", u.Scheme, ErrUnsupportedScheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("%q has no host: %w", rawURL, ErrInvalidURL)
	}
	u.Host = strings.ToLower(u.Host)
	return u, nil
}

// urlWithoutFragment is the URL as the server sees it: the fragment is never sent.
func urlWithoutFragment(u *url.URL) string {
	if u.Fragment == "" && u.RawFragment == "" {
		return u.String()
	}
	v := *u
	v.Fragment, v.RawFragment = "", ""
	return v.String()
}
