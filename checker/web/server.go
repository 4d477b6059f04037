package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/provcheck/provcheck/checker"
	"github.com/provcheck/provcheck/checker/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// CheckFunc checks the article at url the way `provcheck check URL` does.
type CheckFunc func(ctx context.Context, url string) (*checker.Result, error)

// Config configures a [Server].
type Config struct {
	// DB is the database; when nil, New opens the one at DBPath (a SQLite file or a
	// postgres:// URL) and Close closes it.
	DB     *store.Store
	DBPath string
	// Check runs a check; nil leaves the check form out (a read-only page).
	Check CheckFunc
	// Token, when set, must come with every request: as ?token= (once; it is then kept
	// in a cookie), the cookie, or an "Authorization: Bearer" header.
	Token string
	// MaxChecks is how many checks may run at once (0: 2).
	MaxChecks int
	// CheckTimeout bounds one check (0: 5 minutes).
	CheckTimeout time.Duration
	Logger       *slog.Logger
}

// Server serves the pages. Close it to cancel and wait for the checks it started.
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	pages map[string]*template.Template
	slots chan struct{}
	log   *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	failures  map[int64]string // why a check started here failed, by run
	failOrder []int64          // the runs of failures, oldest first
	own       *store.Store     // the database New opened, closed by Close
}

const (
	tokenCookie = "provcheck_token"
	csrfCookie  = "provcheck_csrf"
	csrfField   = "csrf"
	// pageCSP forbids scripts, frames, plugins and anything from elsewhere: the pages
	// load only their own stylesheet.
	pageCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)

// New makes a server over cfg.DB.
func New(ctx context.Context, cfg Config) (*Server, error) {
	var own *store.Store
	if cfg.DB == nil {
		if cfg.DBPath == "" {
			return nil, errors.New("web: no database")
		}
		db, err := store.Open(ctx, cfg.DBPath)
		if err != nil {
			return nil, fmt.Errorf("web: open database: %w", err)
		}
		cfg.DB, own = db, db
	}
	if cfg.MaxChecks <= 0 {
		cfg.MaxChecks = 2
	}
	if cfg.CheckTimeout <= 0 {
		cfg.CheckTimeout = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		if own != nil {
			_ = own.Close()
		}
		return nil, err
	}
	// The checks outlive the request that started them, not the server.
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Server{
		cfg: cfg, mux: http.NewServeMux(), pages: pages, slots: make(chan struct{}, cfg.MaxChecks),
		log: cfg.Logger, ctx: bg, cancel: cancel, failures: map[int64]string{}, own: own,
	}
	s.routes()
	return s, nil
}

func parsePages() (map[string]*template.Template, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := map[string]*template.Template{"": layout}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("POST /check", s.submit)
	s.mux.HandleFunc("GET /checks/{id}", s.checkStatus)
	s.mux.HandleFunc("GET /runs", s.runs)
	s.mux.HandleFunc("GET /runs/{id}", s.run)
	s.mux.HandleFunc("GET /runs/{id}/export/{format}", s.runExport)
	s.mux.HandleFunc("GET /runs/{id}/articles/{n}", s.article)
	s.mux.HandleFunc("GET /runs/{id}/articles/{n}/export/{format}", s.articleExport)
	s.mux.HandleFunc("GET /article", s.latestArticle)
	s.mux.HandleFunc("GET /quotes", s.quotes)
	s.mux.HandleFunc("GET /sources", s.sources)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, http.StatusNotFound, "There is no page at this address.")
	})
}

// ServeHTTP checks the token, sets the security headers and the CSRF cookie, and serves
// the page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if s.cfg.Token != "" && !s.authorised(w, r) {
		return
	}
	if c, err := r.Cookie(csrfCookie); err != nil || len(c.Value) != 64 {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		v := hex.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v}) // the page rendered now carries it
	}
	s.mux.ServeHTTP(w, r)
}

// authorised reports whether r carries the token; it answers 401 when not, and turns a
// ?token= into a cookie and a redirect to the same address without it.
func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	if q := r.URL.Query(); q.Has("token") && r.Method == http.MethodGet {
		if !same(q.Get("token"), s.cfg.Token) {
			http.Error(w, "401 unauthorised: wrong token", http.StatusUnauthorized)
			return false
		}
		http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: s.cfg.Token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		q.Del("token")
		u := *r.URL
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.RequestURI(), http.StatusSeeOther)
		return false
	}
	if c, err := r.Cookie(tokenCookie); err == nil && same(c.Value, s.cfg.Token) {
		return true
	}
	if a, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && same(a, s.cfg.Token) {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="provcheck"`)
	http.Error(w, "401 unauthorised: open the address printed by provcheck serve (it carries the token)", http.StatusUnauthorized)
	return false
}

func same(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// csrfOK reports whether a POST carries the CSRF token of its cookie and, when the
// browser says where it comes from, comes from this server.
func csrfOK(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		if !strings.EqualFold(strings.TrimPrefix(strings.TrimPrefix(o, "http://"), "https://"), r.Host) {
			return false
		}
	}
	c, err := r.Cookie(csrfCookie)
	return err == nil && len(c.Value) == 64 && same(r.PostFormValue(csrfField), c.Value)
}

func csrfValue(r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil {
		return c.Value
	}
	return ""
}

// Close cancels the running checks, waits for them, and closes the database New opened.
func (s *Server) Close() error {
	s.cancel()
	s.wg.Wait()
	if s.own != nil {
		return s.own.Close()
	}
	return nil
}

// CheckBind refuses to serve on an address other than loopback without a token.
func CheckBind(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if token != "" || host == "localhost" {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--addr %s is reachable from other machines: give --token (a long random secret) or bind to 127.0.0.1", addr)
}

// Serve listens on addr and serves h until ctx ends, then shuts down, giving requests in
// flight 5 seconds. announce is called with the base address ("http://host:port") once the
// listener is open, so that a command can print where to go.
func Serve(ctx context.Context, addr string, h http.Handler, announce func(base string)) error {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	announce("http://" + ln.Addr().String())
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shut down: %w", err)
	}
	return nil
}

// StartURL is the address to open first: path on base, with the token when there is one
// (the page keeps it in a cookie from then on).
func StartURL(base, path, token string) string {
	u := base + path
	if token == "" {
		return u
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return u + sep + "token=" + url.QueryEscape(token)
}
