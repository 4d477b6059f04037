package crawler

import (
	"net/netip"
	"strconv"
	"strings"
)

// blockedPrefixes are the networks the address guard refuses: nothing an article links to
// legitimately lives there, and everything an attacker wants to reach (the host itself, the
// LAN, cloud metadata) does. Read-only after package init.
var blockedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network", includes unspecified 0.0.0.0
	netip.MustParsePrefix("10.0.0.0/8"),     // private
	netip.MustParsePrefix("100.64.0.0/10"),  // carrier-grade NAT
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, incl. metadata 169.254.169.254
	netip.MustParsePrefix("172.16.0.0/12"),  // private
	netip.MustParsePrefix("192.168.0.0/16"), // private
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, incl. broadcast 255.255.255.255
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("fc00::/7"),       // unique-local, incl. metadata fd00:ec2::254
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("ff00::/8"),       // multicast
}

// Prefixes of IPv6 addresses that carry an IPv4 address in their last 32 bits: the
// embedded address is judged as well, so ::127.0.0.1 or 64:ff9b::a9fe:a9fe don't slip by.
var embeddingPrefixes = []netip.Prefix{
	netip.MustParsePrefix("::/96"),        // IPv4-compatible (deprecated)
	netip.MustParsePrefix("64:ff9b::/96"), // NAT64 well-known prefix
}

// isBlockedAddr reports whether the guard refuses to connect to a.
func isBlockedAddr(a netip.Addr) bool {
	if !a.IsValid() {
		return true
	}
	a = a.WithZone("").Unmap() // IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as IPv4
	for _, p := range blockedPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	if a.Is6() {
		for _, p := range embeddingPrefixes {
			if p.Contains(a) {
				b := a.As16()
				return isBlockedAddr(netip.AddrFrom4([4]byte(b[12:])))
			}
		}
	}
	return false
}

// numericIPv4 parses host the way browsers (the WHATWG URL standard) and inet_aton do when
// it "ends in a number": 1 to 4 dot-separated parts, each decimal, octal (leading 0) or hex
// (0x), the last part filling the remaining bytes, so "2130706433", "0177.0.0.1",
// "0x7f.1" and "127.1" all mean 127.0.0.1. Go's own parsers treat such hosts as names and
// would hand them to the system resolver, which may or may not read them as addresses:
// we decide ourselves. numeric is false when host is a name; err is non-nil when host ends
// in a number but is not a valid address.
func numericIPv4(host string) (addr netip.Addr, numeric bool, err error) {
	h := strings.TrimSuffix(host, ".")
	parts := strings.Split(h, ".")
	if !endsInNumber(parts[len(parts)-1]) {
		return netip.Addr{}, false, nil
	}
	if len(parts) > 4 {
		return netip.Addr{}, true, ErrInvalidURL
	}
	var v uint64
	for i, p := range parts {
		n, err := parseIPv4Part(p)
		if err != nil {
			return netip.Addr{}, true, ErrInvalidURL
		}
		if i < len(parts)-1 {
			if n > 255 {
				return netip.Addr{}, true, ErrInvalidURL
			}
			v |= n << (8 * (3 - i))
			continue
		}
		if n >= 1<<(8*(5-len(parts))) {
			return netip.Addr{}, true, ErrInvalidURL
		}
		v |= n
	}
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true, nil
}

// endsInNumber is the WHATWG test on the last label: all decimal digits, or 0x followed by
// hex digits. No top-level domain looks like that, so names are never misread.
func endsInNumber(label string) bool {
	if label == "" {
		return false
	}
	if strings.Trim(label, "0123456789") == "" {
		return true
	}
	if len(label) >= 2 && (label[:2] == "0x" || label[:2] == "0X") {
		return strings.Trim(label[2:], "0123456789abcdefABCDEF") == ""
	}
	return false
}

func parseIPv4Part(p string) (uint64, error) {
	switch {
	case p == "":
		return 0, ErrInvalidURL
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		if len(p) == 2 {
			return 0, nil
		}
		return strconv.ParseUint(p[2:], 16, 64)
	case len(p) > 1 && p[0] == '0':
		return strconv.ParseUint(p[1:], 8, 64)
	}
	return strconv.ParseUint(p, 10, 64)
}
