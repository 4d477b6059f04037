package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"testing"
	"time"
)

// serve refuses an address reachable from other machines without a token, before it
// opens anything.
func TestServeRefuses(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:0"}, "--token"},
		{[]string{"--addr", ":0"}, "--token"},
		{[]string{"--max-checks", "0"}, "--max-checks"},
		{[]string{"extra"}, "no arguments"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		args := append([]string{"provcheck", "serve", "--db", t.TempDir() + "/x.db"}, tt.args...)
		if code := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (stderr %q)", tt.args, code, exitUsage, stderr.String())
		}
		if !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%q: stderr %q, want it to name %s", tt.args, stderr.String(), tt.want)
		}
	}
}

// syncBuffer is a buffer the command writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// `serve --demo --token T` checks the demo article at start, prints the address of its
// report, answers 401 without the token and shows the Lavrov report with it.
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"provcheck", "serve", "--demo", "--addr", "127.0.0.1:0", "--token", "tok3n"},
			strings.NewReader(""), &stdout, &stderr)
	}()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exit %d, stderr %q", code, stderr.String())
		}
	}()
	var open string
	for deadline := time.Now().Add(60 * time.Second); open == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, line := range strings.Split(stdout.String(), "\n") {
			if u, ok := strings.CutPrefix(line, "open "); ok {
				open = u
			}
		}
	}
	if open == "" {
		t.Fatalf("no address printed; stdout %q stderr %q", stdout.String(), stderr.String())
	}
	bare, _, _ := strings.Cut(open, "&token=")
	res, err := http.Get(bare)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("without the token: %d, want 401", res.StatusCode)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	res, err = client.Get(open)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "<del>just</del>") || !strings.Contains(string(body), "Lavrov") {
		t.Errorf("with the token: %d at %s, %.300s", res.StatusCode, res.Request.URL, body)
	}
	if p := res.Request.URL.Path; p != "/runs/1/articles/1" {
		t.Errorf("the report is at %s, want /runs/1/articles/1", p)
	}
}
