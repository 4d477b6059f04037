package warc

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// oneMemberFile writes n metadata records in one gzip member after one record alone in
// its own member, as some other writers lay out a whole file, and returns the path and
// every record's location as the sequential reader gives it.
func oneMemberFile(tb testing.TB, n int) (string, []Location) {
	tb.Helper()
	rec := func(i int) string {
		body := fmt.Sprintf("record %d %s", i, bytes.Repeat([]byte("x"), 200))
		return fmt.Sprintf("WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:uuid:%d>\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", i, len(body), body)
	}
	var file bytes.Buffer
	for _, members := range [][]int{{-1}, nil} {
		zw := gzip.NewWriter(&file)
		if members == nil {
			for i := range n {
				_, _ = zw.Write([]byte(rec(i)))
			}
		} else {
			_, _ = zw.Write([]byte(rec(-1)))
		}
		if err := zw.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	path := filepath.Join(tb.TempDir(), "one-member.warc.gz")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		tb.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rd := NewReader(f)
	var locs []Location
	for {
		_, loc, err := rd.Next()
		if err != nil {
			break
		}
		locs = append(locs, loc)
	}
	if len(locs) != n+1 {
		tb.Fatalf("read %d records back, want %d", len(locs), n+1)
	}
	return path, locs
}

// TestCursor reads every record of a shared member in order, out of order, from several
// goroutines and past the member's end: each is the record ReadLocation reads.
func TestCursor(t *testing.T) {
	path, locs := oneMemberFile(t, 40)
	c := NewCursor(path)
	defer c.Close()
	check := func(l Location) {
		t.Helper()
		got, err := c.Read(l.Offset, l.Index)
		if err != nil {
			t.Errorf("Read(%d, %d): %v", l.Offset, l.Index, err)
			return
		}
		want, err := ReadLocation(Location{File: path, Offset: l.Offset, Index: l.Index})
		if err != nil {
			t.Fatal(err)
		}
		if got.ID() != want.ID() || !bytes.Equal(got.Block, want.Block) {
			t.Errorf("Read(%d, %d) = %s, want %s", l.Offset, l.Index, got.ID(), want.ID())
		}
	}
	for _, l := range locs { // in order
		check(l)
	}
	for i := len(locs) - 1; i >= 0; i -= 7 { // backwards, beyond what it keeps
		check(locs[i])
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(locs); i += 4 {
				check(locs[i])
			}
		})
	}
	wg.Wait()
	if _, err := c.Read(locs[1].Offset, len(locs)+5); err == nil {
		t.Error("Read past the member's last record: no error")
	}
	check(locs[3]) // and it recovers
	if _, err := NewCursor(filepath.Join(t.TempDir(), "missing.warc.gz")).Read(0, 1); err == nil {
		t.Error("Read of a missing file: no error")
	}
}

// BenchmarkCursor reads every record of a 500-record member in order, with the cursor
// and with ReadLocation one record at a time (which decompresses the member from its
// start for each).
func BenchmarkCursor(b *testing.B) {
	path, locs := oneMemberFile(b, 500)
	b.Run("cursor", func(b *testing.B) {
		for b.Loop() {
			c := NewCursor(path)
			for _, l := range locs {
				if _, err := c.Read(l.Offset, l.Index); err != nil {
					b.Fatal(err)
				}
			}
			_ = c.Close()
		}
	})
	b.Run("ReadLocation", func(b *testing.B) {
		for b.Loop() {
			for _, l := range locs {
				if _, err := ReadLocation(Location{File: path, Offset: l.Offset, Index: l.Index}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
