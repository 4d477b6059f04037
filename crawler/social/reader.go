package social

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/page"
)

// Config names the endpoints and hosts of each platform. The zero value reads the public
// platforms at their public endpoints; tests and private mirrors point them elsewhere.
type Config struct {
	XHosts         []string // hosts of X post URLs; nil = DefaultXHosts
	XOEmbed        string   // oEmbed endpoint; "" = DefaultXOEmbed
	BlueskyHosts   []string // nil = DefaultBlueskyHosts
	BlueskyAppView string   // AppView base URL; "" = DefaultBlueskyAppView
	TelegramHosts  []string // nil = DefaultTelegramHosts
	// TelegramEmbed is the base URL the embed widget is asked at; "" = the post's host.
	TelegramEmbed string
	// NoMastodon turns off Mastodon, whose posts are recognised by their path on any host.
	NoMastodon bool
	Logger     *slog.Logger // nil = discard
}

// adapter is one platform: it recognises the platform's post URLs and reads the answer of
// the endpoint that serves them.
type adapter interface {
	platform() string
	// match returns the post's address and the endpoint URL to read it from.
	match(u *url.URL) (post, endpoint string, ok bool)
	// parse reads the endpoint's 2xx answer.
	parse(body []byte, postURL string) (Post, error)
}

// Reader reads social posts through their platforms' public endpoints. It is safe for
// concurrent use.
type Reader struct {
	adapters []adapter
	log      *slog.Logger
}

// New returns a Reader for cfg.
func New(cfg Config) *Reader {
	set := func(hosts, def []string) map[string]bool {
		if hosts == nil {
			hosts = def
		}
		m := make(map[string]bool, len(hosts))
		for _, h := range hosts {
			m[strings.ToLower(h)] = true
		}
		return m
	}
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return strings.TrimSuffix(s, "/")
	}
	r := &Reader{
		adapters: []adapter{
			xAdapter{hosts: set(cfg.XHosts, DefaultXHosts), endpoint: or(cfg.XOEmbed, DefaultXOEmbed)},
			blueskyAdapter{hosts: set(cfg.BlueskyHosts, DefaultBlueskyHosts), appView: or(cfg.BlueskyAppView, DefaultBlueskyAppView)},
			telegramAdapter{hosts: set(cfg.TelegramHosts, DefaultTelegramHosts), embed: strings.TrimSuffix(cfg.TelegramEmbed, "/")},
		},
		log: cfg.Logger,
	}
	if !cfg.NoMastodon {
		r.adapters = append(r.adapters, mastodonAdapter{})
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r
}

// Match reports which platform's post rawURL is, with the post's address and the endpoint
// that serves it.
func (r *Reader) Match(rawURL string) (platform, post, endpoint string, ok bool) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", "", false
	}
	for _, a := range r.adapters {
		if post, endpoint, ok := a.match(u); ok {
			return a.platform(), post, endpoint, true
		}
	}
	return "", "", "", false
}

// ReadPost reads the post that page p (a fetch, redirects followed) landed on, when its
// final URL or a hop of its redirect chain is a post of a known platform. It asks the
// platform's endpoint with fetch and returns a page whose body is the post rendered as a
// small article ([Post.HTML]), whose redirect chain is p's up to the post, and whose Via
// is the endpoint. When the endpoint fails, the page carries its status and error: a post
// the platform says is gone is a dead link, an endpoint we could not reach is as
// unreachable as any page. ok is false when p is not a post: then p is returned as it is.
func (r *Reader) ReadPost(ctx context.Context, fetch func(context.Context, string) (*page.Page, error), p *page.Page) (*page.Page, bool) {
	platform, postURL, endpoint, hops, found := r.landing(p)
	if !found {
		return p, false
	}
	ep, err := fetch(ctx, endpoint)
	if ep == nil {
		ep = &page.Page{RequestURL: endpoint, ErrClass: page.ErrClassOther}
		if err != nil {
			ep.Err = err.Error()
		}
	}
	out := &page.Page{
		RequestURL: p.RequestURL, FinalURL: postURL, Redirects: hops, Status: ep.Status,
		FetchedAt: p.FetchedAt, Duration: p.Duration + ep.Duration, Retries: ep.Retries,
		Cached: p.Cached && ep.Cached, Via: endpoint,
	}
	if err != nil {
		out.Err, out.ErrClass = ep.Err, ep.ErrClass
		r.log.Info("post endpoint failed", "platform", platform, "post", postURL, "endpoint", endpoint, "err", err)
		return out, true
	}
	post, err := r.parse(platform, ep.Body, postURL)
	switch {
	case errors.Is(err, ErrGone):
		out.Err, out.ErrClass = fmt.Sprintf("%s: %v", endpoint, err), page.ErrClassGone
		return out, true
	case err != nil:
		// Not the shape the platform documents: say so, and let the original page be
		// read, or found unreadable, as it is.
		r.log.Warn("post endpoint answer not understood", "platform", platform, "endpoint", endpoint, "err", err)
		return p, true
	}
	out.ContentType = "text/html; charset=utf-8"
	out.Body = post.HTML()
	if out.FetchedAt.IsZero() {
		out.FetchedAt = time.Now()
	}
	return out, true
}

func (r *Reader) parse(platform string, body []byte, postURL string) (Post, error) {
	for _, a := range r.adapters {
		if a.platform() == platform {
			return a.parse(body, postURL)
		}
	}
	return Post{}, fmt.Errorf("%w: no adapter for %s", ErrShape, platform)
}

// landing finds the post p landed on: its final URL, or else the latest hop of its chain
// that is a post (a platform may redirect a plain client on to a login page). hops are
// the redirects before the post.
func (r *Reader) landing(p *page.Page) (platform, post, endpoint string, hops []page.Hop, ok bool) {
	if p == nil {
		return "", "", "", nil, false
	}
	if platform, post, endpoint, ok := r.Match(p.FinalURL); ok {
		return platform, post, endpoint, p.Redirects, true
	}
	for i := len(p.Redirects) - 1; i >= 0; i-- {
		if platform, post, endpoint, ok := r.Match(p.Redirects[i].URL); ok {
			return platform, post, endpoint, p.Redirects[:i:i], true
		}
	}
	return "", "", "", nil, false
}

// pathMatch returns the submatches of re in u's path when u is on one of hosts (names in
// lower case), nil otherwise: how an adapter recognises a post's address.
func pathMatch(hosts map[string]bool, re *regexp.Regexp, u *url.URL) []string {
	if !hosts[strings.ToLower(u.Hostname())] {
		return nil
	}
	return re.FindStringSubmatch(u.Path)
}
