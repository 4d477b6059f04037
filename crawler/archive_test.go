package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/provcheck/provcheck/crawler/warc"
)

// TestArchived runs a fake Wayback Machine: the availability API and the snapshots on
// one loopback server (hence AllowPrivate).
func TestArchived(t *testing.T) {
	var srv *httptest.Server
	var asked string
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/wayback/available":
			asked = r.URL.RawQuery
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Query().Get("url") == "http://gone.example/never" {
				fmt.Fprint(w, `{"url":"http://gone.example/never","archived_snapshots":{}}`)
				return
			}
			fmt.Fprintf(w, `{"url":%q,"archived_snapshots":{"closest":{"status":"200","available":true,`+
				`"url":"%s/web/20220330123456/%s","timestamp":"20220330123456"}}}`,
				r.URL.Query().Get("url"), srv.URL, r.URL.Query().Get("url"))
		case strings.HasPrefix(r.URL.Path, "/web/20220330123456id_/"):
			fmt.Fprint(w, "<html><p>as it was</p></html>")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	w, err := warc.NewWriter(t.TempDir(), warc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c := New(Config{AllowPrivate: true, ArchiveEndpoint: srv.URL + "/wayback/available", Evidence: w})
	near := time.Date(2022, 3, 31, 0, 0, 0, 0, time.UTC)
	p, at, err := c.Archived(t.Context(), "http://gone.example/story", near)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2022, 3, 30, 12, 34, 56, 0, time.UTC); !at.Equal(want) {
		t.Errorf("archived at %v, want %v", at, want)
	}
	if string(p.Body) != "<html><p>as it was</p></html>" || p.RequestURL != srv.URL+"/web/20220330123456id_/http://gone.example/story" {
		t.Errorf("page %s: %q", p.RequestURL, p.Body)
	}
	if !strings.Contains(asked, "timestamp=20220331") || !strings.Contains(asked, "url=http%3A%2F%2Fgone.example%2Fstory") {
		t.Errorf("API asked %q", asked)
	}
	if _, _, err := c.Archived(t.Context(), "http://gone.example/never", near); !errors.Is(err, ErrNotArchived) {
		t.Errorf("no snapshot: err = %v, want ErrNotArchived", err)
	}
	// Replayed from the evidence: the same copy, the same time, no network.
	w.Close()
	r, err := NewReplay(w.Dir())
	if err != nil {
		t.Fatal(err)
	}
	r.ArchiveEndpoint = srv.URL + "/wayback/available"
	rp, rat, err := r.Archived(t.Context(), "http://gone.example/story", near)
	if err != nil || !rat.Equal(at) {
		t.Fatalf("Replay.Archived: %v, at %v; want %v", err, rat, at)
	}
	samePage(t, "archived", rp, p)
	// The guard applies to the archive too.
	guarded := New(Config{ArchiveEndpoint: srv.URL + "/wayback/available"})
	if _, _, err := guarded.Archived(t.Context(), "http://gone.example/story", near); !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("guarded: err = %v, want ErrPrivateAddress", err)
	}
}
