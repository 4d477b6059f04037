package render

import (
	"strings"
	"testing"
)

func TestNeedsBrowser(t *testing.T) {
	big := strings.Repeat("var x = 1;", 600)
	tests := []struct {
		name string
		body string
		text int
		want bool
	}{
		{"app shell with a bundle", `<html><head><script src="/app.js"></script></head><body><div id="root"></div></body></html>`, 0, true},
		{"module bundle", `<html><body><div id="app"></div><script type="module" src="/main.mjs"></script></body></html>`, 12, true},
		{"large inline script", `<html><body><div id="app"></div><script>` + big + `</script></body></html>`, 0, true},
		{"short page, no script", `<html><body><p>Gone fishing.</p></body></html>`, 12, false},
		{"small inline script only", `<html><body><p>Short.</p><script>dataLayer=[]</script></body></html>`, 6, false},
		{"json-ld is not a bundle", `<html><head><script type="application/ld+json">` + big + `</script></head><body></body></html>`, 0, false},
		{"long text with a bundle", `<html><head><script src="/app.js"></script></head><body><p>…</p></body></html>`, 5000, false},
	}
	for _, tc := range tests {
		if got := NeedsBrowser([]byte(tc.body), tc.text, 400); got != tc.want {
			t.Errorf("%s: NeedsBrowser = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"auto", "never", "always"} {
		if m, ok := ParseMode(s); !ok || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, ok)
		}
	}
	if _, ok := ParseMode("sometimes"); ok {
		t.Error(`ParseMode("sometimes") ok, want not`)
	}
}

func FuzzNeedsBrowser(f *testing.F) {
	f.Add(`<script src="/a.js"></script>`, 0)
	f.Add(`<script type=module>`+strings.Repeat("x", 5000), 10)
	f.Fuzz(func(t *testing.T, body string, text int) {
		_ = NeedsBrowser([]byte(body), text, 400) // must not panic on any input
	})
}
