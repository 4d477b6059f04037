package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// An audit finds two links dead; one of them comes back; `audit --recheck` says so.
func TestE2EAuditRecheck(t *testing.T) {
	requireBinary(t)
	var back atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/article":
			fmt.Fprint(w, `<!doctype html><html><head><title>Budget day</title></head><body><article><h1>Budget day</h1>
<p>The finance minister presented the budget to parliament on Wednesday and took questions for two hours.</p>
<p>According to the <a href="/moved">ministry's summary</a>, spending on schools rises, and the
<a href="/gone">full statement</a> gives the figures for each region of the country.</p>
<p>Opposition members said they would study the numbers before the vote next month.</p></article></body></html>`)
		case "/moved":
			if !back.Load() {
				http.NotFound(w, r)
				return
			}
			fmt.Fprint(w, `<html><body><article><p>Spending on schools rises in every region.</p></article></body></html>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	db, list := filepath.Join(dir, "p.db"), filepath.Join(dir, "urls.txt")
	if err := os.WriteFile(list, []byte(srv.URL+"/article\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, nil, "audit", "--allow-private", "--no-archive", "--quiet", "--db", db, "--urls", list); r.code != exitOK {
		t.Fatalf("audit: %s", r)
	}
	back.Store(true)
	r := runBinary(t, nil, "audit", "--recheck", "--allow-private", "--db", db)
	if r.code != exitOK {
		t.Fatalf("audit --recheck: %s", r)
	}
	out := string(r.stdout)
	for _, want := range []string{
		"2 dead link(s) fetched again",
		"ok        " + srv.URL + "/moved  200, answers again",
		"dead      " + srv.URL + "/gone  404 Not Found",
		"1 of 2 answer again",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("recheck output lacks %q:\n%s", want, out)
		}
	}
}
