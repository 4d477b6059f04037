package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"syscall"
	"time"
)

// guard dials for the shared transport. It resolves the host itself, refuses the dial when
// any address is non-public, and then dials the very address it checked, so neither a DNS
// answer, a redirect nor a numeric host form can lead a fetch to a private address. It
// runs for every connection, including robots.txt and every redirect hop.
type guard struct {
	dialer       net.Dialer
	resolver     *net.Resolver
	resolve      map[string]string // "host:port" -> "ip:port", lower-case keys
	allowPrivate bool
	// blocked decides which addresses are refused; isBlockedAddr except in tests, which
	// need a loopback server to pass for a public one.
	blocked func(netip.Addr) bool
	// unasked, when set, may refuse to ask the resolver for a name (the crawler's: while
	// the resolver is known to resolve nothing); its error is the lookup's.
	unasked func(host string) error
	// stalled, when set, is told when a lookup has gone unanswered for lookupStall.
	stalled func()
}

func newGuard(cfg Config) *guard {
	g := &guard{
		resolver:     net.DefaultResolver,
		resolve:      make(map[string]string, len(cfg.Resolve)),
		allowPrivate: cfg.AllowPrivate,
		blocked:      isBlockedAddr,
	}
	if cfg.DNS != "" {
		server := cfg.DNS
		g.resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, server)
		}}
	}
	for from, to := range cfg.Resolve {
		g.resolve[strings.ToLower(from)] = to
	}
	g.dialer = net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		// Defence in depth: the socket's peer address is checked once more right
		// before connect, whatever path led here.
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			return g.check(address, ap.Addr())
		},
	}
	return g
}

func (g *guard) check(host string, ip netip.Addr) error {
	if g.allowPrivate || !g.blocked(ip) {
		return nil
	}
	return fmt.Errorf("dial %s: address %s: %w", host, ip, ErrPrivateAddress)
}

// DialContext has the signature of http.Transport.DialContext.
func (g *guard) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if to, ok := g.resolve[strings.ToLower(addr)]; ok {
		addr = to
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	ips, err := g.lookup(ctx, host)
	if err != nil {
		return nil, err
	}
	// Refuse when any answer is non-public, not only the one we would dial: a name that
	// mixes public and private answers is an attack, not a misconfiguration.
	for _, ip := range ips {
		if err := g.check(host, ip); err != nil {
			return nil, err
		}
	}
	var errs []error
	for _, ip := range ips {
		conn, err := g.dialer.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// lookupStall is how long a lookup goes unanswered before the guard says the resolver
// stalled (see Crawler.lookupStalled).
const lookupStall = 2 * time.Second

// lookup returns the addresses of host: itself when it is an IP literal or a numeric IPv4
// form, otherwise what the resolver says.
func (g *guard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip}, nil
	}
	ip, numeric, err := numericIPv4(host)
	if err != nil {
		return nil, fmt.Errorf("dial %s: numeric host: %w", host, err)
	}
	if numeric {
		return []netip.Addr{ip}, nil
	}
	if g.unasked != nil {
		if err := g.unasked(host); err != nil {
			return nil, err
		}
	}
	if g.stalled != nil {
		// A resolver that works answers in milliseconds.
		t := time.AfterFunc(lookupStall, g.stalled)
		defer t.Stop()
	}
	ips, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no addresses", Name: host, IsNotFound: true}
	}
	return ips, nil
}

// Dialer returns a dial function with the crawler's address guard for cfg (AllowPrivate,
// Resolve): for other programs that fetch on the crawler's behalf, such as a browser
// whose connections go through a local proxy, so that they reach no address the crawler
// itself would refuse.
func Dialer(cfg Config) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return newGuard(cfg).DialContext
}
