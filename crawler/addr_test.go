package crawler

import (
	"errors"
	"net/netip"
	"testing"
)

func TestIsBlockedAddr(t *testing.T) {
	tests := []struct {
		addr string
		want bool
	}{
		{"127.0.0.1", true},
		{"127.255.255.254", true},
		{"::1", true},
		{"0.0.0.0", true},
		{"0.1.2.3", true},
		{"::", true},
		{"10.0.0.1", true},
		{"10.255.255.255", true},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"172.32.0.1", false},
		{"172.15.255.255", false},
		{"192.168.1.1", true},
		{"100.64.0.1", true},
		{"100.127.255.255", true},
		{"100.128.0.1", false},
		{"169.254.0.1", true},
		{"169.254.169.254", true}, // cloud metadata
		{"fe80::1", true},
		{"fe80::1%eth0", true},
		{"febf::1", true},
		{"fc00::1", true},
		{"fd12:3456::1", true},
		{"fd00:ec2::254", true}, // AWS metadata over IPv6
		{"224.0.0.1", true},
		{"239.255.255.250", true},
		{"ff02::1", true},
		{"ff05::2", true},
		{"255.255.255.255", true},
		{"240.0.0.1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"::ffff:192.168.0.1", true},
		{"::127.0.0.1", true},        // IPv4-compatible
		{"64:ff9b::a9fe:a9fe", true}, // NAT64 of 169.254.169.254
		{"64:ff9b::808:808", false},  // NAT64 of 8.8.8.8
		{"::ffff:8.8.8.8", false},
		{"8.8.8.8", false},
		{"1.1.1.1", false},
		{"93.184.216.34", false},
		{"2606:4700:4700::1111", false},
		{"2001:db8::1", false},
	}
	for _, tc := range tests {
		a := netip.MustParseAddr(tc.addr)
		if got := isBlockedAddr(a); got != tc.want {
			t.Errorf("isBlockedAddr(%s) = %v, want %v", tc.addr, got, tc.want)
		}
	}
	if !isBlockedAddr(netip.Addr{}) {
		t.Errorf("isBlockedAddr(zero Addr) = false, want true")
	}
}

func TestNumericIPv4(t *testing.T) {
	tests := []struct {
		host        string
		want        string
		wantNumeric bool
		wantErr     bool
	}{
		{host: "example.com"},
		{host: "face.be"},
		{host: "1.2.3.example"},
		{host: "localhost"},
		{host: "2130706433", want: "127.0.0.1", wantNumeric: true},
		{host: "0177.0.0.1", want: "127.0.0.1", wantNumeric: true},
		{host: "0x7f.0.0.1", want: "127.0.0.1", wantNumeric: true},
		{host: "0x7f000001", want: "127.0.0.1", wantNumeric: true},
		{host: "0X7F.1", want: "127.0.0.1", wantNumeric: true},
		{host: "127.1", want: "127.0.0.1", wantNumeric: true},
		{host: "127.0.1", want: "127.0.0.1", wantNumeric: true},
		{host: "169.254.43518", want: "169.254.169.254", wantNumeric: true},
		{host: "017700000001", want: "127.0.0.1", wantNumeric: true},
		{host: "8.8.8.8.", want: "8.8.8.8", wantNumeric: true},
		{host: "0x", want: "0.0.0.0", wantNumeric: true},
		{host: "256.0.0.1", wantNumeric: true, wantErr: true},
		{host: "1.2.3.4.5", wantNumeric: true, wantErr: true},
		{host: "4294967296", wantNumeric: true, wantErr: true},
		{host: "08.0.0.1", wantNumeric: true, wantErr: true},
		{host: "1..1", wantNumeric: true, wantErr: true},
	}
	for _, tc := range tests {
		got, numeric, err := numericIPv4(tc.host)
		if numeric != tc.wantNumeric || (err != nil) != tc.wantErr {
			t.Errorf("numericIPv4(%q) numeric, err = %v, %v; want %v, error %v", tc.host, numeric, err, tc.wantNumeric, tc.wantErr)
			continue
		}
		if err != nil && !errors.Is(err, ErrInvalidURL) {
			t.Errorf("numericIPv4(%q) err = %v, want ErrInvalidURL", tc.host, err)
		}
		if tc.want != "" && got != netip.MustParseAddr(tc.want) {
			t.Errorf("numericIPv4(%q) = %v, want %s", tc.host, got, tc.want)
		}
	}
}
