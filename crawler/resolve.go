package crawler

import (
	"fmt"
	"net"
	"strconv"
	"strings"
)

// ParseResolve reads a [Config.Resolve] entry written as curl --resolve writes it,
// HOST:PORT:ADDR (ADDR is ip:port, an IPv6 [ip]:port, or an address alone, which takes
// PORT), and returns its key and value.
func ParseResolve(s string) (hostPort, addr string, err error) {
	parts := strings.SplitN(s, ":", 3)
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return "", "", fmt.Errorf("--resolve %q: want HOST:PORT:ADDR, e.g. news.example:80:127.0.0.1:8080", s)
	}
	if _, err := strconv.Atoi(parts[1]); err != nil {
		return "", "", fmt.Errorf("--resolve %q: port %q is not a number", s, parts[1])
	}
	addr = parts[2]
	if _, _, err := net.SplitHostPort(addr); err != nil {
		addr = net.JoinHostPort(strings.Trim(addr, "[]"), parts[1])
	}
	return parts[0] + ":" + parts[1], addr, nil
}

// ParseResolves reads many entries as ParseResolve does into a [Config.Resolve] map; nil
// when there is none.
func ParseResolves(entries []string) (map[string]string, error) {
	var m map[string]string
	for _, e := range entries {
		hostPort, addr, err := ParseResolve(e)
		if err != nil {
			return nil, err
		}
		if m == nil {
			m = map[string]string{}
		}
		m[hostPort] = addr
	}
	return m, nil
}
