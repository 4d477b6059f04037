package warc

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReader feeds arbitrary bytes to the reader, which must never panic, must place
// every record inside the input, and must read each record again, the same, from its
// Location alone.
func FuzzReader(f *testing.F) {
	one := "WARC/1.1\r\nWARC-Type: metadata\r\nWARC-Target-URI: <http://x.test/>\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
	two := "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 19\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\r\n\r\n"
	f.Add([]byte(one))
	f.Add([]byte(one + two))
	f.Add([]byte(one + "junk\r\n" + two))
	f.Add([]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\n"))
	gz := func(s string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write([]byte(s))
		_ = zw.Close()
		return b.Bytes()
	}
	f.Add(gz(one))
	f.Add(append(gz(one), gz(two)...))
	f.Add(gz(one + two + one)) // records sharing one member
	f.Add(append(gz(""), gz(one)...))
	for _, pat := range []string{
		filepath.Join("..", "..", "..", "shared", "data", "warc-samples", "*", "*.warc*"),
		filepath.Join("..", "..", "checker", "inputs", "testdata", "warcio", "*.warc*"),
	} {
		files, _ := filepath.Glob(pat)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil && len(b) < 16<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rd := NewReader(bytes.NewReader(b))
		for range 1000 {
			rec, loc, err := rd.Next()
			if err != nil {
				break
			}
			if loc.Offset < 0 || loc.Length <= 0 || loc.Offset+loc.Length > int64(len(b)) || loc.Index < 0 {
				t.Fatalf("record at %d+%d#%d outside %d bytes", loc.Offset, loc.Length, loc.Index, len(b))
			}
			again, err := ReadIndex(bytes.NewReader(b[loc.Offset:]), loc.Index)
			if err != nil {
				t.Fatalf("record at %d#%d read once, not again: %v", loc.Offset, loc.Index, err)
			}
			if again.ID() != rec.ID() || !bytes.Equal(again.Block, rec.Block) {
				t.Fatalf("record at %d#%d read again differs", loc.Offset, loc.Index)
			}
			_ = rec.TargetURI()
			_, _ = ParseResponse(rec.Block)
		}
		for _, sk := range rd.Skipped() {
			if sk.Offset < 0 || sk.Length <= 0 || sk.Offset+sk.Length > int64(len(b)) {
				t.Fatalf("skipped %d+%d outside %d bytes", sk.Offset, sk.Length, len(b))
			}
		}
	})
}
