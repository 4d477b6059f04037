package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/provcheck/provcheck/crawler"
)

// dialFunc dials like net.Dialer.DialContext.
type dialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// proxy is the browser's only way out: a forward HTTP proxy on loopback whose every
// connection is dialled by the crawler's address guard. A page's scripts cannot reach an
// address the crawler would refuse, whatever name or redirect they use, because the
// browser never dials anything itself.
type proxy struct {
	ln   net.Listener
	srv  *http.Server
	dial dialFunc
	log  *slog.Logger

	mu      sync.Mutex
	refused []string // hosts the guard refused, for the page's error
	tunnels sync.WaitGroup
}

func startProxy(ctx context.Context, dial dialFunc, log *slog.Logger) (*proxy, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("render: proxy: %w", err)
	}
	p := &proxy{ln: ln, dial: dial, log: log}
	transport := &http.Transport{
		DialContext:           dial,
		Proxy:                 nil,
		ResponseHeaderTimeout: 30 * time.Second,
		MaxIdleConnsPerHost:   4,
		DisableCompression:    true, // pass the server's encoding through to the browser
	}
	p.srv = &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { p.serve(w, r, transport) }),
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	go func() { _ = p.srv.Serve(ln) }()
	return p, nil
}

// addr is the proxy's address, for --proxy-server.
func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) close() {
	_ = p.srv.Close()
	p.tunnels.Wait()
}

// wasRefused reports whether the guard refused a connection to host.
func (p *proxy) wasRefused(host string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, h := range p.refused {
		if h == host {
			return true
		}
	}
	return false
}

// refuse notes a connection the crawler's address guard refused; any other failure (a
// timeout, a refused port, a name that does not resolve) is the browser's to report.
func (p *proxy) refuse(hostport string, err error) {
	if !errors.Is(err, crawler.ErrPrivateAddress) {
		p.log.Debug("render: connection failed", "host", hostport, "err", err)
		return
	}
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	p.log.Info("render: connection refused", "host", host, "err", err)
	p.mu.Lock()
	p.refused = append(p.refused, host)
	p.mu.Unlock()
}

func (p *proxy) serve(w http.ResponseWriter, r *http.Request, transport *http.Transport) {
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if r.URL.Host == "" || (r.URL.Scheme != "http" && r.URL.Scheme != "https") {
		http.Error(w, "provcheck render proxy: absolute http(s) URL required", http.StatusBadRequest)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	for _, h := range []string{"Proxy-Connection", "Proxy-Authorization", "Connection", "Keep-Alive", "Te", "Trailer", "Upgrade"} {
		out.Header.Del(h)
	}
	resp, err := transport.RoundTrip(out)
	if err != nil {
		p.refuse(r.URL.Host, err)
		http.Error(w, "provcheck render proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

// tunnel serves CONNECT: the browser's TLS goes end to end, through a connection the
// guard dialled.
func (p *proxy) tunnel(w http.ResponseWriter, r *http.Request) {
	dst, err := p.dial(r.Context(), "tcp", r.Host)
	if err != nil {
		p.refuse(r.Host, err)
		http.Error(w, "provcheck render proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		dst.Close()
		http.Error(w, "provcheck render proxy: cannot tunnel", http.StatusInternalServerError)
		return
	}
	src, buf, err := hj.Hijack()
	if err != nil {
		dst.Close()
		return
	}
	if _, err := src.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n")); err != nil {
		src.Close()
		dst.Close()
		return
	}
	p.tunnels.Add(2)
	go func() {
		defer p.tunnels.Done()
		if n := buf.Reader.Buffered(); n > 0 {
			b, _ := buf.Reader.Peek(n)
			_, _ = dst.Write(b)
		}
		_, _ = io.Copy(dst, src)
		closeWrite(dst)
	}()
	go func() {
		defer p.tunnels.Done()
		_, _ = io.Copy(src, dst)
		closeWrite(src)
		// Both directions end when the browser or the server closes; the render's end
		// closes the proxy's listener, and the browser's exit closes its side.
		time.AfterFunc(time.Second, func() { src.Close(); dst.Close() })
	}()
}

func closeWrite(c net.Conn) {
	if cw, ok := c.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
		return
	}
	_ = c.Close()
}
