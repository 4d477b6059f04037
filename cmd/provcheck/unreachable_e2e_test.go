package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// closedUDPPort is a loopback address where no DNS server listens: a resolver that does
// not answer, as on a machine whose network is unplugged.
func closedUDPPort(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	_ = pc.Close()
	return addr
}

// With the resolver unreachable, a check still reports what it could (extraction, quotes,
// ratings), records the links it could not reach as unchecked (never dead, at no cost to
// the score) and says once on stderr that the network seems unreachable.
func TestE2ENetworkUnreachable(t *testing.T) {
	article := filepath.Join("..", "..", "checker", "demo", "site", "worldnews.example", "article.html")
	abs, err := filepath.Abs(article)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "p.db")
	r := runBinary(t, nil, "check", "--dns", closedUDPPort(t), "--db", db, "--format", "json", abs)
	if r.code != exitOK {
		t.Fatalf("exit code = %d, want %d\n%s", r.code, exitOK, r)
	}
	stderr := string(r.stderr)
	if strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "network seems unreachable") {
		t.Errorf("stderr = %q, want one line saying the network seems unreachable", stderr)
	}
	rep := decodeReport(t, r.stdout)
	if len(rep.Quotes) == 0 || rep.Article.Title == "" {
		t.Errorf("report has %d quotes, title %q: want the article extracted without the network", len(rep.Quotes), rep.Article.Title)
	}
	unchecked := 0
	for _, c := range rep.Citations {
		switch c.Verdict {
		case "dead":
			t.Errorf("citation %s is dead, want unchecked (%s)", c.URL, c.Error)
		case "unchecked":
			unchecked++
		}
	}
	if unchecked < 2 {
		t.Errorf("%d unchecked citations, want every fetched one (at least 2): %+v", unchecked, rep.Citations)
	}
	if fs := rep.findingsOf("link.dead"); len(fs) != 0 {
		t.Errorf("link.dead findings: %+v, want none", fs)
	}
	fs := rep.findingsOf("link.unchecked")
	if len(fs) != unchecked {
		t.Errorf("%d link.unchecked findings, want %d", len(fs), unchecked)
	}
	for _, f := range fs {
		if f.Severity != "info" {
			t.Errorf("link.unchecked severity = %q, want info", f.Severity)
		}
	}
	reasons, _ := rep.Score["reasons"].([]any)
	for _, x := range reasons {
		if m, _ := x.(map[string]any); m["rule"] == "link.unchecked" && m["points"] != float64(0) {
			t.Errorf("link.unchecked costs the score %v points, want 0", m["points"])
		}
	}
	sqlDB := openDB(t, db)
	for q, want := range map[string]int{
		"SELECT COUNT(*) FROM citations WHERE verdict = 'dead'":      0,
		"SELECT COUNT(*) FROM findings WHERE rule = 'link.dead'":     0,
		"SELECT COUNT(*) FROM citations WHERE verdict = 'unchecked'": unchecked,
	} {
		var n int
		if err := sqlDB.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if n != want {
			t.Errorf("%s = %d, want %d", q, n, want)
		}
	}

	// The text report prints as well, with the links unchecked.
	r = runBinary(t, nil, "check", "--dns", closedUDPPort(t), "--no-db", abs)
	if r.code != exitOK || !strings.Contains(string(r.stdout), "Provenance score") || !strings.Contains(string(r.stdout), "unchecked") {
		t.Errorf("text report without network:\n%s", r)
	}
}
