package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/provcheck/provcheck/crawler"
	"github.com/provcheck/provcheck/crawler/page"
	"github.com/provcheck/provcheck/crawler/warc"
)

// ErrUnavailable means no Chromium (or Chrome) executable was found, so pages cannot be
// rendered on this machine.
var ErrUnavailable = errors.New("render: no Chromium found (install chromium, or give its path)")

// Config tunes a [Renderer]. The zero value works where Chromium is on PATH.
type Config struct {
	// ExecPath is the browser to run; "" looks for chromium-headless-shell, headless_shell,
	// chromium, chromium-browser, google-chrome and google-chrome-stable on PATH, in that
	// order. Nothing is ever downloaded.
	ExecPath string
	// Fetch is the crawler's configuration: its address guard (AllowPrivate, Resolve)
	// applies to every connection the browser makes, and its UserAgent is the browser's.
	// Its per-host limits (PerHost, Delay, HostGate) do not apply: the proxy sees an
	// HTTPS connection, not the requests the browser sends through it, and a browser
	// keeps several connections to a host open for the whole render, so a slot per
	// connection would stall the render on its own connections. A render reloads a page
	// the crawler has just fetched under those limits, and a session runs two at most.
	Fetch crawler.Config
	// Timeout bounds one render, browser start included; 0 means 30s.
	Timeout time.Duration
	// Settle bounds how long scripts may run after the page's load event; 0 means 1s.
	// A render ends sooner once the page has had no request in flight for half a second
	// (see [networkQuiet]).
	Settle time.Duration
	// MaxBodyBytes caps the rendered HTML and each captured response; 0 means 10 MiB.
	MaxBodyBytes int64
	// Evidence, when set, receives what the browser received (a request and a response
	// record for each response) and the rendered HTML (a conversion record).
	Evidence *warc.Writer
	Logger   *slog.Logger
}

// Renderer loads pages in headless Chromium and returns the HTML their scripts built. One
// browser is started on the first render and kept until [Renderer.Close]; each render
// opens its page in a browser context of its own (as a private window: its own cookies,
// storage and cache, thrown away after), whose every connection goes through a proxy of
// its own, so renders share no state. Starting a browser costs about a second of CPU;
// a context, a few milliseconds.
type Renderer struct {
	cfg  Config
	exec string
	log  *slog.Logger

	mu      sync.Mutex
	browser *browser // nil before the first render, after Close, or after the browser died
	closed  bool
}

// bypassNothing is the proxy bypass list of the browser and of each render's context:
// loopback bypasses a proxy by default, and nothing may bypass the guard.
const bypassNothing = "<-loopback>"

// browser is one running Chromium.
type browser struct {
	ctx     context.Context // its chromedp context: a render's context is a child
	cancel  func()          // stops it
	px      *proxy          // what the browser fetches outside any render goes here
	profile string
}

func (b *browser) stop() {
	b.cancel()
	b.px.close()
	os.RemoveAll(b.profile)
}

// Close stops the browser, if one was started. A render after Close fails.
func (r *Renderer) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.browser != nil {
		r.browser.stop()
		r.browser = nil
	}
	return nil
}

// running returns the browser, started if none runs (or the last one died). A start is
// given up when ctx ends or after the render timeout.
func (r *Renderer) running(ctx context.Context) (*browser, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errors.New("renderer closed")
	}
	if b := r.browser; b != nil {
		if b.ctx.Err() == nil {
			return b, nil
		}
		b.stop()
		r.browser = nil
	}
	// The browser outlives the render that starts it.
	px, err := startProxy(context.Background(), crawler.Dialer(r.cfg.Fetch), r.log)
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "provcheck-render-")
	if err != nil {
		px.close()
		return nil, err
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0], chromedp.DefaultExecAllocatorOptions[:]...)
	opts = append(opts,
		chromedp.ExecPath(r.exec),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.ProxyServer("http://"+px.addr()),
		chromedp.Flag("proxy-bypass-list", bypassNothing),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		// WebRTC's UDP would not go through the proxy: allow none that does not.
		chromedp.Flag("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
		chromedp.Flag("webrtc-ip-handling-policy", "disable_non_proxied_udp"),
	)
	if ua := r.cfg.Fetch.UserAgent; ua != "" {
		opts = append(opts, chromedp.UserAgent(ua))
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &browser{ctx: bctx, cancel: func() { bcancel(); acancel() }, px: px, profile: profile}
	// The browser lives as long as the context of its first Run: bctx itself, stopped by a
	// timer should the start hang.
	hung := time.AfterFunc(r.cfg.Timeout, b.cancel)
	gone := context.AfterFunc(ctx, b.cancel)
	err = chromedp.Do(bctx) // starts the browser (and a blank first tab)
	hung.Stop()
	if !gone() && err == nil {
		err = ctx.Err() // ctx ended as the start did: the browser is stopped
	}
	if err != nil {
		b.stop()
		return nil, fmt.Errorf("start browser: %w", err)
	}
	r.browser = b
	return b, nil
}

// New finds the browser and returns a renderer, or an error wrapping [ErrUnavailable].
func New(cfg Config) (*Renderer, error) {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Settle <= 0 {
		cfg.Settle = time.Second
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 10 << 20
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path, err := findBrowser(cfg.ExecPath)
	if err != nil {
		return nil, err
	}
	return &Renderer{cfg: cfg, exec: path, log: log}, nil
}

func findBrowser(given string) (string, error) {
	if given != "" {
		p, err := exec.LookPath(given)
		if err != nil {
			return "", fmt.Errorf("%w: %w", ErrUnavailable, err)
		}
		return p, nil
	}
	if found := installed(); len(found) > 0 {
		return found[0], nil
	}
	return "", ErrUnavailable
}

// installed returns the browsers on PATH in the order they are preferred: Chromium's
// headless shell first (the build made for automation, without the full browser's window
// layers; a render costs it about a third of the CPU), then the full browsers.
func installed() []string {
	var found []string
	for _, name := range []string{"chromium-headless-shell", "headless_shell", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			found = append(found, p)
		}
	}
	return found
}

// Render loads rawURL and returns the page as the browser left it: Body is the serialised
// DOM after scripts ran, Status and Redirects those of the main document. The returned
// page is never nil; it carries the error as a failed fetch does.
func (r *Renderer) Render(ctx context.Context, rawURL string) (*page.Page, error) {
	start := time.Now()
	p := &page.Page{RequestURL: rawURL, FinalURL: rawURL, FetchedAt: start}
	fail := func(class page.ErrClass, err error) (*page.Page, error) {
		p.Err, p.ErrClass, p.Duration = err.Error(), class, time.Since(start)
		return p, fmt.Errorf("render %s: %w", rawURL, err)
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(page.ErrClassUnsupported, fmt.Errorf("not an http(s) URL: %w", crawler.ErrInvalidURL))
	}
	ctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()

	px, err := startProxy(ctx, crawler.Dialer(r.cfg.Fetch), r.log)
	if err != nil {
		return fail(page.ErrClassOther, err)
	}
	defer px.close()
	br, err := r.running(ctx)
	if err != nil {
		return fail(page.ErrClassOther, err)
	}
	// A page of its own in a browser context of its own, behind this render's proxy; its
	// context ends with the render's (the timeout above included).
	tctx, tcancel := chromedp.NewContext(br.ctx, chromedp.WithNewBrowserContext(func(p *target.CreateBrowserContextParams) {
		p.ProxyServer, p.ProxyBypassList = "http://"+px.addr(), bypassNothing
	}))
	defer tcancel()
	defer context.AfterFunc(ctx, tcancel)()

	rec := &recorder{maxBody: r.cfg.MaxBodyBytes, evidence: r.cfg.Evidence != nil}
	var html, final string
	err = r.drive(tctx, rec, rawURL, &html, &final)
	rec.wait()
	p.Duration = time.Since(start)
	main := rec.mainDocument()
	if main != nil {
		p.Status, p.ContentType, p.Header = main.status, main.header.Get("Content-Type"), main.header
	}
	p.Redirects = rec.hops()
	if final != "" {
		p.FinalURL = final
	}
	// The main document (or a hop of its redirects) on a refused address is a refused
	// fetch, whatever the browser made of the proxy's answer.
	for _, u := range append([]string{rawURL, p.FinalURL}, hopURLs(p.Redirects)...) {
		if pu, perr := url.Parse(u); perr == nil && px.wasRefused(pu.Hostname()) {
			r.write(rec, nil, rawURL)
			p.Status, p.Body = 0, nil
			return fail(page.ErrClassPrivate, fmt.Errorf("%s: %w", pu.Hostname(), crawler.ErrPrivateAddress))
		}
	}
	if err != nil {
		class := page.ErrClassOther
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			class, err = page.ErrClassTimeout, fmt.Errorf("%w: %w", crawler.ErrTimeout, err)
		}
		r.write(rec, nil, rawURL)
		return fail(class, err)
	}
	body := []byte("<!DOCTYPE html>\n" + html)
	if int64(len(body)) > r.cfg.MaxBodyBytes {
		body, p.Truncated = body[:r.cfg.MaxBodyBytes], true
	}
	p.Body = body
	// The DOM is serialised as UTF-8 whatever the page was sent in.
	p.ContentType = "text/html; charset=utf-8"
	r.write(rec, body, p.FinalURL)
	if p.Status >= 400 {
		p.ErrClass, p.Err = page.ErrClassStatus, fmt.Sprintf("GET %s: status %d", p.FinalURL, p.Status)
		return p, fmt.Errorf("render %s: %w", rawURL, &crawler.StatusError{URL: p.FinalURL, Code: p.Status})
	}
	return p, nil
}

// drive opens the page's tab, records what it receives while it loads rawURL and lets
// scripts run, then reads the DOM and the final address.
func (r *Renderer) drive(ctx context.Context, rec *recorder, rawURL string, html, final *string) error {
	if err := chromedp.Do(ctx); err != nil { // creates the browser context and its tab
		return err
	}
	// Listen sees the events in order (the redirects of the main document), Events the
	// paused responses, each answered from a goroutine of its own.
	if err := chromedp.Listen(ctx, rec.event); err != nil {
		return err
	}
	paused := chromedp.Events(ctx, fetch.RequestPaused)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			rec.pending.Add(1)
			go func() {
				defer rec.pending.Done()
				rec.paused(ctx, &ev)
			}()
		}
	}()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	patterns := []*fetch.RequestPattern{{URLPattern: "*", RequestStage: fetch.RequestStageResponse}}
	// Images, media and fonts are refused before they are asked for: they hold no text and
	// scripts seldom wait for them, while the page's load event, which a render waits for,
	// waits for every one of them, from every host the page names.
	for _, t := range []network.ResourceType{network.ResourceTypeImage, network.ResourceTypeMedia, network.ResourceTypeFont} {
		patterns = append(patterns, &fetch.RequestPattern{URLPattern: "*", ResourceType: t, RequestStage: fetch.RequestStageRequest})
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: patterns}); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(rawURL)); err != nil {
		return err
	}
	if err := rec.settle(ctx, r.cfg.Settle); err != nil {
		return err
	}
	var err error
	if *final, err = chromedp.Run(ctx, chromedp.Location()); err != nil {
		return err
	}
	*html, err = chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	return err
}

// write records what the browser received, and the rendered HTML as a conversion of the
// main document's response.
func (r *Renderer) write(rec *recorder, rendered []byte, target string) {
	if r.cfg.Evidence == nil {
		return
	}
	var recs []*warc.Record
	mainID := ""
	for _, x := range rec.all() {
		req := warc.New(warc.TypeRequest, x.url, x.at, warc.ContentTypeHTTPRequest, x.requestBlock())
		resp := warc.New(warc.TypeResponse, x.url, x.at, warc.ContentTypeHTTPResponse, x.responseBlock())
		resp.Header.Add("WARC-Record-ID", warc.NewID())
		resp.Header.Add("WARC-Payload-Digest", warc.Digest(x.body))
		if x.truncated {
			resp.Header.Add("WARC-Truncated", "length")
		}
		req.Header.Add("WARC-Concurrent-To", resp.ID())
		if x.main {
			mainID = resp.ID()
		}
		recs = append(recs, resp, req)
	}
	if rendered != nil {
		conv := warc.New(warc.TypeConversion, target, time.Now(), "text/html; charset=utf-8", rendered)
		if mainID != "" {
			conv.Header.Add("WARC-Refers-To", mainID)
		}
		recs = append(recs, conv)
	}
	if len(recs) == 0 {
		return
	}
	if _, err := r.cfg.Evidence.Write(recs...); err != nil {
		r.log.Error("write render evidence", "err", err)
	}
}

// response is one response the browser received.
type response struct {
	url     string
	at      time.Time
	method  string
	reqHdr  map[string]string
	status  int
	text    string
	header  http.Header
	body    []byte
	main    bool // the main frame's document
	network network.RequestID
	// truncated: body was cut at Config.MaxBodyBytes.
	truncated bool
}

func (x *response) requestBlock() []byte {
	var b bytes.Buffer
	target, host := x.url, ""
	if u, err := url.Parse(x.url); err == nil {
		target, host = u.RequestURI(), u.Host
	}
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", x.method, target, host)
	h := http.Header{}
	for k, v := range x.reqHdr {
		h.Set(k, v) // Write folds away CR and LF in values
	}
	_ = h.Write(&b)
	b.WriteString("\r\n")
	return b.Bytes()
}

func (x *response) responseBlock() []byte {
	var b bytes.Buffer
	text := x.text
	if text == "" {
		text = http.StatusText(x.status)
	}
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", x.status, text)
	// The browser hands over the body decoded: the headers must not claim an encoding
	// or a length that the stored payload does not have.
	h := x.header.Clone()
	h.Del("Content-Encoding")
	h.Del("Content-Length")
	_ = h.Write(&b)
	b.WriteString("\r\n")
	b.Write(x.body)
	return b.Bytes()
}

func hopURLs(hops []page.Hop) []string {
	out := make([]string, len(hops))
	for i, h := range hops {
		out[i] = h.URL
	}
	return out
}

// recorder collects the browser's responses from the Fetch and Network domains.
type recorder struct {
	maxBody  int64
	evidence bool

	mu        sync.Mutex
	responses []*response
	redirects []page.Hop
	mainReq   network.RequestID
	mainResp  *response
	pending   sync.WaitGroup
	// inFlight holds the page's requests sent and not yet finished or failed; lastNet is
	// when one last started or ended.
	inFlight map[network.RequestID]bool
	lastNet  time.Time
}

// networkQuiet is how long a page must go without a request in flight, after its load
// event, for its scripts to count as done: the idle time Playwright's "networkidle" and
// Puppeteer's "networkidle0" wait. Scripts that write a page's text mostly fetch it first;
// one that writes it from a timer later than this, with no request between, is missed.
const networkQuiet = 500 * time.Millisecond

func (rec *recorder) event(ev any) {
	switch e := ev.(type) {
	case *network.EventLoadingFinished:
		rec.ended(e.RequestID)
	case *network.EventLoadingFailed:
		rec.ended(e.RequestID)
	case *network.EventRequestWillBeSent:
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if rec.inFlight == nil {
			rec.inFlight = map[network.RequestID]bool{}
		}
		rec.inFlight[e.RequestID], rec.lastNet = true, time.Now() // a redirect keeps its ID
		if e.Type != network.ResourceTypeDocument || e.FrameID == "" {
			return
		}
		if rec.mainReq == "" {
			rec.mainReq = e.RequestID
		}
		if e.RequestID == rec.mainReq && e.RedirectResponse != nil {
			rec.redirects = append(rec.redirects, page.Hop{URL: e.RedirectResponse.URL, Status: int(e.RedirectResponse.Status)})
		}
	case *network.EventResponseReceived:
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if e.RequestID == rec.mainReq && e.Response != nil {
			rec.mainResp = &response{url: e.Response.URL, status: int(e.Response.Status), header: headerOf(e.Response.Headers), main: true}
		}
	}
}

func (rec *recorder) ended(id network.RequestID) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.inFlight[id] {
		delete(rec.inFlight, id)
		rec.lastNet = time.Now()
	}
}

// settle lets the page's scripts run after its load event: until no request has been in
// flight for networkQuiet, and at most for max.
func (rec *recorder) settle(ctx context.Context, max time.Duration) error {
	deadline := time.Now().Add(max)
	for {
		rec.mu.Lock()
		busy, last := len(rec.inFlight) > 0, rec.lastNet
		rec.mu.Unlock()
		now := time.Now()
		left := deadline.Sub(now)
		if left <= 0 {
			return nil
		}
		wait := min(left, 50*time.Millisecond) // while busy, look again soon
		if !busy {
			idle := now.Sub(last)
			if idle >= networkQuiet {
				return nil
			}
			wait = min(left, networkQuiet-idle)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// paused fails a request for an image, media or font; it takes a response the browser is
// about to read, keeps a copy, and lets it go on.
func (rec *recorder) paused(ctx context.Context, e *fetch.EventRequestPaused) {
	if e.ResponseStatusCode == 0 && e.ResponseErrorReason == "" && e.ResponseHeaders == nil {
		// Paused before it was sent: only images, media and fonts are (drive).
		_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		return
	}
	x := &response{url: e.Request.URL, at: time.Now(), method: e.Request.Method, status: int(e.ResponseStatusCode),
		text: e.ResponseStatusText, header: http.Header{}, network: network.RequestID(e.NetworkID)}
	x.reqHdr = map[string]string{}
	for k, v := range e.Request.Headers {
		x.reqHdr[k] = fmt.Sprint(v)
	}
	for _, h := range e.ResponseHeaders {
		x.header.Add(h.Name, h.Value)
	}
	redirect := x.status >= 300 && x.status < 400
	if rec.evidence && x.status != 0 && !redirect {
		if res, err := chromedp.Call(ctx, fetch.GetResponseBody, fetch.GetResponseBodyParams{RequestID: e.RequestID}); err == nil {
			body := res.Body
			if int64(len(body)) > rec.maxBody {
				body, x.truncated = body[:rec.maxBody], true
			}
			x.body = body
		}
	}
	_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: e.RequestID})
	if x.status == 0 {
		return
	}
	rec.mu.Lock()
	rec.responses = append(rec.responses, x)
	rec.mu.Unlock()
}

// wait lets the paused-response handlers still running finish.
func (rec *recorder) wait() {
	done := make(chan struct{})
	go func() {
		rec.pending.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
}

func (rec *recorder) mainDocument() *response {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.mainResp
}

func (rec *recorder) hops() []page.Hop {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]page.Hop(nil), rec.redirects...)
}

// all returns the captured responses, the main document's marked.
func (rec *recorder) all() []*response {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := append([]*response(nil), rec.responses...)
	for _, x := range out {
		x.main = rec.mainResp != nil && x.network == rec.mainReq && x.url == rec.mainResp.url
	}
	return out
}

func headerOf(h network.Headers) http.Header {
	out := http.Header{}
	for k, v := range h {
		out.Add(k, fmt.Sprint(v))
	}
	return out
}
