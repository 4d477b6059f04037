package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/provcheck/provcheck/crawler/social"
)

//go:embed site
var site embed.FS

// ArticleURL is the demo article's address.
const ArticleURL = "http://worldnews.example/2022/04/02/lavrov-russia-rejects-new-world-order/"

// route is what one URL of the demo web answers: a page, a redirect, or a status.
type route struct {
	file     string // under site/
	location string // redirect target
	status   int
}

// routes is the demo web. Hosts that are not listed answer 404 to everything, which is how
// the dead link of the article (mid.example) behaves.
var routes = map[string]route{
	"worldnews.example" + "/2022/04/02/lavrov-russia-rejects-new-world-order/":                                                                                           {file: "worldnews.example/article.html"},
	"economictimes.example" + "/news/international/world-news/lavrov-in-china-says-world-moving-towards-multipolar-just-democratic-world-order/articleshow/90537641.cms": {file: "economictimes.example/article.html"},
	"tass.example" + "/politics/1429531":                   {file: "tass.example/article.html"},
	"t.co.example" + "/z4RhJ0VNHZ":                         {status: http.StatusMovedPermanently, location: "http://x.example/HuXijin_GT/status/1509084936311906304"},
	"x.example" + "/HuXijin_GT/status/1509084936311906304": {file: "x.example/status.html"}, // a JavaScript shell, as x.com serves
}

// Hosts are the host names the demo web answers for.
var Hosts = []string{"worldnews.example", "economictimes.example", "tass.example", "t.co.example", "x.example", "twitter.example", oembedHost, "mid.example"}

// oembedHost stands for publish.twitter.com, X's public oEmbed endpoint.
const oembedHost = "publish.twitter.example"

// Social is how the demo's posts are read: X posts on x.example (and twitter.example)
// through the demo's own oEmbed endpoint, which answers as publish.twitter.com does.
func Social() social.Config {
	return social.Config{XHosts: []string{"x.example", "twitter.example"}, XOEmbed: "http://" + oembedHost + "/oembed"}
}

// oembed answers GET /oembed?url=POST with the recorded answer for the post's id, as
// publish.twitter.com does; 404 for a post it does not know.
func oembed(w http.ResponseWriter, r *http.Request) {
	u, err := url.Parse(r.URL.Query().Get("url"))
	var b []byte
	if err == nil && r.URL.Path == "/oembed" {
		b, err = fs.ReadFile(site, "site/"+oembedHost+"/"+path.Base(path.Clean("/"+u.Path))+".json")
	}
	if err != nil {
		http.Error(w, `{"errors":[{"message":"Not Found"}]}`, http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
}

// Handler answers for every host of the demo web, chosen by the Host header.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.ToLower(r.Host)
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if r.URL.Path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "User-agent: *\nAllow: /\n")
			return
		}
		if host == oembedHost {
			oembed(w, r)
			return
		}
		rt, ok := routes[host+r.URL.Path]
		switch {
		case !ok:
			http.Error(w, "404 page not found", http.StatusNotFound)
		case rt.location != "":
			http.Redirect(w, r, rt.location, rt.status)
		default:
			b, err := fs.ReadFile(site, "site/"+rt.file)
			if err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Last-Modified", time.Date(2022, 4, 2, 9, 14, 0, 0, time.UTC).Format(http.TimeFormat))
			_, _ = w.Write(b)
		}
	})
}

// Server is the demo web running on a loopback port.
type Server struct {
	Addr string // "127.0.0.1:port"
	srv  *http.Server
	done chan error
}

// Start serves the demo web on a free loopback port until ctx ends or Close is called.
func Start(ctx context.Context) (*Server, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo: listen on loopback: %w", err)
	}
	s := &Server{
		Addr: ln.Addr().String(),
		srv:  &http.Server{Handler: Handler(), ReadHeaderTimeout: 5 * time.Second},
		done: make(chan error, 1),
	}
	go func() {
		<-ctx.Done()
		_ = s.srv.Close() // a no-op once Close has shut it down
	}()
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return s, nil
}

// Resolve maps every demo host (on port 80) to the server, in the form the crawler's
// Config.Resolve takes.
func (s *Server) Resolve() map[string]string {
	m := make(map[string]string, len(Hosts))
	for _, h := range Hosts {
		m[h+":80"] = s.Addr
	}
	return m
}

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("demo: stop server: %w", err)
	}
	return <-s.done
}
