package crawler

import "testing"

func TestParseResolves(t *testing.T) {
	m, err := ParseResolves([]string{"a.example:80:127.0.0.1:8080", "b.example:443:[::1]"})
	if err != nil {
		t.Fatal(err)
	}
	if m["a.example:80"] != "127.0.0.1:8080" || m["b.example:443"] != "[::1]:443" || len(m) != 2 {
		t.Errorf("ParseResolves = %v", m)
	}
	if m, err := ParseResolves(nil); m != nil || err != nil {
		t.Errorf("ParseResolves(nil) = %v, %v, want nil, nil", m, err)
	}
	for _, bad := range []string{"a.example:80", "a.example:http:127.0.0.1"} {
		if _, err := ParseResolves([]string{bad}); err == nil {
			t.Errorf("ParseResolves(%q): no error", bad)
		}
	}
}
