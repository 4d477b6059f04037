package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestE2EReplay checks articles live while capturing evidence, then again from the
// evidence alone with the server gone: the findings must be byte-identical.
func TestE2EReplay(t *testing.T) {
	requireBinary(t)
	s := newSite(t)
	dir := filepath.Join(t.TempDir(), "warc")
	targets := []string{"verified", "chain", "404", "loop", "robots"}
	live := map[string][]byte{}
	for _, name := range targets {
		r := runBinary(t, nil, jsonCheck(s.URL+"/a/"+name, "--warc-dir", dir)...)
		if r.code != exitOK {
			t.Fatalf("live check of %s: %s", name, r)
		}
		live[name] = findingsOf(t, r.stdout)
	}
	s.Close() // from here on nothing can be fetched
	for _, name := range targets {
		t.Run(name, func(t *testing.T) {
			r := runBinary(t, nil, jsonCheck(s.URL+"/a/"+name, "--replay", dir)...)
			if r.code != exitOK {
				t.Fatalf("replayed check: %s", r)
			}
			if got := findingsOf(t, r.stdout); !bytes.Equal(got, live[name]) {
				t.Errorf("replayed findings differ from the live ones:\nlive:   %s\nreplay: %s", live[name], got)
			}
		})
	}
	r := runBinary(t, nil, jsonCheck(s.URL+"/a/never-captured", "--replay", dir)...)
	if r.code != exitUsage {
		t.Errorf("replay of a page never captured: %s", r)
	}
}

// findingsOf returns the findings of a JSON report, re-encoded.
func findingsOf(t *testing.T, report []byte) []byte {
	t.Helper()
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(report, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, report)
	}
	return rep.Findings
}
