package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// validURL takes what anyone types into the form: whatever it accepts is an absolute
// http(s) URL with a host, no longer than the form allows.
func FuzzValidURL(f *testing.F) {
	for _, s := range []string{"http://a.example/x", "javascript:alert(1)", " https://b.example ", "http://", "//x", "http://[::1]:80/", "http://a b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := validURL(raw)
		if err != nil {
			return
		}
		u, err := url.Parse(got)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("validURL(%q) = %q: not an absolute http(s) URL (%v)", raw, got, err)
		}
		if len(strings.TrimSpace(raw)) > maxURL {
			t.Fatalf("validURL accepted %d bytes", len(raw))
		}
	})
}

// BenchmarkRunPage measures drawing a run's page (reading its reports back with their
// lineage, sorting and rendering).
func BenchmarkRunPage(b *testing.B) {
	f, id := demoFixture(b)
	target := fmt.Sprintf("/runs/%d?sort=findings", id)
	for b.Loop() {
		res := f.do(b, "GET", target, nil)
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
