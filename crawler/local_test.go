package crawler

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/provcheck/provcheck/crawler/page"
)

func TestLocal(t *testing.T) {
	html := []byte("<!DOCTYPE html><html><body><p>Lavrov said</p></body></html>")
	text := []byte("just some plain text")
	abs, err := filepath.Abs("article.html")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, base string
		body             []byte
		maxBytes         int64
		wantBody         []byte
		wantType         string
		wantURL          string
		wantTruncated    bool
		wantErr          bool
	}{
		{name: "plain html by name", file: "article.html", body: text, wantBody: text,
			wantType: "text/html", wantURL: "file://" + abs},
		{name: "plain sniffed", file: "notes.txt", body: html, wantBody: html,
			wantType: "text/html; charset=utf-8", wantURL: "file://" + filepath.Join(filepath.Dir(abs), "notes.txt")},
		{name: "gzip whatever the name", file: "-", body: gzipBytes(t, html), wantBody: html,
			wantType: "text/html; charset=utf-8", wantURL: ""},
		{name: "gzip with .html.gz name and base", file: "a.HTML.gz", base: "https://news.example/a",
			body: gzipBytes(t, text), wantBody: text, wantType: "text/html", wantURL: "https://news.example/a"},
		{name: "plain over the cap", file: "-", body: text, maxBytes: 4, wantBody: text[:4],
			wantType: "text/plain; charset=utf-8", wantTruncated: true},
		{name: "gzip over the cap", file: "-", body: gzipBytes(t, bytes.Repeat([]byte("a"), 1<<20)), maxBytes: 10,
			wantBody: []byte("aaaaaaaaaa"), wantType: "text/plain; charset=utf-8", wantTruncated: true},
		{name: "corrupt gzip", file: "x.gz", body: []byte{0x1f, 0x8b, 0, 1, 2}, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := New(Config{MaxBodyBytes: tc.maxBytes})
			p, err := c.Local(tc.file, tc.body, tc.base)
			if p == nil || !p.Local {
				t.Fatalf("Local returned page %+v, want a Local page", p)
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("Local(%s) err = %v, want error %v", tc.file, err, tc.wantErr)
			}
			if tc.wantErr {
				if p.OK() || p.ErrClass == page.ErrClassNone {
					t.Errorf("Local(%s) failed but page OK() = %v, class %q", tc.file, p.OK(), p.ErrClass)
				}
				return
			}
			if !p.OK() || p.Status != 200 {
				t.Errorf("OK() = %v, Status = %d; want true, 200", p.OK(), p.Status)
			}
			if !bytes.Equal(p.Body, tc.wantBody) {
				t.Errorf("Body = %.40q, want %.40q", p.Body, tc.wantBody)
			}
			if p.ContentType != tc.wantType {
				t.Errorf("ContentType = %q, want %q", p.ContentType, tc.wantType)
			}
			if p.RequestURL != tc.wantURL || p.FinalURL != tc.wantURL {
				t.Errorf("RequestURL, FinalURL = %q, %q; want %q", p.RequestURL, p.FinalURL, tc.wantURL)
			}
			if p.Truncated != tc.wantTruncated {
				t.Errorf("Truncated = %v, want %v", p.Truncated, tc.wantTruncated)
			}
		})
	}
}

func TestLocalFileURLEscapes(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "my article #1.html")
	if err := os.WriteFile(name, []byte("<p>x</p>"), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := New(Config{}).Local(name, []byte("<p>x</p>"), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.RequestURL, "file:///") || !strings.HasSuffix(p.RequestURL, "/my%20article%20%231.html") {
		t.Errorf("RequestURL = %q, want an escaped file:/// URL", p.RequestURL)
	}
}
