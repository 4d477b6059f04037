package checker

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/render"
	"github.com/provcheck/provcheck/rules"
)

// pageRenderer loads a page in a browser and returns the HTML its scripts built; a
// *render.Renderer is one.
type pageRenderer interface {
	Render(ctx context.Context, url string) (*page.Page, error)
}

// renderBelow is the length of extracted text under which an original that carries a
// script bundle is taken for one whose scripts write its text (--render auto).
const renderBelow = 500

// rememberedRenders bounds how many rendered originals a browser keeps, so that an original
// cited by many articles of an audit is rendered once.
const rememberedRenders = 256

// Browser decides which originals are read again through a browser (--render), renders
// them and remembers what they rendered to. One browser serves every checker of a session,
// so "rendering is unavailable" is said once. A nil *Browser renders nothing.
type Browser struct {
	mode render.Mode
	r    pageRenderer // nil: rendering is unavailable, for the reason in why
	why  string
	log  *slog.Logger

	once    sync.Once
	slots   chan struct{} // renders at once
	mu      sync.Mutex
	seen    map[string]*renderedPage
	renders atomic.Int64 // renders started
}

// renderedPage is one URL's render; done closes when p and err are set, so that a second
// caller waits for the render in flight rather than starting another.
type renderedPage struct {
	done chan struct{}
	p    *page.Page
	err  error
}

// parallelRenders bounds the renders of a session running at once: each is a tab of the
// session's one Chromium, and an article may cite many pages that need one.
const parallelRenders = 2

// NewBrowser returns the browser of a session. r nil means no browser could be started;
// why says so in words, for the reports of the originals that needed one.
func NewBrowser(mode render.Mode, r pageRenderer, why string, log *slog.Logger) *Browser {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Browser{mode: mode, r: r, why: why, log: log, slots: make(chan struct{}, parallelRenders), seen: map[string]*renderedPage{}}
}

// Renders is how many pages the browser has rendered (a page rendered once and shared
// counts once).
func (b *Browser) Renders() int64 {
	if b == nil {
		return 0
	}
	return b.renders.Load()
}

// Close stops the browser the renderer keeps running, if it keeps one.
func (b *Browser) Close() error {
	if b == nil {
		return nil
	}
	if c, ok := b.r.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

// read gives o the text its page shows once scripts ran, when the mode asks for it: in
// auto mode, for an HTML page whose text is tiny while it carries a script bundle, unless
// that text already holds every one of quotes, the quotes the article takes from the page
// (then the text is evidently in the HTML, and a browser would only read it again). When
// it cannot, such an original is left unread with the reason (link.unparsed), rather than
// compared as if its shell were its text.
func (b *Browser) read(ctx context.Context, ck *Checker, o *rules.Original, quotes []string) {
	if b == nil || b.mode == render.ModeNever || o == nil || !o.Page.OK() ||
		!strings.Contains(strings.ToLower(o.Page.ContentType), "html") {
		return
	}
	text := 0
	if o.Article != nil {
		text = len(strings.TrimSpace(o.Article.Text))
	}
	if b.mode == render.ModeAuto {
		if !render.NeedsBrowser(o.Page.Body, text, renderBelow) {
			return
		}
		if ck.engine.Carries(o, quotes) {
			b.log.Debug("not rendered: its HTML holds the quotes taken from it", "url", o.URL)
			return
		}
	}
	if b.r == nil {
		b.once.Do(func() {
			b.log.Warn("pages whose text scripts write cannot be read: rendering is unavailable", "reason", b.why)
		})
		if text < renderBelow {
			o.Article, o.ParseErr = nil, "rendering unavailable: "+b.why
			o.Why = "its text is written by scripts and needs a browser, but rendering is unavailable (" + b.why + ")"
		}
		return
	}
	// The page the fetch ended on: links that redirect to one page (a short link and the
	// story it names) share its render.
	rp, err := b.render(ctx, renderTarget(o))
	if err == nil {
		a, perr := ck.extract.Parse(rp)
		if perr == nil {
			o.SetArticle(a)
			return
		}
		err = fmt.Errorf("the rendered page: %w", perr)
	}
	ck.log.Info("render failed", "url", o.URL, "err", err)
	if text < renderBelow {
		o.Article, o.ParseErr = nil, "render: "+err.Error()
		o.Why = "its text is written by scripts, and rendering it in a browser failed (" + err.Error() + ")"
	}
}

// renderTarget is the page an original's fetch ended on, which is what is rendered: links
// that redirect to one page (a short link and the story it names) share its render.
func renderTarget(o *rules.Original) string {
	if o.Page != nil && o.Page.FinalURL != "" {
		return o.Page.FinalURL
	}
	return o.URL
}

func (b *Browser) render(ctx context.Context, url string) (*page.Page, error) {
	b.mu.Lock()
	r, ok := b.seen[url]
	if !ok {
		if len(b.seen) >= rememberedRenders {
			clear(b.seen)
		}
		r = &renderedPage{done: make(chan struct{})}
		b.seen[url] = r
	}
	b.mu.Unlock()
	if ok {
		select {
		case <-r.done:
			return r.p, r.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	defer close(r.done)
	// A done context is checked first: a select between it and a free slot picks either.
	if r.err = ctx.Err(); r.err == nil {
		select {
		case b.slots <- struct{}{}:
			b.renders.Add(1)
			r.p, r.err = b.r.Render(ctx, url)
			<-b.slots
		case <-ctx.Done():
			r.err = ctx.Err()
		}
	}
	if ctx.Err() != nil {
		// A render cut short says nothing of the page: let the next caller try again.
		b.mu.Lock()
		if b.seen[url] == r {
			delete(b.seen, url)
		}
		b.mu.Unlock()
	}
	return r.p, r.err
}
