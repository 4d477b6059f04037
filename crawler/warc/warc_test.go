package warc

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestWriteRead(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, Options{MaxFileSize: 600})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 10, 0, 0, 500, time.UTC)
	var locs []Location
	var recs []*Record
	for i := range 6 {
		body := bytes.Repeat([]byte{byte('a' + i)}, 100*(i+1))
		r := New(TypeResponse, "http://x.test/"+string(rune('a'+i)), at, ContentTypeHTTPResponse,
			append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"), body...))
		r.Header.Add("WARC-Payload-Digest", Digest(body))
		l, err := w.Write(r)
		if err != nil {
			t.Fatal(err)
		}
		locs, recs = append(locs, l...), append(recs, r)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(New(TypeMetadata, "", at, "", nil)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: err = %v, want ErrClosed", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.warc.gz"))
	if len(files) < 2 {
		t.Errorf("%d files, want rotation", len(files))
	}
	for i, l := range locs {
		got, err := ReadAt(l.File, l.Offset)
		if err != nil {
			t.Fatalf("ReadAt(%v): %v", l, err)
		}
		if got.ID() != recs[i].ID() || !bytes.Equal(got.Block, recs[i].Block) || !got.Date().Equal(at) {
			t.Errorf("record %d read back differs: %v", i, got.Header)
		}
		hr, err := ParseResponse(got.Block)
		if err != nil || hr.Status != 200 || hr.Header.Get("Content-Type") != "text/plain" || Digest(hr.Body) != got.Header.Get("WARC-Payload-Digest") {
			t.Errorf("record %d: ParseResponse = %+v, %v", i, hr, err)
		}
	}
	// Sequential reading gives the same offsets, starting with a warcinfo record.
	f, _ := os.Open(files[0])
	defer f.Close()
	rd := NewReader(f)
	first, _, err := rd.Next()
	if err != nil || first.Type() != TypeWarcinfo || !strings.Contains(string(first.Block), "software: provcheck") {
		t.Errorf("first record %v, %v; want warcinfo", first, err)
	}
	_, loc, err := rd.Next()
	if err != nil || loc.Offset != locs[0].Offset || loc.Length != locs[0].Length {
		t.Errorf("second record at %+v, %v; want %+v", loc, err, locs[0])
	}
}

func TestReaderMalformed(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", io.EOF},
		{"not warc", "HTTP/1.1 200 OK\r\n\r\n", ErrMalformed},
		{"no length", "WARC/1.1\r\nWARC-Type: metadata\r\n\r\n", ErrMalformed},
		{"short block", "WARC/1.1\r\nContent-Length: 10\r\n\r\nabc", ErrMalformed},
		{"huge block", "WARC/1.1\r\nContent-Length: 999999999999\r\n\r\nabc", ErrTooLarge},
		{"endless header", "WARC/1.1\r\nX: " + strings.Repeat("a", 300<<10), ErrTooLarge},
	}
	for _, tc := range tests {
		_, _, err := NewReader(strings.NewReader(tc.in)).Next()
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
	// A plain (uncompressed) record without its end marker at the end of a file is read.
	rec, _, err := NewReader(strings.NewReader("WARC/1.0\r\nContent-Length: 3\r\n\r\nabc")).Next()
	if err != nil || string(rec.Block) != "abc" {
		t.Errorf("plain record: %v, %v", rec, err)
	}
}

func TestFields(t *testing.T) {
	var h Header
	h.Add("a", "1")
	h.Add("b", "two\r\nlines")
	h.Set("a", "3")
	got := ParseFields(Fields(h))
	if got.Get("a") != "3" || got.Get("B") != "two lines" || len(got) != 2 {
		t.Errorf("ParseFields(Fields(h)) = %v", got)
	}
}

// TestSmallRecordsStored: a record under storedBelow is written as a stored gzip member
// (its bytes appear as written), a larger one compressed; both read back the same.
func TestSmallRecordsStored(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	small := New(TypeRequest, "http://x.test/a", at, ContentTypeHTTPRequest, []byte("GET /a HTTP/1.1\r\nHost: x.test\r\n\r\n"))
	large := New(TypeResponse, "http://x.test/a", at, ContentTypeHTTPResponse,
		append([]byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"), bytes.Repeat([]byte("the council voted on the budget. "), 200)...))
	locs, err := w.Write(small, large)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(locs[0].File)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range []*Record{small, large} {
		member := raw[locs[i].Offset : locs[i].Offset+locs[i].Length]
		if stored := bytes.Contains(member, r.Block); stored != (i == 0) {
			t.Errorf("record %d (%d bytes): member holds its block verbatim = %v", i, len(r.Block), stored)
		}
		got, err := ReadAt(locs[i].File, locs[i].Offset)
		if err != nil || !bytes.Equal(got.Block, r.Block) {
			t.Errorf("record %d read back: %v, block equal %v", i, err, err == nil && bytes.Equal(got.Block, r.Block))
		}
	}
	if locs[1].Length*4 > int64(len(large.Block)) {
		t.Errorf("large record: member of %d bytes for a block of %d, want it compressed", locs[1].Length, len(large.Block))
	}
}

// TestNewIDOrdered: record ids are version 7 UUIDs in brackets, and ids made one after
// another sort in the order they were made.
func TestNewIDOrdered(t *testing.T) {
	prev := ""
	for i := range 2000 {
		id := NewID()
		if len(id) != len("<urn:uuid:01234567-89ab-7def-8123-456789abcdef>") || !strings.HasPrefix(id, "<urn:uuid:") || id[24] != '7' {
			t.Fatalf("NewID() = %q, want <urn:uuid:...> of a version 7 UUID", id)
		}
		if id <= prev {
			t.Fatalf("id %d %q sorts before the one made before it, %q", i, id, prev)
		}
		prev = id
	}
}

// TestBufferedWriter: with Options.Buffer, records reach the file at Flush (or when the
// buffer is full, or at Close), whole; a write that fails loses what was buffered, cuts
// the file back and makes every later Write and Flush fail.
func TestBufferedWriter(t *testing.T) {
	dir := t.TempDir()
	w, err := NewWriter(dir, Options{Buffer: 4096})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
	rec := func(n int) *Record {
		return New(TypeMetadata, "http://x.test/"+strconv.Itoa(n), at, "text/plain", []byte(strings.Repeat("x", n)))
	}
	size := func(name string) int64 {
		fi, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	l1, err := w.Write(rec(10))
	if err != nil {
		t.Fatal(err)
	}
	file := l1[0].File
	if got := size(file); got != 0 {
		t.Errorf("before Flush the file holds %d bytes, want none (its warcinfo record is buffered too)", got)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := size(file), l1[0].Offset+l1[0].Length; got != want {
		t.Errorf("after Flush the file holds %d bytes, want %d", got, want)
	}
	if r, err := ReadAt(file, l1[0].Offset); err != nil || r.TargetURI() != "http://x.test/10" {
		t.Errorf("ReadAt after Flush: %v, %v", r, err)
	}
	// A record larger than the buffer is written at once, after what was buffered.
	noise := make([]byte, 8000)
	_, _ = rand.NewChaCha8([32]byte{}).Read(noise) // incompressible
	big := New(TypeMetadata, "http://x.test/big", at, "application/octet-stream", noise)
	l2, err := w.Write(rec(20), big)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := size(file), l2[1].Offset+l2[1].Length; got != want {
		t.Errorf("after a large record the file holds %d bytes, want %d", got, want)
	}
	for i, l := range l2 {
		if _, err := ReadAt(l.File, l.Offset); err != nil {
			t.Errorf("record %d: %v", i, err)
		}
	}
	// A failed write: the buffered record is lost, the file cut back to the flushed ones.
	l3, err := w.Write(rec(30))
	if err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	_ = w.f.Close() // writes to the file now fail
	w.mu.Unlock()
	if err := w.Flush(); err == nil {
		t.Fatal("Flush on a failing file: no error")
	}
	if _, err := w.Write(rec(40)); err == nil {
		t.Error("Write after a lost buffer: no error")
	}
	if err := w.Flush(); err == nil {
		t.Error("second Flush after a lost buffer: no error")
	}
	if got := size(file); got != l3[0].Offset {
		t.Errorf("after the failed write the file holds %d bytes, want %d (the flushed records)", got, l3[0].Offset)
	}
	_ = w.Close()
	// Close writes what is buffered.
	w2, err := NewWriter(t.TempDir(), Options{Buffer: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	l4, err := w2.Write(rec(50))
	if err != nil {
		t.Fatal(err)
	}
	if err := w2.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadAt(l4[0].File, l4[0].Offset); err != nil {
		t.Errorf("record buffered at Close: %v", err)
	}
}
